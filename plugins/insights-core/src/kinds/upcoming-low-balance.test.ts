import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings';
import { checked, inputOf, now, transaction } from '../test-inputs';
import { upcomingLowBalance } from './upcoming-low-balance';

const settings = defaultSettings['upcoming-low-balance'];
const spending = [transaction('2026-11-02', 4500, { category: 'groceries' })];
const forecast = (lowest: number | null, days: number | null) => ({
  'forecast.min-balance-30d': lowest,
  'forecast.days-to-min-balance': days,
});

describe('upcoming-low-balance', () => {
  it('warns when the forecast expects a negative balance, with the amount and the day', () => {
    const [candidate, ...rest] = checked(
      upcomingLowBalance,
      inputOf(spending, forecast(-25000, 12)),
      settings,
    );
    expect(rest).toEqual([]);
    expect(candidate).toEqual({
      kind: 'upcoming-low-balance',
      title: 'Your balance may fall below zero',
      body: 'We expect your balance to reach {lowest} around {date}, based on your regular income and payments.',
      parameters: {
        lowest: { type: 'money', value: { minor: '-25000', currency: 'EUR' } },
        date: { type: 'date', value: '2026-12-02' },
      },
      severity: 'warning',
      relevance: expect.any(Number),
      evidence: [
        { kind: 'feature', name: 'forecast.min-balance-30d' },
        { kind: 'feature', name: 'forecast.days-to-min-balance' },
      ],
      expiresAt: '2026-12-03T00:00:00.000Z',
      dedupeKey: 'upcoming-low-balance:below-zero:2026-12',
    });
  });

  it('gives a notice, not a warning, for a low but positive balance', () => {
    const [candidate] = checked(upcomingLowBalance, inputOf(spending, forecast(5000, 3)), settings);
    expect(candidate).toMatchObject({
      title: 'Your balance may run low',
      severity: 'notice',
      dedupeKey: 'upcoming-low-balance:low:2026-11',
    });
  });

  it('fires just below the threshold, not at it', () => {
    expect(checked(upcomingLowBalance, inputOf(spending, forecast(9999, 5)), settings)).toHaveLength(1);
    expect(checked(upcomingLowBalance, inputOf(spending, forecast(10000, 5)), settings)).toEqual([]);
    expect(
      checked(upcomingLowBalance, inputOf(spending, forecast(-1, 5)), { ...settings, thresholdMinor: 0 }),
    ).toHaveLength(1);
    expect(
      checked(upcomingLowBalance, inputOf(spending, forecast(0, 5)), { ...settings, thresholdMinor: 0 }),
    ).toEqual([]);
  });

  it('respects the horizon: a low point further away than horizonDays waits', () => {
    const short = { ...settings, horizonDays: 14 };
    expect(checked(upcomingLowBalance, inputOf(spending, forecast(-5000, 14)), short)).toHaveLength(1);
    expect(checked(upcomingLowBalance, inputOf(spending, forecast(-5000, 15)), short)).toEqual([]);
  });

  it('says nothing without a forecast, or without a transaction to take the currency from', () => {
    expect(checked(upcomingLowBalance, inputOf(spending, forecast(null, 5)), settings)).toEqual([]);
    expect(checked(upcomingLowBalance, inputOf(spending, forecast(-5000, null)), settings)).toEqual([]);
    expect(checked(upcomingLowBalance, inputOf(spending, {}), settings)).toEqual([]);
    expect(checked(upcomingLowBalance, inputOf([], forecast(-5000, 5)), settings)).toEqual([]);
  });

  it('quotes the customer’s main currency (most of their transactions)', () => {
    const items = [
      transaction('2026-11-02', 100, { currency: 'GBP' }),
      transaction('2026-11-03', 100, { currency: 'GBP' }),
      transaction('2026-11-04', 100, { currency: 'EUR' }),
    ];
    const [candidate] = checked(upcomingLowBalance, inputOf(items, forecast(-100, 2)), settings);
    expect(candidate?.parameters.lowest).toEqual({
      type: 'money',
      value: { minor: '-100', currency: 'GBP' },
    });
  });

  it('keeps the dedupe key as the forecast day drifts between syncs, and ranks sooner as more relevant', () => {
    const today = checked(upcomingLowBalance, inputOf(spending, forecast(-20000, 12), now), settings);
    const tomorrow = checked(
      upcomingLowBalance,
      inputOf(spending, forecast(-21000, 12), '2026-11-21T09:00:00.000Z'),
      settings,
    );
    expect(today[0]!.dedupeKey).toBe(tomorrow[0]!.dedupeKey);
    const soon = checked(upcomingLowBalance, inputOf(spending, forecast(-20000, 2)), settings);
    expect(soon[0]!.relevance).toBeGreaterThan(today[0]!.relevance);
  });
});
