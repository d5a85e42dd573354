import {
  creditProductTypes,
  investmentProductTypes,
  productTypes,
  type RegionComplianceRules,
} from '@finpersona/plugin-sdk';

const platformPolicy =
  'No US federal rule requires consent for, or sets a validity on, this use of a customer’s data by their own bank; FinPersona asks for it anyway (platform policy) and it lasts until withdrawn.';

const tcpaConsent =
  'TCPA, 47 U.S.C. 227(b) and 47 CFR 64.1200(a)(2): telemarketing calls or texts made with an autodialer or a prerecorded voice need the customer’s prior express written consent (the FCC treats texts as calls).';

/**
 * The law for banks in the US: GLBA's privacy rule (Regulation P), CCPA/CPRA, the TCPA and CAN-SPAM for
 * marketing, the CFPB's personal financial data rights rule (12 CFR part 1033), the Bank Secrecy Act,
 * TILA/Regulation Z, Truth in Savings and Regulation Best Interest. Each rule cites its source; where a
 * rule is the pack's conservative reading (or FinPersona's default where the law sets no figure), its
 * source says so. State law beyond California is not covered.
 */
export const usRules: RegionComplianceRules = {
  region: 'US',
  consentPurposes: [
    {
      id: 'us.consent.aggregation',
      purpose: 'aggregation',
      validityDays: null,
      source:
        '12 CFR part 1033, subpart D: a third party accesses covered data only on the consumer’s express informed consent; its length is set by the AIS rules (us.ais.*), not by a separate validity.',
    },
    {
      id: 'us.consent.personalisation',
      purpose: 'personalisation',
      validityDays: null,
      source: platformPolicy,
    },
    {
      id: 'us.consent.marketing',
      purpose: 'marketing',
      validityDays: null,
      source:
        'Opt-out model (us.marketing.model): the marketing consent records whether the customer opted out; it lasts until they do.',
    },
    { id: 'us.consent.analytics', purpose: 'analytics', validityDays: null, source: platformPolicy },
  ],
  ais: {
    maxConsentDays: {
      id: 'us.ais.max-consent-days',
      days: null,
      source:
        '12 CFR part 1033 caps the authorisation through its one-year reauthorisation (us.ais.renewal), not with a separate length.',
    },
    renewal: {
      id: 'us.ais.renewal',
      kind: 'reconfirmation',
      everyDays: 365,
      source:
        'CFPB Personal Financial Data Rights rule, 12 CFR 1033.421(b): third-party authorisation lasts at most one year without reauthorisation (compliance dates stayed; applied here as the conservative default).',
    },
    warnDaysBefore: {
      id: 'us.ais.warn-days-before',
      days: 30,
      source:
        'No legal figure: FinPersona’s default notice so the customer can reauthorise before the year of 12 CFR 1033.421(b) runs out (a bank may warn earlier, never later).',
    },
    unattendedRefreshes: {
      id: 'us.ais.unattended-refreshes',
      perDay: null,
      source:
        '12 CFR part 1033 sets no number of refreshes a day without the consumer present; none applied (a bank may set a cap).',
    },
  },
  retention: [
    {
      id: 'us.retention.aggregated-data',
      category: 'aggregated-data-after-consent-ends',
      action: 'delete-after',
      period: { days: 0 },
      from: 'consent-ended',
      source:
        '12 CFR 1033.421(a),(c): collect, use and retain covered data only as reasonably necessary, and stop when authorisation ends.',
    },
    {
      id: 'us.retention.aml-records',
      category: 'aml-records',
      action: 'keep-for',
      period: { years: 5 },
      from: 'relationship-ended',
      source: 'Bank Secrecy Act, 31 CFR 1010.430(d): records retained for five years.',
    },
    {
      id: 'us.retention.audit-trail',
      category: 'audit-trail',
      action: 'keep-for',
      period: null,
      from: 'record-created',
      source:
        'No fixed federal period for the consent audit trail; kept as long as the records it proves, so an authorisation or opt-out can be demonstrated (platform policy).',
    },
    {
      id: 'us.retention.marketing-data',
      category: 'marketing-data',
      action: 'stop-using',
      period: null,
      from: 'marketing-objection',
      source:
        '12 CFR 1016.10 (Regulation P) and Cal. Civ. Code 1798.120: after an opt-out the data is no longer shared or sold for marketing; deletion is a separate request (Cal. Civ. Code 1798.105).',
    },
  ],
  marketing: {
    model: {
      id: 'us.marketing.model',
      model: 'opt-out',
      source:
        'GLBA 15 U.S.C. 6802(b) and 12 CFR 1016.10 (opt-out of sharing with nonaffiliated third parties, after the privacy notice); Cal. Civ. Code 1798.120 and 1798.135 (CCPA/CPRA opt-out of sale or sharing); CAN-SPAM 15 U.S.C. 7704(a)(3)-(4) (commercial email honours opt-outs): marketing is allowed unless the customer opted out.',
    },
    channels: [
      { id: 'us.marketing.sms', channel: 'sms', model: 'opt-in', source: tcpaConsent },
      { id: 'us.marketing.phone', channel: 'phone', model: 'opt-in', source: tcpaConsent },
    ],
    quietHours: [
      {
        id: 'us.marketing.quiet-hours',
        start: '21:00',
        end: '08:00',
        timeZone: 'customer',
        channels: ['phone', 'sms'],
        source:
          '47 CFR 64.1200(c)(1): no telephone solicitation before 8 a.m. or after 9 p.m. local time at the called party’s location.',
      },
    ],
  },
  eligibility: [
    {
      id: 'us.eligibility.credit-in-arrears',
      productTypes: creditProductTypes,
      requires: { fact: 'inArrears', equals: false },
      reason: 'Customers in arrears are not offered new credit.',
      source:
        '12 CFR 1026.51(a) (ability to pay, credit cards) and 12 CFR 1026.43(c) (ability to repay, mortgages): the pack’s conservative reading is to offer no new credit to a customer in arrears.',
    },
    {
      id: 'us.eligibility.credit-adult',
      productTypes: creditProductTypes,
      requires: { fact: 'ageYears', atLeast: 18 },
      reason: 'Credit is offered only to adults (18 or over).',
      source:
        'Contractual capacity is state law (age of majority 18 in most states; a bank in a state with a higher age must tighten this itself).',
    },
    {
      id: 'us.eligibility.card-under-21',
      productTypes: ['credit-card'],
      requires: {
        anyOf: [
          { fact: 'ageYears', atLeast: 21 },
          { fact: 'independentMeansOrCosigner', equals: true },
        ],
      },
      reason: 'Under 21, a credit card needs independent means to pay or a co-signer.',
      source:
        'Credit CARD Act of 2009, 15 U.S.C. 1637(c)(8), and 12 CFR 1026.51(b): no card account for a consumer under 21 without independent ability to pay or a co-signer.',
    },
    {
      id: 'us.eligibility.investment-best-interest',
      productTypes: investmentProductTypes,
      requires: { fact: 'suitabilityAssessmentOnFile', equals: true },
      reason: 'Investment products are recommended only with a suitability assessment on file.',
      source:
        'Regulation Best Interest, 17 CFR 240.15l-1(a)(2)(ii) (care obligation: the recommendation must be in the retail customer’s best interest given their investment profile); implemented as a suitability assessment on file.',
    },
  ],
  disclosures: [
    {
      id: 'us.disclosure.glba-privacy-notice',
      productTypes,
      document: 'GLBA initial privacy notice (with the opt-out notice)',
      when: 'before-contract',
      source:
        '12 CFR 1016.4 and 1016.7 (Regulation P): the privacy notice no later than when the customer relationship is established, with the opt-out notice.',
    },
    {
      id: 'us.disclosure.card-application',
      productTypes: ['credit-card'],
      document: 'Credit card application and solicitation disclosures (the rates and fees table)',
      when: 'before-offer',
      source: 'TILA / Regulation Z, 12 CFR 1026.60.',
    },
    {
      id: 'us.disclosure.closed-end-credit',
      productTypes: ['personal-loan'],
      document: 'Closed-end credit disclosures (APR, finance charge, amount financed, total of payments)',
      when: 'before-contract',
      source: 'TILA / Regulation Z, 12 CFR 1026.17 and 1026.18.',
    },
    {
      id: 'us.disclosure.loan-estimate',
      productTypes: ['mortgage'],
      document: 'Loan Estimate',
      when: 'before-contract',
      source: 'Regulation Z, 12 CFR 1026.19(e) and 1026.37.',
    },
    {
      id: 'us.disclosure.truth-in-savings',
      productTypes: ['current-account', 'savings-account', 'fixed-term-deposit'],
      document: 'Truth in Savings account disclosures',
      when: 'before-contract',
      source: 'Regulation DD, 12 CFR 1030.4: before an account is opened.',
    },
    {
      id: 'us.disclosure.form-crs',
      productTypes: ['investment-fund'],
      document: 'Form CRS relationship summary',
      when: 'before-offer',
      source:
        '17 CFR 240.17a-14 (Form CRS), with Regulation Best Interest’s disclosure obligation, 17 CFR 240.15l-1(a)(2)(i).',
    },
  ],
};
