import {
  type CandidateInsight,
  candidateInsightProblems,
  categoryIds,
  categoryLabels,
  seededRandom,
} from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { createInsightGenerator, kinds } from './generator';
import { insightLocales, type InsightText, messagesFor } from './messages';
import { defaultSettings } from './settings';
import { inputOf, monthly, transaction } from './test-inputs';

const placeholders = (template: string) =>
  [...template.matchAll(/\{([A-Za-z]\w*)\}/g)].map((m) => m[1]).sort();

/** Every template of a catalogue, by path, with the functions called on sample values. */
function templates(locale: string): Record<string, string> {
  const messages = messagesFor({ locale });
  const texts: Record<string, InsightText | string> = {
    unusualSpending: messages.unusualSpending,
    priceRiseMerchant: messages.subscriptionPriceRise.merchant,
    priceRiseUnnamed: messages.subscriptionPriceRise.unnamed,
    lowBalanceBelowZero: messages.upcomingLowBalance.belowZeroTitle,
    lowBalanceLow: messages.upcomingLowBalance.lowTitle,
    lowBalanceBody: messages.upcomingLowBalance.body,
    idleCash: messages.idleCash(3),
    newRecurringMerchant: messages.newRecurringPayment.merchantTitle,
    newRecurring: messages.newRecurringPayment.title,
    newRecurringBody: messages.newRecurringPayment.body,
    salaryRise: messages.salaryChange.rise,
    salaryFall: messages.salaryChange.fall,
  };
  return Object.fromEntries(
    Object.entries(texts).flatMap(([name, text]) =>
      typeof text === 'string'
        ? [[name, text]]
        : [
            [`${name}.title`, text.title],
            [`${name}.body`, text.body],
          ],
    ),
  );
}

/** A customer for whom most kinds fire (built once: transaction ids are numbered as they are made). */
const rich = richCustomer();
const richInput = (locale?: string) => (locale ? { ...rich, locale } : rich);

function richCustomer() {
  const months = ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
  const items = [
    ...monthly(months, 3, 30000, { category: 'groceries' }),
    transaction('2026-11-05', 90000, { category: 'groceries' }),
    ...monthly([...months, '2026-11'], 10, [999, 999, 999, 999, 999, 999, 1299], {
      recurringId: 'r-1',
      category: 'subscriptions',
      merchant: 'StreamCo',
    }),
  ];
  const input = inputOf(items, {
    'balance.idle': 421337,
    'products-held.savings-account': 0,
    'forecast.min-balance-30d': -12000,
    'forecast.days-to-min-balance': 8,
    'income.regular': 1,
    'income.change': 0.12,
    'spend.monthly': 150000,
  });
  return input;
}

describe('the message catalogue', () => {
  it('has every English template in every language, with the same placeholders', () => {
    const english = templates('en');
    for (const locale of insightLocales) {
      const translated = templates(locale);
      expect(Object.keys(translated)).toEqual(Object.keys(english));
      for (const [name, template] of Object.entries(translated)) {
        expect(placeholders(template), `${locale} ${name}`).toEqual(placeholders(english[name]!));
        expect(template.trim(), `${locale} ${name}`).not.toBe('');
      }
    }
    // Slovenian is a translation, not a copy.
    const slovenian = templates('sl');
    for (const [name, template] of Object.entries(slovenian)) expect(template, name).not.toBe(english[name]);
  });

  it('picks the language of the locale, and English for an unknown or missing one', () => {
    expect(messagesFor({ locale: 'sl' }).salaryChange.rise.title).toBe(
      'Vaši prihodki so se zvišali za {change}',
    );
    expect(messagesFor({ locale: 'sl-SI' }).salaryChange.rise.title).toBe(
      'Vaši prihodki so se zvišali za {change}',
    );
    expect(messagesFor({ locale: 'de' }).salaryChange.rise.title).toBe('Your income went up by {change}');
    expect(messagesFor({}).salaryChange.rise.title).toBe('Your income went up by {change}');
  });

  it('says "months" in Slovenian with the plural form of the number', () => {
    const body = (months: number) => messagesFor({ locale: 'sl' }).idleCash(months).body;
    expect(body(1)).toContain('že {months} mesec miruje');
    expect(body(2)).toContain('že {months} meseca miruje');
    expect(body(3)).toContain('že {months} mesece miruje');
    expect(body(5)).toContain('že {months} mesecev miruje');
    expect(body(101)).toContain('že {months} mesec miruje');
  });

  it('names categories in Slovenian, falling back to the id words outside the taxonomy', () => {
    expect(messagesFor({ locale: 'sl' }).category('eating-out')).toBe('Hrana zunaj doma');
    expect(messagesFor({ locale: 'sl' }).category('made-up-thing')).toBe('made up thing');
    expect(messagesFor({ locale: 'en' }).category('eating-out')).toBe('eating out');
  });

  it('names every category by the SDK catalogue’s label (lower case inside the English sentence)', () => {
    for (const id of categoryIds) {
      expect(messagesFor({ locale: 'sl' }).category(id)).toBe(categoryLabels.sl[id]);
      expect(messagesFor({ locale: 'en' }).category(id)).toBe(categoryLabels.en[id].toLowerCase());
    }
    expect(messagesFor({ locale: 'en' }).category('loan-repayment')).toBe('loan repayments');
  });
});

describe('the generator in the input language', () => {
  const generator = createInsightGenerator(defaultSettings);
  const declared = kinds.map((entry) => entry.kind);
  /** What must not depend on the language: everything but the words. */
  const facts = (candidates: readonly CandidateInsight[]) =>
    candidates.map(({ title: _title, body: _body, parameters, ...rest }) => ({
      ...rest,
      parameters: Object.fromEntries(Object.entries(parameters).filter(([name]) => name !== 'category')),
    }));

  it('writes Slovenian for `sl`, with the same insights, keys and figures as in English', async () => {
    const english = await generator.generate(richInput());
    const slovenian = await generator.generate(richInput('sl'));
    expect(new Set(english.map((candidate) => candidate.kind)).size).toBeGreaterThanOrEqual(5);
    expect(facts(slovenian)).toEqual(facts(english));
    expect(candidateInsightProblems(slovenian, richInput('sl'), declared)).toEqual([]);
    const byKind = new Map(slovenian.map((candidate) => [candidate.kind, candidate]));
    expect(byKind.get('subscription-price-rise')!.title).toBe('Plačilo za {merchant} se je podražilo');
    expect(byKind.get('unusual-spending')!.parameters.category).toEqual({ type: 'text', value: 'Živila' });
    expect(byKind.get('idle-cash')!.body).toBe('Na vašem tekočem računu že {months} mesece miruje {amount}.');
    // Unknown language: English, word for word.
    expect(await generator.generate(richInput('fr'))).toEqual(english);
  });

  it('keeps the contract in Slovenian on generated customers', async () => {
    const next = seededRandom(7);
    for (let index = 0; index < 50; index++) {
      const input = {
        ...richInput('sl'),
        features: { ...richInput().features, 'income.change': next() - 0.5 },
      };
      expect(candidateInsightProblems(await generator.generate(input), input, declared)).toEqual([]);
    }
  });
});
