import { featureRequestProblems } from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { behaviourHistory, monthly, payments } from '../testing/behaviour-history';
import { computeFeatures, featureNames } from './features';
import { forecastCashFlow } from './forecast';
import type { BehaviourHistory } from './history';

/** Repeats each `[balance, days]` run: a hand-written end-of-day balance history. */
function runs(...list: [number, number][]): number[] {
  return list.flatMap(([balance, days]) => Array.from({ length: days }, () => balance));
}

/**
 * A salaried customer from January to June 2026: salary 3,000.00 on the 25th, rent 1,000.00 on the 1st,
 * groceries 200.00 on the 10th and 20th (no party: never recurring), and from April 500.00 moved to their
 * own savings account on the 26th. The current account's balance was 5,000.00 at the end of 30 June.
 */
const salaried: BehaviourHistory = behaviourHistory({
  asOf: '2026-07-01T00:00:00Z',
  customer: { birthDate: '1990-07-02' },
  accounts: [
    { id: 'current', type: 'current', currency: 'EUR', openedOn: '2025-01-15' },
    { id: 'savings', type: 'savings', currency: 'EUR' },
  ],
  productsHeld: { 'current-account': 1, 'savings-account': 1 },
  transactions: [
    ...payments(monthly(2026, 1, 6, 25), {
      direction: 'credit',
      accountId: 'current',
      amountMinor: 300_000,
      counterpartyKey: 'employer',
      category: 'salary',
    }),
    ...payments(monthly(2026, 1, 6, 1), {
      direction: 'debit',
      accountId: 'current',
      amountMinor: 100_000,
      counterpartyKey: 'landlord',
      category: 'housing',
    }),
    ...payments([...monthly(2026, 1, 6, 10), ...monthly(2026, 1, 6, 20)], {
      direction: 'debit',
      accountId: 'current',
      amountMinor: 20_000,
      category: 'groceries',
    }),
    ...payments(monthly(2026, 4, 6, 26), { direction: 'debit', accountId: 'current', amountMinor: 50_000 }),
    ...payments(monthly(2026, 4, 6, 26), { direction: 'credit', accountId: 'savings', amountMinor: 50_000 }),
  ],
  balances: [{ accountId: 'current', date: '2026-06-30', amountMinor: 500_000 }],
});

describe('computeFeatures', () => {
  it('returns every name of the feature vocabulary, families expanded, and nothing else', () => {
    const features = computeFeatures(salaried);
    expect(Object.keys(features).sort()).toEqual([...featureNames].sort());
    expect(featureRequestProblems([...featureNames])).toEqual([]);
    expect(featureNames).toContain('spend.category.groceries');
    expect(featureNames).toContain('products-held.mortgage');
    expect(featureNames.filter((name) => name.includes('<'))).toEqual([]);
  });

  it('computes income, spending, savings and recurring features of a salaried customer by hand', () => {
    const features = computeFeatures(salaried);
    // Window 1 April – 30 June (3 whole months of data): salary 3 × 3,000.00; rent 3 × 1,000.00 and
    // groceries 6 × 200.00; the own transfers are neither income nor spending.
    expect(features).toMatchObject({
      'customer.age': 35, // 36 on 2 July
      'customer.tenure': 17, // 15 January 2025 → 1 July 2026
      'income.monthly': 300_000,
      'income.regular': 1,
      'income.change': 0,
      'spend.monthly': 140_000,
      'spend.category.housing': 100_000,
      'spend.category.groceries': 40_000,
      'spend.category.eating-out': 0,
      'savings.rate': 0.533333, // (900,000 − 420,000) / 900,000
      'recurring.count': 1, // the rent; the salary is a credit
      'recurring.monthly': 100_000,
      'transactions.monthly': 6, // salary, rent, 2 groceries, the transfer's two legs
      'products-held.current-account': 1,
      'products-held.savings-account': 1,
      'products-held.mortgage': 0,
    });
    // 12-month mean: 6 months' spending (840,000) over the 181 days of data there are, in months.
    expect(features['spend.trend']).toBeCloseTo(140_000 / (840_000 / (181 / (365.25 / 12))) - 1, 6);
  });

  it('rebuilds the balance history backwards from the reported balance', () => {
    const features = computeFeatures(salaried);
    // End of March 1,700.00 (5,000.00 less June's, May's and April's net of +1,100.00 each); each month then
    // runs B − 1,000 (1st–9th), B − 1,200 (10th–19th), B − 1,400 (20th–24th), B + 1,600 (25th), B + 1,100.
    const daily = runs(
      [70_000, 9],
      [50_000, 10],
      [30_000, 5],
      [330_000, 1],
      [280_000, 5], // April, B = 170,000
      [180_000, 9],
      [160_000, 10],
      [140_000, 5],
      [440_000, 1],
      [390_000, 6], // May, B = 280,000
      [290_000, 9],
      [270_000, 10],
      [250_000, 5],
      [550_000, 1],
      [500_000, 5], // June, B = 390,000
    );
    expect(daily).toHaveLength(91);
    const mean = daily.reduce((a, b) => a + b, 0) / daily.length;
    const deviation = Math.sqrt(daily.reduce((total, day) => total + (day - mean) ** 2, 0) / daily.length);
    expect(features).toMatchObject({
      'balance.mean': Math.round(mean),
      'balance.min': 30_000,
      'balance.volatility': Math.round(deviation),
      'balance.idle': 30_000,
      'overdraft.days': 0,
    });
    expect(features['balance.mean']).toBe(212_308); // 19,320,000 / 91
  });

  it('takes running balances from transactions, counts overdraft days and floors idle money at zero', () => {
    const features = computeFeatures(
      behaviourHistory({
        asOf: '2026-04-01T00:00:00Z',
        transactions: [
          {
            bookingDate: '2026-01-01',
            direction: 'credit',
            accountId: 'current',
            amountMinor: 10_000,
            balanceAfterMinor: 10_000,
          },
          {
            bookingDate: '2026-03-01',
            direction: 'debit',
            accountId: 'current',
            amountMinor: 15_000,
            balanceAfterMinor: -5_000,
          },
          { bookingDate: '2026-03-11', direction: 'credit', accountId: 'current', amountMinor: 20_000 },
        ],
      }),
    );
    // 59 days at 100.00, 10 at −50.00, 21 at 150.00: mean 855,000 / 90 = 9,500.
    const deviation = Math.sqrt((59 * 500 ** 2 + 10 * 14_500 ** 2 + 21 * 5_500 ** 2) / 90);
    expect(features).toMatchObject({
      'balance.mean': 9_500,
      'balance.min': -5_000,
      'balance.volatility': Math.round(deviation),
      'balance.idle': 0,
      'overdraft.days': 10,
      'income.monthly': 0,
      'savings.rate': null, // no income
      'spend.monthly': 5_000, // 15,000 over 3 months
    });
  });

  it('says unknown (null) rather than zero when the history is too short, and never reads past asOf', () => {
    const short = behaviourHistory({
      asOf: '2026-07-01T00:00:00Z',
      transactions: payments(['2026-06-20', '2026-06-25'], {
        direction: 'debit',
        accountId: 'current',
        amountMinor: 1_000,
      }),
    });
    const features = computeFeatures(short);
    for (const name of [
      'income.monthly',
      'income.regular',
      'income.change',
      'spend.monthly',
      'spend.trend',
      'savings.rate',
      'recurring.count',
      'transactions.monthly',
      'spend.category.groceries',
      'balance.mean',
      'overdraft.days',
      'customer.age',
      'customer.tenure',
    ]) {
      expect([name, features[name]]).toEqual([name, null]);
    }
    expect(features['products-held.current-account']).toBe(1);

    const withFuture = behaviourHistory({
      ...salaried,
      transactions: [
        ...salaried.transactions,
        {
          bookingDate: '2026-07-01',
          direction: 'debit',
          accountId: 'current',
          amountMinor: 9_999_999,
          category: 'travel',
        },
        {
          bookingDate: '2026-08-01',
          direction: 'credit',
          accountId: 'current',
          amountMinor: 9_999_999,
          balanceAfterMinor: 1,
        },
      ],
      balances: [
        ...salaried.balances,
        { accountId: 'current', date: '2026-07-01T10:00:00Z', amountMinor: 1 },
      ],
    });
    expect(computeFeatures(withFuture)).toEqual(computeFeatures(salaried));
  });

  it('takes the forecast features from the 30-day forecast', () => {
    const features = computeFeatures(salaried);
    const forecast = forecastCashFlow(salaried);
    expect(features['forecast.min-balance-30d']).toBe(forecast.lowest!.p50Minor);
    expect(features['forecast.days-to-min-balance']).toBe(forecast.lowest!.daysFromAsOf);
    // The rent leaves on 1 July, day 0: the lowest point comes before the salary on the 25th.
    expect(features['forecast.days-to-min-balance']).toBeLessThan(24);
  });

  it('leaves out accounts in another currency than the main one', () => {
    const withDollars = behaviourHistory({
      ...salaried,
      accounts: [...salaried.accounts, { id: 'dollars', type: 'current', currency: 'USD' }],
      transactions: [
        ...salaried.transactions,
        ...payments(monthly(2026, 4, 6, 2), {
          direction: 'debit',
          accountId: 'dollars',
          amountMinor: 77_700,
          category: 'travel',
        }),
      ],
    });
    expect(computeFeatures(withDollars)).toEqual(computeFeatures(salaried));
  });
});
