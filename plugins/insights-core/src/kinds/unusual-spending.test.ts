import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings';
import { checked, inputOf, monthly, transaction } from '../test-inputs';
import { unusualSpending } from './unusual-spending';

const settings = defaultSettings['unusual-spending'];
const history = ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
const groceries = { category: 'groceries' };

/** Groceries of `amounts` in the six months before November, and `november` so far. */
function groceriesInput(amounts: readonly number[], november: readonly number[]) {
  return inputOf([
    ...monthly(history, 12, amounts, groceries),
    ...november.map((minor, index) =>
      transaction(`2026-11-${String(3 + index).padStart(2, '0')}`, minor, groceries),
    ),
  ]);
}

describe('unusual-spending', () => {
  it('notices a category far above its usual month, with this month’s transactions as evidence', () => {
    const input = groceriesInput([30000, 32000, 31000, 29000, 30500, 31500], [40000, 30000]);
    const [candidate, ...rest] = checked(unusualSpending, input, settings);
    expect(rest).toEqual([]);
    expect(candidate).toMatchObject({
      kind: 'unusual-spending',
      title: 'Unusual spending on {category}',
      parameters: {
        category: { type: 'text', value: 'groceries' },
        spent: { type: 'money', value: { minor: '70000', currency: 'EUR' } },
        usual: { type: 'money', value: { minor: '30750', currency: 'EUR' } },
      },
      severity: 'notice',
      expiresAt: '2026-12-01T00:00:00.000Z',
      dedupeKey: 'unusual-spending:2026-11:groceries:EUR',
    });
    const novemberIds = input.transactions.items
      .filter((item) => item.bookingDate.startsWith('2026-11'))
      .map((item) => ({ kind: 'transaction', id: item.id }));
    expect(candidate!.evidence).toEqual(novemberIds);
    expect(candidate!.relevance).toBeGreaterThan(0.35);
    expect(candidate!.relevance).toBeLessThan(0.9);
  });

  it('stays quiet for a month within the usual range', () => {
    const input = groceriesInput([30000, 32000, 31000, 29000, 30500, 31500], [25000, 15000]);
    expect(checked(unusualSpending, input, settings)).toEqual([]);
  });

  it('is robust: one expensive month in the history does not raise "usual" or hide the next rise', () => {
    const input = groceriesInput([30000, 32000, 250000, 29000, 30500, 31500], [70000]);
    const [candidate] = checked(unusualSpending, input, settings);
    expect(candidate?.parameters.usual).toEqual({
      type: 'money',
      value: { minor: '31000', currency: 'EUR' },
    });
  });

  it('fires at exactly the minimum increase over the median, not a cent below', () => {
    const steady = [30000, 30000, 30000, 30000, 30000, 30000];
    expect(checked(unusualSpending, groceriesInput(steady, [45000]), settings)).toHaveLength(1);
    expect(checked(unusualSpending, groceriesInput(steady, [44999]), settings)).toEqual([]);
  });

  it('fires at exactly the minimum excess amount, not a cent below', () => {
    const steady = [6000, 6000, 6000, 6000, 6000, 6000];
    expect(checked(unusualSpending, groceriesInput(steady, [11000]), settings)).toHaveLength(1);
    expect(checked(unusualSpending, groceriesInput(steady, [10999]), settings)).toEqual([]);
  });

  it('needs more than the MAD multiple when the customer’s months vary a lot', () => {
    // Median 35,000, MAD 15,000: three robust standard deviations are 66,717 above the median.
    const varied = [10000, 20000, 30000, 40000, 50000, 60000];
    expect(checked(unusualSpending, groceriesInput(varied, [100000]), settings)).toEqual([]);
    expect(checked(unusualSpending, groceriesInput(varied, [101717]), settings)).toHaveLength(1);
    expect(
      checked(unusualSpending, groceriesInput(varied, [100000]), { ...settings, madMultiplier: 2 }),
    ).toHaveLength(1);
  });

  it('counts a month without spending in the category as zero, so a first big spend is unusual', () => {
    const input = inputOf([
      ...monthly(history, 12, 30000, groceries),
      transaction('2026-11-05', 80000, { category: 'travel' }),
    ]);
    const [candidate] = checked(unusualSpending, input, settings);
    expect(candidate).toMatchObject({
      parameters: { category: { value: 'travel' }, usual: { value: { minor: '0' } } },
      dedupeKey: 'unusual-spending:2026-11:travel:EUR',
    });
  });

  it('needs the minimum number of observed months: months before the customer’s first transaction do not count', () => {
    const recent = inputOf([
      ...monthly(['2026-09', '2026-10'], 12, 30000, groceries),
      transaction('2026-11-03', 90000, groceries),
    ]);
    expect(checked(unusualSpending, recent, settings)).toEqual([]);
    expect(checked(unusualSpending, recent, { ...settings, minimumHistoryMonths: 2 })).toHaveLength(1);
  });

  it('ignores income, transfers, cash, credits and uncategorised debits', () => {
    const quiet = monthly(history, 12, 30000, groceries);
    const input = inputOf([
      ...quiet,
      transaction('2026-11-03', 500000, { category: 'transfer-out' }),
      transaction('2026-11-03', 500000, { category: 'savings-transfer' }),
      transaction('2026-11-04', 90000, { category: 'cash-withdrawal' }),
      transaction('2026-11-05', 90000, { category: 'groceries', direction: 'credit' }),
      transaction('2026-11-06', 90000),
    ]);
    expect(checked(unusualSpending, input, settings)).toEqual([]);
  });

  it('keeps one dedupe key for the month however much more is spent at later syncs', () => {
    const base = [...monthly(history, 12, 30000, groceries), transaction('2026-11-03', 60000, groceries)];
    const first = checked(unusualSpending, inputOf(base), settings);
    const later = checked(
      unusualSpending,
      inputOf([...base, transaction('2026-11-24', 20000, groceries)], {}, '2026-11-27T18:00:00.000Z'),
      settings,
    );
    expect(first.map((candidate) => candidate.dedupeKey)).toEqual(
      later.map((candidate) => candidate.dedupeKey),
    );
    expect(later[0]!.parameters.spent).toEqual({ type: 'money', value: { minor: '80000', currency: 'EUR' } });
  });

  it('keeps currencies apart', () => {
    const input = inputOf([
      ...monthly(history, 12, 30000, groceries),
      transaction('2026-11-03', 60000, { category: 'groceries', currency: 'CZK' }),
    ]);
    // CZK groceries have no history of their own: a first spend, compared with zero.
    expect(checked(unusualSpending, input, settings).map((candidate) => candidate.dedupeKey)).toEqual([
      'unusual-spending:2026-11:groceries:CZK',
    ]);
  });
});
