import { describe, expect, it } from 'vitest';
import { addDays, daysIn } from './calendar';
import { behaviourHistory, monthly, payments } from '../testing/behaviour-history';
import { forecastCashFlow, maxForecastDays } from './forecast';
import type { BehaviourHistory, BehaviourTransaction } from './history';
import { detectRecurringPayments } from './recurring';

const current = { accountId: 'current' } as const;

/**
 * 1 March – 30 June 2026: salary 3,000.00 on the 25th, rent 1,000.00 on the 1st, and exactly 20.00 of
 * day-to-day spending every day (so the day-to-day distribution has one value and the band collapses).
 * Balance 2,000.00 at the end of 30 June.
 */
function steady(extra: readonly BehaviourTransaction[] = []): BehaviourHistory {
  return behaviourHistory({
    asOf: '2026-07-01T00:00:00Z',
    transactions: [
      ...payments(monthly(2026, 3, 6, 25), {
        ...current,
        direction: 'credit',
        amountMinor: 300_000,
        counterpartyKey: 'employer',
        category: 'salary',
      }),
      ...payments(monthly(2026, 3, 6, 1), {
        ...current,
        direction: 'debit',
        amountMinor: 100_000,
        counterpartyKey: 'landlord',
        category: 'housing',
      }),
      ...payments(daysIn('2026-03-01', '2026-07-01'), {
        ...current,
        direction: 'debit',
        amountMinor: 2_000,
        category: 'groceries',
      }),
      ...extra,
    ],
    balances: [{ accountId: 'current', date: '2026-06-30', amountMinor: 200_000 }],
  });
}

describe('forecastCashFlow', () => {
  it('adds the recurring items at their next dates to the day-to-day flow, day by day', () => {
    const forecast = forecastCashFlow(steady());
    expect(forecast).toMatchObject({
      asOf: '2026-07-01T00:00:00Z',
      currency: 'EUR',
      startingBalanceMinor: 200_000,
    });
    expect(forecast.days).toHaveLength(30);
    forecast.days.forEach((day, index) => {
      // Rent on 1 July (day 0), salary on 25 July (day 24), 20.00 a day.
      const expected = 200_000 - 100_000 - 2_000 * (index + 1) + (index >= 24 ? 300_000 : 0);
      expect(day).toEqual({
        date: addDays('2026-07-01', index),
        p10Minor: expected,
        p50Minor: expected,
        p90Minor: expected,
        recurringMinor: index === 0 ? -100_000 : index === 24 ? 300_000 : 0,
        dayToDayMinor: -2_000,
      });
    });
    expect(forecast.lowest).toEqual({
      date: '2026-07-24',
      p50Minor: 200_000 - 100_000 - 2_000 * 24,
      daysFromAsOf: 23,
    });
  });

  it('answers what-ifs: a recurring payment removed, rent up 5 %, groceries down by half', () => {
    const history = steady();
    const rent = detectRecurringPayments(history).find((payment) => payment.counterpartyKey === 'landlord')!;
    const baseline = forecastCashFlow(history).days;
    const withoutRent = forecastCashFlow(history, 30, { removeRecurring: [rent.key] }).days;
    expect(withoutRent.map((day) => day.p50Minor - baseline[withoutRent.indexOf(day)]!.p50Minor)).toEqual(
      Array.from({ length: 30 }, () => 100_000),
    );
    const rentUp = forecastCashFlow(history, 30, {
      scaleCategories: [{ category: 'housing', percent: 5 }],
    }).days;
    expect(rentUp[0]!.recurringMinor).toBe(-105_000);
    expect(forecastCashFlow(history, 30, { scaleRecurring: [{ key: rent.key, percent: 5 }] }).days).toEqual(
      rentUp,
    );
    const halfGroceries = forecastCashFlow(history, 30, {
      scaleCategories: [{ category: 'groceries', percent: -50 }],
    }).days;
    expect(halfGroceries[29]!.p50Minor - baseline[29]!.p50Minor).toBe(30 * 1_000);
    expect(halfGroceries[0]!.dayToDayMinor).toBe(-1_000);
    // An unknown key or category changes nothing.
    expect(
      forecastCashFlow(history, 30, {
        removeRecurring: ['nope'],
        scaleCategories: [{ category: 'travel', percent: 50 }],
      }).days,
    ).toEqual(baseline);
  });

  it('widens the band with the horizon when day-to-day spending varies', () => {
    // A 300.00 shop every 5th day on top of the steady 20.00 a day.
    const lumpy = daysIn('2026-03-01', '2026-07-01')
      .filter((_, index) => index % 5 === 0)
      .map((bookingDate) => ({
        ...current,
        bookingDate,
        direction: 'debit' as const,
        amountMinor: 30_000,
        category: 'shopping',
      }));
    const forecast = forecastCashFlow(steady(lumpy));
    for (const day of forecast.days) {
      expect(day.p10Minor).toBeLessThanOrEqual(day.p50Minor);
      expect(day.p50Minor).toBeLessThanOrEqual(day.p90Minor);
    }
    const width = (index: number) => forecast.days[index]!.p90Minor - forecast.days[index]!.p10Minor;
    expect(width(0)).toBe(30_000); // one day: either a shop or not
    expect(width(29)).toBeGreaterThan(width(4));
    // The mean day-to-day flow: 20.00 a day plus 300.00 on 25 of the 90 days sampled (from 2 April).
    expect(forecast.days[0]!.dayToDayMinor).toBe(Math.round(-2_000 - (18 * 30_000) / 90));
    // Same history, same forecast: the resampling is seeded.
    expect(forecastCashFlow(steady(lumpy))).toEqual(forecast);
  });

  it('forecasts net flow from zero when no balance is known, and refuses a bad horizon', () => {
    const history = behaviourHistory({ ...steady(), balances: [] });
    const forecast = forecastCashFlow(history, 7);
    expect(forecast.startingBalanceMinor).toBeNull();
    expect(forecast.days.map((day) => day.p50Minor)).toEqual(
      Array.from({ length: 7 }, (_, index) => -100_000 - 2_000 * (index + 1)),
    );
    expect(() => forecastCashFlow(history, 0)).toThrow(RangeError);
    expect(() => forecastCashFlow(history, maxForecastDays + 1)).toThrow(RangeError);
    expect(() => forecastCashFlow(history, 1.5)).toThrow(RangeError);
  });
});
