// The erasure certificate the API returns as JSON (platform `ErasureCertificate`, version 1): what was
// removed per table, what was retained and why, when the data key was destroyed. Counts and rules only.

export interface RetainedRows {
  table: string;
  rows: number;
  rule: string;
  reason: string;
  source: string;
  /** ISO date until which the rows are kept; null: as long as the record they prove. */
  until: string | null;
  clearedColumns: string[];
}

/** What the erasure stopped before erasing (platform `ErasureEndings`): consents revoked, connections stopped. */
export interface ErasureEndings {
  consents: number;
  connections: number;
  connectionIds: string[];
  lifecycleWorkflowIds: string[];
  endedAt: string;
}

/** What stays so the bank never re-imports the person from its records (platform `SuppressionMarker`). */
export interface SuppressionMarker {
  table: string;
  kept: string;
  reason: string;
  until: string;
}

export interface ErasureCertificate {
  version: 1;
  requestId: string;
  customerId: string;
  region: string;
  relationshipEndedAt: string;
  removed: Record<string, number>;
  retained: RetainedRows[];
  customerRecord: string;
  blindIndexesRemoved: string[];
  /**
   * Set when the customer was imported from the bank's records; null otherwise; absent on certificates issued
   * before the platform kept markers.
   */
  suppressionMarker?: SuppressionMarker | null;
  keyShreddedAt: string;
  keyExisted: boolean;
  identity: { realm: string; outcome: 'removed' | 'absent' | 'no-login' };
  /** Null for an erasure that ran before the platform recorded this step. */
  ended: ErasureEndings | null;
  completedAt: string;
}

/**
 * The certificate of a completed erasure, or null when there is none. A certificate the portal cannot read
 * (another version, broken JSON) is an error the screen shows, not something to guess at.
 */
export function parseCertificate(json: string | null): ErasureCertificate | null {
  if (json === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('The erasure certificate is not valid JSON.');
  }
  const certificate = value as Partial<ErasureCertificate> | null;
  if (
    certificate?.version !== 1 ||
    typeof certificate.removed !== 'object' ||
    certificate.removed === null ||
    !Array.isArray(certificate.retained)
  ) {
    throw new Error('This erasure certificate has a format the portal does not know (expected version 1).');
  }
  return certificate as ErasureCertificate;
}

/** What the certificate says about a suppression marker, in a sentence (none: the person was not imported). */
export function suppressionSummary(certificate: ErasureCertificate): string | null {
  const marker = certificate.suppressionMarker;
  if (!marker) return null;
  return `Kept in ${marker.table}: ${marker.kept}. Why: ${marker.reason} Until: ${marker.until}.`;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * What the erasure ended before erasing, as a sentence: the consents revoked (reason "erased") and the
 * connections stopped, whose sync schedules were deleted and consent lifecycles woken so they end.
 */
export function endedSummary(certificate: ErasureCertificate): string {
  const ended = certificate.ended;
  if (!ended) {
    return 'Consents and connections ended: not recorded (this erasure ran before the platform recorded that step).';
  }
  if (ended.consents === 0 && ended.connections === 0) {
    return 'Consents and connections ended: none was live at erasure.';
  }
  return (
    `Consents and connections ended ${new Date(ended.endedAt).toLocaleString()}: ` +
    `${plural(ended.consents, 'consent', 'consents')} revoked (reason: erased), ` +
    `${plural(ended.connections, 'connection', 'connections')} stopped; their sync schedules were deleted and ` +
    "the consents' lifecycles ended, so nothing processes the data any more."
  );
}

/** Rows removed per table, largest first, and their sum. */
export function removedRows(certificate: ErasureCertificate): { rows: [string, number][]; total: number } {
  const rows = Object.entries(certificate.removed).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return { rows, total: rows.reduce((sum, [, count]) => sum + count, 0) };
}

const stepLabels: Record<string, string> = {
  started: 'Started',
  'archive-stored': 'Archive ready for download',
  'archive-fetched': 'Archive downloaded',
  'archive-expired': 'Archive expired and deleted',
  'identity-removed': 'Login removed',
  'consents-ended': 'Consents and connections ended',
  'rows-erased': 'Data erased or retained per rule',
  'key-shredded': 'Data key destroyed',
  'certificate-issued': 'Certificate issued',
};

/** A progress step as people read it (unknown steps are shown as the API names them). */
export function stepLabel(step: string): string {
  return stepLabels[step] ?? step;
}

/**
 * A request's progress in one line for the list: its last step and how many it took; a failed request says
 * where it stopped ("Failed after: Started"), not a step that reads as if it were still running.
 */
export function lastStepText(request: { status: string; progress: readonly { step: string }[] }): string {
  const last = request.progress.at(-1);
  if (!last) return request.status === 'FAILED' ? 'Failed before it started' : 'Not started';
  if (request.status === 'FAILED') return `Failed after: ${stepLabel(last.step)}`;
  const count = request.progress.length;
  return `${stepLabel(last.step)} (${count} ${count === 1 ? 'step' : 'steps'})`;
}

export const identityOutcomes: Record<ErasureCertificate['identity']['outcome'], string> = {
  removed: 'login removed from Keycloak',
  absent: 'no login found in Keycloak (already removed)',
  'no-login': 'the customer never had a login',
};
