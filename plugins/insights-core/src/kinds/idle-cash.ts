/**
 * `idle-cash`: money that sat unused in the current account for the whole feature window
 * (`balance.idle`, the lowest current-account balance over it) while the customer holds no (or few)
 * savings accounts (`products-held.savings-account`): "€4,200 has sat in your current account for 3 months".
 */
import type { CandidateInsight, InsightInput } from '@finpersona/plugin-sdk';
import { dateOf, nextQuarterStart, quarterOf, startOf } from '../calendar';
import { messagesFor } from '../messages';
import type { IdleCashSettings } from '../settings';
import { mainCurrency, majorUnit, money, relevanceBetween, saturate } from '../shared';

export const idleCashKind = {
  kind: 'idle-cash',
  description:
    "Money has sat unused in the customer's current account for the whole feature window (its lowest balance stayed above the bank's minimum) while they hold no savings account. Evidence: the idle balance and products-held features.",
} as const;

/** `balance.idle` is measured over the platform's default feature window: the last 3 months. */
export const idleWindowMonths = 3;

/**
 * The idle amount as a person would say it: whole major units rounded down to two significant digits
 * (421,337 minor EUR → €4,200), never more than what actually sat there.
 */
export function roundedDown(minor: number, currency: string): number {
  const unit = majorUnit(currency);
  const whole = Math.floor(minor / unit);
  if (whole <= 0) return minor;
  const step = whole >= 100 ? 10 ** (Math.floor(Math.log10(whole)) - 1) : 1;
  return Math.floor(whole / step) * step * unit;
}

export function idleCash(input: InsightInput, settings: IdleCashSettings): CandidateInsight[] {
  const idle = input.features['balance.idle'];
  const savingsAccounts = input.features['products-held.savings-account'] ?? 0;
  if (idle === null || idle === undefined || idle < settings.minimumIdleMinor) return [];
  if (savingsAccounts > settings.maximumSavingsAccounts) return [];
  const currency = mainCurrency(input.transactions.items);
  if (!currency) return [];
  const today = dateOf(input.now);
  const text = messagesFor(input).idleCash(idleWindowMonths);
  return [
    {
      kind: idleCashKind.kind,
      title: text.title,
      body: text.body,
      parameters: {
        amount: { type: 'money', value: money(roundedDown(idle, currency), currency) },
        months: { type: 'number', value: idleWindowMonths },
      },
      severity: 'info',
      // Twice the bank's minimum sits mid-range.
      relevance: relevanceBetween(0.3, 0.7, saturate(idle / settings.minimumIdleMinor - 1, 1)),
      evidence: [
        { kind: 'feature', name: 'balance.idle' },
        { kind: 'feature', name: 'products-held.savings-account' },
      ],
      // A standing situation, not an event: at most one nudge a quarter.
      expiresAt: startOf(nextQuarterStart(today)),
      dedupeKey: `idle-cash:${quarterOf(today)}`,
    },
  ];
}
