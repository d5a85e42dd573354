import { describe, expect, it } from 'vitest';
import { Categoriser } from './categorise';
import type { CategoryClassifier } from './classifier';
import { type CategorisableTransaction, type CategoryRule, ruleProblems } from './rules';

const rent: CategorisableTransaction = {
  description: 'Monthly RENT - Flat 2',
  counterparty: 'Oak Properties Ltd GB29NWBK60161331926819',
  amountMinor: 95_000,
  currency: 'GBP',
  direction: 'debit',
};

function bankRule(overrides: Partial<CategoryRule>): CategoryRule {
  return { id: 'r1', priority: 10, category: 'housing', confidence: 0.95, conditions: {}, ...overrides };
}

describe('rules', () => {
  const categoriser = (rules: CategoryRule[]) => Categoriser.for({ bankRules: rules, classifier: null });

  it('matches phrases at word boundaries, case and accents aside', () => {
    expect(categoriser([]).categorise(rent)).toEqual({
      category: 'housing',
      source: 'rule',
      confidence: 0.85,
    });
    expect(categoriser([]).categorise({ ...rent, description: 'Parental leave top-up' })).toBeNull();
    expect(
      categoriser([]).categorise({ ...rent, direction: 'credit', description: 'Výplata MZDA listopad' }),
    ).toMatchObject({ category: 'salary' });
  });

  it("tries the bank's rules first, by priority, then the MCC, then the platform's", () => {
    const lower = bankRule({
      id: 'b',
      priority: 5,
      category: 'household-bills',
      conditions: { counterpartyContains: ['oak properties'] },
    });
    const higher = bankRule({
      id: 'a',
      priority: 50,
      category: 'other-spending',
      conditions: { direction: 'debit' },
    });
    expect(categoriser([higher, lower]).categorise(rent)).toMatchObject({
      category: 'household-bills',
      source: 'rule',
    });
    const grocery = { ...rent, description: 'card payment', counterparty: null, mcc: '5411' };
    expect(categoriser([]).categorise(grocery)).toMatchObject({ category: 'groceries', source: 'mcc' });
    expect(categoriser([higher]).categorise(grocery)).toMatchObject({
      category: 'other-spending',
      source: 'rule',
    });
  });

  it('checks amount range, currency, MCC ranges, direction and source codes together', () => {
    const rule = bankRule({
      category: 'bank-fees',
      conditions: {
        minAmountMinor: 1000,
        maxAmountMinor: 2000,
        currency: 'CZK',
        direction: 'debit',
        sourceCodes: ['SLUZBY'],
        mcc: ['6010-6012'],
      },
    });
    const fee: CategorisableTransaction = {
      amountMinor: 1460,
      currency: 'CZK',
      direction: 'debit',
      sourceCode: 'sluzby ',
      mcc: '6012',
    };
    const only = categoriser([rule]);
    expect(only.byRules(fee)).toMatchObject({ category: 'bank-fees' });
    expect(only.byRules({ ...fee, amountMinor: 2001 })).toBeNull();
    expect(only.byRules({ ...fee, currency: 'EUR' })).toBeNull();
    expect(only.byRules({ ...fee, mcc: '6013' })).toBeNull();
    expect(only.byRules({ ...fee, sourceCode: 'UROK' })).toBeNull();
  });

  it('reports every problem of a rule at once, by field', () => {
    expect(
      ruleProblems({
        category: 'snacks',
        priority: -1,
        conditions: { mcc: ['54'], minAmountMinor: 500, maxAmountMinor: 100, descriptionContains: ['  '] },
      }).map((problem) => problem.field),
    ).toEqual([
      'category',
      'priority',
      'conditions.descriptionContains',
      'conditions.mcc',
      'conditions.maxAmountMinor',
      'conditions.currency',
    ]);
    expect(ruleProblems({ category: 'housing', priority: 1, conditions: {} })).toEqual([
      expect.objectContaining({ field: 'conditions' }),
    ]);
    expect(
      ruleProblems({ category: 'housing', priority: 1, conditions: { descriptionContains: ['rent'] } }),
    ).toEqual([]);
  });

  it('lets a confident classifier overrule a weak rule, never a strong one, and says other-* when unsure', () => {
    const classifier = (confidence: number) =>
      ({ predict: () => ({ category: 'insurance', confidence }) }) as unknown as CategoryClassifier;
    const transfer: CategorisableTransaction = {
      ...rent,
      description: 'PREVOD NA UCET',
      counterparty: '123/AB',
    };
    const sure = Categoriser.for({ bankRules: [], classifier: classifier(0.9) });
    expect(sure.categorise(transfer)).toEqual({ category: 'insurance', source: 'model', confidence: 0.9 });
    expect(sure.categorise(rent)).toMatchObject({ category: 'housing', source: 'rule' });
    const unsure = Categoriser.for({ bankRules: [], classifier: classifier(0.4) });
    expect(unsure.categorise(transfer)).toMatchObject({
      category: 'transfer-out',
      source: 'rule',
      confidence: 0.5,
    });
    expect(unsure.categorise({ ...transfer, description: 'Zorblax' })).toEqual({
      category: 'other-spending',
      source: 'model',
      confidence: 0.4,
    });
  });
});
