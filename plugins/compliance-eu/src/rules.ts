import {
  creditProductTypes,
  investmentProductTypes,
  type RegionComplianceRules,
} from '@finpersona/plugin-sdk';

const untilWithdrawn =
  'GDPR (Regulation (EU) 2016/679) Art. 6(1)(a) and Art. 7(3): processing on the customer’s consent, which they may withdraw at any time as easily as they gave it; GDPR sets no fixed validity, so it lasts until withdrawn.';

/**
 * The law for banks in the EU/EEA: GDPR, PSD2 with its RTS on strong customer authentication, the
 * anti-money-laundering, consumer-credit, mortgage-credit, MiFID II, PRIIPs, deposit-guarantee, payment-
 * accounts and insurance-distribution directives. Each rule cites its provision; where a rule is the
 * pack's conservative reading (or FinPersona's default where the law sets no figure), its source says so.
 */
export const euRules: RegionComplianceRules = {
  region: 'EU',
  consentPurposes: [
    {
      id: 'eu.consent.aggregation',
      purpose: 'aggregation',
      validityDays: null,
      source:
        'PSD2 (Directive (EU) 2015/2366) Art. 67(2)(a): account information services only with the user’s explicit consent; its length is set by the AIS rules (eu.ais.*), not by a separate validity.',
    },
    {
      id: 'eu.consent.personalisation',
      purpose: 'personalisation',
      validityDays: null,
      source: untilWithdrawn,
    },
    { id: 'eu.consent.marketing', purpose: 'marketing', validityDays: null, source: untilWithdrawn },
    { id: 'eu.consent.analytics', purpose: 'analytics', validityDays: null, source: untilWithdrawn },
  ],
  ais: {
    maxConsentDays: {
      id: 'eu.ais.max-consent-days',
      days: 180,
      source:
        'Berlin Group NextGenPSD2 practice following RTS Art. 10a: AIS consents are granted for at most 180 days before SCA is renewed.',
    },
    renewal: {
      id: 'eu.ais.renewal',
      kind: 'strong-authentication',
      everyDays: 180,
      source:
        'Commission Delegated Regulation (EU) 2018/389 (RTS on SCA and CSC) Art. 10a, inserted by Delegated Regulation (EU) 2022/2360: strong customer authentication for account information access at least every 180 days.',
    },
    warnDaysBefore: {
      id: 'eu.ais.warn-days-before',
      days: 14,
      source:
        'No legal figure: FinPersona’s default notice so the customer can renew before the RTS Art. 10a period runs out (a bank may warn earlier, never later).',
    },
    unattendedRefreshes: {
      id: 'eu.ais.unattended-refreshes',
      perDay: 4,
      source:
        'RTS (EU) 2018/389 Art. 36(5)(b): without the customer actively requesting it, account information at most four times in 24 hours.',
    },
  },
  retention: [
    {
      id: 'eu.retention.aggregated-data',
      category: 'aggregated-data-after-consent-ends',
      action: 'delete-after',
      period: { days: 0 },
      from: 'consent-ended',
      source:
        'GDPR Art. 5(1)(b),(e) and Art. 7(3): purpose limitation and storage limitation once the consent is withdrawn.',
    },
    {
      id: 'eu.retention.aml-records',
      category: 'aml-records',
      action: 'keep-for',
      period: { years: 5 },
      from: 'relationship-ended',
      source:
        'Directive (EU) 2015/849 (AMLD4) Art. 40(1): records kept five years after the end of the business relationship.',
    },
    {
      id: 'eu.retention.audit-trail',
      category: 'audit-trail',
      action: 'keep-for',
      period: null,
      from: 'record-created',
      source:
        'GDPR Art. 5(2) and Art. 7(1): the controller must be able to demonstrate consent and compliance; no fixed period, so the audit trail is kept as long as the records it proves.',
    },
    {
      id: 'eu.retention.marketing-data',
      category: 'marketing-data',
      action: 'stop-using',
      period: null,
      from: 'marketing-objection',
      source:
        'GDPR Art. 21(3): once the customer objects to direct marketing, their personal data is no longer processed for it.',
    },
  ],
  marketing: {
    model: {
      id: 'eu.marketing.model',
      model: 'opt-in',
      source:
        'GDPR Art. 6(1)(a) and Art. 21(2)-(3): the pack’s reading is that marketing uses the customer’s data only on their marketing consent (not on legitimate interest), and stops when they object.',
    },
    channels: [
      {
        id: 'eu.marketing.email',
        channel: 'email',
        model: 'opt-in',
        source:
          'Directive 2002/58/EC (ePrivacy) Art. 13(1): electronic mail for direct marketing only with prior consent (the existing-customer exception of Art. 13(2) is not applied).',
      },
      {
        id: 'eu.marketing.sms',
        channel: 'sms',
        model: 'opt-in',
        source:
          'Directive 2002/58/EC Art. 13(1) with Art. 2(h): an SMS is electronic mail, so direct marketing by SMS needs prior consent.',
      },
    ],
    // EU law sets no quiet hours (some Member States do): a bank adds its own with the quiet-hours settings.
    quietHours: [],
  },
  eligibility: [
    {
      id: 'eu.eligibility.credit-in-arrears',
      productTypes: creditProductTypes,
      requires: { fact: 'inArrears', equals: false },
      reason: 'Customers in arrears are not offered new credit.',
      source:
        'Directive 2008/48/EC (Consumer Credit) Art. 8 and Directive 2014/17/EU (Mortgage Credit) Art. 18: the creditworthiness of the consumer is assessed before credit; the pack’s conservative reading is to offer no new credit to a customer in arrears.',
    },
    {
      id: 'eu.eligibility.credit-adult',
      productTypes: creditProductTypes,
      requires: { fact: 'ageYears', atLeast: 18 },
      reason: 'Credit is offered only to adults (18 or over).',
      source:
        'Contractual capacity is Member State civil law (age of majority 18); the pack offers credit only to customers of 18 or over.',
    },
    {
      id: 'eu.eligibility.investment-suitability',
      productTypes: investmentProductTypes,
      requires: { fact: 'suitabilityAssessmentOnFile', equals: true },
      reason: 'Investment products are recommended only with a suitability assessment on file.',
      source:
        'Directive 2014/65/EU (MiFID II) Art. 25(2): investment advice needs the client’s knowledge, experience, financial situation and objectives; recommending a product is treated as advice.',
    },
  ],
  disclosures: [
    {
      id: 'eu.disclosure.consumer-credit',
      productTypes: ['personal-loan', 'credit-card'],
      document: 'Standard European Consumer Credit Information (SECCI)',
      when: 'before-contract',
      source: 'Directive 2008/48/EC Art. 5(1) and Annex II.',
    },
    {
      id: 'eu.disclosure.mortgage',
      productTypes: ['mortgage'],
      document: 'European Standardised Information Sheet (ESIS)',
      when: 'before-contract',
      source: 'Directive 2014/17/EU Art. 14 and Annex II.',
    },
    {
      id: 'eu.disclosure.priips-kid',
      productTypes: ['investment-fund'],
      document: 'PRIIPs key information document (KID)',
      when: 'before-contract',
      source:
        'Regulation (EU) No 1286/2014 (PRIIPs) Art. 13(1): the KID in good time before the investor is bound.',
    },
    {
      id: 'eu.disclosure.payment-account-fees',
      productTypes: ['current-account'],
      document: 'Fee information document',
      when: 'before-contract',
      source: 'Directive 2014/92/EU (Payment Accounts) Art. 4(1).',
    },
    {
      id: 'eu.disclosure.deposit-guarantee',
      productTypes: ['current-account', 'savings-account', 'fixed-term-deposit'],
      document: 'Depositor information sheet (deposit guarantee scheme)',
      when: 'before-contract',
      source: 'Directive 2014/49/EU (Deposit Guarantee Schemes) Art. 16(2) and Annex I.',
    },
    {
      id: 'eu.disclosure.insurance-ipid',
      productTypes: ['insurance'],
      document: 'Insurance product information document (IPID)',
      when: 'before-contract',
      source: 'Directive (EU) 2016/97 (Insurance Distribution) Art. 20(5): for non-life insurance products.',
    },
  ],
};
