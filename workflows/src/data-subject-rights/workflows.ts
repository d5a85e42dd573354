// Data-subject rights as a compliance officer would describe them. Deterministic: all I/O is in the
// activities, each idempotent and recording its step on the request, so a retried or resumed run
// never repeats a step's effect.
import { ActivityFailure, ApplicationFailure, proxyActivities, sleep } from '@temporalio/workflow';
import type { DataSubjectRequestInput, ErasureCertificate, ExportArchiveReport } from '@finpersona/platform';
import type { DataSubjectRightsActivities } from './activities';

const activities = proxyActivities<DataSubjectRightsActivities>({
  // Gathering a customer's years of transactions is the longest step; the rest are one short transaction
  // or one Keycloak call.
  startToCloseTimeout: '10 minutes',
  retry: {
    // Rides out a database or Keycloak restart; permanent errors are non-retryable and fail at once.
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
});

/**
 * Export (GDPR Art. 15/20): gather everything held on the person into JSON (published schema) and CSV,
 * store it encrypted, let the customer fetch it once; when the download expires, delete what was not fetched.
 */
export async function exportPersonalData(input: DataSubjectRequestInput): Promise<ExportArchiveReport> {
  await activities.startDataSubjectRequest(input);
  let report: ExportArchiveReport;
  try {
    report = await activities.buildExportArchive(input);
  } catch (error) {
    await activities.failDataSubjectRequest({ ...input, reason: failureMessage(error, 'export') });
    throw error;
  }
  // The archive waits for its one download; afterwards (or never fetched) it must not outlive the expiry.
  const wait = new Date(report.expiresAt).getTime() - Date.now();
  if (wait > 0) await sleep(wait);
  await activities.expireExportArchive(input);
  return report;
}

/**
 * Erasure (GDPR Art. 17): remove the person's login, delete their rows or keep them under the region's
 * retention rules, shred their data key so nothing retained can be read, and issue the certificate.
 * The login goes first: it is read from the customer row, which erasure turns into a tombstone.
 */
export async function erasePersonalData(input: DataSubjectRequestInput): Promise<ErasureCertificate> {
  await activities.startDataSubjectRequest(input);
  try {
    await activities.removeCustomerLogin(input);
    await activities.eraseCustomerRows(input);
    await activities.shredCustomerKey(input);
    return await activities.issueErasureCertificate(input);
  } catch (error) {
    await activities.failDataSubjectRequest({ ...input, reason: failureMessage(error, 'erasure') });
    throw error;
  }
}

/** What the request shows when a step failed for good: the platform's message, or a generic one. */
function failureMessage(error: unknown, kind: string): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.nonRetryable) return cause.message;
  return `The ${kind} could not be completed; the bank has been notified. Request it again later.`;
}
