import { describe, expect, it } from 'vitest';
import {
  catalogues,
  chooseLanguage,
  formatLocaleOf,
  languageOf,
  languages,
  type Messages,
  translator,
} from './i18n.ts';
import { en } from './messages/en.ts';

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const forms = (message: Messages[keyof Messages]) =>
  typeof message === 'string' ? [message] : Object.values(message).filter((form) => form !== undefined);

describe('the catalogues', () => {
  const reference = Object.keys(en).sort();

  it.each(languages)('%s has every key of the English catalogue and no other', (language) => {
    expect(Object.keys(catalogues[language]).sort()).toEqual(reference);
  });

  it.each(languages)(
    '%s uses the same placeholders as English in every message and plural form',
    (language) => {
      const catalogue: Messages = catalogues[language];
      // A plural form may leave the count out ("a second"); every other placeholder must be there.
      const names = (message: Messages[keyof Messages], form: string) =>
        placeholders(form).filter((name) => typeof message === 'string' || name !== 'count');
      const differences = reference.flatMap((key) => {
        const english = en[key as keyof Messages];
        const expected = [...new Set(forms(english).flatMap((form) => names(english, form)))].sort().join();
        const message = catalogue[key as keyof Messages];
        return forms(message)
          .filter((form) => [...new Set(names(message, form))].sort().join() !== expected)
          .map((form) => `${key}: "${form}" should use {${expected}}`);
      });
      expect(differences).toEqual([]);
    },
  );

  it.each(languages)('%s gives every plural message the forms its plural rules need', (language) => {
    const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    const catalogue: Messages = catalogues[language];
    const missing = Object.entries(catalogue).flatMap(([key, message]) =>
      typeof message === 'string'
        ? []
        : needed.filter((form) => !(form in message)).map((form) => `${key}: ${form}`),
    );
    expect(missing).toEqual([]);
  });

  it.each(languages)('%s leaves no message empty', (language) => {
    const catalogue: Messages = catalogues[language];
    const empty = Object.entries(catalogue).filter(([, message]) =>
      forms(message).some((form) => !form.trim()),
    );
    expect(empty).toEqual([]);
  });
});

describe('the app language', () => {
  it('is the customer’s own choice first', () => {
    expect(chooseLanguage('en', ['sl-SI', 'sl'])).toBe('en');
    expect(chooseLanguage('sl', ['en-US'])).toBe('sl');
  });

  it('else the first of the browser’s preferred languages the app speaks', () => {
    expect(chooseLanguage(null, ['sl-SI', 'en-US'])).toBe('sl');
    expect(chooseLanguage(null, ['de-AT', 'sl', 'en'])).toBe('sl');
    expect(chooseLanguage(null, ['en-GB', 'sl-SI'])).toBe('en');
  });

  it('ignores a remembered choice the app no longer speaks', () => {
    expect(chooseLanguage('xx', ['sl-SI'])).toBe('sl');
  });

  it('else English', () => {
    expect(chooseLanguage(null, ['de-DE', 'fr'])).toBe('en');
    expect(chooseLanguage(undefined, [])).toBe('en');
  });

  it('matches a browser tag to a language by its base', () => {
    expect(languageOf('sl-SI')).toBe('sl');
    expect(languageOf('SL_si')).toBe('sl');
    expect(languageOf('en-US')).toBe('en');
    expect(languageOf('slx')).toBeNull();
  });

  it('formats figures in the browser’s tag for the language, else the language', () => {
    expect(formatLocaleOf('sl', ['en-US', 'sl-SI'])).toBe('sl-SI');
    expect(formatLocaleOf('en', ['sl-SI', 'en-GB'])).toBe('en-GB');
    expect(formatLocaleOf('sl', ['en-US'])).toBe('sl');
  });
});

describe('translating', () => {
  const t = translator('sl');

  it('puts the values in the placeholders', () => {
    expect(t('app.signedOut', { reason: 'seja je potekla' })).toBe('Odjavljeni ste bili: seja je potekla');
    expect(translator('en')('app.welcome', { bank: 'Demo Bank' })).toBe('Welcome to Demo Bank');
  });

  it('picks Slovenian plural forms by the count: one, two, few, other', () => {
    expect(t('app.rateLimited.wait', { count: 1 })).toBe('Preveč zahtev – poskusite znova čez 1 sekundo.');
    expect(t('app.rateLimited.wait', { count: 2 })).toBe('Preveč zahtev – poskusite znova čez 2 sekundi.');
    expect(t('app.rateLimited.wait', { count: 3 })).toBe('Preveč zahtev – poskusite znova čez 3 sekunde.');
    expect(t('app.rateLimited.wait', { count: 5 })).toBe('Preveč zahtev – poskusite znova čez 5 sekund.');
    expect(t('app.rateLimited.wait', { count: 101 })).toBe(
      'Preveč zahtev – poskusite znova čez 101 sekundo.',
    );
  });

  it('picks English plural forms: one and other', () => {
    const english = translator('en');
    expect(english('app.rateLimited.wait', { count: 1 })).toBe('Too many requests — try again in 1 second.');
    expect(english('app.rateLimited.wait', { count: 2 })).toBe('Too many requests — try again in 2 seconds.');
  });
});
