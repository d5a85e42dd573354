import { describe, expect, it } from 'vitest';
import { budgetProgress, periodWindow, savingsProgress } from './progress';

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('periodWindow (monthly, UTC)', () => {
  it.each([
    ['2026-11-26', '2026-11-01', '2026-12-01', 30, 26],
    ['2026-12-31', '2026-12-01', '2027-01-01', 31, 31],
    ['2028-02-01', '2028-02-01', '2028-03-01', 29, 1],
    ['2027-02-14', '2027-02-01', '2027-03-01', 28, 14],
  ])('%s is in [%s, %s): %i days, %i elapsed', (today, start, end, days, elapsed) => {
    expect(periodWindow('monthly', day(today))).toEqual({ start, end, days, elapsedDays: elapsed });
  });

  it('a late evening in UTC belongs to that UTC day, not the next', () => {
    expect(periodWindow('monthly', new Date('2026-11-30T23:59:59.999Z')).elapsedDays).toBe(30);
    expect(periodWindow('monthly', new Date('2026-12-01T00:00:00.000Z')).start).toBe('2026-12-01');
  });
});

describe('budgetProgress', () => {
  const november26 = periodWindow('monthly', day('2026-11-26'));

  it('scales spending so far to the month: 260.00 in 26 of 30 days projects 300.00', () => {
    const progress = budgetProgress({ amountMinor: 30_000n, spentMinor: 26_000n, window: november26 });
    expect(progress).toMatchObject({ remainingMinor: 4_000n, projectedMinor: 30_000n, status: 'ON_TRACK' });
  });

  it('one minor unit of pace over the budget is AT_RISK, over it already is OVER', () => {
    expect(budgetProgress({ amountMinor: 29_999n, spentMinor: 26_000n, window: november26 }).status).toBe(
      'AT_RISK',
    );
    const over = budgetProgress({ amountMinor: 25_000n, spentMinor: 26_000n, window: november26 });
    expect(over).toMatchObject({ status: 'OVER', remainingMinor: -1_000n });
  });

  it('rounds the projection half up in minor units (1 × 31 ÷ 2 = 15.5 → 16)', () => {
    const window = periodWindow('monthly', day('2026-12-02'));
    expect(budgetProgress({ amountMinor: 100n, spentMinor: 1n, window }).projectedMinor).toBe(16n);
  });

  it('nothing spent projects nothing and is on track', () => {
    expect(budgetProgress({ amountMinor: 1n, spentMinor: 0n, window: november26 })).toMatchObject({
      projectedMinor: 0n,
      remainingMinor: 1n,
      status: 'ON_TRACK',
    });
  });

  it('keeps amounts beyond 2^53 exact', () => {
    const huge = 9_007_199_254_740_993n;
    const progress = budgetProgress({ amountMinor: huge * 2n, spentMinor: huge, window: november26 });
    expect(progress.remainingMinor).toBe(huge);
  });
});

describe('savingsProgress', () => {
  const today = day('2026-11-26');

  it('without a date: percent and remaining, no monthly amount', () => {
    expect(savingsProgress({ targetMinor: 300_000n, savedMinor: 100_000n, targetDate: null, today })).toEqual(
      {
        savedMinor: 100_000n,
        remainingMinor: 200_000n,
        percent: 33.33,
        monthsLeft: null,
        monthlyNeededMinor: null,
        status: 'IN_PROGRESS',
      },
    );
  });

  it('monthly amount = remaining ÷ months left, rounded up (35 days → 2 months)', () => {
    const progress = savingsProgress({
      targetMinor: 100_001n,
      savedMinor: 0n,
      targetDate: '2026-12-31',
      today,
    });
    expect(progress).toMatchObject({ monthsLeft: 2, monthlyNeededMinor: 50_001n, status: 'IN_PROGRESS' });
  });

  it('a year ahead is 12 months', () => {
    const progress = savingsProgress({
      targetMinor: 120_000n,
      savedMinor: 0n,
      targetDate: '2027-11-26',
      today,
    });
    expect(progress).toMatchObject({ monthsLeft: 12, monthlyNeededMinor: 10_000n });
  });

  it('the target date today or past, not reached: OVERDUE and the whole remainder is needed now', () => {
    for (const targetDate of ['2026-11-26', '2026-01-01']) {
      expect(savingsProgress({ targetMinor: 5_000n, savedMinor: 1_000n, targetDate, today })).toMatchObject({
        monthsLeft: 0,
        monthlyNeededMinor: 4_000n,
        status: 'OVERDUE',
      });
    }
  });

  it('reached (even past the date): REACHED, nothing more needed, percent not capped', () => {
    expect(
      savingsProgress({ targetMinor: 10_000n, savedMinor: 12_000n, targetDate: '2026-01-01', today }),
    ).toMatchObject({ remainingMinor: 0n, monthlyNeededMinor: 0n, percent: 120, status: 'REACHED' });
  });

  it('a negative linked balance is 0 %, and the remainder counts it', () => {
    expect(
      savingsProgress({ targetMinor: 10_000n, savedMinor: -500n, targetDate: null, today }),
    ).toMatchObject({ percent: 0, remainingMinor: 10_500n, status: 'IN_PROGRESS' });
  });
});
