import type { RegionRules } from '../compliance';
import type { Consent, ConsentPurpose } from './consent.entity';

/**
 * Date arithmetic of a consent's lifecycle, from the region's rules (`regionRules`), never from periods
 * written here. A "day" is 24 hours of UTC time (86,400,000 ms): deadlines do not move with daylight
 * saving, and "day 180" is exactly 180 × 24 h after the grant or the last renewal.
 */
export const DAY_MS = 86_400_000;

export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/** When a consent given (or renewed) at `from` expires and when it must be renewed; null: never. */
export interface ConsentTerms {
  expiresAt: Date | null;
  renewalDueAt: Date | null;
}

/**
 * The terms of a consent for `purpose` given or renewed at `from`. Only aggregation (account information
 * access) has regulatory periods: the region's AIS cap (EU: 180 days) and renewal rule (EU: strong
 * authentication every 180 days; UK: reconfirmation every 90; US: 365). Other purposes last until the
 * customer revokes them.
 */
export function consentTerms(rules: RegionRules, purpose: ConsentPurpose, from: Date): ConsentTerms {
  if (purpose !== 'aggregation') return { expiresAt: null, renewalDueAt: null };
  return {
    expiresAt: rules.ais.maxConsentDays === null ? null : addDays(from, rules.ais.maxConsentDays),
    renewalDueAt: rules.ais.renewal === null ? null : addDays(from, rules.ais.renewal.everyDays),
  };
}

/** The moment a consent stops being live unless something happens, and why it would. */
export interface ConsentDeadline {
  at: Date;
  /** `renewal-missed` when the renewal is due no later than the expiry (a tie counts as a missed renewal). */
  reason: 'expired' | 'renewal-missed';
}

/** The earlier of expiry and renewal due date; null when the consent has neither. */
export function deadlineOf(consent: Pick<Consent, 'expiresAt' | 'renewalDueAt'>): ConsentDeadline | null {
  const { expiresAt, renewalDueAt } = consent;
  if (renewalDueAt && (!expiresAt || renewalDueAt.getTime() <= expiresAt.getTime())) {
    return { at: renewalDueAt, reason: 'renewal-missed' };
  }
  return expiresAt ? { at: expiresAt, reason: 'expired' } : null;
}

/** When the customer is warned: the region's `warnDaysBefore` before the deadline (never before `from`). */
export function warningAt(rules: RegionRules, deadline: Date, from: Date): Date {
  const warn = addDays(deadline, -rules.ais.warnDaysBefore);
  return warn.getTime() < from.getTime() ? from : warn;
}
