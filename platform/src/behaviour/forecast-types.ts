import type { CategoryId } from './history';

/**
 * A what-if for the forecast: recurring payments removed (`key`s of `RecurringPayment`), recurring payments or
 * a category's day-to-day spending scaled by a percentage (`+5` = 5 % more, `-100` = none).
 */
export interface ForecastScenario {
  readonly removeRecurring?: readonly string[];
  readonly scaleRecurring?: readonly { readonly key: string; readonly percent: number }[];
  readonly scaleCategories?: readonly { readonly category: CategoryId; readonly percent: number }[];
}

/** One forecast day: the expected end-of-day balance and its band (10th, 50th, 90th percentiles). */
export interface ForecastDay {
  /** ISO date. */
  readonly date: string;
  readonly p10Minor: number;
  readonly p50Minor: number;
  readonly p90Minor: number;
  /** Recurring items expected that day (signed: credits positive). */
  readonly recurringMinor: number;
  /** The mean day-to-day net flow (signed; the same every day): what the band is spread around. */
  readonly dayToDayMinor: number;
}

export interface CashFlowForecast {
  readonly asOf: string;
  /** The currency of the accounts forecast (the customer's main currency). */
  readonly currency: string | null;
  /** Balance of the current accounts at `asOf`; null when none is known (the forecast is then of net flow). */
  readonly startingBalanceMinor: number | null;
  readonly days: readonly ForecastDay[];
  /** The day with the lowest P50 balance. */
  readonly lowest: { readonly date: string; readonly p50Minor: number; readonly daysFromAsOf: number } | null;
}
