import { describe, expect, it } from 'vitest';
import { type PromptFacts, promptText } from './prompt-text';

const large: PromptFacts = {
  question: 'expected',
  amountMinor: 124_000n,
  currency: 'EUR',
  bookingDate: '2026-11-25',
  merchant: 'IKEA',
  category: 'shopping',
};
const unnamed: PromptFacts = { ...large, amountMinor: 105_000n, merchant: null };
const firstAtCafe: PromptFacts = {
  ...large,
  question: 'category',
  amountMinor: 1_250n,
  merchant: 'Kavarna Lipa',
  category: 'eating-out',
};

describe('promptText', () => {
  it('writes English with English figures (no locale, English, or a language prompts are not written in)', () => {
    for (const locale of [null, 'en', 'en-US', 'de-DE', 'not a locale!']) {
      expect(promptText(large, locale)).toBe('Was this €1,240.00 at IKEA expected?');
      expect(promptText(unnamed, locale)).toBe('Was this €1,050.00 on November 25, 2026 expected?');
      expect(promptText(firstAtCafe, locale)).toBe(
        'Is "Eating out" the right category for €12.50 at Kavarna Lipa?',
      );
    }
    expect(promptText({ ...firstAtCafe, category: null }, 'en')).toBe(
      'Is "uncategorised" the right category for €12.50 at Kavarna Lipa?',
    );
  });

  it('follows an English locale for figures (en-GB: day before month)', () => {
    expect(promptText(unnamed, 'en-GB')).toBe('Was this €1,050.00 on 25 November 2026 expected?');
    expect(promptText({ ...large, currency: 'GBP' }, 'en-GB')).toBe('Was this £1,240.00 at IKEA expected?');
  });

  it('writes Slovenian for sl and sl-SI, with Slovenian figures and category names', () => {
    for (const locale of ['sl', 'sl-SI']) {
      // Intl's Slovenian groups thousands only from five digits; a no-break space keeps the € by the figure.
      expect(promptText(large, locale)).toBe('Ali ste pričakovali to plačilo (1240,00\u00a0€, IKEA)?');
      expect(promptText({ ...large, amountMinor: 1_240_000n }, locale)).toBe(
        'Ali ste pričakovali to plačilo (12.400,00\u00a0€, IKEA)?',
      );
      expect(promptText(unnamed, locale)).toBe(
        'Ali ste pričakovali to plačilo (1050,00\u00a0€, 25. november 2026)?',
      );
      expect(promptText(firstAtCafe, locale)).toBe(
        'Ali je »Hrana zunaj doma« prava kategorija za to plačilo (12,50\u00a0€, Kavarna Lipa)?',
      );
      expect(promptText({ ...firstAtCafe, category: null }, locale)).toBe(
        'Ali je prav, da to plačilo (12,50\u00a0€, Kavarna Lipa) nima kategorije?',
      );
    }
  });

  it('formats money exactly from its minor units, whatever the size', () => {
    expect(promptText({ ...large, amountMinor: 900_719_925_474_099_301n }, 'en')).toBe(
      'Was this €9,007,199,254,740,993.01 at IKEA expected?',
    );
  });
});
