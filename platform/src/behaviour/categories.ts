import type { CategoryId } from './history';

/**
 * The spending categories of the taxonomy (Seam 1 of issue 6; `enrichment/taxonomy.ts` owns them): the
 * members of the `spend.category.<id>` feature family.
 */
export const spendingCategoryIds: readonly CategoryId[] = [
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
];
