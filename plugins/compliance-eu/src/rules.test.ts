import {
  checkProductEligibility,
  consentTerms,
  marketingAllowed,
  retentionRule,
} from '@finpersona/plugin-sdk';
import { rulePackProbes, rulePackTestProblems } from '@finpersona/plugin-sdk/testing';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { euRulePackPlugin } from './plugin';

const from = new Date('2026-03-02T10:00:00Z');
const { rules, rulesWith, days, marketing, refusedBy, disclosed, settingsRefused } = rulePackProbes(
  euRulePackPlugin,
  {
    region: 'EU',
    from,
    timeZones: { bank: 'Europe/Berlin' },
  },
);
const adult = { ageYears: 35, inArrears: false, suitabilityAssessmentOnFile: true };

/** One check per rule of the pack, by rule id: each shows the rule's effect through the evaluators. */
const checks: Record<string, () => void> = {
  'eu.consent.aggregation': () =>
    expect(consentTerms(rules, 'aggregation', from)).toEqual({
      expiresAt: days(180),
      renewalDueAt: days(180),
    }),
  'eu.consent.personalisation': () =>
    expect(consentTerms(rules, 'personalisation', from)).toEqual({ expiresAt: null, renewalDueAt: null }),
  'eu.consent.marketing': () =>
    expect(consentTerms(rules, 'marketing', from)).toEqual({ expiresAt: null, renewalDueAt: null }),
  'eu.consent.analytics': () =>
    expect(consentTerms(rules, 'analytics', from)).toEqual({ expiresAt: null, renewalDueAt: null }),
  'eu.ais.max-consent-days': () =>
    expect(consentTerms(rules, 'aggregation', from).expiresAt).toEqual(days(180)),
  'eu.ais.renewal': () => {
    expect(rules.ais.renewal.kind).toBe('strong-authentication');
    expect(consentTerms(rules, 'aggregation', from).renewalDueAt).toEqual(days(180));
  },
  'eu.ais.warn-days-before': () => {
    expect(rules.ais.warnDaysBefore.days).toBe(14);
    expect(settingsRefused({ warnDaysBefore: 13 })).toEqual(['warnDaysBefore']);
  },
  'eu.ais.unattended-refreshes': () => {
    expect(rules.ais.unattendedRefreshes.perDay).toBe(4);
    expect(settingsRefused({ unattendedRefreshesPerDay: 5 })).toEqual(['unattendedRefreshesPerDay']);
  },
  'eu.retention.aggregated-data': () =>
    expect(retentionRule(rules, 'aggregated-data-after-consent-ends')).toMatchObject({
      action: 'delete-after',
      period: { days: 0 },
      from: 'consent-ended',
    }),
  'eu.retention.aml-records': () =>
    expect(retentionRule(rules, 'aml-records')).toMatchObject({
      action: 'keep-for',
      period: { years: 5 },
      from: 'relationship-ended',
    }),
  'eu.retention.audit-trail': () =>
    expect(retentionRule(rules, 'audit-trail')).toMatchObject({ action: 'keep-for', period: null }),
  'eu.retention.marketing-data': () =>
    expect(retentionRule(rules, 'marketing-data')).toMatchObject({
      action: 'stop-using',
      from: 'marketing-objection',
    }),
  'eu.marketing.model': () => {
    expect(refusedBy('none', 'in-app')).toEqual(['eu.marketing.model']);
    expect(refusedBy('revoked', 'push')).toEqual(['eu.marketing.model']);
    expect(marketing('granted', 'in-app').decision).toBe('allowed');
  },
  'eu.marketing.email': () => {
    expect(refusedBy('none', 'email')).toEqual(['eu.marketing.email']);
    expect(marketing('granted', 'email').decision).toBe('allowed');
  },
  'eu.marketing.sms': () => {
    expect(refusedBy('none', 'sms')).toEqual(['eu.marketing.sms']);
    // No quiet hours in EU law: 03:00 in Berlin is allowed with consent.
    expect(marketing('granted', 'sms', new Date('2026-03-02T02:00:00Z'))).toEqual({ decision: 'allowed' });
  },
  'eu.eligibility.credit-in-arrears': () => {
    for (const product of ['credit-card', 'personal-loan', 'mortgage'] as const) {
      expect(checkProductEligibility(rules, { ...adult, inArrears: true }, product)).toEqual({
        allowed: false,
        refusals: [
          {
            ruleId: 'eu.eligibility.credit-in-arrears',
            reason: 'Customers in arrears are not offered new credit.',
          },
        ],
      });
    }
    expect(checkProductEligibility(rules, { ...adult, inArrears: true }, 'savings-account')).toEqual({
      allowed: true,
    });
  },
  'eu.eligibility.credit-adult': () => {
    expect(checkProductEligibility(rules, { ...adult, ageYears: 17 }, 'personal-loan')).toMatchObject({
      allowed: false,
      refusals: [{ ruleId: 'eu.eligibility.credit-adult' }],
    });
    expect(checkProductEligibility(rules, { ...adult, ageYears: 18 }, 'personal-loan')).toEqual({
      allowed: true,
    });
  },
  'eu.eligibility.investment-suitability': () => {
    expect(
      checkProductEligibility(rules, { ...adult, suitabilityAssessmentOnFile: false }, 'investment-fund'),
    ).toMatchObject({ allowed: false, refusals: [{ ruleId: 'eu.eligibility.investment-suitability' }] });
    expect(checkProductEligibility(rules, adult, 'investment-fund')).toEqual({ allowed: true });
  },
  'eu.disclosure.consumer-credit': () => {
    expect(disclosed('personal-loan')).toEqual(['eu.disclosure.consumer-credit']);
    expect(disclosed('credit-card')).toEqual(['eu.disclosure.consumer-credit']);
  },
  'eu.disclosure.mortgage': () => expect(disclosed('mortgage')).toEqual(['eu.disclosure.mortgage']),
  'eu.disclosure.priips-kid': () =>
    expect(disclosed('investment-fund')).toEqual(['eu.disclosure.priips-kid']),
  'eu.disclosure.payment-account-fees': () =>
    expect(disclosed('current-account')).toEqual([
      'eu.disclosure.payment-account-fees',
      'eu.disclosure.deposit-guarantee',
    ]),
  'eu.disclosure.deposit-guarantee': () => {
    expect(disclosed('savings-account')).toEqual(['eu.disclosure.deposit-guarantee']);
    expect(disclosed('fixed-term-deposit')).toEqual(['eu.disclosure.deposit-guarantee']);
  },
  'eu.disclosure.insurance-ipid': () =>
    expect(disclosed('insurance')).toEqual(['eu.disclosure.insurance-ipid']),
};

describe('the EU rule pack', () => {
  it.each(Object.keys(checks))('%s', (id) => checks[id]!());

  it('is a valid plugin; its README lists, and its tests check, every rule', () =>
    expect(rulePackTestProblems(euRulePackPlugin, checks, join(__dirname, '..'))).toEqual([]));

  it('a bank may tighten: warn earlier, fewer refreshes, shorter consents, its own quiet hours', () => {
    const settings = {
      warnDaysBefore: 30,
      unattendedRefreshesPerDay: 2,
      aggregationConsentDays: 90,
      quietHoursStart: '20:00',
      quietHoursEnd: '09:00',
    };
    expect(settingsRefused(settings)).toEqual([]);
    const bank = rulesWith(settings);
    expect(bank.ais.warnDaysBefore.days).toBe(30);
    expect(bank.ais.unattendedRefreshes.perDay).toBe(2);
    expect(consentTerms(bank, 'aggregation', from).expiresAt).toEqual(days(90));
    const evening = new Date('2026-03-02T20:30:00Z'); // 21:30 in Berlin
    expect(
      marketingAllowed(bank, {
        consent: 'granted',
        channel: 'in-app',
        now: evening,
        timeZones: { bank: 'Europe/Berlin' },
      }),
    ).toMatchObject({ decision: 'deferred', notBefore: new Date('2026-03-03T08:00:00Z') });
  });

  it('a bank may not loosen: each field is refused', () => {
    expect(
      settingsRefused({ warnDaysBefore: 7, unattendedRefreshesPerDay: 6, aggregationConsentDays: 365 }),
    ).toEqual(['warnDaysBefore', 'unattendedRefreshesPerDay', 'aggregationConsentDays']);
  });

  it('gives only the EU rules', () => {
    expect(() =>
      euRulePackPlugin.extensions['compliance-rule-pack'].rulesFor({
        tenantId: 'bank',
        region: 'US',
        settings: {},
      }),
    ).toThrow('compliance-eu gives the rules of EU, not US');
  });
});
