import { addMonths } from './calendar';
import type { BehaviourHistory, CategoryId } from './history';
import { historyUpTo, ownTransfers } from './ledger';

export interface CategorySpending {
  /** Null: debits not categorised (yet). */
  readonly category: CategoryId | null;
  readonly totalMinor: number;
  readonly transactions: number;
  /** Per calendar month of the window (`YYYY-MM`), oldest first; months without spending are 0. */
  readonly byMonth: readonly { readonly month: string; readonly amountMinor: number }[];
}

export interface SpendingByCategory {
  /** First day of the window (the first of a month) and the day after it (the day of `asOf`). */
  readonly from: string;
  readonly to: string;
  readonly currency: string | null;
  /** Largest total first. */
  readonly categories: readonly CategorySpending[];
}

/** The longest window `spendingByCategory` takes. */
export const maxSpendingMonths = 24;

/**
 * Spending (debits other than own transfers, as for the features) per category over the current calendar
 * month so far and the `months − 1` before it, in the main currency.
 */
export function spendingByCategory(history: BehaviourHistory, months: number): SpendingByCategory {
  if (!Number.isInteger(months) || months < 1 || months > maxSpendingMonths) {
    throw new RangeError(`months must be a whole number from 1 to ${maxSpendingMonths}`);
  }
  const ledger = historyUpTo(history);
  const from = addMonths(`${ledger.asOfDay.slice(0, 7)}-01`, -(months - 1));
  const monthList = Array.from({ length: months }, (_, index) => addMonths(from, index).slice(0, 7));
  const own = ownTransfers(ledger);
  const totals = new Map<CategoryId | null, { total: number; count: number; byMonth: Map<string, number> }>();
  for (const transaction of ledger.transactions) {
    if (transaction.direction !== 'debit' || own.has(transaction) || transaction.bookingDate < from) continue;
    const category = transaction.category ?? null;
    const entry = totals.get(category) ?? { total: 0, count: 0, byMonth: new Map<string, number>() };
    const month = transaction.bookingDate.slice(0, 7);
    entry.total += transaction.amountMinor;
    entry.count += 1;
    entry.byMonth.set(month, (entry.byMonth.get(month) ?? 0) + transaction.amountMinor);
    totals.set(category, entry);
  }
  const categories = [...totals]
    .map(([category, entry]) => ({
      category,
      totalMinor: entry.total,
      transactions: entry.count,
      byMonth: monthList.map((month) => ({ month, amountMinor: entry.byMonth.get(month) ?? 0 })),
    }))
    .sort((a, b) => b.totalMinor - a.totalMinor || String(a.category).localeCompare(String(b.category)));
  return { from, to: ledger.asOfDay, currency: ledger.currency, categories };
}
