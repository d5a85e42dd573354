/**
 * Statistical checks over 200 customers: every documented behaviour appears, with plausible
 * frequency. Bounds are loose enough for any seed, tight enough that a broken behaviour fails.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  discretionaryMerchants,
  groceryMerchants,
  largePurchaseMerchants,
  subscriptionServices,
  travelMerchants,
  carDealer,
} from './catalogue';
import { archetypeMix, generateCustomer, sandboxCategoryList, type SandboxCustomer } from './index';

interface Stats {
  customers: SandboxCustomer[];
  archetypes: Map<string, number>;
  categories: Map<string, number>;
  /** seriesId → booking dates and expected amounts (in order). */
  series: Map<string, { category: string; dates: string[]; expected: (string | null)[]; actual: string[] }>;
  /** Card spending (minor units) on discretionary categories per calendar month (1–12). */
  cardSpendByMonth: number[];
  energyByMonth: number[];
  groceriesPerWeek: number[];
  overdrawnCustomers: number;
  customersWithFees: number;
  mccs: Set<string>;
  productsDuringPeriod: number;
  mismatchedExpected: number;
}

const discretionary = new Set(['dining', 'shopping', 'leisure', 'transport', 'health', 'travel']);
const customerCount = 200;
let stats: Stats;

beforeAll(() => {
  stats = {
    customers: [],
    archetypes: new Map(),
    categories: new Map(),
    series: new Map(),
    cardSpendByMonth: Array(13).fill(0),
    energyByMonth: Array(13).fill(0),
    groceriesPerWeek: [],
    overdrawnCustomers: 0,
    customersWithFees: 0,
    mccs: new Set(),
    productsDuringPeriod: 0,
    mismatchedExpected: 0,
  };
  for (let index = 0; index < customerCount; index++) {
    const customer = generateCustomer('realism', index, { region: (['EU', 'UK', 'US'] as const)[index % 3] });
    stats.customers.push(customer);
    stats.archetypes.set(customer.truth.archetype, (stats.archetypes.get(customer.truth.archetype) ?? 0) + 1);
    stats.productsDuringPeriod += customer.truth.products.filter((product) => product.duringPeriod).length;
    const current = customer.accounts[0]!.sourceId;
    let groceries = 0;
    let overdrawn = false;
    let fees = false;
    for (const { transaction, truth } of customer.transactions()) {
      stats.categories.set(truth.category, (stats.categories.get(truth.category) ?? 0) + 1);
      const month = Number(transaction.bookingDate.slice(5, 7));
      const amount = Number(transaction.amount.minor);
      if (transaction.merchant?.mcc) stats.mccs.add(transaction.merchant.mcc);
      if (transaction.sourceCode === 'PMNT-CCRD-POSD' && discretionary.has(truth.category.split('.')[0]!)) {
        stats.cardSpendByMonth[month]! += amount;
      }
      if (truth.category === 'groceries') groceries++;
      if (truth.category === 'utilities.energy') stats.energyByMonth[month]! += amount;
      if (truth.category === 'fees.overdraft') fees = true;
      if (transaction.sourceAccountId === current && Number(transaction.balanceAfter!.minor) < 0)
        overdrawn = true;
      if (truth.recurring) {
        const entry = stats.series.get(truth.recurring.seriesId) ?? {
          category: truth.category,
          dates: [],
          expected: [],
          actual: [],
        };
        entry.dates.push(transaction.bookingDate);
        entry.expected.push(truth.recurring.expectedAmount?.minor ?? null);
        entry.actual.push(transaction.amount.minor);
        stats.series.set(truth.recurring.seriesId, entry);
        const expected = truth.recurring.expectedAmount?.minor;
        if (
          expected !== undefined &&
          expected !== transaction.amount.minor &&
          truth.category !== 'income.salary'
        ) {
          stats.mismatchedExpected++;
        }
      }
    }
    stats.groceriesPerWeek.push(groceries / ((365 * 3) / 7));
    if (overdrawn) stats.overdrawnCustomers++;
    if (fees) stats.customersWithFees++;
  }
}, 60_000);

const daysBetween = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / 86_400_000;
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('over 200 customers', () => {
  it('every archetype appears in roughly its documented share', () => {
    const total = archetypeMix.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [archetype, weight] of archetypeMix) {
      const expected = (customerCount * weight) / total;
      const seen = stats.archetypes.get(archetype) ?? 0;
      expect(seen, archetype).toBeGreaterThanOrEqual(Math.floor(expected * 0.4));
      expect(seen, archetype).toBeLessThanOrEqual(Math.ceil(expected * 1.8));
    }
  });

  it('uses every documented category, and only those', () => {
    for (const category of sandboxCategoryList)
      expect(stats.categories.get(category) ?? 0, category).toBeGreaterThan(0);
    for (const category of stats.categories.keys()) expect(sandboxCategoryList).toContain(category);
  });

  it('pays salaries roughly monthly (or every two weeks) and pensions monthly', () => {
    let monthlySeries = 0;
    for (const [seriesId, entry] of stats.series) {
      if (entry.category !== 'income.salary' && entry.category !== 'income.pension') continue;
      if (entry.dates.length < 6) continue;
      const gaps = entry.dates.slice(1).map((date, i) => daysBetween(entry.dates[i]!, date));
      const typical = median(gaps);
      expect(
        [14, 28, 29, 30, 31, 32, 33].some((days) => Math.abs(typical - days) <= 1),
        `${seriesId}: ${typical}`,
      ).toBe(true);
      for (const gap of gaps) expect(gap, seriesId).toBeLessThanOrEqual(typical < 20 ? 14 : 35);
      if (typical >= 28) monthlySeries++;
    }
    expect(monthlySeries).toBeGreaterThan(100);
  });

  it('charges subscriptions on a monthly or yearly rhythm, with price rises, cancellations and new sign-ups', () => {
    const subscriptionSeries = [...stats.series.values()].filter((entry) =>
      entry.category.startsWith('subscriptions.'),
    );
    expect(subscriptionSeries.length).toBeGreaterThan(150);
    let priceRises = 0;
    for (const entry of subscriptionSeries) {
      const gaps = entry.dates.slice(1).map((date, i) => daysBetween(entry.dates[i]!, date));
      for (const gap of gaps) expect(gap >= 28 && gap <= 31 ? true : gap >= 365 && gap <= 366).toBe(true);
      const amounts = entry.actual.map(Number);
      if (amounts.some((amount, i) => i > 0 && amount > amounts[i - 1]!)) priceRises++;
    }
    expect(priceRises).toBeGreaterThan(20);
    const events = stats.customers.flatMap((customer) => customer.truth.lifeEvents);
    expect(events.filter((event) => event.kind === 'subscription-cancel').length).toBeGreaterThan(20);
    expect(events.filter((event) => event.kind === 'subscription-start').length).toBeGreaterThan(20);
    expect(events.filter((event) => event.kind === 'job-change').length).toBeGreaterThan(5);
  });

  it('states the expected amount of every fixed-amount recurring payment correctly', () => {
    expect(stats.mismatchedExpected).toBe(0);
  });

  it('shows seasonality: December card spending above the yearly average, winter energy above summer', () => {
    const months = stats.cardSpendByMonth.slice(1);
    const average = months.reduce((sum, value) => sum + value, 0) / 12;
    expect(stats.cardSpendByMonth[12]!).toBeGreaterThan(average * 1.15);
    expect(stats.cardSpendByMonth[12]!).toBeGreaterThan(stats.cardSpendByMonth[2]! * 1.2);
    expect(stats.energyByMonth[1]!).toBeGreaterThan(stats.energyByMonth[7]! * 1.1);
  });

  it('shops for groceries several times a week', () => {
    const typical = median(stats.groceriesPerWeek);
    expect(typical).toBeGreaterThan(1.5);
    expect(typical).toBeLessThan(5);
  });

  it('overdraws some customers (with fees) but not most', () => {
    expect(stats.overdrawnCustomers).toBeGreaterThan(customerCount * 0.1);
    expect(stats.overdrawnCustomers).toBeLessThan(customerCount * 0.7);
    expect(stats.customersWithFees).toBeGreaterThan(customerCount * 0.05);
  });

  it('has customers take up products during the period (savings, cards, loans, mortgages)', () => {
    expect(stats.productsDuringPeriod).toBeGreaterThan(20);
    const kinds = new Set(
      stats.customers.flatMap((customer) =>
        customer.truth.products.filter((p) => p.duringPeriod).map((p) => p.product),
      ),
    );
    for (const kind of ['savings', 'credit-card', 'loan', 'mortgage']) expect(kinds).toContain(kind);
  });

  it('uses only the merchant category codes of its merchant list', () => {
    const known = new Set(
      [
        ...groceryMerchants,
        ...discretionaryMerchants,
        ...largePurchaseMerchants,
        ...travelMerchants.flights,
        ...travelMerchants.lodging,
        carDealer,
      ]
        .map((merchant) => merchant.mcc)
        .concat(
          subscriptionServices.map((service) => service.mcc),
          ['6011'],
        ),
    );
    for (const mcc of stats.mccs) expect(known).toContain(mcc);
    expect(stats.mccs.size).toBeGreaterThan(20);
  });
});
