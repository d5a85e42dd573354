/**
 * Example plugin: a compliance rule pack — the rules a bank of one region operates under, as typed data
 * with the source of every rule. The platform asks the pack its bank installed and never hard-codes a
 * period, a quiet hour or an eligibility condition. `defineRulePackPlugin` gives the standard bank settings,
 * which may only tighten the law (its install, configure and upgrade hooks refuse any loosening).
 *
 * THE RULES BELOW ARE A MADE-UP EXAMPLE, NOT ANY REAL LAW: replace every rule and every `source` with the
 * regulation you encode, citing the instrument and provision (see the SDK's
 * docs/reference/compliance-rule-pack.md, and the first-party EU, UK and US packs for real ones).
 */
import { creditProductTypes, defineRulePackPlugin, type RegionComplianceRules } from '@finpersona/plugin-sdk';

const example = 'Example regulation (replace), art. 1: what this rule implements.';

export const law: RegionComplianceRules = {
  region: 'EU',
  consentPurposes: [
    { id: 'example.consent.aggregation', source: example, purpose: 'aggregation', validityDays: null },
    {
      id: 'example.consent.personalisation',
      source: example,
      purpose: 'personalisation',
      validityDays: null,
    },
    { id: 'example.consent.marketing', source: example, purpose: 'marketing', validityDays: 730 },
    { id: 'example.consent.analytics', source: example, purpose: 'analytics', validityDays: null },
  ],
  ais: {
    maxConsentDays: { id: 'example.ais.max-consent', source: example, days: 180 },
    renewal: { id: 'example.ais.renewal', source: example, kind: 'strong-authentication', everyDays: 180 },
    warnDaysBefore: { id: 'example.ais.warn', source: example, days: 14 },
    unattendedRefreshes: { id: 'example.ais.refreshes', source: example, perDay: 4 },
  },
  retention: [
    {
      id: 'example.retention.aggregated',
      source: example,
      category: 'aggregated-data-after-consent-ends',
      action: 'delete-after',
      period: { days: 0 },
      from: 'consent-ended',
    },
    {
      id: 'example.retention.aml',
      source: example,
      category: 'aml-records',
      action: 'keep-for',
      period: { years: 5 },
      from: 'relationship-ended',
    },
    {
      id: 'example.retention.audit',
      source: example,
      category: 'audit-trail',
      action: 'keep-for',
      period: null,
      from: 'record-created',
    },
    {
      id: 'example.retention.marketing',
      source: example,
      category: 'marketing-data',
      action: 'delete-after',
      period: { days: 0 },
      from: 'marketing-objection',
    },
  ],
  marketing: {
    model: { id: 'example.marketing.model', source: example, model: 'opt-in' },
    channels: [],
    quietHours: [
      {
        id: 'example.marketing.quiet-hours',
        source: example,
        start: '21:00',
        end: '08:00',
        timeZone: 'customer',
        channels: ['push', 'sms', 'phone'],
      },
    ],
  },
  eligibility: [
    {
      id: 'example.eligibility.arrears',
      source: example,
      productTypes: creditProductTypes,
      requires: { fact: 'inArrears', equals: false },
      reason: 'Customers in arrears are not offered new credit.',
    },
  ],
  disclosures: [
    {
      id: 'example.disclosure.credit',
      source: example,
      productTypes: ['personal-loan', 'credit-card'],
      document: 'Pre-contractual credit information',
      when: 'before-contract',
    },
  ],
};

export default defineRulePackPlugin({
  id: 'example-plugin',
  name: 'Example plugin',
  version: '0.1.0',
  publisher: 'Example Publisher',
  description: 'Example rules for one region (replace with the regulation you encode).',
  sdk: '^0.1.0',
  trust: 'third-party',
  law,
});
