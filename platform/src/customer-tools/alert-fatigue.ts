/**
 * Caps against alert fatigue, pure: given the occurrences found in one evaluation (oldest first), the state
 * of their alerts and what the customer was already sent today, decide for each whether it is sent or
 * suppressed — and why. Suppressed occurrences are recorded like sent ones (each occurrence is acted on once)
 * and counted, so the customer can see what was held back.
 */

export interface AlertLimits {
  /** Cooldown of a new alert when the customer sets none: hours between two notifications of one alert. */
  defaultCooldownHours: number;
  /** At most this many alert notifications per customer per UTC day, all alerts together. */
  perCustomerPerDay: number;
}

/** The platform's defaults (a bank setting can replace them later; see README "Customer tools"). */
export const defaultAlertLimits: AlertLimits = { defaultCooldownHours: 24, perCustomerPerDay: 5 };

export type AlertDecision = 'sent' | 'cooldown' | 'daily-cap';

export interface PendingOccurrence {
  alertId: string;
  subjectRef: string;
}

export interface AlertPace {
  cooldownHours: number;
  lastSentAt: Date | null;
}

export function decideAlertDeliveries<T extends PendingOccurrence>(input: {
  occurrences: readonly T[];
  alerts: ReadonlyMap<string, AlertPace>;
  /** Alert notifications already sent to this customer since the start of today (UTC). */
  sentToday: number;
  limits: AlertLimits;
  now: Date;
}): { occurrence: T; decision: AlertDecision }[] {
  const lastSent = new Map([...input.alerts].map(([id, pace]) => [id, pace.lastSentAt]));
  let sentToday = input.sentToday;
  return input.occurrences.map((occurrence) => {
    const pace = input.alerts.get(occurrence.alertId);
    if (!pace) throw new Error(`No alert ${occurrence.alertId} for an occurrence`);
    const last = lastSent.get(occurrence.alertId) ?? null;
    if (last && input.now.getTime() - last.getTime() < pace.cooldownHours * 3_600_000) {
      return { occurrence, decision: 'cooldown' };
    }
    if (sentToday >= input.limits.perCustomerPerDay) return { occurrence, decision: 'daily-cap' };
    sentToday += 1;
    lastSent.set(occurrence.alertId, input.now);
    return { occurrence, decision: 'sent' };
  });
}

/** Start of the UTC day of `now`: the daily cap counts from here. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * An amount for a message: exact decimal from minor units with the currency's digits (never through a
 * float), e.g. `-1234` EUR → `-12.34 EUR`.
 */
export function formatMinor(minor: bigint, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const whole = digits === 0 ? text : text.slice(0, -digits);
  const fraction = digits === 0 ? '' : `.${text.slice(-digits)}`;
  return `${negative ? '-' : ''}${whole}${fraction} ${currency}`;
}
