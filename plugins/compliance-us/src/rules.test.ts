import {
  checkProductEligibility,
  consentTerms,
  productTypes,
  requiredDisclosures,
  retentionRule,
} from '@finpersona/plugin-sdk';
import { rulePackProbes, rulePackTestProblems } from '@finpersona/plugin-sdk/testing';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { usRulePackPlugin } from './plugin';

const from = new Date('2026-03-02T15:00:00Z');
const afternoon = new Date('2026-06-01T20:00:00Z'); // 13:00 in Los Angeles
const { rules, days, marketing, refusedBy, disclosed, settingsRefused } = rulePackProbes(usRulePackPlugin, {
  region: 'US',
  from,
  now: afternoon,
  timeZones: { bank: 'America/New_York', customer: 'America/Los_Angeles' },
});
const adult = { ageYears: 30, inArrears: false, suitabilityAssessmentOnFile: true };

/** One check per rule of the pack, by rule id: each shows the rule's effect through the evaluators. */
const checks: Record<string, () => void> = {
  'us.consent.aggregation': () =>
    expect(consentTerms(rules, 'aggregation', from)).toEqual({ expiresAt: null, renewalDueAt: days(365) }),
  'us.consent.personalisation': () =>
    expect(consentTerms(rules, 'personalisation', from)).toEqual({ expiresAt: null, renewalDueAt: null }),
  'us.consent.marketing': () =>
    expect(consentTerms(rules, 'marketing', from)).toEqual({ expiresAt: null, renewalDueAt: null }),
  'us.consent.analytics': () =>
    expect(consentTerms(rules, 'analytics', from)).toEqual({ expiresAt: null, renewalDueAt: null }),
  'us.ais.max-consent-days': () => expect(consentTerms(rules, 'aggregation', from).expiresAt).toBeNull(),
  'us.ais.renewal': () => {
    expect(rules.ais.renewal.kind).toBe('reconfirmation');
    expect(consentTerms(rules, 'aggregation', from).renewalDueAt).toEqual(days(365));
  },
  'us.ais.warn-days-before': () => {
    expect(rules.ais.warnDaysBefore.days).toBe(30);
    expect(settingsRefused({ warnDaysBefore: 14 })).toEqual(['warnDaysBefore']);
    expect(settingsRefused({ warnDaysBefore: 45 })).toEqual([]);
  },
  'us.ais.unattended-refreshes': () => {
    expect(rules.ais.unattendedRefreshes.perDay).toBeNull();
    // No legal cap: any cap a bank sets tightens.
    expect(settingsRefused({ unattendedRefreshesPerDay: 24 })).toEqual([]);
  },
  'us.retention.aggregated-data': () =>
    expect(retentionRule(rules, 'aggregated-data-after-consent-ends')).toMatchObject({
      action: 'delete-after',
      period: { days: 0 },
    }),
  'us.retention.aml-records': () =>
    expect(retentionRule(rules, 'aml-records')).toMatchObject({ action: 'keep-for', period: { years: 5 } }),
  'us.retention.audit-trail': () =>
    expect(retentionRule(rules, 'audit-trail')).toMatchObject({ action: 'keep-for', period: null }),
  'us.retention.marketing-data': () =>
    expect(retentionRule(rules, 'marketing-data')).toMatchObject({ action: 'stop-using' }),
  'us.marketing.model': () => {
    // Opt-out: allowed without an answer, refused once the customer opted out.
    expect(refusedBy('none', 'in-app')).toEqual([]);
    expect(refusedBy('none', 'email')).toEqual([]);
    expect(refusedBy('revoked', 'email')).toEqual(['us.marketing.model']);
  },
  'us.marketing.sms': () => {
    expect(refusedBy('none', 'sms')).toEqual(['us.marketing.sms']);
    expect(refusedBy('granted', 'sms')).toEqual([]);
  },
  'us.marketing.phone': () => {
    expect(refusedBy('none', 'phone')).toEqual(['us.marketing.phone']);
    expect(refusedBy('granted', 'phone')).toEqual([]);
  },
  'us.marketing.quiet-hours': () => {
    // 21:30 in Los Angeles (PDT) is 00:30 in New York: the customer's clock decides, until 08:00 PDT.
    const evening = new Date('2026-06-02T04:30:00Z');
    expect(marketing('granted', 'sms', evening)).toEqual({
      decision: 'deferred',
      notBefore: new Date('2026-06-02T15:00:00Z'),
      refusals: [
        {
          ruleId: 'us.marketing.quiet-hours',
          reason: "Quiet hours 21:00-08:00 (customer's time): no sms marketing.",
        },
      ],
    });
    expect(marketing('granted', 'sms', new Date('2026-06-02T03:59:00Z')).decision).toBe('allowed'); // 20:59 PDT
    expect(marketing('none', 'in-app', evening).decision).toBe('allowed');
  },
  'us.eligibility.credit-in-arrears': () =>
    expect(checkProductEligibility(rules, { ...adult, inArrears: true }, 'personal-loan')).toMatchObject({
      allowed: false,
      refusals: [{ ruleId: 'us.eligibility.credit-in-arrears' }],
    }),
  'us.eligibility.credit-adult': () =>
    expect(checkProductEligibility(rules, { ...adult, ageYears: 17 }, 'personal-loan')).toMatchObject({
      allowed: false,
      refusals: [{ ruleId: 'us.eligibility.credit-adult' }],
    }),
  'us.eligibility.card-under-21': () => {
    expect(checkProductEligibility(rules, { ...adult, ageYears: 19 }, 'credit-card')).toMatchObject({
      allowed: false,
      refusals: [{ ruleId: 'us.eligibility.card-under-21' }],
    });
    expect(
      checkProductEligibility(
        rules,
        { ...adult, ageYears: 19, independentMeansOrCosigner: true },
        'credit-card',
      ),
    ).toEqual({ allowed: true });
    expect(checkProductEligibility(rules, { ...adult, ageYears: 19 }, 'personal-loan')).toEqual({
      allowed: true,
    });
  },
  'us.eligibility.investment-best-interest': () =>
    expect(checkProductEligibility(rules, { ageYears: 30 }, 'investment-fund')).toMatchObject({
      allowed: false,
      refusals: [{ ruleId: 'us.eligibility.investment-best-interest' }],
    }),
  'us.disclosure.glba-privacy-notice': () => {
    for (const productType of productTypes)
      expect(disclosed(productType)[0]).toBe('us.disclosure.glba-privacy-notice');
  },
  'us.disclosure.card-application': () =>
    expect(requiredDisclosures(rules, 'credit-card')[1]).toMatchObject({
      id: 'us.disclosure.card-application',
      when: 'before-offer',
    }),
  'us.disclosure.closed-end-credit': () =>
    expect(disclosed('personal-loan')).toEqual([
      'us.disclosure.glba-privacy-notice',
      'us.disclosure.closed-end-credit',
    ]),
  'us.disclosure.loan-estimate': () =>
    expect(disclosed('mortgage')).toEqual([
      'us.disclosure.glba-privacy-notice',
      'us.disclosure.loan-estimate',
    ]),
  'us.disclosure.truth-in-savings': () =>
    expect(disclosed('savings-account')).toEqual([
      'us.disclosure.glba-privacy-notice',
      'us.disclosure.truth-in-savings',
    ]),
  'us.disclosure.form-crs': () =>
    expect(disclosed('investment-fund')).toEqual([
      'us.disclosure.glba-privacy-notice',
      'us.disclosure.form-crs',
    ]),
};

describe('the US rule pack', () => {
  it.each(Object.keys(checks))('%s', (id) => checks[id]!());

  it('is a valid plugin; its README lists, and its tests check, every rule', () =>
    expect(rulePackTestProblems(usRulePackPlugin, checks, join(__dirname, '..'))).toEqual([]));
});
