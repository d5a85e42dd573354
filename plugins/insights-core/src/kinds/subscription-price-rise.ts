/**
 * `subscription-price-rise`: a recurring payment (the platform's `recurringId`) whose latest amount rose
 * against the previous ones. The previous payments must agree with each other (a price, not a variable
 * bill), and only a recent rise is news.
 */
import type { CandidateInsight, InsightInput } from '@finpersona/plugin-sdk';
import { addDays, dateOf, daysBetween, startOf } from '../calendar';
import { recurringPayments } from '../recurring';
import { messagesFor } from '../messages';
import type { SubscriptionPriceRiseSettings } from '../settings';
import { basisPoints, median, minorOf, relevanceBetween, saturate } from '../shared';

export const subscriptionPriceRiseKind = {
  kind: 'subscription-price-rise',
  description:
    'A recurring payment (subscription, bill, membership) was charged more than its previous, steady amount; quotes the old and new amounts and the rise in percent. Evidence: the recurring payment and its last two transactions.',
} as const;

export function subscriptionPriceRise(
  input: InsightInput,
  settings: SubscriptionPriceRiseSettings,
): CandidateInsight[] {
  const today = dateOf(input.now);
  const candidates: CandidateInsight[] = [];
  for (const { recurringId, currency, payments, merchant } of recurringPayments(input.transactions.items)) {
    const latest = payments.at(-1)!;
    const reference = payments.slice(0, -1).slice(-settings.minimumPreviousPayments);
    if (reference.length < settings.minimumPreviousPayments) continue;
    if (daysBetween(latest.bookingDate, today) > settings.freshnessDays) continue;
    const amounts = reference.map((payment) => minorOf(payment.amount));
    const steady = median(amounts);
    if (amounts.some((amount) => Math.abs(amount - steady) > settings.stableTolerance * steady)) continue;
    const previous = reference.at(-1)!;
    const oldMinor = minorOf(previous.amount);
    const newMinor = minorOf(latest.amount);
    const rise = newMinor - oldMinor;
    if (
      oldMinor <= 0 ||
      rise <= 0 ||
      rise < settings.minimumRiseMinor ||
      rise < settings.minimumRise * oldMinor
    ) {
      continue;
    }
    const messages = messagesFor(input).subscriptionPriceRise;
    const text = merchant ? messages.merchant : messages.unnamed;
    candidates.push({
      kind: subscriptionPriceRiseKind.kind,
      title: text.title,
      body: text.body,
      parameters: {
        ...(merchant ? { merchant: { type: 'text', value: merchant } } : {}),
        oldAmount: { type: 'money', value: previous.amount },
        newAmount: { type: 'money', value: latest.amount },
        rise: { type: 'percent', basisPoints: basisPoints(rise / oldMinor) },
      },
      severity: 'notice',
      // A 10 % rise sits mid-range.
      relevance: relevanceBetween(0.4, 0.85, saturate(rise / oldMinor, 0.1)),
      evidence: [
        { kind: 'recurring-payment', id: recurringId },
        { kind: 'transaction', id: previous.id },
        { kind: 'transaction', id: latest.id },
      ],
      // News for as long as the rise is fresh; after that the new amount is simply the price.
      expiresAt: startOf(addDays(latest.bookingDate, settings.freshnessDays + 1)),
      // The same rise (old → new amount) of the same payment at every sync.
      dedupeKey: `subscription-price-rise:${recurringId}:${currency}:${oldMinor}-${newMinor}`,
    });
  }
  return candidates;
}
