import { describe, expect, it } from 'vitest';
import {
  checkProductEligibility,
  consentTerms,
  marketingAllowed,
  type RegionComplianceRules,
  requiredDisclosures,
  retentionRule,
  rulePackSettingsProblems,
  rulePackSettingsSchema,
  tightenRules,
  validateRegionRules,
} from './compliance-rule-pack';
import { definePlugin, validatePlugin } from './manifest';
import { creditProductTypes } from './product';
import { sdkVersion } from './version';

const cite = 'Test instrument, art. 1: what this rule implements.';

/** A made-up region's rules exercising every kind of rule (not any real law). */
const rules: RegionComplianceRules = {
  region: 'EU',
  consentPurposes: [
    { id: 't.consent.aggregation', source: cite, purpose: 'aggregation', validityDays: null },
    { id: 't.consent.personalisation', source: cite, purpose: 'personalisation', validityDays: null },
    { id: 't.consent.marketing', source: cite, purpose: 'marketing', validityDays: 730 },
    { id: 't.consent.analytics', source: cite, purpose: 'analytics', validityDays: null },
  ],
  ais: {
    maxConsentDays: { id: 't.ais.max', source: cite, days: 180 },
    renewal: { id: 't.ais.renewal', source: cite, kind: 'strong-authentication', everyDays: 90 },
    warnDaysBefore: { id: 't.ais.warn', source: cite, days: 14 },
    unattendedRefreshes: { id: 't.ais.refreshes', source: cite, perDay: 4 },
  },
  retention: [
    {
      id: 't.retention.aggregated',
      source: cite,
      category: 'aggregated-data-after-consent-ends',
      action: 'delete-after',
      period: { days: 0 },
      from: 'consent-ended',
    },
    {
      id: 't.retention.aml',
      source: cite,
      category: 'aml-records',
      action: 'keep-for',
      period: { years: 5 },
      from: 'relationship-ended',
    },
    {
      id: 't.retention.audit',
      source: cite,
      category: 'audit-trail',
      action: 'keep-for',
      period: null,
      from: 'record-created',
    },
    {
      id: 't.retention.marketing',
      source: cite,
      category: 'marketing-data',
      action: 'delete-after',
      period: { days: 0 },
      from: 'marketing-objection',
    },
  ],
  marketing: {
    model: { id: 't.marketing.model', source: cite, model: 'opt-out' },
    channels: [{ id: 't.marketing.sms', source: cite, channel: 'sms', model: 'opt-in' }],
    quietHours: [
      {
        id: 't.marketing.quiet',
        source: cite,
        start: '21:00',
        end: '08:00',
        timeZone: 'customer',
        channels: ['sms', 'phone'],
      },
    ],
  },
  eligibility: [
    {
      id: 't.eligibility.arrears',
      source: cite,
      productTypes: creditProductTypes,
      requires: { fact: 'inArrears', equals: false },
      reason: 'Customers in arrears are not offered new credit.',
    },
    {
      id: 't.eligibility.card-age',
      source: cite,
      productTypes: ['credit-card'],
      requires: {
        anyOf: [
          { fact: 'ageYears', atLeast: 21 },
          { fact: 'independentMeansOrCosigner', equals: true },
        ],
      },
      reason: 'Under 21 only with independent means or a co-signer.',
    },
  ],
  disclosures: [
    {
      id: 't.disclosure.credit',
      source: cite,
      productTypes: ['personal-loan', 'credit-card'],
      document: 'Credit information sheet',
      when: 'before-contract',
    },
  ],
};

describe('validateRegionRules', () => {
  it('accepts complete rules', () => {
    expect(validateRegionRules(rules, 'EU')).toEqual([]);
  });

  it('names every problem with its path', () => {
    const broken = {
      ...rules,
      consentPurposes: rules.consentPurposes.slice(1),
      ais: { ...rules.ais, renewal: { ...rules.ais.renewal, kind: 'none' as const } },
      retention: [...rules.retention, { ...rules.retention[0]!, id: 't.retention.again' }],
      marketing: {
        ...rules.marketing,
        quietHours: [{ ...rules.marketing.quietHours[0]!, start: '25:00', source: '' }],
      },
      eligibility: [{ ...rules.eligibility[0]!, id: 't.disclosure.credit' }],
    };
    expect(validateRegionRules(broken, 'US')).toEqual([
      { path: '$.region', message: 'is "EU" but the bank\'s region is US' },
      { path: '$.consentPurposes', message: 'must give the purpose "aggregation" exactly once (found 0)' },
      {
        path: '$.ais.renewal',
        message: 'kind "none" goes with everyDays null, and any other kind with a number of days',
      },
      {
        path: '$.retention',
        message: 'must give the category "aggregated-data-after-consent-ends" exactly once (found 2)',
      },
      { path: '$.marketing.quietHours[0].source', message: 'every rule must cite its source' },
      { path: '$.marketing.quietHours[0].start', message: 'must be a local time HH:MM (00:00-23:59)' },
      {
        path: '$.disclosures[0].id',
        message: '"t.disclosure.credit" is also the id of $.eligibility[0]',
      },
    ]);
  });
});

describe('checkProductEligibility', () => {
  it('offers credit to an adult not in arrears', () => {
    expect(checkProductEligibility(rules, { inArrears: false, ageYears: 30 }, 'credit-card')).toEqual({
      allowed: true,
    });
  });

  it('refuses credit to a customer in arrears, naming the rule', () => {
    expect(checkProductEligibility(rules, { inArrears: true, ageYears: 30 }, 'personal-loan')).toEqual({
      allowed: false,
      refusals: [
        { ruleId: 't.eligibility.arrears', reason: 'Customers in arrears are not offered new credit.' },
      ],
    });
  });

  it('lets either branch of anyOf satisfy a rule', () => {
    const facts = { inArrears: false, ageYears: 19 };
    expect(checkProductEligibility(rules, facts, 'credit-card').allowed).toBe(false);
    expect(
      checkProductEligibility(rules, { ...facts, independentMeansOrCosigner: true }, 'credit-card').allowed,
    ).toBe(true);
  });

  it('refuses when a fact a rule needs is unknown, and says which', () => {
    expect(checkProductEligibility(rules, { ageYears: 40 }, 'mortgage')).toEqual({
      allowed: false,
      refusals: [
        {
          ruleId: 't.eligibility.arrears',
          reason:
            'Customers in arrears are not offered new credit. (unknown: inArrears; look it up before offering)',
        },
      ],
    });
  });

  it('leaves products no rule names alone', () => {
    expect(checkProductEligibility(rules, {}, 'savings-account')).toEqual({ allowed: true });
  });
});

describe('marketingAllowed', () => {
  const timeZones = { bank: 'Europe/Berlin', customer: 'America/New_York' };
  const noonInNewYork = new Date('2026-06-01T16:00:00Z');

  it('opt-out: allowed without an answer, refused after the customer objected', () => {
    const ask = (consent: 'granted' | 'revoked' | 'none') =>
      marketingAllowed(rules, { consent, channel: 'email', now: noonInNewYork, timeZones }).decision;
    expect([ask('none'), ask('granted'), ask('revoked')]).toEqual(['allowed', 'allowed', 'refused']);
  });

  it('a channel with its own opt-in model needs a granted consent', () => {
    expect(
      marketingAllowed(rules, { consent: 'none', channel: 'sms', now: noonInNewYork, timeZones }),
    ).toEqual({
      decision: 'refused',
      refusals: [
        {
          ruleId: 't.marketing.sms',
          reason: "Marketing by sms needs the customer's marketing consent (opt-in); they have not given it.",
        },
      ],
    });
  });

  it("defers inside quiet hours on the customer's clock to their end", () => {
    // 22:30 in New York (EDT, UTC-4) is 04:30 in Berlin: quiet on the customer's clock.
    const late = new Date('2026-06-02T02:30:00Z');
    expect(marketingAllowed(rules, { consent: 'granted', channel: 'sms', now: late, timeZones })).toEqual({
      decision: 'deferred',
      notBefore: new Date('2026-06-02T12:00:00Z'),
      refusals: [
        {
          ruleId: 't.marketing.quiet',
          reason: "Quiet hours 21:00-08:00 (customer's time): no sms marketing.",
        },
      ],
    });
    // Quiet hours name sms and phone only.
    expect(
      marketingAllowed(rules, { consent: 'granted', channel: 'email', now: late, timeZones }).decision,
    ).toBe('allowed');
    // Without the customer's zone, the bank's clock is used: 04:30 in Berlin is quiet too, until 08:00 CEST.
    expect(
      marketingAllowed(rules, {
        consent: 'granted',
        channel: 'sms',
        now: late,
        timeZones: { bank: 'Europe/Berlin' },
      }),
    ).toMatchObject({ decision: 'deferred', notBefore: new Date('2026-06-02T06:00:00Z') });
  });

  it('chains overlapping quiet hours to the end of the last', () => {
    const bank = tightenRules(rules, { quietHoursStart: '07:00', quietHoursEnd: '09:30' });
    const late = new Date('2026-06-02T02:30:00Z');
    expect(
      marketingAllowed(bank, { consent: 'granted', channel: 'sms', now: late, timeZones }),
    ).toMatchObject({
      decision: 'deferred',
      notBefore: new Date('2026-06-02T13:30:00Z'),
    });
  });
});

describe('consentTerms', () => {
  const from = new Date('2026-01-10T09:00:00Z');
  const day = 86_400_000;

  it('aggregation: the AIS cap and renewal period', () => {
    expect(consentTerms(rules, 'aggregation', from)).toEqual({
      expiresAt: new Date(from.getTime() + 180 * day),
      renewalDueAt: new Date(from.getTime() + 90 * day),
    });
  });

  it('other purposes: their own validity, never a renewal', () => {
    expect(consentTerms(rules, 'marketing', from)).toEqual({
      expiresAt: new Date(from.getTime() + 730 * day),
      renewalDueAt: null,
    });
    expect(consentTerms(rules, 'analytics', from)).toEqual({ expiresAt: null, renewalDueAt: null });
  });

  it('a shorter aggregation validity wins over the AIS cap', () => {
    const bank = tightenRules(rules, { aggregationConsentDays: 60 });
    expect(consentTerms(bank, 'aggregation', from).expiresAt).toEqual(new Date(from.getTime() + 60 * day));
  });
});

describe('requiredDisclosures and retentionRule', () => {
  it('lists the disclosures of a product type', () => {
    expect(requiredDisclosures(rules, 'credit-card').map((rule) => rule.id)).toEqual(['t.disclosure.credit']);
    expect(requiredDisclosures(rules, 'savings-account')).toEqual([]);
  });

  it('finds the rule of a retention category', () => {
    expect(retentionRule(rules, 'aml-records').period).toEqual({ years: 5 });
    expect(() => retentionRule({ retention: [] }, 'aml-records')).toThrow(
      'no retention rule for "aml-records"',
    );
  });
});

describe('bank settings only tighten', () => {
  it('accepts tightening settings and applies them with the law cited', () => {
    const settings = { warnDaysBefore: 30, unattendedRefreshesPerDay: 2, aggregationConsentDays: 90 };
    expect(rulePackSettingsProblems(rules, settings)).toEqual([]);
    const bank = tightenRules(rules, settings);
    expect(bank.ais.warnDaysBefore).toEqual({
      id: 't.ais.warn.bank',
      source: `Bank setting \`warnDaysBefore\`, tightening t.ais.warn: ${cite}`,
      days: 30,
    });
    expect(bank.ais.unattendedRefreshes.perDay).toBe(2);
    expect(validateRegionRules(bank, 'EU')).toEqual([]);
  });

  it('refuses every loosening, field by field', () => {
    expect(
      rulePackSettingsProblems(rules, {
        warnDaysBefore: 7,
        unattendedRefreshesPerDay: 5,
        aggregationConsentDays: 365,
        quietHoursStart: '20:00',
      }),
    ).toEqual([
      {
        field: 'warnDaysBefore',
        problem: "may not be below 14 days (the EU pack's); warn earlier, not later",
      },
      { field: 'unattendedRefreshesPerDay', problem: "may not exceed the law's 4 a day (t.ais.refreshes)" },
      { field: 'aggregationConsentDays', problem: "may not exceed the law's 180 days (t.ais.max)" },
      { field: 'quietHoursEnd', problem: 'quiet hours need both a start and an end' },
    ]);
    expect(rulePackSettingsProblems(rules, { warnDaysBefore: 90 })).toEqual([
      {
        field: 'warnDaysBefore',
        problem: 'must be less than the 90-day consent period, or customers are warned as they consent',
      },
    ]);
  });
});

describe('a compliance-rule-pack plugin', () => {
  it('validates as a plugin implementing the extension point', () => {
    const plugin = definePlugin({
      manifest: {
        id: 'compliance-test',
        name: 'Test rules',
        version: '1.0.0',
        publisher: 'FinPersona',
        sdk: `^${sdkVersion}`,
        capabilities: ['compliance-rule-pack'],
        settings: rulePackSettingsSchema,
        permissions: { data: [], hosts: [] },
        regions: ['EU'],
        trust: 'first-party',
      },
      extensions: { 'compliance-rule-pack': { rulesFor: () => rules } },
    });
    expect(validatePlugin(plugin)).toMatchObject({ ok: true });
    expect(validatePlugin({ ...plugin, extensions: {} })).toMatchObject({
      ok: false,
      problems: [
        {
          path: '$.capabilities[0]',
          message: '"compliance-rule-pack" is declared but the plugin implements no compliance-rule-pack',
        },
      ],
    });
  });
});
