import { seededRandom } from '@finpersona/plugin-sdk';
import { addDays, daysBetween } from './calendar';
import type { CashFlowForecast, ForecastDay, ForecastScenario } from './forecast-types';
import type { BehaviourHistory, BehaviourTransaction, CategoryId } from './history';
import { accountBalances, historyUpTo } from './ledger';
import { detectSeries, followingDate } from './recurring';

/** Default forecast horizon in days. */
export const forecastDays = 30;
/** The longest horizon asked for. */
export const maxForecastDays = 366;
/** Days of history the day-to-day flow distribution is drawn from. */
export const dayToDayHistoryDays = 90;
/** Fewer days of history than this and day-to-day flows are left out (only recurring items are forecast). */
export const minimumDayToDayDays = 14;
/** Simulated paths of day-to-day flows; fixed seed, so the same history always gives the same forecast. */
export const forecastPaths = 500;

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)]!;
}

function scaleOf(percent: number | undefined): number {
  return percent === undefined ? 1 : 1 + percent / 100;
}

/**
 * A day-by-day forecast of the end-of-day balance of the current accounts (the savings accounts when there
 * is none) from the day of `asOf`, for `days` days: the active recurring items on those accounts at their
 * next expected dates and amounts, plus the customer's own day-to-day flows (every other transaction of the
 * last 90 days, resampled day by day over `forecastPaths` paths), giving the 10th, 50th and 90th percentile
 * of the balance each day. `scenario` removes recurring payments (by key), scales recurring payments by
 * key, and scales a category's spending — its recurring payments and its day-to-day debits alike ("if rent
 * rises 5 %"). Keys or categories the history does not have change nothing.
 */
export function forecastCashFlow(
  history: BehaviourHistory,
  days: number = forecastDays,
  scenario: ForecastScenario = {},
): CashFlowForecast {
  if (!Number.isInteger(days) || days < 1 || days > maxForecastDays) {
    throw new RangeError(`days must be a whole number from 1 to ${maxForecastDays}`);
  }
  const ledger = historyUpTo(history);
  const asOfDay = ledger.asOfDay;
  const hasCurrent = ledger.accounts.some((account) => account.type === 'current');
  const accounts = ledger.accounts.filter((account) => account.type === (hasCurrent ? 'current' : 'savings'));
  const ids = new Set(accounts.map((account) => account.id));
  const yesterday = addDays(asOfDay, -1);
  const known = accounts
    .map((account) => accountBalances(ledger, account.id).get(yesterday))
    .filter((amount): amount is number => amount !== undefined);
  const startingBalanceMinor = known.length === 0 ? null : known.reduce((a, b) => a + b, 0);

  const removed = new Set(scenario.removeRecurring ?? []);
  const recurringScale = new Map(
    (scenario.scaleRecurring ?? []).map((item) => [item.key, scaleOf(item.percent)]),
  );
  const categoryScale = new Map<CategoryId, number>(
    (scenario.scaleCategories ?? []).map((item) => [item.category, scaleOf(item.percent)]),
  );
  const series = detectSeries(history).filter((item) => ids.has(item.payment.accountId));
  const end = addDays(asOfDay, days);
  const recurringByDay = new Map<string, number>();
  for (const item of series) {
    const payment = item.payment;
    if (!payment.active || removed.has(payment.key)) continue;
    const scale =
      (recurringScale.get(payment.key) ?? 1) *
      (payment.category ? (categoryScale.get(payment.category) ?? 1) : 1);
    const signed =
      (payment.direction === 'credit' ? 1 : -1) * Math.round(payment.nextExpectedAmountMinor * scale);
    for (let day = payment.nextExpectedDate; day < end; day = followingDate(item, day)) {
      if (day >= asOfDay) recurringByDay.set(day, (recurringByDay.get(day) ?? 0) + signed);
    }
  }

  const inSeries = new Set<BehaviourTransaction>(series.flatMap((item) => item.transactions));
  const from = addDays(asOfDay, -dayToDayHistoryDays);
  const start = ledger.dataStart !== null && ledger.dataStart > from ? ledger.dataStart : from;
  const historyDays = ledger.dataStart === null ? 0 : daysBetween(start, asOfDay);
  const dailyNet = new Map<string, number>();
  for (const transaction of ledger.transactions) {
    if (!ids.has(transaction.accountId) || inSeries.has(transaction) || transaction.bookingDate < start)
      continue;
    const scale =
      transaction.direction === 'debit' && transaction.category
        ? (categoryScale.get(transaction.category) ?? 1)
        : 1;
    const signed = (transaction.direction === 'credit' ? 1 : -1) * transaction.amountMinor * scale;
    dailyNet.set(transaction.bookingDate, (dailyNet.get(transaction.bookingDate) ?? 0) + signed);
  }
  const samples =
    historyDays < minimumDayToDayDays
      ? [0]
      : Array.from({ length: historyDays }, (_, index) => dailyNet.get(addDays(start, index)) ?? 0);
  const meanDayToDay = samples.reduce((a, b) => a + b, 0) / samples.length;

  // A fixed seed (the SDK's mulberry32): a forecast is reproducible, tests can pin it.
  const random = seededRandom(0x5eed);
  const cumulative = Array.from({ length: days }, () => new Array<number>(forecastPaths));
  for (let path = 0; path < forecastPaths; path += 1) {
    let total = 0;
    for (let day = 0; day < days; day += 1) {
      total += samples[Math.floor(random() * samples.length)]!;
      cumulative[day]![path] = total;
    }
  }
  const base = startingBalanceMinor ?? 0;
  let recurringTotal = 0;
  const forecastDaysList: ForecastDay[] = cumulative.map((paths, index) => {
    const date = addDays(asOfDay, index);
    const recurringMinor = recurringByDay.get(date) ?? 0;
    recurringTotal += recurringMinor;
    const sorted = paths.sort((a, b) => a - b);
    const at = (share: number) => Math.round(base + recurringTotal + percentile(sorted, share));
    return {
      date,
      p10Minor: at(0.1),
      p50Minor: at(0.5),
      p90Minor: at(0.9),
      recurringMinor,
      dayToDayMinor: Math.round(meanDayToDay),
    };
  });
  const lowestDay = forecastDaysList.reduce<ForecastDay | null>(
    (lowest, day) => (lowest === null || day.p50Minor < lowest.p50Minor ? day : lowest),
    null,
  );
  return {
    asOf: history.asOf,
    currency: ledger.currency,
    startingBalanceMinor,
    days: forecastDaysList,
    lowest:
      lowestDay === null
        ? null
        : {
            date: lowestDay.date,
            p50Minor: lowestDay.p50Minor,
            daysFromAsOf: daysBetween(asOfDay, lowestDay.date),
          },
  };
}
