import { featureVocabulary, productTypes, type FeatureVector } from '@finpersona/plugin-sdk';
import { addMonths, daysBetween, daysPerMonth, wholeMonthsBetween } from './calendar';
import { spendingCategoryIds } from './categories';
import { forecastCashFlow } from './forecast';
import type { BehaviourHistory, BehaviourTransaction, CategoryId } from './history';
import { historyUpTo, ownTransfers, totalBalances, type Ledger } from './ledger';
import { type DetectedSeries, detectSeries, monthlyEquivalent } from './recurring';

/** The window of the flow features (the vocabulary's default: the last 3 months). */
export const featureWindowMonths = 3;
/** The longer window `spend.trend` compares with. */
export const trendWindowMonths = 12;
/** Less history than this in a window and its means are unknown (null), not zero. */
export const minimumWindowDays = 28;
/** Less history than this and recurring payments and regular income cannot be told (null). */
export const minimumSeriesDays = 60;
/** A period counts as covered when the data starts at most this many days after it does. */
export const coverageSlackDays = 15;

/** Credits that are income when categorised so. */
const incomeCategories: readonly CategoryId[] = ['salary', 'pension', 'benefits'];
/** A regular monthly credit in these categories is not income (interest, refunds, own money moving). */
const notIncomeCategories: readonly CategoryId[] = [
  'interest-income',
  'refunds',
  'savings-transfer',
  'cash-deposit',
];
/** Income a regular salary or pension looks like: so categorised, or not categorised as anything else. */
const salaryLikeCategories: readonly (CategoryId | undefined)[] = [
  'salary',
  'pension',
  'other-income',
  'transfer-in',
  undefined,
];

/**
 * Months of data from `start` to the day of `asOf`: `fullMonths` when the data reaches back to `start`, else
 * the days it does cover in months; null when that is fewer than `minimumDays`.
 */
function coveredMonths(
  ledger: Ledger,
  start: string,
  fullMonths: number,
  minimumDays = minimumWindowDays,
): number | null {
  if (ledger.dataStart === null) return null;
  if (ledger.dataStart <= start) return fullMonths;
  const days = daysBetween(ledger.dataStart, ledger.asOfDay);
  return days < minimumDays ? null : days / daysPerMonth;
}

function covers(ledger: Ledger, start: string): boolean {
  return ledger.dataStart !== null && daysBetween(start, ledger.dataStart) <= coverageSlackDays;
}

function sum(transactions: readonly BehaviourTransaction[]): number {
  return transactions.reduce((total, transaction) => total + transaction.amountMinor, 0);
}

function between(
  transactions: readonly BehaviourTransaction[],
  from: string,
  to: string,
): BehaviourTransaction[] {
  return transactions.filter(
    (transaction) => transaction.bookingDate >= from && transaction.bookingDate < to,
  );
}

const round = (value: number) => Math.round(value);
const ratio = (value: number) => Math.round(value * 1e6) / 1e6;

/** Whether a recurring credit series is income, and whether it is a regular salary or pension. */
function incomeSeries(recurring: readonly DetectedSeries[]) {
  const monthlyCredits = recurring.filter(
    ({ payment }) =>
      payment.direction === 'credit' &&
      payment.cadence === 'monthly' &&
      !(payment.category !== undefined && notIncomeCategories.includes(payment.category)),
  );
  return {
    income: monthlyCredits,
    regular: monthlyCredits.filter(
      ({ payment }) => payment.active && salaryLikeCategories.includes(payment.category),
    ),
  };
}

/**
 * The customer's age (whole years) and tenure (whole months since the first account was opened) on `day`:
 * facts the bank knows on any day, unlike behaviour, which needs transactions up to it. `computeFeatures`
 * takes them as of its `asOf`; an evaluation whose behaviour ends before its decision date (PKDD'99: the
 * public transactions file is cut) takes them as of the decision date, as it does the products held.
 */
export function customerFacts(
  history: Pick<BehaviourHistory, 'customer' | 'accounts'>,
  day: string,
): { 'customer.age': number | null; 'customer.tenure': number | null } {
  const firstOpened =
    history.customer.firstAccountOpenedOn ??
    history.accounts
      .map((account) => account.openedOn)
      .filter((opened): opened is string => opened !== undefined)
      .sort()[0];
  return {
    'customer.age':
      history.customer.birthDate === undefined
        ? null
        : Math.floor(wholeMonthsBetween(history.customer.birthDate, day) / 12),
    'customer.tenure': firstOpened === undefined ? null : Math.max(0, wholeMonthsBetween(firstOpened, day)),
  };
}

/**
 * Every feature of the SDK's `featureVocabulary` for one customer as of `history.asOf` (families expanded
 * over the taxonomy's spending categories and the SDK's product types), each a number or null when
 * unknown. Amounts are minor units of the main currency (`historyUpTo`), rounded; ratios to 6 places.
 * Income is what is categorised salary, pension or benefits, plus every credit of a monthly series from one
 * party that is not interest, a refund, a cash deposit or own money (a salary the categoriser could not
 * name is still a salary). Spending is every debit except own transfers.
 */
export function computeFeatures(history: BehaviourHistory): FeatureVector {
  const ledger = historyUpTo(history);
  const asOfDay = ledger.asOfDay;
  const windowStart = addMonths(asOfDay, -featureWindowMonths);
  const months = coveredMonths(ledger, windowStart, featureWindowMonths);
  const own = ownTransfers(ledger);
  const recurring =
    coveredMonths(ledger, '0000-01-01', 0, minimumSeriesDays) === null ? null : detectSeries(history);
  const series = recurring === null ? null : incomeSeries(recurring);
  const fromSeries = new Set(series?.income.flatMap((item) => item.transactions));
  const income = ledger.transactions.filter(
    (transaction) =>
      transaction.direction === 'credit' &&
      !own.has(transaction) &&
      (fromSeries.has(transaction) ||
        (transaction.category !== undefined && incomeCategories.includes(transaction.category))),
  );
  const spending = ledger.transactions.filter(
    (transaction) => transaction.direction === 'debit' && !own.has(transaction),
  );

  const features: Record<string, number | null> = { ...customerFacts(history, asOfDay) };
  const windowIncome = sum(between(income, windowStart, asOfDay));
  const windowSpending = sum(between(spending, windowStart, asOfDay));
  features['income.monthly'] = months === null ? null : round(windowIncome / months);
  features['income.regular'] = series === null ? null : series.regular.length > 0 ? 1 : 0;
  const previousStart = addMonths(asOfDay, -2 * featureWindowMonths);
  const previousIncome = sum(between(income, previousStart, windowStart));
  features['income.change'] =
    covers(ledger, previousStart) && previousIncome > 0 ? ratio(windowIncome / previousIncome - 1) : null;

  features['spend.monthly'] = months === null ? null : round(windowSpending / months);
  const trendStart = addMonths(asOfDay, -trendWindowMonths);
  const trendMonths = covers(ledger, addMonths(asOfDay, -2 * featureWindowMonths))
    ? coveredMonths(ledger, trendStart, trendWindowMonths)
    : null;
  const trendMean = trendMonths === null ? 0 : sum(between(spending, trendStart, asOfDay)) / trendMonths;
  features['spend.trend'] =
    months !== null && trendMean > 0 ? ratio(windowSpending / months / trendMean - 1) : null;
  const windowSpend = between(spending, windowStart, asOfDay);
  for (const category of spendingCategoryIds) {
    features[`spend.category.${category}`] =
      months === null
        ? null
        : round(sum(windowSpend.filter((transaction) => transaction.category === category)) / months);
  }

  const inWindow = (day: string) => day >= windowStart;
  const liquid = [...totalBalances(ledger, ['current', 'savings'])]
    .filter(([day]) => inWindow(day))
    .map(([, amount]) => amount);
  const current = [...totalBalances(ledger, ['current'])]
    .filter(([day]) => inWindow(day))
    .map(([, amount]) => amount);
  const mean = liquid.length === 0 ? null : liquid.reduce((a, b) => a + b, 0) / liquid.length;
  features['balance.mean'] = mean === null ? null : round(mean);
  features['balance.min'] = liquid.length === 0 ? null : Math.min(...liquid);
  features['balance.volatility'] =
    mean === null
      ? null
      : round(Math.sqrt(liquid.reduce((total, amount) => total + (amount - mean) ** 2, 0) / liquid.length));
  features['balance.idle'] = current.length === 0 ? null : Math.max(0, Math.min(...current));
  features['overdraft.days'] = overdraftDays(ledger, windowStart);

  features['savings.rate'] =
    months !== null && windowIncome > 0 ? ratio((windowIncome - windowSpending) / windowIncome) : null;
  const debits = (recurring ?? [])
    .map((item) => item.payment)
    .filter((payment) => payment.direction === 'debit' && payment.active);
  features['recurring.count'] = recurring === null ? null : debits.length;
  features['recurring.monthly'] =
    recurring === null
      ? null
      : round(debits.reduce((total, payment) => total + monthlyEquivalent(payment), 0));

  const forecast = forecastCashFlow(history);
  features['forecast.min-balance-30d'] =
    forecast.startingBalanceMinor === null || forecast.lowest === null ? null : forecast.lowest.p50Minor;
  features['forecast.days-to-min-balance'] =
    forecast.startingBalanceMinor === null || forecast.lowest === null ? null : forecast.lowest.daysFromAsOf;
  features['transactions.monthly'] =
    months === null ? null : ratio(between(ledger.transactions, windowStart, asOfDay).length / months);
  for (const product of productTypes)
    features[`products-held.${product}`] = history.productsHeld[product] ?? 0;
  return features;
}

/** Days in the window on which any current account's end-of-day balance was negative (null when none is known). */
function overdraftDays(ledger: Ledger, windowStart: string): number | null {
  const negative = new Set<string>();
  let known = false;
  for (const account of ledger.accounts) {
    if (account.type !== 'current') continue;
    for (const [day, amount] of totalBalances({ ...ledger, accounts: [account] }, ['current'])) {
      if (day < windowStart) continue;
      known = true;
      if (amount < 0) negative.add(day);
    }
  }
  return known ? negative.size : null;
}

/** Every name `computeFeatures` returns: the vocabulary with its families expanded. */
export const featureNames: readonly string[] = Object.keys(featureVocabulary).flatMap((name) => {
  if (name === 'spend.category.<category>') return spendingCategoryIds.map((id) => `spend.category.${id}`);
  if (name === 'products-held.<product-type>') return productTypes.map((type) => `products-held.${type}`);
  return [name];
});
