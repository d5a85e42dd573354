import {
  creditProductTypes,
  investmentProductTypes,
  type RegionComplianceRules,
} from '@finpersona/plugin-sdk';

const untilWithdrawn =
  'UK GDPR Art. 6(1)(a) and Art. 7(3): processing on the customer’s consent, which they may withdraw at any time as easily as they gave it; no fixed validity, so it lasts until withdrawn.';

const pecr =
  'The Privacy and Electronic Communications (EC Directive) Regulations 2003 (PECR) reg. 22(2): unsolicited direct marketing by electronic mail (email and SMS) to individuals only with their prior consent (the soft opt-in of reg. 22(3) is not applied).';

/**
 * The law for banks in the UK: UK GDPR, the Payment Services Regulations 2017 with the UK SCA-RTS as
 * changed by FCA PS21/19, the Money Laundering Regulations 2017, FCA CONC, MCOB and COBS, the Consumer
 * Credit Act 1974 and PECR for marketing. Each rule cites its source; where a rule is the pack's
 * conservative reading (or FinPersona's default where the law sets no figure), its source says so.
 */
export const ukRules: RegionComplianceRules = {
  region: 'UK',
  consentPurposes: [
    {
      id: 'uk.consent.aggregation',
      purpose: 'aggregation',
      validityDays: null,
      source:
        'Payment Services Regulations 2017 (account information services act on the user’s explicit consent): its length is set by the AIS rules (uk.ais.*), not by a separate validity.',
    },
    {
      id: 'uk.consent.personalisation',
      purpose: 'personalisation',
      validityDays: null,
      source: untilWithdrawn,
    },
    { id: 'uk.consent.marketing', purpose: 'marketing', validityDays: null, source: untilWithdrawn },
    { id: 'uk.consent.analytics', purpose: 'analytics', validityDays: null, source: untilWithdrawn },
  ],
  ais: {
    maxConsentDays: {
      id: 'uk.ais.max-consent-days',
      days: null,
      source:
        'FCA PS21/19: the UK sets no fixed length for an AIS consent; the 90-day reconfirmation (uk.ais.renewal) decides whether access continues.',
    },
    renewal: {
      id: 'uk.ais.renewal',
      kind: 'reconfirmation',
      everyDays: 90,
      source:
        'FCA PS21/19 and UK SCA-RTS Art. 10A and 36(6): the account information provider reconfirms the customer’s explicit consent every 90 days (the bank no longer re-applies SCA every 90 days).',
    },
    warnDaysBefore: {
      id: 'uk.ais.warn-days-before',
      days: 14,
      source:
        'No legal figure: FinPersona’s default notice so the customer can reconfirm before the 90 days of PS21/19 run out (a bank may warn earlier, never later).',
    },
    unattendedRefreshes: {
      id: 'uk.ais.unattended-refreshes',
      perDay: 4,
      source:
        'UK SCA-RTS Art. 36(5)(b): without the customer actively requesting it, at most four times in 24 hours.',
    },
  },
  retention: [
    {
      id: 'uk.retention.aggregated-data',
      category: 'aggregated-data-after-consent-ends',
      action: 'delete-after',
      period: { days: 0 },
      from: 'consent-ended',
      source: 'UK GDPR Art. 5(1)(b),(e) and Art. 7(3).',
    },
    {
      id: 'uk.retention.aml-records',
      category: 'aml-records',
      action: 'keep-for',
      period: { years: 5 },
      from: 'relationship-ended',
      source:
        'The Money Laundering, Terrorist Financing and Transfer of Funds Regulations 2017, reg. 40: five years after the business relationship ends.',
    },
    {
      id: 'uk.retention.audit-trail',
      category: 'audit-trail',
      action: 'keep-for',
      period: null,
      from: 'record-created',
      source:
        'UK GDPR Art. 5(2) and Art. 7(1): the controller must be able to demonstrate consent and compliance; no fixed period, so the audit trail is kept as long as the records it proves.',
    },
    {
      id: 'uk.retention.marketing-data',
      category: 'marketing-data',
      action: 'stop-using',
      period: null,
      from: 'marketing-objection',
      source:
        'UK GDPR Art. 21(3): once the customer objects to direct marketing, their personal data is no longer processed for it.',
    },
  ],
  marketing: {
    model: {
      id: 'uk.marketing.model',
      model: 'opt-in',
      source:
        'UK GDPR Art. 6(1)(a) and Art. 21(2)-(3): the pack’s reading is that marketing uses the customer’s data only on their marketing consent (not on legitimate interest), and stops when they object.',
    },
    channels: [
      { id: 'uk.marketing.email', channel: 'email', model: 'opt-in', source: pecr },
      { id: 'uk.marketing.sms', channel: 'sms', model: 'opt-in', source: pecr },
    ],
    // UK law sets no marketing quiet hours: a bank adds its own with the quiet-hours settings.
    quietHours: [],
  },
  eligibility: [
    {
      id: 'uk.eligibility.credit-in-arrears',
      productTypes: creditProductTypes,
      requires: { fact: 'inArrears', equals: false },
      reason: 'Customers in arrears are not offered new credit.',
      source:
        'FCA CONC 5.2A (creditworthiness assessment) and MCOB 11.6 (responsible lending): the pack’s conservative reading is to offer no new credit to a customer in arrears.',
    },
    {
      id: 'uk.eligibility.credit-adult',
      productTypes: creditProductTypes,
      requires: { fact: 'ageYears', atLeast: 18 },
      reason: 'Credit is offered only to adults (18 or over).',
      source:
        'Consumer Credit Act 1974 s. 50: sending a minor (under 18) a document inviting them to borrow money or obtain credit is an offence; the pack offers credit only to customers of 18 or over.',
    },
    {
      id: 'uk.eligibility.investment-suitability',
      productTypes: investmentProductTypes,
      requires: { fact: 'suitabilityAssessmentOnFile', equals: true },
      reason: 'Investment products are recommended only with a suitability assessment on file.',
      source:
        'FCA COBS 9A (suitability for MiFID business) and COBS 9: a personal recommendation needs the client’s knowledge, experience, financial situation and objectives; recommending a product is treated as one.',
    },
  ],
  disclosures: [
    {
      id: 'uk.disclosure.consumer-credit',
      productTypes: ['personal-loan', 'credit-card'],
      document: 'Pre-contract credit information (SECCI)',
      when: 'before-contract',
      source: 'The Consumer Credit (Disclosure of Information) Regulations 2010, and FCA CONC 4.2.',
    },
    {
      id: 'uk.disclosure.mortgage',
      productTypes: ['mortgage'],
      document: 'European Standardised Information Sheet (ESIS)',
      when: 'before-contract',
      source: 'FCA MCOB 5A: the ESIS before the mortgage offer.',
    },
    {
      id: 'uk.disclosure.priips-kid',
      productTypes: ['investment-fund'],
      document: 'Key information document (KID)',
      when: 'before-contract',
      source:
        'The UK PRIIPs Regulation (Regulation (EU) No 1286/2014 as retained) Art. 13: the KID before the investor is bound.',
    },
    {
      id: 'uk.disclosure.payment-account-fees',
      productTypes: ['current-account'],
      document: 'Fee information document',
      when: 'before-contract',
      source:
        'The Payment Accounts Regulations 2015: the fee information document before a payment account contract.',
    },
    {
      id: 'uk.disclosure.fscs',
      productTypes: ['current-account', 'savings-account', 'fixed-term-deposit'],
      document: 'FSCS information sheet',
      when: 'before-contract',
      source: 'PRA Rulebook, Depositor Protection Part: the FSCS information sheet given to depositors.',
    },
    {
      id: 'uk.disclosure.insurance-product-information',
      productTypes: ['insurance'],
      document: 'Insurance product information document (IPID)',
      when: 'before-contract',
      source:
        'FCA ICOBS 6: product information before the contract, the IPID for non-life insurance products.',
    },
  ],
};
