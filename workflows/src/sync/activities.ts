// Account-sync activities: all I/O of the sync workflow. Each one that reaches the source first checks,
// in the database, that the connection is active and its consent live (`SyncService.stopReason`), makes
// ONE source call (heartbeating while it waits), and stores what came back in one transaction
// (`IngestService`), so a retried or repeated activity stores nothing twice.
import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type ScheduleClient } from '@temporalio/client';
import {
  type ConnectionGrant,
  ConnectorError,
  type ConnectorContext,
  type DataConnector,
} from '@finpersona/plugin-sdk';
import {
  type AlertEvaluation,
  type AlertsService,
  type AppError,
  type BehaviourService,
  type InsightRunReport,
  type InsightsService,
  type ErrorCode,
  type IngestReport,
  type IngestService,
  isAppError,
  SYNC_WORKFLOW,
  scheduledSyncWorkflowId,
  syncScheduleId,
  type SyncConnectionInput,
  type SyncReport,
  type SyncRunStatus,
  type SyncService,
  type SyncStart,
  type TransactionPromptsService,
} from '@finpersona/platform';

export interface SyncServices {
  sync: Pick<
    SyncService,
    | 'asTenant'
    | 'scheduleIntervalMs'
    | 'startRun'
    | 'stopReason'
    | 'connectorOf'
    | 'saveGrant'
    | 'finishRun'
    | 'endConnection'
    | 'recordSkipped'
  >;
  ingest: Pick<IngestService, 'storeAccounts' | 'storeBalances' | 'storeTransactionPage'>;
  /** Recomputes a customer's behaviour after a run that changed their data; absent: nothing is recomputed. */
  behaviour?: Pick<BehaviourService, 'recomputeAfterSync'>;
  /** Evaluates the customer's condition alerts after a run that changed their data; absent: none are. */
  alerts?: Pick<AlertsService, 'evaluateAfterSync'>;
  /** Runs the bank's insight generators for a customer whose data a run changed; absent: none run. */
  insights?: Pick<InsightsService, 'generateFromStoredData'>;
  /** Creates prompts about the run's notable transactions (after behaviour); absent: none are. */
  prompts?: Pick<TransactionPromptsService, 'createAfterSync'>;
}

export interface SyncActivityOptions {
  /** Task queue the connection's schedule starts its runs on (the worker's). */
  taskQueue: string;
  /**
   * Where schedules live; default: the worker's own client (`Context.current().client.schedule`). The
   * time-skipping test server has no schedules, so its tests pass a client of the dev server.
   */
  schedules?: () => ScheduleClient;
  /** How often a running source call heartbeats (default 1 s; the workflow's heartbeat timeout is 5 s). */
  heartbeatEveryMs?: number;
}

export interface ConnectionRef {
  tenantId: string;
  connectionId: string;
}

/** The outcome of an activity that reaches the source: done, or stopped before the call (no call made). */
export type SourceStep<T> = ({ kind: 'done' } & T) | { kind: 'stopped'; reason: string };

export interface SyncedAccount {
  sourceAccountId: string;
  accountId: string;
  cursor: string | null;
  fromDate: string | null;
}

// Platform errors nobody can fix by retrying.
const permanentCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['INVALID', 'NOT_FOUND', 'FORBIDDEN']);

/** Connector errors keep their code as the failure type; retryable ones honour the source's Retry-After. */
function asFailure(error: ConnectorError): ApplicationFailure {
  return ApplicationFailure.create({
    type: error.code,
    message: error.message,
    nonRetryable: !error.retryable,
    ...(error.retryable && error.retryAfterMs !== undefined ? { nextRetryDelay: error.retryAfterMs } : {}),
  });
}

function platformFailure(error: AppError): ApplicationFailure {
  return ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true });
}

export function createSyncActivities(
  { sync, ingest, behaviour, alerts, insights, prompts }: SyncServices,
  options: SyncActivityOptions,
) {
  const heartbeatEveryMs = options.heartbeatEveryMs ?? 1_000;
  const schedules = options.schedules ?? (() => Context.current().client.schedule);

  /**
   * One source call under the checks: stops (no call) when the connection may not be synced; otherwise
   * calls with heartbeats and stores the result with `store`. A batch refused at storage because the
   * consent ended meanwhile (CONFLICT) is a stop too: nothing of it was stored.
   */
  async function throughSource<R, T>(
    { tenantId, connectionId }: ConnectionRef,
    call: (connector: DataConnector, grant: ConnectionGrant, context: ConnectorContext) => Promise<R>,
    store: (result: R) => Promise<T>,
  ): Promise<SourceStep<T>> {
    // Set when the platform refused a grant the connector saved because the connection ended meanwhile:
    // whatever the connector then throws, the step stopped for that reason (not a revocation at the source).
    const refused: { reason: string | null } = { reason: null };
    try {
      return await sync.asTenant(tenantId, async (tenant) => {
        const stop = await sync.stopReason(connectionId);
        if (stop) return { kind: 'stopped', reason: stop };
        const { connector, grant } = await sync.connectorOf(connectionId, tenant.region);
        let current = grant;
        let result: R;
        try {
          result = await withHeartbeats(
            heartbeatEveryMs,
            async (next, abort) => {
              const saved = await sync.saveGrant(connectionId, current, next).catch((error: unknown) => {
                if (isAppError(error) && error.code === 'INVALID') {
                  throw new ConnectorError(
                    'INVALID_REQUEST',
                    `The connector saved a grant the platform cannot store: ${error.message}`,
                  );
                }
                throw error;
              });
              if (!saved.saved) {
                refused.reason = saved.reason;
                const refusal = new ConnectorError(
                  'CONSENT_REVOKED',
                  `The connection ended while this call ran (${saved.reason}): the grant was not saved; stop.`,
                );
                abort(refusal);
                throw refusal;
              }
              current = next;
            },
            (context) => call(connector, grant, context),
          );
        } catch (error) {
          if (refused.reason) return { kind: 'stopped', reason: refused.reason };
          throw error;
        }
        try {
          return { kind: 'done', ...(await store(result)) };
        } catch (error) {
          if (isAppError(error) && error.code === 'CONFLICT') {
            const reason =
              (error.details as { reason?: string } | undefined)?.reason ?? 'connection-not-active';
            return { kind: 'stopped', reason };
          }
          throw error;
        }
      });
    } catch (error) {
      if (error instanceof ConnectorError) throw asFailure(error);
      if (isAppError(error) && permanentCodes.has(error.code)) throw platformFailure(error);
      throw error;
    }
  }

  return {
    /** Starts the run (or says why not: unattended cap reached, connection or consent not live). */
    async startSyncRun(input: SyncConnectionInput): Promise<SyncStart> {
      try {
        return await sync.asTenant(input.tenantId, (tenant) =>
          sync.startRun(input.connectionId, input.trigger, tenant.status),
        );
      } catch (error) {
        if (isAppError(error) && permanentCodes.has(error.code)) throw platformFailure(error);
        throw error;
      }
    },

    /** Lists the connection's accounts at the source and stores them. */
    async syncAccounts(
      ref: ConnectionRef,
    ): Promise<SourceStep<{ accounts: SyncedAccount[]; report: IngestReport }>> {
      return throughSource(
        ref,
        (connector, grant, context) => connector.listAccounts(grant, context),
        async (accounts) => {
          const stored = await ingest.storeAccounts(ref.connectionId, accounts);
          return { accounts: stored.accounts, report: stored.report };
        },
      );
    },

    /** Fetches and stores one account's balances. */
    async syncBalances(
      ref: ConnectionRef & { sourceAccountId: string },
    ): Promise<SourceStep<{ report: IngestReport }>> {
      return throughSource(
        ref,
        (connector, grant, context) => connector.listBalances(grant, ref.sourceAccountId, context),
        async (balances) => ({
          report: await ingest.storeBalances(ref.connectionId, ref.sourceAccountId, balances),
        }),
      );
    },

    /**
     * Fetches one page of an account's transactions from `cursor` and stores it with the next cursor, in
     * one transaction. Retried after a crash, it fetches the same page again and stores nothing new.
     */
    async syncTransactionPage(
      ref: ConnectionRef & { sourceAccountId: string; cursor: string | null; fromDate: string | null },
    ): Promise<SourceStep<{ nextCursor: string | null; report: IngestReport }>> {
      return throughSource(
        ref,
        (connector, grant, context) =>
          connector.listTransactions(
            grant,
            ref.sourceAccountId,
            {
              cursor: ref.cursor,
              ...(ref.cursor === null && ref.fromDate ? { fromDate: ref.fromDate } : {}),
            },
            context,
          ),
        async (page) => ({
          nextCursor: page.nextCursor,
          report: await ingest.storeTransactionPage(ref.connectionId, ref.sourceAccountId, page),
        }),
      );
    },

    /** Records the run's end and report (audited `sync.finished`); says whether the schedule should stay. */
    async finishSyncRun(input: {
      tenantId: string;
      runId: string;
      status: SyncRunStatus;
      report: SyncReport;
    }): Promise<{ keepSchedule: boolean }> {
      return sync.asTenant(input.tenantId, async () => {
        const { connectionActive, refreshes } = await sync.finishRun(input.runId, input.status, input.report);
        // A source that never changes (a statement file) is synced once per import: no schedule.
        return { keepSchedule: connectionActive && refreshes && input.status !== 'stopped' };
      });
    },

    /**
     * After a finished run that stored something new or changed: the customer's features and recurring
     * payments are recomputed from everything stored (off the source-call path: the run has ended).
     * Returns the customer and how long it took, or null when nothing changed (or nothing recomputes here).
     */
    async recomputeBehaviour(input: {
      tenantId: string;
      runId: string;
    }): Promise<{ customerId: string; ms: number } | null> {
      if (!behaviour) return null;
      const recomputed = await sync.asTenant(input.tenantId, () => behaviour.recomputeAfterSync(input.runId));
      // Prompts after notable transactions read the recurring payments just recomputed, so they run here
      // (once per changed run, like behaviour). Creating them is idempotent and never fails this step.
      if (prompts) {
        try {
          await sync.asTenant(input.tenantId, () => prompts.createAfterSync(input.runId));
        } catch (error) {
          log.warn('Prompts after notable transactions were not created; the next sync tries again', {
            runId: input.runId,
            error: String(error),
          });
        }
      }
      return recomputed;
    },

    /**
     * After a finished run that stored something new or changed: the customer's condition alerts are
     * evaluated (off the source-call path: the run has ended). Each occurrence is claimed once in the
     * database, so a retried activity sends nothing twice. Null when nothing evaluates alerts here.
     */
    async evaluateAlerts(input: { tenantId: string; runId: string }): Promise<AlertEvaluation | null> {
      if (!alerts) return null;
      return sync.asTenant(input.tenantId, () => alerts.evaluateAfterSync(input.runId));
    },

    /**
     * After a run changed a customer's data and their behaviour was recomputed: the bank's insight
     * generators run on what is stored (features, recent transactions with their recurring series). Each
     * insight is stored once per key and notified once per channel, so a retried activity repeats nothing.
     * Null when nothing generates insights here.
     */
    async generateInsights(input: {
      tenantId: string;
      customerId: string;
    }): Promise<InsightRunReport | null> {
      if (!insights) return null;
      return sync.asTenant(input.tenantId, () => insights.generateFromStoredData(input.customerId));
    },

    /** The source said its consent ended: the connection becomes expired/revoked. */
    async endConnection(
      input: ConnectionRef & { code: 'CONSENT_EXPIRED' | 'CONSENT_REVOKED'; message: string },
    ): Promise<void> {
      await sync.asTenant(input.tenantId, () =>
        sync.endConnection(input.connectionId, input.code, input.message),
      );
    },

    /** Audits a scheduled run that a sync already running took over (`sync.skipped`, `already-running`). */
    async recordSkippedSync(input: ConnectionRef & { reason: 'already-running' }): Promise<void> {
      await sync.asTenant(input.tenantId, () =>
        sync.recordSkipped(input.connectionId, 'schedule', input.reason),
      );
    },

    /**
     * Creates the connection's schedule (`sync-schedule-<connectionId>`) or brings its interval in line
     * with the bank's compliance rule pack: 24 h / its unattended refreshes per day (4 → 6 h), daily where
     * it sets no cap. Overlapping runs are skipped.
     */
    async keepSyncSchedule(
      ref: ConnectionRef,
    ): Promise<{ scheduleId: string; intervalMs: number; changed: boolean }> {
      const intervalMs = await sync.asTenant(ref.tenantId, () => sync.scheduleIntervalMs());
      const client = schedules();
      const scheduleId = syncScheduleId(ref.connectionId);
      const handle = client.getHandle(scheduleId);
      try {
        const current = await handle.describe();
        if (current.spec.intervals?.length === 1 && current.spec.intervals[0]!.every === intervalMs) {
          return { scheduleId, intervalMs, changed: false };
        }
        await handle.update((previous) => ({ ...previous, spec: { intervals: [{ every: intervalMs }] } }));
        return { scheduleId, intervalMs, changed: true };
      } catch (error) {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
      }
      const args: [SyncConnectionInput] = [
        { tenantId: ref.tenantId, connectionId: ref.connectionId, trigger: 'schedule' },
      ];
      await client.create({
        scheduleId,
        spec: { intervals: [{ every: intervalMs }] },
        action: {
          type: 'startWorkflow',
          workflowType: SYNC_WORKFLOW,
          args,
          taskQueue: options.taskQueue,
          workflowId: scheduledSyncWorkflowId(ref.connectionId),
        },
        policies: { overlap: ScheduleOverlapPolicy.SKIP },
      });
      return { scheduleId, intervalMs, changed: true };
    },

    /** Deletes the connection's schedule (gone already counts as done). */
    async deleteSyncSchedule({ connectionId }: { connectionId: string }): Promise<{ deleted: boolean }> {
      try {
        await schedules().getHandle(syncScheduleId(connectionId)).delete();
        return { deleted: true };
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) return { deleted: false };
        throw error;
      }
    },
  };
}

export type SyncActivities = ReturnType<typeof createSyncActivities>;

/**
 * Runs a source call while heartbeating every `everyMs` (a slow page must not look like a dead worker),
 * with a connector context whose signal follows the activity's cancellation (and aborts when `saveGrant`
 * refuses, through `abort`). Syncs run without the customer: every worker call is `customer: absent`,
 * including a sync the customer started with "sync now" (their address is not carried to the worker;
 * see workflows/README.md).
 */
async function withHeartbeats<T>(
  everyMs: number,
  saveGrant: (grant: ConnectionGrant, abort: (reason: unknown) => void) => Promise<void>,
  call: (context: ConnectorContext) => Promise<T>,
): Promise<T> {
  const activity = Context.current();
  const stopped = new AbortController();
  const abort = (reason: unknown) => stopped.abort(reason);
  const timer = setInterval(() => activity.heartbeat(), everyMs);
  try {
    return await call({
      signal: AbortSignal.any([activity.cancellationSignal, stopped.signal]),
      heartbeat: (progress) => activity.heartbeat(progress),
      // Host restriction and isolation come with the plugin host (issue 4); first-party connectors for now.
      fetch: globalThis.fetch,
      now: () => new Date(),
      customer: { present: false },
      saveGrant: (grant) => saveGrant(grant, abort),
    });
  } finally {
    clearInterval(timer);
  }
}
