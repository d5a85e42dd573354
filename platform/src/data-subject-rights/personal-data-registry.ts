import { type RegionComplianceRules, retentionRule } from '@finpersona/plugin-sdk';

/**
 * Every table that holds rows about one customer (it has a `customer_id` column), with what export and
 * erasure do to it. `personal-data-registry.int.test.ts` compares this list with the database's tables
 * that have a `customer_id` column: a new table fails the test until it is registered here, so no table
 * is silently left out of an export or an erasure.
 */
export interface PersonalDataTable {
  table: string;
  /** What the export does with the table's rows. */
  export: TableExport | { excluded: string };
  /** What erasure does with the table's rows. */
  erasure: ErasureRule;
}

export interface TableExport {
  /** The category's key in the export document (`categories.<key>`) and its CSV file name (`<key>.csv`). */
  category: ExportCategory;
  /** Ciphertext columns (`*_enc`), exported decrypted under their name without `_enc`. */
  encrypted: readonly string[];
  /** Columns never exported (secrets such as access grants), besides `tenant_id` and `customer_id`. */
  omitted: readonly string[];
  /** Order of the rows (SQL, columns of the table only). */
  orderBy: string;
}

export const exportCategories = [
  'consents',
  'connections',
  'accounts',
  'balances',
  'transactions',
  'categoryLabels',
  'syncRuns',
  'statementUploads',
  'notifications',
  'recommendations',
  'recommendationEvents',
  'recommendationReviews',
  'customerFeatures',
  'recurringPayments',
  'notificationPreferences',
  'pushSubscriptions',
  'notificationDeliveries',
  'insights',
  'insightEngagement',
  'budgets',
  'savingsGoals',
  'alerts',
  'alertFirings',
  // A customer's own rules (customer-tools/customer-rules.service.ts).
  'customerRules',
  'ruleSuggestionDismissals',
  'surveyResponses',
  'transactionPrompts',
  'dataSubjectRequests',
  'auditEntries',
] as const;
export type ExportCategory = (typeof exportCategories)[number];

/** Why rows stay after an erasure, and for how long: written into the certificate. */
export interface Retention {
  /** Short name of the rule, e.g. `aml-retention`. */
  rule: string;
  reason: string;
  /** The legal source of the rule (from the bank's rule pack where there is one). */
  source(rules: RegionComplianceRules): string;
  /** Until when the rows are kept, given the end of the relationship (the erasure); null: as long as the record it proves. */
  until(rules: RegionComplianceRules, relationshipEnded: Date): Date | null;
}

export type ErasureRule =
  | { action: 'delete' }
  | {
      action: 'retain';
      retention: Retention;
      /** Columns set to NULL on the retained rows: what the retention does not need (secrets, lookups). */
      cleared: readonly string[];
    }
  | { action: 'shred'; reason: string };

/**
 * Anti-money-laundering records: the bank must keep the records of its relationship with the customer for
 * the rule pack's `aml-records` period after it ends. The rows stay with their non-personal columns
 * (amounts, dates, direction, MCC) readable; their personal columns are under the customer's key, which
 * erasure shreds.
 */
const amlRecords: Retention = {
  rule: 'aml-retention',
  reason:
    'Anti-money-laundering law: records of the customer relationship are kept after it ends; the personal fields are unreadable (data key shredded).',
  source: (rules) => retentionRule(rules, 'aml-records').source,
  until: (rules, ended) => {
    const { period } = retentionRule(rules, 'aml-records');
    if (period === null) return null;
    return 'years' in period
      ? addYears(ended, period.years)
      : new Date(ended.getTime() + period.days * 86_400_000);
  },
};

/** The consent and connection a retained record came through: the lawful basis it was collected under. */
const lawfulBasisOfRetainedRecords: Retention = {
  ...amlRecords,
  rule: 'lawful-basis-of-retained-records',
  reason:
    'The consent and connection under which the retained AML records were collected (accountability, GDPR Art. 5(2) and 7(1)); kept as long as those records, secrets cleared.',
};

/** The requests themselves, with the erasure certificate: the proof that the rights were honoured. */
const proofOfRequests: Retention = {
  rule: 'proof-of-request',
  reason:
    'Proof that the data-subject request was received and carried out (accountability, GDPR Art. 5(2)); holds no personal data (certificate: counts and rules only).',
  source: () => 'GDPR Art. 5(2) and Art. 12(3)-(4)',
  until: () => null,
};

export const personalDataRegistry: readonly PersonalDataTable[] = [
  {
    table: 'consent',
    export: { category: 'consents', encrypted: [], omitted: [], orderBy: 'created_at, id' },
    erasure: { action: 'retain', retention: lawfulBasisOfRetainedRecords, cleared: [] },
  },
  {
    table: 'connection',
    // The grant and the pending authorisation are the connector's secrets, not information about the person.
    export: {
      category: 'connections',
      encrypted: [],
      omitted: ['grant_enc', 'pending_enc', 'state_index'],
      orderBy: 'created_at, id',
    },
    erasure: {
      action: 'retain',
      retention: lawfulBasisOfRetainedRecords,
      // Nobody may use the source access again, and nothing should look the connection up by its state.
      cleared: ['grant_enc', 'pending_enc', 'state_index', 'error_message'],
    },
  },
  {
    table: 'account',
    export: {
      category: 'accounts',
      encrypted: ['identifiers_enc', 'holder_name_enc'],
      // A keyed hash for change detection in ingestion: no information about the person.
      omitted: ['personal_fingerprint'],
      orderBy: 'created_at, id',
    },
    erasure: { action: 'retain', retention: amlRecords, cleared: [] },
  },
  {
    table: 'account_transaction',
    export: {
      category: 'transactions',
      encrypted: ['counterparty_enc', 'description_enc'],
      // A keyed hash for change detection in ingestion: no information about the person.
      omitted: ['personal_fingerprint'],
      orderBy: 'booking_date, created_at, id',
    },
    erasure: { action: 'retain', retention: amlRecords, cleared: [] },
  },
  {
    // The customer's own re-categorisations (training labels of the bank's classifier): their choice about
    // their data, not an AML record, so erasure deletes them (the transaction's category stays as a code).
    table: 'category_label',
    export: { category: 'categoryLabels', encrypted: [], omitted: [], orderBy: 'created_at, id' },
    erasure: { action: 'delete' },
  },
  {
    // A balance is a snapshot the aggregation derived, not a record of the relationship AML law asks for.
    table: 'balance',
    export: { category: 'balances', encrypted: [], omitted: [], orderBy: 'as_of, id' },
    erasure: { action: 'delete' },
  },
  {
    table: 'sync_run',
    export: { category: 'syncRuns', encrypted: [], omitted: [], orderBy: 'started_at, id' },
    erasure: { action: 'delete' },
  },
  {
    // The file itself is not repeated in the export (its accounts and transactions are); its name is.
    // Erasure deletes it: a copy of source data, not a record AML law asks for (the ingested rows are).
    table: 'statement_upload',
    export: {
      category: 'statementUploads',
      encrypted: ['file_name_enc'],
      omitted: ['content_enc', 'content_fingerprint'],
      orderBy: 'created_at, id',
    },
    erasure: { action: 'delete' },
  },
  {
    table: 'notification',
    export: {
      category: 'notifications',
      encrypted: ['body_enc', 'title_enc'],
      omitted: [],
      orderBy: 'created_at, id',
    },
    erasure: { action: 'delete' },
  },
  {
    table: 'notification_preference',
    export: {
      category: 'notificationPreferences',
      encrypted: ['email_enc'],
      omitted: [],
      orderBy: 'updated_at, id',
    },
    erasure: { action: 'delete' },
  },
  {
    // The fingerprint is a keyed hash for uniqueness, not information about the person.
    table: 'push_subscription',
    export: {
      category: 'pushSubscriptions',
      encrypted: ['endpoint_enc', 'keys_enc'],
      omitted: ['endpoint_fingerprint'],
      orderBy: 'created_at, id',
    },
    erasure: { action: 'delete' },
  },
  {
    table: 'notification_delivery',
    export: {
      category: 'notificationDeliveries',
      encrypted: ['title_enc', 'body_enc'],
      omitted: [],
      orderBy: 'created_at, id',
    },
    erasure: { action: 'delete' },
  },
  {
    table: 'insight',
    export: {
      category: 'insights',
      encrypted: ['title_enc', 'body_enc'],
      omitted: [],
      orderBy: 'created_at, id',
    },
    erasure: { action: 'delete' },
  },
  {
    table: 'insight_engagement',
    export: { category: 'insightEngagement', encrypted: [], omitted: [], orderBy: 'created_at, id' },
    erasure: { action: 'delete' },
  },
  {
    // The decision record of each recommendation (GDPR Art. 22): the person's to see, deleted on erasure.
    table: 'recommendation',
    export: {
      category: 'recommendations',
      encrypted: ['reason_enc'],
      omitted: [],
      orderBy: 'delivered_at, id',
    },
    erasure: { action: 'delete' },
  },
  {
    table: 'recommendation_event',
    export: {
      category: 'recommendationEvents',
      encrypted: ['comment_enc'],
      omitted: [],
      orderBy: 'created_at, id',
    },
    erasure: { action: 'delete' },
  },
  {
    table: 'recommendation_review',
    export: {
      category: 'recommendationReviews',
      encrypted: ['customer_text_enc', 'note_enc'],
      omitted: [],
      orderBy: 'requested_at, id',
    },
    erasure: { action: 'delete' },
  },
  {
    // Derived from the accounts and transactions (behaviour, issue 6): recomputed from them, never a record
    // AML law asks for.
    table: 'customer_features',
    export: { category: 'customerFeatures', encrypted: [], omitted: [], orderBy: 'computed_at, id' },
    erasure: { action: 'delete' },
  },
  {
    table: 'recurring_payment',
    export: { category: 'recurringPayments', encrypted: [], omitted: [], orderBy: 'next_expected_date, id' },
    erasure: { action: 'delete' },
  },
  {
    // The customer's own plans (customer-tools/): theirs to take away, nothing the bank must keep.
    table: 'budget',
    export: { category: 'budgets', encrypted: [], omitted: [], orderBy: 'created_at, id' },
    erasure: { action: 'delete' },
  },
  {
    table: 'savings_goal',
    export: { category: 'savingsGoals', encrypted: ['name_enc'], omitted: [], orderBy: 'created_at, id' },
    erasure: { action: 'delete' },
  },
  {
    table: 'customer_alert',
    export: { category: 'alerts', encrypted: [], omitted: [], orderBy: 'created_at, id' },
    erasure: { action: 'delete' },
  },
  {
    // What each alert did (sent or suppressed, per occurrence): the person's own history.
    table: 'customer_alert_firing',
    export: { category: 'alertFirings', encrypted: [], omitted: [], orderBy: 'fired_at, id' },
    erasure: { action: 'delete' },
  },
  {
    // The customer's own rules and dismissed suggestions (customer-tools/): theirs, nothing the bank keeps.
    table: 'customer_rule',
    export: {
      category: 'customerRules',
      encrypted: ['conditions_enc'],
      omitted: [],
      orderBy: 'created_at, id',
    },
    erasure: { action: 'delete' },
  },
  {
    table: 'rule_suggestion_dismissal',
    export: { category: 'ruleSuggestionDismissals', encrypted: [], omitted: [], orderBy: 'dismissed_at, id' },
    erasure: { action: 'delete' },
  },
  {
    // The person's answers to the bank's surveys (surveys/): theirs, free text decrypted; nothing to keep.
    table: 'survey_response',
    export: {
      category: 'surveyResponses',
      encrypted: ['free_text_enc'],
      omitted: [],
      orderBy: 'created_at, id',
    },
    erasure: { action: 'delete' },
  },
  {
    // Questions about their notable transactions and their answers (surveys/transaction-prompts).
    table: 'transaction_prompt',
    export: { category: 'transactionPrompts', encrypted: [], omitted: [], orderBy: 'created_at, id' },
    erasure: { action: 'delete' },
  },
  {
    table: 'data_subject_request',
    export: {
      category: 'dataSubjectRequests',
      encrypted: ['note_enc'],
      // Who on the staff recorded a request is not the person's data (audit entries show staff by role only).
      omitted: ['download_token_hash', 'recorded_by'],
      orderBy: 'created_at, id',
    },
    erasure: {
      action: 'retain',
      retention: proofOfRequests,
      cleared: ['download_token_hash', 'note_enc'],
    },
  },
  {
    table: 'data_subject_export',
    export: { excluded: 'the export archives themselves' },
    erasure: { action: 'delete' },
  },
  {
    table: 'data_key',
    export: { excluded: 'key material, not information about the person' },
    erasure: {
      action: 'shred',
      reason:
        "The customer's data key: deleting it makes every retained personal field (and any copy in backups of the tables) unreadable.",
    },
  },
];

/**
 * Tables with a `customer_id` column that hold no rows about a person and are deliberately not listed.
 * (`erasure_suppression` has no `customer_id` on purpose: erasure writes it, holding only the blind index of
 * the bank's client reference; see `suppressionMarker` in contract.ts.)
 */
export const notPersonalDataTables: readonly string[] = [];

export function addYears(date: Date, years: number): Date {
  const next = new Date(date.getTime());
  next.setUTCFullYear(next.getUTCFullYear() + years);
  return next;
}
