// Data-subject rights as a compliance officer would describe them. Deterministic: all I/O is in the
// activities, each idempotent and recording its step on the request, so a retried or resumed run
// never repeats a step's effect.
import {
  ActivityFailure,
  type ActivityOptions,
  ApplicationFailure,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  sleep,
} from '@temporalio/workflow';
import type { DataSubjectRequestInput, ErasureCertificate, ExportArchiveReport } from '@finpersona/platform';
import { revokedSignal } from '../consents/workflows';
import type { SyncActivities } from '../sync/activities';
import type { DataSubjectRightsActivities } from './activities';

const stepOptions: ActivityOptions = {
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
};

const activities = proxyActivities<DataSubjectRightsActivities>(stepOptions);

/** The sync's own schedule removal (a schedule already gone is fine), with the steps' retries. */
const { deleteSyncSchedule } = proxyActivities<Pick<SyncActivities, 'deleteSyncSchedule'>>(stepOptions);

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
 * Erasure (GDPR Art. 17): remove the person's login, end their consents and the connections under them,
 * delete their rows or keep them under the region's retention rules, shred their data key so nothing
 * retained can be read, and issue the certificate. The login goes first: it is read from the customer
 * row, which erasure turns into a tombstone, and without it no new consent can be given meanwhile.
 * Retained consent and connection rows must not stay live: nothing may process data under them any more.
 */
export async function erasePersonalData(input: DataSubjectRequestInput): Promise<ErasureCertificate> {
  await activities.startDataSubjectRequest(input);
  try {
    await activities.removeCustomerLogin(input);
    // Patched: an erasure started before this step existed replays without it.
    if (patched('erasure-ends-consents')) {
      const { lifecycleWorkflowIds, connectionIds } = await activities.endCustomerConsents(input);
      for (const workflowId of lifecycleWorkflowIds) await wakeLifecycle(workflowId);
      // A stopped connection's schedule would fire once more before removing itself: remove it now.
      for (const connectionId of connectionIds) await deleteSyncSchedule({ connectionId });
    }
    await activities.eraseCustomerRows(input);
    await activities.shredCustomerKey(input);
    return await activities.issueErasureCertificate(input);
  } catch (error) {
    await activities.failDataSubjectRequest({ ...input, reason: failureMessage(error, 'erasure') });
    throw error;
  }
}

/**
 * Wakes an ended consent's lifecycle so it reads the consent (revoked) and completes. A hint only: a
 * lifecycle already finished (or never started) cannot be signalled, and one that misses the signal
 * finds the consent ended at its next deadline, so a failed signal does not fail the erasure.
 */
async function wakeLifecycle(workflowId: string): Promise<void> {
  try {
    await getExternalWorkflowHandle(workflowId).signal(revokedSignal);
  } catch {
    // Nothing to wake: the consent itself is already ended in the database.
  }
}

/** What the request shows when a step failed for good: the platform's message, or a generic one. */
function failureMessage(error: unknown, kind: string): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.nonRetryable) return cause.message;
  return `The ${kind} could not be completed; the bank has been notified. Request it again later.`;
}
