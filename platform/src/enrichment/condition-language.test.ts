import { describe, expect, it } from 'vitest';
import {
  type CategorisableTransaction,
  conditionMatches,
  conditionProblems,
  maxConditionDepth,
  prepareTransaction,
  type RuleCondition,
} from './rules';

const netflix: CategorisableTransaction = {
  description: 'NETFLIX.COM monthly',
  merchantName: 'Netflix',
  amountMinor: 1299,
  currency: 'EUR',
  direction: 'debit',
  accountId: '6f1c1f44-6a3c-4a52-9a51-5c1f0d1d3a01',
  category: 'subscriptions',
};

const matches = (condition: RuleCondition, transaction = netflix) =>
  conditionMatches(condition, prepareTransaction(transaction));

describe('the one condition language: all / any', () => {
  // "Netflix charging anything but 12.99": a merchant AND (below OR above the usual amount).
  const priceChanged: RuleCondition = {
    all: [
      { merchantContains: ['netflix'], direction: 'debit' },
      {
        any: [
          { maxAmountMinor: 1298, currency: 'EUR' },
          { minAmountMinor: 1300, currency: 'EUR' },
        ],
      },
    ],
  };

  it('holds only when every `all` child holds and some `any` child holds', () => {
    expect(matches(priceChanged)).toBe(false);
    expect(matches(priceChanged, { ...netflix, amountMinor: 1499 })).toBe(true);
    expect(matches(priceChanged, { ...netflix, amountMinor: 999 })).toBe(true);
    expect(matches(priceChanged, { ...netflix, amountMinor: 1499, merchantName: 'Spotify' })).toBe(false);
    expect(matches(priceChanged, { ...netflix, amountMinor: 1499, currency: 'GBP' })).toBe(false);
  });

  it("ANDs a node's own fields with its children", () => {
    const condition: RuleCondition = {
      direction: 'credit',
      any: [{ merchantContains: ['netflix'] }, { descriptionContains: ['refund'] }],
    };
    expect(matches(condition)).toBe(false);
    expect(matches(condition, { ...netflix, direction: 'credit' })).toBe(true);
  });

  it("matches a customer's account and the category the platform gave", () => {
    expect(matches({ accountIds: [netflix.accountId!], categories: ['subscriptions'] })).toBe(true);
    expect(matches({ accountIds: ['0a4f9c55-2a83-4e0b-9a77-1b7c4c1ad001'] })).toBe(false);
    expect(matches({ categories: ['entertainment', 'shopping'] })).toBe(false);
    expect(matches({ categories: ['subscriptions'] }, { ...netflix, category: null })).toBe(false);
  });
});

describe('condition validation', () => {
  const fields = (condition: RuleCondition, scope: 'bank' | 'customer' = 'customer') =>
    conditionProblems(condition, { path: 'input.conditions', scope }).map((problem) => problem.field);

  it('names each problem by its path into the tree', () => {
    expect(
      fields({
        all: [
          { merchantContains: ['netflix'] },
          { any: [{ minAmountMinor: 100 }, { direction: 'sideways' as 'debit' }, {}] },
        ],
      }),
    ).toEqual([
      'input.conditions.all[1].any[0].currency',
      'input.conditions.all[1].any[1].direction',
      'input.conditions.all[1].any[2]',
    ]);
  });

  it(`refuses nesting deeper than ${maxConditionDepth} levels, at the list that goes too deep`, () => {
    const tooDeep: RuleCondition = {
      all: [{ any: [{ all: [{ merchantContains: ['netflix'] }] }] }],
    };
    expect(fields(tooDeep)).toEqual(['input.conditions.all[0].any[0].all']);
    expect(fields({ all: [{ any: [{ merchantContains: ['netflix'] }] }] })).toEqual([]);
  });

  it('refuses empty and oversized lists of children', () => {
    expect(fields({ any: [] })).toEqual(['input.conditions.any']);
    expect(fields({ all: Array.from({ length: 21 }, () => ({ direction: 'debit' as const })) })).toContain(
      'input.conditions.all',
    );
  });

  it("keeps account and category conditions to customers' rules and checks their values", () => {
    expect(fields({ accountIds: [netflix.accountId!], categories: ['groceries'] }, 'bank')).toEqual([
      'input.conditions.accountIds',
      'input.conditions.categories',
    ]);
    expect(fields({ accountIds: ['not-an-id'], categories: ['snacks'] })).toEqual([
      'input.conditions.accountIds',
      'input.conditions.categories',
    ]);
  });
});
