// The customer app's languages: typed message catalogues (one file per language, `messages/<language>.ts`),
// `{name}` placeholders and plural forms by `Intl.PluralRules` — no ICU parser, no dependency.
import { en, type MessageKey, type Messages, type PluralMessage } from './messages/en.ts';
import { sl } from './messages/sl.ts';

export type { MessageKey, Messages, PluralMessage };

/** Every language the app speaks, first the fallback. A new language is a catalogue file added here. */
export const catalogues = { en, sl } satisfies Record<string, Messages>;
export type Language = keyof typeof catalogues;
export const languages = Object.keys(catalogues) as Language[];
export const fallbackLanguage: Language = 'en';

/** Each language's own name, as the switcher lists it. */
export const languageNames: Record<Language, string> = { en: 'English', sl: 'Slovenščina' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.hasOwn(catalogues, value);
}

/** `sl-SI` → `sl`; null when the app does not speak it. */
export function languageOf(tag: string): Language | null {
  const base = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return isLanguage(base) ? base : null;
}

/**
 * The app's language: the customer's own choice (the switcher, remembered), else the first of the
 * browser's preferred languages the app speaks, else English.
 */
export function chooseLanguage(choice: string | null | undefined, preferred: readonly string[]): Language {
  if (isLanguage(choice)) return choice;
  for (const tag of preferred) {
    const language = languageOf(tag);
    if (language) return language;
  }
  return fallbackLanguage;
}

/**
 * The locale figures and dates are formatted in: the browser's own tag for the language when it prefers one
 * (`sl-SI`, `en-GB`), else the language itself (`sl`: Intl picks its usual region).
 */
export function formatLocaleOf(language: Language, preferred: readonly string[]): string {
  return preferred.find((tag) => languageOf(tag) === language) ?? language;
}

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** Puts `{name}` placeholders' values in; an unknown placeholder stays as written (a test catches it). */
function fill(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** The translator of a language: a plural message picks its form by `params.count` (`{count}` is filled too). */
export function translator(language: Language): Translate {
  const messages: Messages = catalogues[language];
  const plurals = new Intl.PluralRules(language);
  return (key, params) => {
    const message = messages[key];
    if (typeof message === 'string') return fill(message, params);
    const count = Number(params?.count ?? 0);
    const form = plurals.select(count) as keyof PluralMessage;
    return fill(message[form] ?? message.other, params);
  };
}

/** English, for code that runs without the app around it (and its unit tests). */
export const english: Translate = translator('en');

let formatLocale: string | undefined;

/** The locale figures and dates are formatted in (set by the app's language; undefined: the browser's). */
export function currentFormatLocale(): string | undefined {
  return formatLocale;
}

export function setFormatLocale(locale: string | undefined): void {
  formatLocale = locale;
}
