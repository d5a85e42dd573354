/**
 * `unusual-spending`: a category's spending so far this month well above the customer's own usual month.
 * "Usual" is robust: the median of the previous full months, and the median absolute deviation (MAD) as
 * the spread, so one expensive holiday in the history does not hide the next one. Month-to-date is
 * compared with whole months (never extrapolated), so an insight early in the month rests on money
 * already spent.
 */
import type { CandidateInsight, InsightInput, InsightTransaction } from '@finpersona/plugin-sdk';
import { addMonths, dateOf, firstDayOf, startOf } from '../calendar';
import { messagesFor } from '../messages';
import type { UnusualSpendingSettings } from '../settings';
import {
  median,
  medianAbsoluteDeviation,
  minorOf,
  money,
  nonSpendingCategories,
  relevanceBetween,
  saturate,
} from '../shared';

export const unusualSpendingKind = {
  kind: 'unusual-spending',
  description:
    "Spending in a category so far this month is well above the customer's own usual month (the median of the previous months, by more than a multiple of their median absolute deviation, a ratio and an amount). Evidence: this month's transactions in the category.",
} as const;

/** Scales the MAD to a standard deviation for normally distributed data, so `madMultiplier` reads as "σ". */
const madToStandardDeviation = 1.4826;

export function unusualSpending(input: InsightInput, settings: UnusualSpendingSettings): CandidateInsight[] {
  const items = input.transactions.items;
  const month = dateOf(input.now).slice(0, 7);
  const windowStart = dateOf(input.transactions.window.from);
  // A previous month counts when the window covers all of it and the customer used the account in it:
  // a month before their first transaction says nothing about their habits.
  const activeMonths = new Set(items.map((item) => item.bookingDate.slice(0, 7)));
  const history: string[] = [];
  for (let back = 1; back <= settings.historyMonths; back++) {
    const previous = addMonths(month, -back);
    if (firstDayOf(previous) >= windowStart && activeMonths.has(previous)) history.push(previous);
  }
  if (history.length < settings.minimumHistoryMonths) return [];

  const groups = new Map<string, { category: string; currency: string; byMonth: Map<string, number> }>();
  const thisMonth = new Map<string, InsightTransaction[]>();
  for (const item of items) {
    if (item.direction !== 'debit' || !item.category || nonSpendingCategories.has(item.category)) continue;
    const key = `${item.category} ${item.amount.currency}`;
    const group = groups.get(key) ?? {
      category: item.category,
      currency: item.amount.currency,
      byMonth: new Map<string, number>(),
    };
    const itemMonth = item.bookingDate.slice(0, 7);
    group.byMonth.set(itemMonth, (group.byMonth.get(itemMonth) ?? 0) + minorOf(item.amount));
    groups.set(key, group);
    if (itemMonth === month) thisMonth.set(key, [...(thisMonth.get(key) ?? []), item]);
  }

  const messages = messagesFor(input);
  const candidates: CandidateInsight[] = [];
  for (const [key, { category, currency, byMonth }] of groups) {
    const spent = byMonth.get(month) ?? 0;
    if (spent <= 0) continue;
    const previous = history.map((past) => byMonth.get(past) ?? 0);
    const usual = median(previous);
    const spread = madToStandardDeviation * medianAbsoluteDeviation(previous);
    const excess = spent - usual;
    if (
      excess <= 0 ||
      excess < settings.minimumExcessMinor ||
      spent < usual * (1 + settings.minimumIncrease) ||
      excess < settings.madMultiplier * spread
    ) {
      continue;
    }
    const evidence = [...(thisMonth.get(key) ?? [])].sort(
      (a, b) => a.bookingDate.localeCompare(b.bookingDate) || a.id.localeCompare(b.id),
    );
    candidates.push({
      kind: unusualSpendingKind.kind,
      title: messages.unusualSpending.title,
      body: messages.unusualSpending.body,
      parameters: {
        category: { type: 'text', value: messages.category(category) },
        spent: { type: 'money', value: money(spent, currency) },
        usual: { type: 'money', value: money(usual, currency) },
      },
      severity: 'notice',
      // Twice the usual month (or twice the minimum excess when nothing is usual) sits mid-range.
      relevance: relevanceBetween(
        0.35,
        0.9,
        saturate(excess / Math.max(usual, settings.minimumExcessMinor, 1), 1),
      ),
      evidence: evidence.map((item) => ({ kind: 'transaction', id: item.id })),
      // "So far this month" is stale once the month is over.
      expiresAt: startOf(firstDayOf(addMonths(month, 1))),
      // One per category and month, however much more is spent at later syncs.
      dedupeKey: `unusual-spending:${month}:${category}:${currency}`,
    });
  }
  return candidates;
}
