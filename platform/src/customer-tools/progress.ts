/**
 * Progress of budgets and savings goals: pure arithmetic on minor units (bigint, so no amount is ever
 * rounded through floating point) and UTC calendar dates. The services gather the inputs (categorised
 * debits, balances) and these functions decide what the customer sees.
 */

export type BudgetPeriod = 'monthly';

/** The period a date falls in: `[start, end)` as ISO dates (UTC), and how far into it the date is. */
export interface PeriodWindow {
  start: string;
  end: string;
  /** Calendar days in the period (28-31 for a month). */
  days: number;
  /** Days of the period up to and including the reference day (1 on its first day). */
  elapsedDays: number;
}

export function periodWindow(period: BudgetPeriod, today: Date): PeriodWindow {
  switch (period) {
    case 'monthly': {
      const year = today.getUTCFullYear();
      const month = today.getUTCMonth();
      const start = new Date(Date.UTC(year, month, 1));
      const end = new Date(Date.UTC(year, month + 1, 1));
      return {
        start: isoDate(start),
        end: isoDate(end),
        days: Math.round((end.getTime() - start.getTime()) / dayMs),
        elapsedDays: today.getUTCDate(),
      };
    }
  }
}

/**
 * - `ON_TRACK`: at the pace so far the period ends within the budget;
 * - `AT_RISK`: still within the budget, but the pace so far would end the period over it;
 * - `OVER`: more than the budget is already spent.
 */
export type BudgetStatus = 'ON_TRACK' | 'AT_RISK' | 'OVER';

export interface BudgetProgress {
  window: PeriodWindow;
  spentMinor: bigint;
  /** Budget minus spent: negative when over. */
  remainingMinor: bigint;
  /**
   * Spent so far scaled to the whole period at the same daily pace:
   * `round(spent × days in period ÷ days elapsed)` (half up). A projection, not a forecast: recurring
   * payments still due later in the month are not known here.
   */
  projectedMinor: bigint;
  status: BudgetStatus;
}

export function budgetProgress(input: {
  amountMinor: bigint;
  spentMinor: bigint;
  window: PeriodWindow;
}): BudgetProgress {
  const { amountMinor, spentMinor, window } = input;
  const projectedMinor = divideHalfUp(spentMinor * BigInt(window.days), BigInt(window.elapsedDays));
  const status: BudgetStatus =
    spentMinor > amountMinor ? 'OVER' : projectedMinor > amountMinor ? 'AT_RISK' : 'ON_TRACK';
  return { window, spentMinor, remainingMinor: amountMinor - spentMinor, projectedMinor, status };
}

/**
 * - `IN_PROGRESS`: not reached, and the target date (if any) is still ahead;
 * - `REACHED`: saved at least the target;
 * - `OVERDUE`: not reached and the target date has come.
 */
export type SavingsGoalStatus = 'IN_PROGRESS' | 'REACHED' | 'OVERDUE';

export interface SavingsProgress {
  savedMinor: bigint;
  /** Target minus saved, never below 0. */
  remainingMinor: bigint;
  /** saved ÷ target × 100, two decimals, not capped (120 when 20 % over). 0 when the balance is negative. */
  percent: number;
  /** Months from today to the target date, a started month counting as one; null without a date. */
  monthsLeft: number | null;
  /**
   * What to put aside each month to reach the target on the date: `ceil(remaining ÷ monthsLeft)` (rounded
   * up so that the last month does not fall short); the whole remainder when the date has come; 0 when
   * reached; null without a target date.
   */
  monthlyNeededMinor: bigint | null;
  status: SavingsGoalStatus;
}

/** Average Gregorian month, for turning days left into months left. */
const daysPerMonth = 365.2425 / 12;

export function savingsProgress(input: {
  targetMinor: bigint;
  savedMinor: bigint;
  /** ISO date (YYYY-MM-DD) or null. */
  targetDate: string | null;
  today: Date;
}): SavingsProgress {
  const { targetMinor, savedMinor, targetDate } = input;
  const remainingMinor = savedMinor >= targetMinor ? 0n : targetMinor - savedMinor;
  const percent = savedMinor <= 0n ? 0 : Number(divideHalfUp(savedMinor * 10_000n, targetMinor)) / 100;
  const reached = remainingMinor === 0n;
  if (targetDate === null) {
    return {
      savedMinor,
      remainingMinor,
      percent,
      monthsLeft: null,
      monthlyNeededMinor: null,
      status: reached ? 'REACHED' : 'IN_PROGRESS',
    };
  }
  const today = Date.parse(isoDate(input.today));
  const daysLeft = Math.round((Date.parse(targetDate) - today) / dayMs);
  const monthsLeft = daysLeft <= 0 ? 0 : Math.ceil(daysLeft / daysPerMonth);
  const monthlyNeededMinor = reached
    ? 0n
    : monthsLeft === 0
      ? remainingMinor
      : (remainingMinor + BigInt(monthsLeft) - 1n) / BigInt(monthsLeft);
  return {
    savedMinor,
    remainingMinor,
    percent,
    monthsLeft,
    monthlyNeededMinor,
    status: reached ? 'REACHED' : monthsLeft === 0 ? 'OVERDUE' : 'IN_PROGRESS',
  };
}

const dayMs = 86_400_000;

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `numerator ÷ denominator` rounded half up, for non-negative numerators and positive denominators. */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n) return -divideHalfUp(-numerator, denominator);
  return (numerator * 2n + denominator) / (denominator * 2n);
}
