/**
 * The data-subject-rights contract shared with the Temporal worker (workflows/): workflow types, ids and
 * arguments. Free of NestJS and database imports so workflow code can import it.
 */
export const EXPORT_WORKFLOW = 'exportPersonalData';
export const ERASURE_WORKFLOW = 'erasePersonalData';

/** The single argument of both workflows: the request names the customer; the tenant is the request's. */
export interface DataSubjectRequestInput {
  tenantId: string;
  requestId: string;
}

/** How long a finished export may be downloaded (once) before its archive is deleted. */
export const exportDownloadDays = 7;

export function exportWorkflowId(requestId: string): string {
  return `data-export:${requestId}`;
}

export function erasureWorkflowId(requestId: string): string {
  return `erasure:${requestId}`;
}

/** What the export workflow's archive step reports (no personal data: counts and times). */
export interface ExportArchiveReport {
  /** Rows per category, e.g. `{ transactions: 120 }`. */
  counts: Record<string, number>;
  sizeBytes: number;
  /** ISO time after which the archive is deleted if it was not fetched. */
  expiresAt: string;
}

/** The erasure step that ends the person's consents and connections reports (ids are opaque, no personal data). */
export interface ErasureEndings {
  /** Consents that were `granted` and are now `revoked` with reason `erased`. */
  consents: number;
  /** Connections that could still reach their source and are now `revoked`. */
  connections: number;
  /** Their ids (opaque): the erasure workflow deletes their sync schedules. */
  connectionIds: string[];
  /** The lifecycle workflows of those consents, which the erasure workflow wakes so they end. */
  lifecycleWorkflowIds: string[];
  endedAt: string;
}

/**
 * The erasure certificate: what was removed and what was kept and why. Stored on the request, shown to
 * staff; holds counts, rules and times only, never personal data.
 */
export interface ErasureCertificate {
  version: 1;
  requestId: string;
  customerId: string;
  region: string;
  relationshipEndedAt: string;
  /** Rows deleted per table. */
  removed: Record<string, number>;
  /** Rows kept per table, with the rule, its legal source, until when (null: as long as the record it proves) and the columns cleared. */
  retained: {
    table: string;
    rows: number;
    rule: string;
    reason: string;
    source: string;
    until: string | null;
    clearedColumns: string[];
  }[];
  /** The customer row: kept as a tombstone without personal data (retained rows and this request reference it). */
  customerRecord: 'tombstone';
  /** Blind-index values removed (they are keyed by the tenant's key, which is not shredded). */
  blindIndexesRemoved: string[];
  /**
   * What stays so the bank never re-imports the person from its records (`suppressionMarker`): set when
   * the customer was imported from them, null otherwise; absent on certificates issued before markers.
   */
  suppressionMarker?: SuppressionMarker | null;
  /** When the customer's data key was deleted (every retained `*_enc` value is unreadable from then on). */
  keyShreddedAt: string;
  /** Whether a data key existed to shred (false: the customer never had encrypted data). */
  keyExisted: boolean;
  identity: { realm: string; outcome: 'removed' | 'absent' | 'no-login' };
  /**
   * What erasure ended before erasing rows: the person's live consents (now `revoked`, reason `erased`)
   * and the connections under them (now `revoked`); their rows are among `retained`. Null on a
   * certificate of an erasure that ran before this step existed.
   */
  ended: ErasureEndings | null;
  completedAt: string;
}

/** The erasure suppression marker as the certificate describes it: what is kept, why and for how long. */
export interface SuppressionMarker {
  table: 'erasure_suppression';
  kept: string;
  reason: string;
  until: string;
}

/**
 * Kept when the bank imported the customer from its own records (`customer.source_ref_index`): the one
 * value, with the erasure's time and request id, and nothing else about the person.
 */
export const suppressionMarker: SuppressionMarker = {
  table: 'erasure_suppression',
  kept: "the blind index of the bank's client reference: a keyed hash (HMAC-SHA-256 under a key derived from the bank's data key), from which no client number or other personal data can be read",
  reason:
    "GDPR Art. 17: the bank must not process the person again by re-importing them from its own records; a suppression list is the accepted way to honour that. Only the bank's import is refused: the person may still sign up again themselves.",
  until: 'as long as the bank imports from those records; deleted with the bank',
};
