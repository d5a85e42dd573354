import { describe, expect, it } from 'vitest';
import { regionLaw } from '../testing/rule-packs';
import { addDays, consentTerms, DAY_MS, deadlineOf, warningAt } from './consent-dates';
import { isConsentLive } from './consent-liveness';

const grantedAt = new Date('2026-03-28T23:30:00.000Z'); // the night EU clocks move: days stay 24 h

describe('consent date arithmetic', () => {
  it('an EU aggregation consent expires and needs strong authentication 180 days (of 24 h) after the grant', () => {
    const terms = consentTerms(regionLaw('EU'), 'aggregation', grantedAt);
    expect(terms.expiresAt?.toISOString()).toBe('2026-09-24T23:30:00.000Z');
    expect(terms.renewalDueAt).toEqual(terms.expiresAt);
    expect(terms.renewalDueAt!.getTime() - grantedAt.getTime()).toBe(180 * DAY_MS);
  });

  it('a UK aggregation consent has no cap but needs reconfirmation after 90 days; US after 365', () => {
    expect(consentTerms(regionLaw('UK'), 'aggregation', grantedAt)).toEqual({
      expiresAt: null,
      renewalDueAt: addDays(grantedAt, 90),
    });
    expect(consentTerms(regionLaw('US'), 'aggregation', grantedAt)).toEqual({
      expiresAt: null,
      renewalDueAt: addDays(grantedAt, 365),
    });
  });

  it('other purposes last until revoked in every region', () => {
    for (const region of ['EU', 'UK', 'US'] as const) {
      for (const purpose of ['personalisation', 'marketing', 'analytics'] as const) {
        expect(consentTerms(regionLaw(region), purpose, grantedAt)).toEqual({
          expiresAt: null,
          renewalDueAt: null,
        });
      }
    }
  });

  it('the deadline is the earlier date; a renewal due with the expiry counts as a missed renewal', () => {
    const eu = consentTerms(regionLaw('EU'), 'aggregation', grantedAt);
    expect(deadlineOf(eu)).toEqual({ at: eu.renewalDueAt, reason: 'renewal-missed' });
    const later = addDays(grantedAt, 200);
    expect(deadlineOf({ expiresAt: later, renewalDueAt: addDays(grantedAt, 90) })).toEqual({
      at: addDays(grantedAt, 90),
      reason: 'renewal-missed',
    });
    expect(deadlineOf({ expiresAt: addDays(grantedAt, 30), renewalDueAt: later })).toEqual({
      at: addDays(grantedAt, 30),
      reason: 'expired',
    });
    expect(deadlineOf({ expiresAt: addDays(grantedAt, 30), renewalDueAt: null })?.reason).toBe('expired');
    expect(deadlineOf({ expiresAt: null, renewalDueAt: null })).toBeNull();
  });

  it('the warning comes warnDaysBefore the deadline (14 in the EU and UK, 30 in the US), never before the grant', () => {
    const deadline = addDays(grantedAt, 180);
    expect(warningAt(regionLaw('EU'), deadline, grantedAt)).toEqual(addDays(grantedAt, 166));
    expect(warningAt(regionLaw('UK'), addDays(grantedAt, 90), grantedAt)).toEqual(addDays(grantedAt, 76));
    expect(warningAt(regionLaw('US'), addDays(grantedAt, 365), grantedAt)).toEqual(addDays(grantedAt, 335));
    expect(warningAt(regionLaw('EU'), addDays(grantedAt, 3), grantedAt)).toEqual(grantedAt);
  });

  it('isConsentLive turns false exactly at the EU deadline and the UK one', () => {
    for (const [region, days] of [
      ['EU', 180],
      ['UK', 90],
    ] as const) {
      const consent = {
        status: 'granted' as const,
        ...consentTerms(regionLaw(region), 'aggregation', grantedAt),
      };
      expect(isConsentLive(consent, addDays(grantedAt, days - 1))).toBe(true);
      expect(isConsentLive(consent, new Date(addDays(grantedAt, days).getTime() - 1))).toBe(true);
      expect(isConsentLive(consent, addDays(grantedAt, days))).toBe(false);
      expect(isConsentLive(consent, addDays(grantedAt, days + 1))).toBe(false);
    }
  });
});
