/**
 * The contract of `CustomerNotifier` (seam 8 of issue 6): what a capability asks for when it wants to tell
 * a customer something, and what happened on each channel. Callers (insights, customer tools' alerts)
 * never pick channels or check consent themselves: the notifier does, from the purpose and the customer's
 * preferences.
 */

export const notificationChannels = ['in-app', 'email', 'push'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

export const notificationImportances = ['low', 'normal', 'high'] as const;
export type NotificationImportance = (typeof notificationImportances)[number];

/**
 * Why the bank writes: `service` (about the customer's own accounts and tools: alerts they set, consent
 * reminders; no consent beyond the contract), `personalisation` (insights derived from their data: needs a
 * live personalisation consent), `marketing` (offers: the rule pack's marketing model via `MarketingService`).
 */
export const notificationPurposes = ['service', 'personalisation', 'marketing'] as const;
export type NotificationPurpose = (typeof notificationPurposes)[number];

export interface CustomerNotification {
  /** A customer of the current bank (ambient tenant). */
  readonly customerId: string;
  /** What it is, e.g. `insight.idle-cash`, `alert.balance-below`; shown to the customer's app, audited. */
  readonly kind: string;
  /** What it is about (e.g. `insight:<id>`): each channel notifies once per subject. */
  readonly subjectRef: string;
  /** The text, already in the customer's language; stored encrypted, never audited or logged. */
  readonly title: string;
  readonly body: string;
  /** `high` service messages are not held back by the customer's own quiet hours. */
  readonly importance: NotificationImportance;
  readonly purpose: NotificationPurpose;
}

/**
 * - `sent`: delivered to the channel (the in-app inbox, the SMTP server, the push service);
 * - `deferred`: allowed but not now (quiet hours): kept encrypted and sent by `sendDue` at `notBefore`;
 * - `refused`: not allowed (no consent for the purpose, the rule pack's marketing model);
 * - `skipped`: not attempted (channel off in the customer's preferences, no address or subscription,
 *   channel not configured on this deployment, or already notified about this subject).
 */
export type ChannelOutcome = 'sent' | 'deferred' | 'refused' | 'skipped';

export interface ChannelDecision {
  readonly channel: NotificationChannel;
  readonly outcome: ChannelOutcome;
  /** Why, in words a compliance officer reads in the audit log (never the message). */
  readonly reason: string;
  /** For `deferred`: the earliest instant it may go. */
  readonly notBefore?: Date;
}

export interface NotificationResult {
  readonly channels: readonly ChannelDecision[];
}
