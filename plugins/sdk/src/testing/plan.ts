/**
 * What the harness hands the intelligence extension points, built from the fixtures the way the platform
 * builds it from real data: pseudonymous customers (`p-1`, …, never the fixture ids), the requested
 * features (families expanded to the members the fixtures have), transactions without names or free text.
 */
import { featureRequestProblems, type FeatureVector } from '../recommendation-model';
import type { InsightTransaction } from '../insight-generator';
import type { FixtureCustomer } from './fixtures';
import type { ProblemSink } from './data-connector';

/** The feature names a request stands for, over these customers: exact names, and families' members. */
export function expandFeatures(
  requested: readonly string[],
  customers: readonly FixtureCustomer[],
  step: string,
  problem: ProblemSink,
): string[] {
  for (const found of featureRequestProblems(requested)) problem(step, `${found.path} ${found.message}`);
  const known = [...new Set(customers.flatMap((customer) => Object.keys(customer.features)))].sort();
  const names = requested.flatMap((name) =>
    name.endsWith('.*') ? known.filter((member) => member.startsWith(name.slice(0, -1))) : [name],
  );
  return [...new Set(names)];
}

/** The customer's values of `names` (null where the fixtures have none: unknown, as on the platform). */
export function vectorOf(customer: FixtureCustomer, names: readonly string[]): FeatureVector {
  return Object.fromEntries(names.map((name) => [name, customer.features[name] ?? null]));
}

/** `p-1`, `p-2`, …: pseudonyms, different from the fixtures' customer ids as on the platform. */
export const pseudonym = (index: number) => `p-${index + 1}`;

const categoriesByMcc: Readonly<Record<string, string>> = {
  '5411': 'groceries',
  '5812': 'eating-out',
  '5814': 'eating-out',
  '5541': 'transport',
  '4112': 'transport',
  '4899': 'entertainment',
  '5815': 'entertainment',
  '5732': 'shopping',
};

/** The customer's transactions booked in [from, to) as an insight generator sees them. */
export function insightTransactions(
  customer: FixtureCustomer,
  from: string,
  to: string,
): InsightTransaction[] {
  const accounts = customer.accounts.map((account) => account.sourceId);
  return customer.transactions
    .filter(
      (transaction) =>
        transaction.bookingDate >= from.slice(0, 10) && transaction.bookingDate < to.slice(0, 10),
    )
    .map((transaction, index) => {
      const category = transaction.merchant?.mcc ? categoriesByMcc[transaction.merchant.mcc] : undefined;
      return {
        id: `t-${index + 1}`,
        accountId: `a-${accounts.indexOf(transaction.sourceAccountId) + 1}`,
        bookingDate: transaction.bookingDate,
        amount: transaction.amount,
        direction: transaction.direction,
        ...(category ? { category } : {}),
        ...(transaction.merchant?.name ? { merchant: transaction.merchant.name } : {}),
      };
    });
}
