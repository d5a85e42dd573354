/**
 * `new-recurring-payment`: a recurring payment (the platform's `recurringId`) first seen recently — but
 * only when the customer's transactions reach far enough back to know it is new, so a customer who has
 * just connected an account is not told all their payments are new.
 */
import type { CandidateInsight, InsightInput } from '@finpersona/plugin-sdk';
import { addDays, dateOf, daysBetween, startOf } from '../calendar';
import { recurringPayments } from '../recurring';
import { messagesFor } from '../messages';
import type { NewRecurringPaymentSettings } from '../settings';
import { minorOf, relevanceBetween, saturate } from '../shared';

export const newRecurringPaymentKind = {
  kind: 'new-recurring-payment',
  description:
    "A recurring payment first paid within the last days (default 62), when the customer's history reaches well before it. Evidence: the recurring payment and its transactions.",
} as const;

export function newRecurringPayment(
  input: InsightInput,
  settings: NewRecurringPaymentSettings,
): CandidateInsight[] {
  const items = input.transactions.items;
  if (items.length === 0) return [];
  const today = dateOf(input.now);
  const earliest = items.reduce(
    (first, item) => (item.bookingDate < first ? item.bookingDate : first),
    items[0]!.bookingDate,
  );
  const spendMonthly = input.features['spend.monthly'];
  const messages = messagesFor(input).newRecurringPayment;
  const candidates: CandidateInsight[] = [];
  for (const { recurringId, currency, payments, merchant } of recurringPayments(items)) {
    const firstPaid = payments[0]!.bookingDate;
    if (daysBetween(firstPaid, today) > settings.recentDays) continue;
    if (daysBetween(earliest, firstPaid) < settings.minimumHistoryDays) continue;
    const latest = payments.at(-1)!;
    candidates.push({
      kind: newRecurringPaymentKind.kind,
      title: merchant ? messages.merchantTitle : messages.title,
      body: messages.body,
      parameters: {
        ...(merchant ? { merchant: { type: 'text', value: merchant } } : {}),
        amount: { type: 'money', value: latest.amount },
        firstPaid: { type: 'date', value: firstPaid },
      },
      severity: 'info',
      // The larger against the customer's monthly spending, the more it matters (5 % sits mid-range).
      relevance:
        spendMonthly && spendMonthly > 0
          ? relevanceBetween(0.35, 0.75, saturate(minorOf(latest.amount) / spendMonthly, 0.05))
          : 0.5,
      evidence: [
        { kind: 'recurring-payment', id: recurringId },
        ...payments.map((payment) => ({ kind: 'transaction' as const, id: payment.id })),
      ],
      // New for as long as it counts as recent.
      expiresAt: startOf(addDays(firstPaid, settings.recentDays + 1)),
      dedupeKey: `new-recurring-payment:${recurringId}:${currency}`,
    });
  }
  return candidates;
}
