// A sync requested while the connection's schedule is running a sync reaches that run (signal `syncRequested`)
// instead of starting `sync-<connectionId>` beside it, and the schedule firing while a requested sync runs
// hands its request to that run instead of syncing beside it: the real API's SyncStarter, this package's
// worker and the schedule the sync workflow keeps, on the Temporal CLI dev server.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConnectorRegistry,
  SYNC_REQUESTED_SIGNAL,
  type SyncRequest,
  SyncStarter,
  syncScheduleId,
  syncWorkflowId,
} from '@finpersona/platform';
import {
  createFixtureConnector,
  createSyncConnection,
  FIXTURE_CONNECTOR_ID,
  syncTestBank,
  type SyncFixtureConnection,
} from '@finpersona/platform/testing';
import { type ApiAndWorker, startApiAndWorker } from '../../test/api-and-worker';

let stack: ApiAndWorker;
let fixture: SyncFixtureConnection;
let second: SyncFixtureConnection;

beforeAll(async () => {
  stack = await startApiAndWorker('workflows_sync_overlap');
  // A slow source: each of the account's 3 pages takes 1.5 s, so a run is still fetching when asked again.
  stack.platform
    .get(ConnectorRegistry)
    .register(FIXTURE_CONNECTOR_ID, () =>
      createFixtureConnector({ accounts: 1, transactionsPerAccount: 6, pageSize: 2, delayPerPageMs: 1_500 }),
    );
  fixture = await createSyncConnection(
    stack.platform,
    syncTestBank(`overlap-${randomBytes(3).toString('hex')}`),
    { connector: FIXTURE_CONNECTOR_ID },
  );
  second = await createSyncConnection(
    stack.platform,
    syncTestBank(`overlap-${randomBytes(3).toString('hex')}`),
    { connector: FIXTURE_CONNECTOR_ID },
  );
});

afterAll(async () => {
  for (const connection of [fixture, second]) {
    await stack?.temporal.client.schedule
      .getHandle(syncScheduleId(connection?.connectionId ?? ''))
      .delete()
      .catch(() => undefined);
  }
  await stack?.close();
});

describe('a sync requested while a scheduled sync of the connection runs', () => {
  it('signals the scheduled run and starts no sync-<connectionId> beside it', async () => {
    const { client } = stack.temporal;
    const starter = stack.api.app.get(SyncStarter);
    const { connectionId, tenantId } = fixture;

    const { initial, schedule } = await firstSync(fixture);

    // The schedule fires now; while its run fetches, the customer asks for a sync.
    await schedule.trigger();
    const scheduledId = async () => (await schedule.describe()).info.recentActions.at(-1)?.action.workflow;
    await expect.poll(scheduledId, { timeout: 30_000 }).toBeDefined();
    const running = (await scheduledId())!;
    expect((await client.workflow.getHandle(running.workflowId).describe()).status.name).toBe('RUNNING');
    const requested = await starter.startWorkflow(tenantId, connectionId, 'customer');

    expect(requested.workflowId).toBe(running.workflowId);
    expect(requested.workflowId).toMatch(new RegExp(`^sync-${connectionId}-schedule`));
    // `sync-<connectionId>` is still the initial run, ended: no second sync was started.
    const own = await client.workflow.getHandle(syncWorkflowId(connectionId)).describe();
    expect(own.runId).toBe(initial.runId);
    expect(own.status.name).toBe('COMPLETED');

    // The scheduled run got the request, and it (with its follow-up, if its fetch had begun) ends well.
    const scheduled = client.workflow.getHandle(requested.workflowId);
    await scheduled.result();
    const history = await client.workflow
      .getHandle(requested.workflowId, running.firstExecutionRunId)
      .fetchHistory();
    const signals = (history.events ?? []).filter(
      (event) => event.workflowExecutionSignaledEventAttributes?.signalName === SYNC_REQUESTED_SIGNAL,
    );
    expect(signals).toHaveLength(1);
  }, 120_000);
});

describe('the schedule firing while a requested sync of the connection runs', () => {
  it('hands its request to the requested run and ends skipped: the two never sync at once', async () => {
    const { client } = stack.temporal;
    const starter = stack.api.app.get(SyncStarter);
    const { connectionId, tenantId } = second;

    const { schedule } = await firstSync(second);

    // The customer asks for a sync; once it is reading the source, the schedule fires.
    const requested = await starter.startWorkflow(tenantId, connectionId, 'customer');
    expect(requested.workflowId).toBe(syncWorkflowId(connectionId));
    const events = async () =>
      (await client.workflow.getHandle(requested.workflowId, requested.runId).fetchHistory()).events ?? [];
    const fetching = async () =>
      (await events()).some(
        (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'syncAccounts',
      );
    await expect.poll(fetching, { timeout: 30_000 }).toBe(true);
    await schedule.trigger();
    const scheduledAction = async () =>
      (await schedule.describe()).info.recentActions.at(-1)?.action.workflow;
    await expect.poll(scheduledAction, { timeout: 30_000 }).toBeDefined();
    const scheduled = (await scheduledAction())!;

    // The scheduled run ended without a sync of its own, and said why.
    expect(await client.workflow.getHandle(scheduled.workflowId).result()).toEqual({
      runId: null,
      status: 'skipped',
      reason: 'already-running',
      report: null,
    });
    expect(await skippedEntries(second)).toEqual([{ trigger: 'schedule', reason: 'already-running' }]);

    // Its request reached the requested run, which was still running: not lost, it follows up when done.
    const triggers = (await events())
      .filter((event) => event.workflowExecutionSignaledEventAttributes?.signalName === SYNC_REQUESTED_SIGNAL)
      .map((event) => signalTrigger(event.workflowExecutionSignaledEventAttributes!.input!.payloads![0]!));
    expect(triggers).toEqual(['customer', 'schedule']);
    await client.workflow.getHandle(requested.workflowId).result();

    // One sync of the connection at a time: the follow-up (trigger schedule) started after the customer's ended.
    const all = await runs(second);
    expect(all.map((run) => run.trigger)).toEqual(['initial', 'customer', 'schedule']);
    expect(all.every((run) => run.finished_at !== null)).toBe(true);
    for (let i = 1; i < all.length; i += 1) {
      expect(all[i]!.started_at.getTime()).toBeGreaterThanOrEqual(all[i - 1]!.finished_at!.getTime());
    }
  }, 120_000);
});

/** The first sync (as after connecting), to its end: the workflow then keeps the connection's schedule. */
async function firstSync(connection: SyncFixtureConnection) {
  const initial = await stack.api.app
    .get(SyncStarter)
    .startWorkflow(connection.tenantId, connection.connectionId, 'initial');
  await stack.temporal.client.workflow.getHandle(initial.workflowId).result();
  const schedule = stack.temporal.client.schedule.getHandle(syncScheduleId(connection.connectionId));
  await expect.poll(async () => (await schedule.describe()).state.paused, { timeout: 30_000 }).toBe(false);
  return { initial, schedule };
}

/** The connection's `sync_run` rows, oldest first. */
async function runs(
  connection: SyncFixtureConnection,
): Promise<{ trigger: string; started_at: Date; finished_at: Date | null }[]> {
  const { rows } = await stack.sql.query<{ trigger: string; started_at: Date; finished_at: Date | null }>(
    `select trigger, started_at, finished_at from sync_run where connection_id = $1 order by started_at`,
    [connection.connectionId],
  );
  return rows;
}

async function skippedEntries(connection: SyncFixtureConnection): Promise<unknown[]> {
  const { rows } = await stack.sql.query<{ changes: unknown }>(
    `select changes from audit_entry where tenant_id = $1 and action = 'sync.skipped' and resource_id = $2
      order by seq`,
    [connection.tenantId, connection.connectionId],
  );
  return rows.map((row) => row.changes);
}

function signalTrigger(payload: { data?: Uint8Array | null }): string {
  return (JSON.parse(Buffer.from(payload.data!).toString()) as SyncRequest).trigger;
}
