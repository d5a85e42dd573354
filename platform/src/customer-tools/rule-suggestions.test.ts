import { describe, expect, it } from 'vitest';
import { conditionMatches, prepareTransaction } from '../enrichment';
import { createRequestContext, runInContext } from '../request-context';
import { descriptionPattern, type RecurringEvidence, suggestRules } from './rule-suggestions';

/** A monthly subscription of 12.99 EUR, six payments so far. */
const netflix: RecurringEvidence = {
  seriesKey: 's1',
  accountId: '6f1c1f44-6a3c-4a52-9a51-5c1f0d1d3a01',
  direction: 'debit',
  merchant: 'NETFLIX.COM',
  currency: 'EUR',
  typicalAmountMinor: 1299,
  cadence: 'monthly',
  occurrences: 6,
  active: true,
};

describe('rule suggestions', () => {
  it('suggests "always put X in Y" from two re-categorisations of one merchant to one category', () => {
    const suggestions = suggestRules({
      recategorisations: [
        { category: 'health', merchant: 'City Gym', description: 'card 1' },
        { category: 'health', merchant: 'City Gym', description: 'card 2' },
        { category: 'shopping', merchant: 'City Gym', description: 'card 3' },
        { category: 'travel', merchant: 'Air Lines', description: null },
      ],
      recurring: [],
    });
    expect(suggestions).toEqual([
      expect.objectContaining({
        kind: 'recategorisation',
        action: 'set-category',
        category: 'health',
        evidenceCount: 2,
        conditions: { merchantContains: ['city gym'] },
        evidenceKey: 'recategorised|merchant|city gym|health',
      }),
    ]);
  });

  it('names the category by its label, not its id', () => {
    const [suggestion] = suggestRules({
      recategorisations: [
        { category: 'eating-out', merchant: 'Bistro Lipa', description: 'card 1' },
        { category: 'eating-out', merchant: 'Bistro Lipa', description: 'card 2' },
      ],
      recurring: [],
    });
    expect(suggestion).toMatchObject({
      summary: 'Always put bistro lipa in Eating out',
      evidence: 'You moved 2 transactions from this merchant to Eating out.',
    });
  });

  it('groups transactions without a merchant by their description pattern, digits aside', () => {
    expect(descriptionPattern('RENT 2026-10 Flat 2 ref 99812')).toBe('rent');
    expect(descriptionPattern('Oak Properties monthly rent 10/2026')).toBe('oak properties monthly');
    expect(descriptionPattern('2026-10')).toBeNull();
    const [suggestion] = suggestRules({
      recategorisations: [
        { category: 'housing', merchant: null, description: 'RENT 2026-10 Flat 2 ref 99812' },
        { category: 'housing', merchant: null, description: 'Rent 2026-11 flat 2 REF 99813' },
      ],
      recurring: [],
    });
    expect(suggestion).toMatchObject({ category: 'housing', conditions: { descriptionContains: ['rent'] } });
    const next = prepareTransaction({
      description: 'RENT 2026-12 Flat 2 ref 99814',
      amountMinor: 90_000,
      currency: 'EUR',
      direction: 'debit',
    });
    expect(conditionMatches(suggestion!.conditions, next)).toBe(true);
  });

  it("suggests an alert on an active subscription's price change that holds only for another amount", () => {
    const [suggestion] = suggestRules({
      recategorisations: [],
      recurring: [
        netflix,
        {
          seriesKey: 's2',
          accountId: '6f1c1f44-6a3c-4a52-9a51-5c1f0d1d3a01',
          direction: 'credit',
          merchant: 'Employer',
          currency: 'EUR',
          typicalAmountMinor: 300_000,
          cadence: 'monthly',
          occurrences: 6,
          active: true,
        },
      ],
    });
    expect(suggestion).toMatchObject({ kind: 'subscription-price', action: 'alert', evidenceCount: 6 });
    const payment = (amountMinor: number) =>
      prepareTransaction({
        merchantName: 'NETFLIX.COM',
        amountMinor,
        currency: 'EUR',
        direction: 'debit',
        accountId: '6f1c1f44-6a3c-4a52-9a51-5c1f0d1d3a01',
      });
    expect(conditionMatches(suggestion!.conditions, payment(1299))).toBe(false);
    expect(conditionMatches(suggestion!.conditions, payment(1499))).toBe(true);
    expect(suggestion!.evidenceKey).toBe('subscription-price|s1|1299');
    // The customer reads the usual amount as money, not as minor units.
    expect(suggestion!.evidence).toBe('6 monthly payments to netflix com, usually 12.99 EUR.');
  });

  it('says what a suggestion does and why in the request’s language (Slovenian: category labels, plural forms)', () => {
    const inSlovenian = () =>
      runInContext(createRequestContext({ locale: 'sl' }), () =>
        suggestRules({
          recategorisations: [
            { category: 'health', merchant: 'City Gym', description: 'card 1' },
            { category: 'health', merchant: 'City Gym', description: 'card 2' },
          ],
          recurring: [{ ...netflix, occurrences: 5 }],
        }),
      );
    expect(inSlovenian().map(({ summary, evidence }) => ({ summary, evidence }))).toEqual([
      {
        summary: 'Opozori me, ko netflix com zaračuna drugačen znesek od običajnega',
        evidence: '5 plačil za netflix com vsak mesec, običajno 12,99 EUR.',
      },
      {
        summary: 'Vedno razvrsti city gym v kategorijo »Zdravje«',
        evidence: '2 plačili tega trgovca ste premaknili v kategorijo »Zdravje«.',
      },
    ]);
  });
});
