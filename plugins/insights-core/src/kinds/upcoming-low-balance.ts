/**
 * `upcoming-low-balance`: the platform's 30-day cash-flow forecast expects the balance to fall below the
 * bank's threshold (`forecast.min-balance-30d`), on a day it also says (`forecast.days-to-min-balance`).
 * Below zero it is a warning.
 */
import type { CandidateInsight, InsightInput } from '@finpersona/plugin-sdk';
import { addDays, dateOf, startOf } from '../calendar';
import { messagesFor } from '../messages';
import type { UpcomingLowBalanceSettings } from '../settings';
import { mainCurrency, money, relevanceBetween } from '../shared';

export const upcomingLowBalanceKind = {
  kind: 'upcoming-low-balance',
  description:
    "The 30-day cash-flow forecast expects the customer's balance to fall below the bank's threshold, with the day; a warning when it expects a negative balance. Evidence: the forecast features.",
} as const;

/** Days the forecast covers (`forecast.min-balance-30d`). */
const forecastDays = 30;

export function upcomingLowBalance(
  input: InsightInput,
  settings: UpcomingLowBalanceSettings,
): CandidateInsight[] {
  const lowest = input.features['forecast.min-balance-30d'];
  const days = input.features['forecast.days-to-min-balance'];
  if (lowest === null || lowest === undefined || days === null || days === undefined) return [];
  if (days < 0 || days > settings.horizonDays || lowest >= settings.thresholdMinor) return [];
  // Features are in the customer's main currency; without a transaction there is none to quote.
  const currency = mainCurrency(input.transactions.items);
  if (!currency) return [];
  const belowZero = lowest < 0;
  const date = addDays(dateOf(input.now), Math.round(days));
  // The sooner, the more it matters.
  const nearness = 1 - Math.min(days, forecastDays) / forecastDays;
  const messages = messagesFor(input).upcomingLowBalance;
  return [
    {
      kind: upcomingLowBalanceKind.kind,
      title: belowZero ? messages.belowZeroTitle : messages.lowTitle,
      body: messages.body,
      parameters: {
        lowest: { type: 'money', value: money(lowest, currency) },
        date: { type: 'date', value: date },
      },
      severity: belowZero ? 'warning' : 'notice',
      relevance: belowZero ? relevanceBetween(0.75, 0.95, nearness) : relevanceBetween(0.4, 0.7, nearness),
      evidence: [
        { kind: 'feature', name: 'forecast.min-balance-30d' },
        { kind: 'feature', name: 'forecast.days-to-min-balance' },
      ],
      // Once the day has passed the forecast has been overtaken by what happened.
      expiresAt: startOf(addDays(date, 1)),
      // The forecast's day drifts a little between syncs; one per month and severity keeps it one insight,
      // and a low balance turning into a negative one is a new (more serious) insight.
      dedupeKey: `upcoming-low-balance:${belowZero ? 'below-zero' : 'low'}:${date.slice(0, 7)}`,
    },
  ];
}
