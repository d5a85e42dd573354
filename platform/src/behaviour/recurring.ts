import { createHash } from 'node:crypto';
import { addDays, addMonths, daysBetween, monthEnd } from './calendar';
import type { BehaviourHistory, BehaviourTransaction, CategoryId } from './history';
import { historyUpTo } from './ledger';
import type { PriceChange, RecurringCadence, RecurringPayment } from './recurring-types';

/**
 * What each cadence tolerates. `interval` bounds a normal gap between two payments (weekends and month ends
 * move a monthly payment by a few days: 31 Jan → 28 Feb is 28 days, a Friday → Monday shift adds 3);
 * `grace` is how late a payment may be before the series counts as stopped (a cancelled subscription).
 */
export const cadenceRules: Readonly<
  Record<
    RecurringCadence,
    {
      nominalDays: number;
      interval: [number, number];
      grace: number;
      minOccurrences: number;
      perMonth: number;
    }
  >
> = {
  weekly: { nominalDays: 7, interval: [5, 9], grace: 5, minOccurrences: 4, perMonth: 52 / 12 },
  monthly: { nominalDays: 30, interval: [24, 37], grace: 10, minOccurrences: 3, perMonth: 1 },
  quarterly: { nominalDays: 91, interval: [80, 102], grace: 20, minOccurrences: 3, perMonth: 1 / 3 },
  yearly: { nominalDays: 365, interval: [350, 380], grace: 30, minOccurrences: 2, perMonth: 1 / 12 },
};

/** Amounts within this share of each other count as one series (a price rise of up to 25 % stays in it). */
export const amountTolerance = 0.25;
/** Share of gaps that must fit the cadence (a missed month counts as two gaps' worth, not as a misfit). */
export const regularShare = 0.75;
/** A series whose amounts before the last vary by at most this share is fixed-price: a change is flagged. */
export const fixedPriceTolerance = 0.02;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The party a transaction goes to or comes from: its counterparty key, else its merchant's name. */
function partyOf(transaction: BehaviourTransaction): string | null {
  if (transaction.counterpartyKey) return `counterparty:${transaction.counterpartyKey}`;
  const merchant = transaction.merchant?.trim().toLowerCase().replace(/\s+/g, ' ');
  return merchant ? `merchant:${merchant}` : null;
}

/** Splits one party's payments into runs of similar amounts (sorted by amount, a new run past the tolerance). */
function amountClusters(transactions: readonly BehaviourTransaction[]): BehaviourTransaction[][] {
  const byAmount = [...transactions].sort((a, b) => a.amountMinor - b.amountMinor);
  const clusters: BehaviourTransaction[][] = [];
  for (const transaction of byAmount) {
    const current = clusters.at(-1);
    if (current && transaction.amountMinor <= current[0]!.amountMinor * (1 + amountTolerance)) {
      current.push(transaction);
    } else {
      clusters.push([transaction]);
    }
  }
  return clusters;
}

/** The cadence whose gaps fit this series' gaps, or null when none does. */
function cadenceOf(gaps: readonly number[], occurrences: number): RecurringCadence | null {
  if (gaps.length === 0) return null;
  const typical = median(gaps);
  for (const [cadence, rule] of Object.entries(cadenceRules) as [
    RecurringCadence,
    (typeof cadenceRules)['weekly'],
  ][]) {
    if (occurrences < rule.minOccurrences) continue;
    if (typical < rule.interval[0] || typical > rule.interval[1]) continue;
    // A gap fits when it is one period, or a whole number of periods (a payment the source did not report).
    const fits = gaps.filter((gap) => {
      const periods = Math.max(1, Math.round(gap / rule.nominalDays));
      return periods <= 2 && gap >= rule.interval[0] * periods && gap <= rule.interval[1] * periods;
    }).length;
    if (fits / gaps.length >= regularShare) return cadence;
  }
  return null;
}

function nextDate(lastDate: string, cadence: RecurringCadence, dayOfMonth: number): string {
  switch (cadence) {
    case 'weekly':
      return addDays(lastDate, 7);
    case 'monthly':
      return addMonths(lastDate, 1, dayOfMonth);
    case 'quarterly':
      return addMonths(lastDate, 3, dayOfMonth);
    case 'yearly':
      return addMonths(lastDate, 12, dayOfMonth);
  }
}

/**
 * The day of the month a series falls on: 31 (clipped to each month's end) when it is paid at month ends
 * (within the last 3 days, weekends moving it earlier), else the median day.
 */
function usualDayOfMonth(series: readonly BehaviourTransaction[]): number {
  const days = series.map((payment) => Number(payment.bookingDate.slice(8, 10)));
  const atMonthEnd = series.filter(
    (payment) => daysBetween(payment.bookingDate, monthEnd(payment.bookingDate)) <= 3,
  );
  return atMonthEnd.length >= series.length * regularShare ? 31 : Math.round(median(days));
}

function mostFrequent(values: readonly (CategoryId | undefined)[]): CategoryId | undefined {
  const counts = new Map<CategoryId, number>();
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: CategoryId | undefined;
  for (const [value, count] of counts) if (best === undefined || count > counts.get(best)!) best = value;
  return best;
}

function priceChangeOf(series: readonly BehaviourTransaction[]): PriceChange | null {
  if (series.length < 2) return null;
  const last = series.at(-1)!;
  const previous = series.at(-2)!;
  if (last.amountMinor === previous.amountMinor) return null;
  const before = series.slice(0, -1).map((payment) => payment.amountMinor);
  const low = Math.min(...before);
  const high = Math.max(...before);
  // Only a fixed-price series (a subscription, rent, a standing order) has a price that can change.
  if (high - low > low * fixedPriceTolerance) return null;
  return {
    previousAmountMinor: previous.amountMinor,
    lastAmountMinor: last.amountMinor,
    changeMinor: last.amountMinor - previous.amountMinor,
    changeRatio: Math.round((last.amountMinor / previous.amountMinor - 1) * 1e6) / 1e6,
    since: last.bookingDate,
  };
}

/** A coarse band of amounts (steps of 25 %), so a party's two series keep distinct keys as prices move a little. */
function amountBucket(amountMinor: number): string {
  return String(Math.round(Math.log(Math.max(1, amountMinor)) / Math.log(1 + amountTolerance)));
}

/** Opaque and stable for the same party, direction, account and cadence: what scenarios and storage name. */
function seriesKey(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);
}

/**
 * Recurring payments (both directions) booked before `asOf`: each party's payments on one account (the party
 * is the counterparty key, else the merchant; payments with neither are never recurring), split into runs of
 * similar amounts, kept when their gaps fit weekly, monthly, quarterly or yearly. Sorted by next expected date.
 */
export function detectRecurringPayments(history: BehaviourHistory): RecurringPayment[] {
  return detectSeries(history).map((series) => series.payment);
}

/** A detected series with the payments it was found in and the day of month it falls on. */
export interface DetectedSeries {
  readonly payment: RecurringPayment;
  readonly transactions: readonly BehaviourTransaction[];
  readonly dayOfMonth: number;
}

const detected = new WeakMap<BehaviourHistory, DetectedSeries[]>();

/** `detectRecurringPayments` with each series' payments (computed once per history). */
export function detectSeries(history: BehaviourHistory): DetectedSeries[] {
  const cached = detected.get(history);
  if (cached) return cached;
  const ledger = historyUpTo(history);
  const groups = new Map<string, BehaviourTransaction[]>();
  for (const transaction of ledger.transactions) {
    const party = partyOf(transaction);
    if (party === null) continue;
    const group = `${transaction.accountId}\u0000${transaction.direction}\u0000${party}`;
    groups.set(group, [...(groups.get(group) ?? []), transaction]);
  }
  const found: DetectedSeries[] = [];
  for (const [group, transactions] of groups) {
    const [accountId, direction, party] = group.split('\u0000') as [string, 'credit' | 'debit', string];
    const clusters = amountClusters(transactions);
    for (const cluster of clusters) {
      const series = [...cluster].sort((a, b) =>
        a.bookingDate < b.bookingDate ? -1 : a.bookingDate > b.bookingDate ? 1 : 0,
      );
      const gaps = series
        .slice(1)
        .map((payment, index) => daysBetween(series[index]!.bookingDate, payment.bookingDate));
      const cadence = cadenceOf(gaps, series.length);
      if (cadence === null) continue;
      const rule = cadenceRules[cadence];
      const first = series[0]!;
      const last = series.at(-1)!;
      const amounts = series.map((payment) => payment.amountMinor);
      const priceChange = priceChangeOf(series);
      const recent = amounts.slice(-3);
      const fixed = Math.max(...recent) - Math.min(...recent) <= Math.min(...recent) * fixedPriceTolerance;
      const dayOfMonth = usualDayOfMonth(series);
      let nextExpectedDate = nextDate(last.bookingDate, cadence, dayOfMonth);
      const overdue = daysBetween(nextExpectedDate, ledger.asOfDay);
      const active = overdue <= rule.grace;
      // A payment late but within grace is expected any day now, not a period later.
      if (active && overdue > 0) nextExpectedDate = ledger.asOfDay;
      // The merchant's name whenever the payments name one, also when the series is keyed by its counterparty
      // (a card subscription names both): rule suggestions and insights about a subscription need its name.
      const merchant = last.merchant?.trim() ? last.merchant : undefined;
      const category = mostFrequent(series.map((payment) => payment.category));
      const payment: RecurringPayment = {
        key: seriesKey([
          accountId,
          direction,
          party,
          cadence,
          clusters.length > 1 ? amountBucket(median(amounts)) : '',
        ]),
        direction,
        accountId,
        ...(party.startsWith('counterparty:') ? { counterpartyKey: last.counterpartyKey } : {}),
        ...(merchant ? { merchant } : {}),
        ...(category ? { category } : {}),
        cadence,
        intervalDays: median(gaps),
        typicalAmountMinor: Math.round(median(amounts)),
        lastAmountMinor: last.amountMinor,
        occurrences: series.length,
        firstDate: first.bookingDate,
        lastDate: last.bookingDate,
        nextExpectedDate,
        nextExpectedAmountMinor:
          fixed || priceChange !== null ? last.amountMinor : Math.round(median(recent)),
        priceChange,
        active,
      };
      found.push({ payment, transactions: series, dayOfMonth });
    }
  }
  found.sort(({ payment: a }, { payment: b }) =>
    a.nextExpectedDate < b.nextExpectedDate
      ? -1
      : a.nextExpectedDate > b.nextExpectedDate
        ? 1
        : a.key < b.key
          ? -1
          : 1,
  );
  detected.set(history, found);
  return found;
}

/** The next date of a series after `day` at its cadence (monthly ones on their usual day of the month). */
export function followingDate(series: DetectedSeries, day: string): string {
  return nextDate(day, series.payment.cadence, series.dayOfMonth);
}

/** A recurring payment's amount per month (weekly × 52/12, quarterly ÷ 3, yearly ÷ 12). */
export function monthlyEquivalent(
  payment: Pick<RecurringPayment, 'cadence' | 'nextExpectedAmountMinor'>,
): number {
  return payment.nextExpectedAmountMinor * cadenceRules[payment.cadence].perMonth;
}
