import {
  checkProductEligibility,
  consentTerms,
  marketingAllowed,
  retentionRule,
} from '@finpersona/plugin-sdk';
import { rulePackProbes, rulePackTestProblems } from '@finpersona/plugin-sdk/testing';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ukRulePackPlugin } from './plugin';

const from = new Date('2026-03-02T10:00:00Z');
const late = new Date('2026-03-02T23:30:00Z'); // 23:30 in London
const { rules, rulesWith, days, refusedBy, disclosed, settingsRefused } = rulePackProbes(ukRulePackPlugin, {
  region: 'UK',
  from,
  now: late,
  timeZones: { bank: 'Europe/London' },
});
const adult = { ageYears: 40, inArrears: false, suitabilityAssessmentOnFile: true };

/** One check per rule of the pack, by rule id: each shows the rule's effect through the evaluators. */
const checks: Record<string, () => void> = {
  'uk.consent.aggregation': () =>
    expect(consentTerms(rules, 'aggregation', from)).toEqual({ expiresAt: null, renewalDueAt: days(90) }),
  'uk.consent.personalisation': () =>
    expect(consentTerms(rules, 'personalisation', from)).toEqual({ expiresAt: null, renewalDueAt: null }),
  'uk.consent.marketing': () =>
    expect(consentTerms(rules, 'marketing', from)).toEqual({ expiresAt: null, renewalDueAt: null }),
  'uk.consent.analytics': () =>
    expect(consentTerms(rules, 'analytics', from)).toEqual({ expiresAt: null, renewalDueAt: null }),
  'uk.ais.max-consent-days': () => {
    expect(consentTerms(rules, 'aggregation', from).expiresAt).toBeNull();
    // Without a legal cap a bank may still set one.
    expect(settingsRefused({ aggregationConsentDays: 400 })).toEqual([]);
  },
  'uk.ais.renewal': () => {
    expect(rules.ais.renewal.kind).toBe('reconfirmation');
    expect(consentTerms(rules, 'aggregation', from).renewalDueAt).toEqual(days(90));
  },
  'uk.ais.warn-days-before': () => {
    expect(rules.ais.warnDaysBefore.days).toBe(14);
    expect(settingsRefused({ warnDaysBefore: 10 })).toEqual(['warnDaysBefore']);
    expect(settingsRefused({ warnDaysBefore: 90 })).toEqual(['warnDaysBefore']);
  },
  'uk.ais.unattended-refreshes': () => {
    expect(rules.ais.unattendedRefreshes.perDay).toBe(4);
    expect(settingsRefused({ unattendedRefreshesPerDay: 5 })).toEqual(['unattendedRefreshesPerDay']);
  },
  'uk.retention.aggregated-data': () =>
    expect(retentionRule(rules, 'aggregated-data-after-consent-ends')).toMatchObject({
      action: 'delete-after',
      period: { days: 0 },
    }),
  'uk.retention.aml-records': () =>
    expect(retentionRule(rules, 'aml-records')).toMatchObject({ action: 'keep-for', period: { years: 5 } }),
  'uk.retention.audit-trail': () =>
    expect(retentionRule(rules, 'audit-trail')).toMatchObject({ action: 'keep-for', period: null }),
  'uk.retention.marketing-data': () =>
    expect(retentionRule(rules, 'marketing-data')).toMatchObject({ action: 'stop-using' }),
  'uk.marketing.model': () => {
    expect(refusedBy('none', 'in-app')).toEqual(['uk.marketing.model']);
    // No UK quiet hours: with consent, 23:30 is allowed.
    expect(refusedBy('granted', 'in-app')).toEqual([]);
  },
  'uk.marketing.email': () => {
    expect(refusedBy('none', 'email')).toEqual(['uk.marketing.email']);
    expect(refusedBy('granted', 'email')).toEqual([]);
  },
  'uk.marketing.sms': () => {
    expect(refusedBy('revoked', 'sms')).toEqual(['uk.marketing.sms']);
    expect(refusedBy('granted', 'sms')).toEqual([]);
  },
  'uk.eligibility.credit-in-arrears': () =>
    expect(checkProductEligibility(rules, { ...adult, inArrears: true }, 'mortgage')).toMatchObject({
      allowed: false,
      refusals: [{ ruleId: 'uk.eligibility.credit-in-arrears' }],
    }),
  'uk.eligibility.credit-adult': () => {
    expect(checkProductEligibility(rules, { ...adult, ageYears: 17 }, 'credit-card')).toMatchObject({
      allowed: false,
      refusals: [{ ruleId: 'uk.eligibility.credit-adult' }],
    });
    expect(checkProductEligibility(rules, { ...adult, ageYears: 18 }, 'credit-card')).toEqual({
      allowed: true,
    });
  },
  'uk.eligibility.investment-suitability': () => {
    expect(checkProductEligibility(rules, { ageYears: 40 }, 'investment-fund')).toMatchObject({
      allowed: false,
      refusals: [{ ruleId: 'uk.eligibility.investment-suitability' }],
    });
    expect(checkProductEligibility(rules, adult, 'investment-fund')).toEqual({ allowed: true });
  },
  'uk.disclosure.consumer-credit': () =>
    expect([disclosed('personal-loan'), disclosed('credit-card')]).toEqual([
      ['uk.disclosure.consumer-credit'],
      ['uk.disclosure.consumer-credit'],
    ]),
  'uk.disclosure.mortgage': () => expect(disclosed('mortgage')).toEqual(['uk.disclosure.mortgage']),
  'uk.disclosure.priips-kid': () =>
    expect(disclosed('investment-fund')).toEqual(['uk.disclosure.priips-kid']),
  'uk.disclosure.payment-account-fees': () =>
    expect(disclosed('current-account')).toEqual([
      'uk.disclosure.payment-account-fees',
      'uk.disclosure.fscs',
    ]),
  'uk.disclosure.fscs': () =>
    expect([disclosed('savings-account'), disclosed('fixed-term-deposit')]).toEqual([
      ['uk.disclosure.fscs'],
      ['uk.disclosure.fscs'],
    ]),
  'uk.disclosure.insurance-product-information': () =>
    expect(disclosed('insurance')).toEqual(['uk.disclosure.insurance-product-information']),
};

describe('the UK rule pack', () => {
  it.each(Object.keys(checks))('%s', (id) => checks[id]!());

  it('is a valid plugin; its README lists, and its tests check, every rule', () =>
    expect(rulePackTestProblems(ukRulePackPlugin, checks, join(__dirname, '..'))).toEqual([]));

  it("a bank's quiet hours defer in-app marketing on the bank's clock", () => {
    const settings = { quietHoursStart: '22:00', quietHoursEnd: '07:30', quietHoursTimeZone: 'bank' };
    expect(settingsRefused(settings)).toEqual([]);
    const bank = rulesWith(settings);
    expect(
      marketingAllowed(bank, {
        consent: 'granted',
        channel: 'in-app',
        now: late,
        timeZones: { bank: 'Europe/London', customer: 'Asia/Tokyo' },
      }),
    ).toMatchObject({ decision: 'deferred', notBefore: new Date('2026-03-03T07:30:00Z') });
    expect(settingsRefused({ quietHoursStart: '22:00' })).toEqual(['quietHoursEnd']);
  });
});
