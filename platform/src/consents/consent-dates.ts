import type { RegionComplianceRules } from '@finpersona/plugin-sdk';
import type { Consent } from './consent.entity';

/**
 * Date arithmetic of a consent's lifecycle, from the bank's compliance rule pack (`ComplianceRules`), never from periods
 * written here. A "day" is 24 hours of UTC time (86,400,000 ms): deadlines do not move with daylight
 * saving, and "day 180" is exactly 180 × 24 h after the grant or the last renewal.
 */
export const DAY_MS = 86_400_000;

export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/**
 * The terms of a consent given or renewed at `from`: the SDK's `consentTerms`, so the platform and rule
 * packs compute them alike (aggregation: the pack's AIS cap and renewal period; other purposes: their
 * validity, usually until revoked).
 */
export { consentTerms, type ConsentTerms } from '@finpersona/plugin-sdk';

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

/** When the customer is warned: the pack's `warnDaysBefore` before the deadline (never before `from`). */
export function warningAt(rules: Pick<RegionComplianceRules, 'ais'>, deadline: Date, from: Date): Date {
  const warn = addDays(deadline, -rules.ais.warnDaysBefore.days);
  return warn.getTime() < from.getTime() ? from : warn;
}
