import { categoryIds, categoryLabels } from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { categories, categoryIdsOf, categoryKind, isCategoryId } from './taxonomy';

describe('category taxonomy', () => {
  it('has the ids fixed by the shared design, by kind, each once', () => {
    expect(categoryIdsOf('income')).toEqual([
      'salary',
      'pension',
      'benefits',
      'interest-income',
      'refunds',
      'other-income',
    ]);
    expect(categoryIdsOf('transfer')).toEqual(['transfer-in', 'transfer-out', 'savings-transfer']);
    expect(categoryIdsOf('cash')).toEqual(['cash-withdrawal', 'cash-deposit']);
    expect(categoryIdsOf('spending')).toEqual([
      'housing',
      'household-bills',
      'insurance',
      'groceries',
      'eating-out',
      'transport',
      'shopping',
      'subscriptions',
      'entertainment',
      'health',
      'education',
      'travel',
      'bank-fees',
      'interest-charges',
      'loan-repayment',
      'taxes',
      'charity',
      'other-spending',
    ]);
    expect(new Set(categories.map((category) => category.id)).size).toBe(categories.length);
  });

  it('ids are lower-case kebab (what the database check accepts) and documented', () => {
    for (const category of categories) {
      expect(category.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(category.label.length).toBeGreaterThan(0);
      expect(category.description.length).toBeGreaterThan(10);
    }
  });

  it('describes exactly the ids of the SDK’s catalogue, in its order, with its English labels', () => {
    expect(categories.map((category) => category.id)).toEqual([...categoryIds]);
    for (const category of categories) expect(category.label).toBe(categoryLabels.en[category.id]);
  });

  it('tells known ids from anything else', () => {
    expect(isCategoryId('groceries')).toBe(true);
    expect(isCategoryId('Groceries')).toBe(false);
    expect(isCategoryId(42)).toBe(false);
    expect(categoryKind('pension')).toBe('income');
    expect(() => categoryKind('nope' as never)).toThrow(RangeError);
  });
});
