/** The window's debits grouped by the recurring payment the platform says they belong to. */
import type { InsightTransaction } from '@finpersona/plugin-sdk';

export interface RecurringPayments {
  readonly recurringId: string;
  readonly currency: string;
  /** Oldest first (by booking date, then id). */
  readonly payments: readonly InsightTransaction[];
  /** The merchant of the latest payment that names one. */
  readonly merchant?: string;
}

export function recurringPayments(items: readonly InsightTransaction[]): RecurringPayments[] {
  const groups = new Map<string, InsightTransaction[]>();
  for (const item of items) {
    if (item.direction !== 'debit' || !item.recurringId) continue;
    // A recurring payment paid in two currencies is two series: amounts are only compared in one.
    const key = `${item.recurringId} ${item.amount.currency}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()]
    .map((payments) => {
      const ordered = [...payments].sort(
        (a, b) => a.bookingDate.localeCompare(b.bookingDate) || a.id.localeCompare(b.id),
      );
      const merchant = [...ordered].reverse().find((payment) => payment.merchant)?.merchant;
      return {
        recurringId: ordered[0]!.recurringId!,
        currency: ordered[0]!.amount.currency,
        payments: ordered,
        ...(merchant ? { merchant } : {}),
      };
    })
    .sort((a, b) => a.recurringId.localeCompare(b.recurringId) || a.currency.localeCompare(b.currency));
}
