// Account sync, as the process reads: a run of the connection's schedule first hands over to a sync that was
// requested and is still running (that run gets the request; the scheduled one ends, skipped); start a run
// (unless the region's unattended refreshes are used up, or the connection may not be synced — then a
// scheduled run removes its own schedule); list the accounts;
// for each account, its balances and then its transactions page by page from where the last sync stopped.
// Before every call to the source the connection and its consent are checked again: once consent is gone,
// the run stops and nothing more reaches the source. One account failing does not stop the others (the
// run is then `partial`). The run's report is stored and audited, and the connection's schedule is kept
// in line with its bank's region. A sync asked for while the run was already fetching (the customer's "sync
// now", a staff refresh, a statement import) may want data the fetch has passed: when the run has ended it
// runs once more, however many such requests came. Deterministic: all I/O happens in the activities.
import {
  ActivityFailure,
  ApplicationFailure,
  defineSignal,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  makeContinueAsNewFunc,
  patched,
  proxyActivities,
  type RetryPolicy,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  AccountSyncReport,
  IngestReport,
  SyncConnectionInput,
  SyncReport,
  SyncRequest,
  SyncResult,
  SyncRunStatus,
} from '@finpersona/platform';
import type { SyncActivities, SyncedAccount } from './activities';

/** Same name as the platform's `SYNC_REQUESTED_SIGNAL` (workflow code may not import the platform). */
export const syncRequestedSignal = defineSignal<[SyncRequest]>('syncRequested');

/** The platform's `syncWorkflowId`: the id of a requested sync (`SyncStarter`) and of its follow-ups. */
const requestedSyncWorkflowId = (connectionId: string) => `sync-${connectionId}`;

/** Connector error codes that mean the source's consent is gone: the connection ends, the run stops. */
const consentEndedCodes = ['CONSENT_EXPIRED', 'CONSENT_REVOKED'] as const;
type ConsentEndedCode = (typeof consentEndedCodes)[number];

const retry: RetryPolicy = {
  // SOURCE_UNAVAILABLE and RATE_LIMITED (whose Retry-After replaces the backoff), database fail-overs and
  // a worker that died mid-call: 1 s doubling to 1 min, 10 attempts (about 5 minutes) before an account
  // is given up for this run.
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  maximumAttempts: 10,
  nonRetryableErrorTypes: [
    'CONSENT_EXPIRED',
    'CONSENT_REVOKED',
    'BAD_SOURCE_DATA',
    'INVALID_REQUEST',
    'UNSUPPORTED',
  ],
};

// Source calls heartbeat every second while they wait: a worker that dies mid-call is noticed within 5 s
// and the call retried on another worker, instead of after the whole start-to-close timeout.
const source = proxyActivities<SyncActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '5 seconds',
  retry,
});
const bookkeeping = proxyActivities<SyncActivities>({ startToCloseTimeout: '1 minute', retry });
// Derived work after the run (behaviour, alerts, insights): a few attempts, then the run keeps its outcome and the
// next sync catches up.
const derived = proxyActivities<SyncActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 3 },
});

type AccountOutcome =
  | { kind: 'done' }
  | { kind: 'stopped'; reason: string }
  | { kind: 'consent-ended'; code: ConsentEndedCode; message: string };

/**
 * Syncs one connection; returns the run's status and report (also stored on `sync_run`). A request
 * (`syncRequested`) that arrives once the fetch has begun makes the workflow continue as new when the run
 * has ended — a normal run with its own checks and `sync_run` row, triggered by the first such request;
 * later ones coalesce into it. A request before the fetch is served by this run.
 */
export async function syncConnection(input: SyncConnectionInput): Promise<SyncResult> {
  const requests: FollowUpRequests = { fetchBegun: false, followUp: null };
  setHandler(syncRequestedSignal, (request) => {
    if (requests.fetchBegun) requests.followUp ??= request;
  });
  const result = await syncOnce(input, requests);
  // Continue as new rather than loop: each run keeps a history of its own (a connection synced on request
  // all day would otherwise grow one history without bound) and Temporal shows it with its own trigger.
  // Runs started before follow-ups existed replay without it.
  if (requests.followUp && patched('sync-follow-up')) {
    const { trigger } = requests.followUp;
    const followUp = makeContinueAsNewFunc<typeof syncConnection>({ memo: { trigger } });
    return followUp({ tenantId: input.tenantId, connectionId: input.connectionId, trigger });
  }
  return result;
}

/** Whether this run's fetch has begun, and the first request that came after it (the follow-up's). */
interface FollowUpRequests {
  fetchBegun: boolean;
  followUp: SyncRequest | null;
}

async function syncOnce(input: SyncConnectionInput, requests: FollowUpRequests): Promise<SyncResult> {
  const ref = { tenantId: input.tenantId, connectionId: input.connectionId };
  // The schedule's overlap policy only sees the schedule's own runs. Runs started before this step existed
  // replay without it.
  if (
    input.trigger === 'schedule' &&
    workflowInfo().workflowId !== requestedSyncWorkflowId(input.connectionId) &&
    patched('schedule-yields-to-requested-sync') &&
    (await handedToRequestedSync(input.connectionId))
  ) {
    await bookkeeping.recordSkippedSync({ ...ref, reason: 'already-running' });
    return { runId: null, status: 'skipped', reason: 'already-running', report: null };
  }
  const start = await bookkeeping.startSyncRun(input);
  if (start.kind === 'skipped') return { runId: null, status: 'skipped', reason: start.reason, report: null };
  if (start.kind === 'not-active') {
    // A schedule of a connection that may no longer be synced removes itself, without any source call.
    if (input.trigger === 'schedule')
      await bookkeeping.deleteSyncSchedule({ connectionId: input.connectionId });
    return { runId: null, status: 'not-active', reason: start.reason, report: null };
  }
  const runId = start.runId;
  const report: SyncReport = {
    accounts: { listed: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 },
    perAccount: {},
    stoppedReason: null,
    error: null,
  };

  async function finish(status: SyncRunStatus): Promise<SyncResult> {
    const { keepSchedule } = await bookkeeping.finishSyncRun({
      tenantId: input.tenantId,
      runId,
      status,
      report,
    });
    if (keepSchedule) await bookkeeping.keepSyncSchedule(ref);
    else await bookkeeping.deleteSyncSchedule({ connectionId: input.connectionId });
    // The customer's behaviour (features, recurring payments) follows the data the run stored; runs
    // started before this step existed replay without it.
    let recomputed: { customerId: string } | null = null;
    if (changedData(report) && patched('behaviour-after-sync')) {
      try {
        recomputed = await derived.recomputeBehaviour({ tenantId: input.tenantId, runId });
      } catch (error) {
        log.warn('Behaviour was not recomputed after the sync; the next sync recomputes it', {
          runId,
          error,
        });
      }
    }
    // The customer's condition alerts look at the data the run stored; runs started before this step
    // existed replay without it. A failure here never fails the sync.
    if (changedData(report) && patched('alerts-after-sync')) {
      try {
        await derived.evaluateAlerts({ tenantId: input.tenantId, runId });
      } catch (error) {
        log.warn('Alerts were not evaluated after the sync; the next sync evaluates them', { runId, error });
      }
    }
    // Insights read the behaviour just recomputed (only then: stale features would repeat old news); runs
    // started before this step existed replay without it. A failure here never fails the sync.
    if (recomputed && patched('insights-after-sync')) {
      try {
        await derived.generateInsights({ tenantId: input.tenantId, customerId: recomputed.customerId });
      } catch (error) {
        log.warn('Insights were not generated after the sync; the next sync generates them', {
          runId,
          error,
        });
      }
    }
    return { runId, status, reason: report.stoppedReason, report };
  }

  async function consentEnded(code: ConsentEndedCode, message: string): Promise<SyncResult> {
    await bookkeeping.endConnection({ ...ref, code, message });
    report.stoppedReason = code === 'CONSENT_EXPIRED' ? 'source-consent-expired' : 'source-consent-revoked';
    report.error = { code, message };
    return finish('stopped');
  }

  let accounts: SyncedAccount[];
  // From here on the source is read: a request arriving now may want data this pass has already passed.
  requests.fetchBegun = true;
  try {
    const listed = await source.syncAccounts(ref);
    if (listed.kind === 'stopped') {
      report.stoppedReason = listed.reason;
      return finish('stopped');
    }
    accounts = listed.accounts;
    report.accounts = { listed: accounts.length + listed.report.rejected, ...counts(listed.report) };
  } catch (error) {
    const failure = failureOf(error);
    if (isConsentEnded(failure.code)) return consentEnded(failure.code, failure.message);
    report.error = failure;
    return finish('failed');
  }

  for (const account of accounts) {
    const accountReport = emptyAccountReport();
    report.perAccount[account.accountId] = accountReport;
    const outcome = await syncAccount(ref, account, accountReport);
    if (outcome.kind === 'stopped') {
      report.stoppedReason = outcome.reason;
      return finish('stopped');
    }
    if (outcome.kind === 'consent-ended') return consentEnded(outcome.code, outcome.message);
  }

  const failed = Object.values(report.perAccount).filter((account) => account.error !== null).length;
  return finish(failed === 0 ? 'succeeded' : failed === accounts.length ? 'failed' : 'partial');
}

/**
 * Whether a requested sync of the connection (`sync-<connectionId>`) is running and took this scheduled run's
 * request: signalled `syncRequested` with trigger `schedule`, which that run serves or follows up on like any
 * request. Temporal delivers a signal to a running workflow only; one that is not running (none yet, or
 * ended) fails the signal, and this run syncs itself.
 */
async function handedToRequestedSync(connectionId: string): Promise<boolean> {
  try {
    await getExternalWorkflowHandle(requestedSyncWorkflowId(connectionId)).signal(syncRequestedSignal, {
      trigger: 'schedule',
    });
    return true;
  } catch (error) {
    if (isCancellation(error)) throw error;
    log.info('No requested sync of the connection is running; the scheduled run syncs', { error });
    return false;
  }
}

/** Balances, then every page of transactions from the stored cursor; a failure ends this account only. */
async function syncAccount(
  ref: { tenantId: string; connectionId: string },
  account: SyncedAccount,
  report: AccountSyncReport,
): Promise<AccountOutcome> {
  const target = { ...ref, sourceAccountId: account.sourceAccountId };
  try {
    const balances = await source.syncBalances(target);
    if (balances.kind === 'stopped') return balances;
    report.balances = { ...counts(balances.report) };

    let cursor = account.cursor;
    do {
      const page = await source.syncTransactionPage({ ...target, cursor, fromDate: account.fromDate });
      if (page.kind === 'stopped') return page;
      report.pages += 1;
      report.inserted += page.report.inserted;
      report.updated += page.report.updated;
      report.unchanged += page.report.unchanged;
      report.rejected += page.report.rejected;
      report.rejections.push(...page.report.rejections.slice(0, Math.max(0, 20 - report.rejections.length)));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return { kind: 'done' };
  } catch (error) {
    const failure = failureOf(error);
    if (isConsentEnded(failure.code))
      return { kind: 'consent-ended', code: failure.code, message: failure.message };
    report.error = failure;
    return { kind: 'done' };
  }
}

/** Whether a run stored anything new or changed (transactions or balances of any account). */
function changedData(report: SyncReport): boolean {
  return Object.values(report.perAccount).some(
    (account) =>
      account.inserted + account.updated + account.balances.inserted + account.balances.updated > 0,
  );
}

function counts(report: IngestReport): {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
} {
  return {
    inserted: report.inserted,
    updated: report.updated,
    unchanged: report.unchanged,
    rejected: report.rejected,
  };
}

function emptyAccountReport(): AccountSyncReport {
  return {
    pages: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rejections: [],
    balances: { inserted: 0, updated: 0, unchanged: 0, rejected: 0 },
    error: null,
  };
}

/** The connector (or platform) error code and message behind an activity failure; `INTERNAL` otherwise. */
function failureOf(error: unknown): { code: string; message: string } {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.type) return { code: cause.type, message: cause.message };
  if (error instanceof ActivityFailure)
    return { code: 'INTERNAL', message: 'The step failed after every retry.' };
  throw error;
}

function isConsentEnded(code: string): code is ConsentEndedCode {
  return (consentEndedCodes as readonly string[]).includes(code);
}
