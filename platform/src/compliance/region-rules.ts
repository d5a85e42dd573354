import type { Region } from '../tenancy';

/**
 * The regulatory rules the platform applies per bank region, as data with the source of each rule.
 * They are the built-in defaults that the compliance rule packs of the plugins issue will supply per
 * tenant; code asks `regionRules(tenant.region)` and never hard-codes a period.
 */
export interface RegionRules {
  readonly region: Region;
  /** Account information (aggregation) access. */
  readonly ais: {
    /** Longest a source consent may last; null where the region sets no cap. */
    readonly maxConsentDays: number | null;
    /** How often the customer must act for access to continue, and how: null where nothing is required. */
    readonly renewal: {
      readonly kind: 'strong-authentication' | 'reconfirmation';
      readonly everyDays: number;
    } | null;
    /** How many days before a renewal or expiry deadline the customer is warned. */
    readonly warnDaysBefore: number;
    /** Refreshes a day without the customer present; null where the region sets no cap. */
    readonly unattendedRefreshesPerDay: number | null;
  };
  /** What happens to aggregated data when the aggregation consent ends (revoked, expired, not renewed). */
  readonly onAggregationEnd: {
    /** Transactions, balances and accounts from that connection are deleted after this many days (0: at once). */
    readonly deleteAfterDays: number;
  };
  /** Records kept for anti-money-laundering law after the customer relationship ends, in years. */
  readonly amlRetentionYears: number;
  /** Where each rule comes from, for the docs and for compliance officers. */
  readonly sources: Readonly<Record<string, string>>;
}

const rules: Readonly<Record<Region, RegionRules>> = {
  EU: {
    region: 'EU',
    ais: {
      maxConsentDays: 180,
      renewal: { kind: 'strong-authentication', everyDays: 180 },
      warnDaysBefore: 14,
      unattendedRefreshesPerDay: 4,
    },
    onAggregationEnd: { deleteAfterDays: 0 },
    amlRetentionYears: 5,
    sources: {
      'ais.renewal':
        'Commission Delegated Regulation (EU) 2018/389 (RTS on SCA and CSC) Art. 10a, inserted by Delegated Regulation (EU) 2022/2360: strong customer authentication for account information access at least every 180 days.',
      'ais.maxConsentDays':
        'Berlin Group NextGenPSD2 practice following RTS Art. 10a: AIS consents are granted for at most 180 days before SCA is renewed.',
      'ais.unattendedRefreshesPerDay':
        'RTS (EU) 2018/389 Art. 36(5)(b): without the customer actively requesting it, account information at most four times in 24 hours.',
      onAggregationEnd:
        'GDPR Art. 5(1)(b),(e) and Art. 7(3): purpose limitation and storage limitation once the consent is withdrawn.',
      amlRetentionYears:
        'Directive (EU) 2015/849 (AMLD4) Art. 40(1): records kept five years after the end of the business relationship.',
    },
  },
  UK: {
    region: 'UK',
    ais: {
      maxConsentDays: null,
      renewal: { kind: 'reconfirmation', everyDays: 90 },
      warnDaysBefore: 14,
      unattendedRefreshesPerDay: 4,
    },
    onAggregationEnd: { deleteAfterDays: 0 },
    amlRetentionYears: 5,
    sources: {
      'ais.renewal':
        'FCA PS21/19 and UK SCA-RTS Art. 10A and 36(6): the account information provider reconfirms the customer’s explicit consent every 90 days (the bank no longer re-applies SCA every 90 days).',
      'ais.unattendedRefreshesPerDay':
        'UK SCA-RTS Art. 36(5)(b): without the customer actively requesting it, at most four times in 24 hours.',
      onAggregationEnd: 'UK GDPR Art. 5(1)(b),(e) and Art. 7(3).',
      amlRetentionYears:
        'The Money Laundering, Terrorist Financing and Transfer of Funds Regulations 2017, reg. 40: five years after the business relationship ends.',
    },
  },
  US: {
    region: 'US',
    ais: {
      maxConsentDays: null,
      renewal: { kind: 'reconfirmation', everyDays: 365 },
      warnDaysBefore: 30,
      unattendedRefreshesPerDay: null,
    },
    onAggregationEnd: { deleteAfterDays: 0 },
    amlRetentionYears: 5,
    sources: {
      'ais.renewal':
        'CFPB Personal Financial Data Rights rule, 12 CFR 1033.421(b): third-party authorisation lasts at most one year without reauthorisation (compliance dates stayed; applied here as the conservative default).',
      onAggregationEnd:
        '12 CFR 1033.421(a),(c): collect, use and retain covered data only as reasonably necessary, and stop when authorisation ends.',
      amlRetentionYears: 'Bank Secrecy Act, 31 CFR 1010.430(d): records retained for five years.',
    },
  },
};

/** The rules for a bank region. */
export function regionRules(region: Region): RegionRules {
  return rules[region];
}
