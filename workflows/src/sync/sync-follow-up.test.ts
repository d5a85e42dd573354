// Sync requests during a running sync, on Temporal's real time-skipping test server with the real
// platform-backed activities and a real PostgreSQL database, over the fixture connector. Requests are made
// as the platform's SyncStarter makes them (signal-with-start of `sync-<connectionId>` with `syncRequested`):
// one that arrives after the run began reading the source leads to exactly one follow-up run (however many
// came), which fetches what reached the source meanwhile; one that arrives before is served by the run. The
// replay tests keep older histories working: one recorded from the workflow as it was before follow-ups
// existed, and the follow-up's own.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle, WorkflowHandleWithSignaledRunId } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BehaviourService,
  SYNC_REQUESTED_SIGNAL,
  SYNC_WORKFLOW,
  syncScheduleId,
  syncWorkflowId,
  type SyncConnectionInput,
  type SyncRequest,
  type SyncResult,
} from '@finpersona/platform';
import {
  createSyncConnection,
  FIXTURE_CONNECTOR_ID,
  fixtureSourceIds,
  syncTestBank,
  type FixtureControls,
  type FixtureSource,
  type SyncFixtureConnection,
} from '@finpersona/platform/testing';
import { syncWorker } from '../../test/sync-run';
import { startTimeSkippingFixture, type TimeSkippingFixture } from '../../test/time-skipping';
import type { PlatformContext } from '../index';

let fixture: TimeSkippingFixture;
let sql: pg.Pool;
let platform: PlatformContext;
let environment: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundle;

beforeAll(async () => {
  fixture = await startTimeSkippingFixture();
  ({ sql, platform, environment, workflowBundle } = fixture);
});

afterAll(async () => {
  await fixture?.close();
});

describe('a sync requested while a sync of the connection runs', () => {
  it('several requests during the derived work after the run (behaviour, alerts, insights) lead to exactly one follow-up run, which fetches what reached the source meanwhile', async () => {
    const connection = await connectionInBank();
    const source: FixtureSource = { accounts: 1, transactionsPerAccount: 10, pageSize: 10 };
    let recomputes = 0;
    const stack = await followUpWorker(connection, source, {
      // The run is recorded by now: this is the window in which a request used to join the workflow unserved.
      beforeRecompute: async () => {
        recomputes += 1;
        if (recomputes > 1) return;
        source.transactionsPerAccount = 15;
        await request(connection, stack.taskQueue, 'staff');
        await request(connection, stack.taskQueue, 'customer');
        await request(connection, stack.taskQueue, 'customer');
      },
    });

    const handle = await request(connection, stack.taskQueue, 'customer');
    const result = await stack.worker.runUntil(handle.result());

    const runs = await syncRuns(connection);
    expect(runs.map((run) => [run.trigger, run.status])).toEqual([
      ['customer', 'succeeded'],
      ['staff', 'succeeded'],
    ]);
    expect(runs.map((run) => run.inserted)).toEqual([10, 5]);
    expect(result).toMatchObject({ runId: runs[1]!.id, status: 'succeeded' });
    expect(await storedSourceIds(connection)).toEqual(expectedSourceIds(source));
    expect(recomputes).toBe(2);
    // Two executions of one workflow id: the first continued as new, the follow-up carries its trigger.
    const executions = await executionsOf(handle);
    expect(executions.map((execution) => execution.status)).toEqual(['CONTINUED_AS_NEW', 'COMPLETED']);
    expect((await environment.client.workflow.getHandle(handle.workflowId).describe()).memo).toEqual({
      trigger: 'staff',
    });
    // Each run is checked and audited as any run: one `sync.start` per `sync_run` row.
    expect(await auditedStarts(connection)).toEqual(['customer', 'staff']);
  });

  it('a request while the source is being read leads to one follow-up run', async () => {
    const connection = await connectionInBank();
    const source: FixtureSource = { accounts: 2, transactionsPerAccount: 12, pageSize: 5 };
    let requested = false;
    const stack = await followUpWorker(connection, source, {
      intercept: async (call) => {
        if (requested || call.method !== 'listTransactions') return;
        requested = true;
        await request(connection, stack.taskQueue, 'customer');
      },
    });

    const handle = await request(connection, stack.taskQueue, 'customer');
    await stack.worker.runUntil(handle.result());

    expect((await syncRuns(connection)).map((run) => [run.trigger, run.status])).toEqual([
      ['customer', 'succeeded'],
      ['customer', 'succeeded'],
    ]);
    expect(stack.controls.calls.filter((call) => call.method === 'listAccounts')).toHaveLength(2);
  });

  it('requests that arrive before the run reads the source are served by that run: no follow-up', async () => {
    const connection = await connectionInBank();
    const source: FixtureSource = { accounts: 1, transactionsPerAccount: 8, pageSize: 10 };
    const stack = await followUpWorker(connection, source);

    // No worker polls yet: the three requests are in the history before the run's first step.
    const handle = await request(connection, stack.taskQueue, 'customer');
    await request(connection, stack.taskQueue, 'staff');
    await request(connection, stack.taskQueue, 'customer');
    const result = await stack.worker.runUntil(handle.result());

    expect(result.status).toBe('succeeded');
    expect((await syncRuns(connection)).map((run) => run.trigger)).toEqual(['customer']);
    expect(stack.controls.calls.filter((call) => call.method === 'listAccounts')).toHaveLength(1);
    expect((await executionsOf(handle)).map((execution) => execution.status)).toEqual(['COMPLETED']);
    expect(await signalsIn(handle)).toBe(3);
  });

  it('replays a history recorded before follow-ups existed, and a follow-up run’s own history', async () => {
    // Recorded from the workflow as it was on main before this change (a customer sync that stored data, so
    // behaviour, alerts and insights ran behind their markers): it must replay unchanged.
    const recorded: unknown = JSON.parse(
      readFileSync(join(__dirname, 'fixtures', 'sync-before-follow-up.history.json'), 'utf8'),
    );
    await Worker.runReplayHistory({ workflowBundle }, recorded);

    // A run that received requests after its fetch and continued as new.
    const connection = await connectionInBank();
    const source: FixtureSource = { accounts: 1, transactionsPerAccount: 4, pageSize: 10 };
    let requested = false;
    const stack = await followUpWorker(connection, source, {
      beforeRecompute: async () => {
        if (requested) return;
        requested = true;
        await request(connection, stack.taskQueue, 'customer');
      },
    });
    const handle = await request(connection, stack.taskQueue, 'customer');
    await stack.worker.runUntil(handle.result());
    const first = (await executionsOf(handle)).find((execution) => execution.status === 'CONTINUED_AS_NEW');
    expect(first).toBeDefined();
    const history = await environment.client.workflow
      .getHandle(handle.workflowId, first!.runId)
      .fetchHistory();
    await Worker.runReplayHistory({ workflowBundle }, history, handle.workflowId);
  });
});

// --- helpers ---------------------------------------------------------------------------------------

async function connectionInBank(): Promise<SyncFixtureConnection> {
  const connection = await createSyncConnection(
    platform,
    syncTestBank(`follow-up-${randomBytes(4).toString('hex')}`),
    { connector: FIXTURE_CONNECTOR_ID },
  );
  fixture.schedulesToDelete.add(syncScheduleId(connection.connectionId));
  return connection;
}

interface SyncWorkerHooks {
  /** Runs in the behaviour step, before the customer's behaviour is recomputed (after the run was recorded). */
  beforeRecompute?: () => Promise<void>;
  intercept?: FixtureControls['intercept'];
}

/** A `syncWorker` whose behaviour step runs `hooks.beforeRecompute` first (after the run was recorded). */
function followUpWorker(
  connection: SyncFixtureConnection,
  source: FixtureSource,
  hooks: SyncWorkerHooks = {},
) {
  const behaviourService = platform.get(BehaviourService);
  return syncWorker(fixture, connection, {
    source,
    controls: { calls: [], ...(hooks.intercept ? { intercept: hooks.intercept } : {}) },
    behaviour: {
      recomputeAfterSync: async (runId) => {
        await hooks.beforeRecompute?.();
        return behaviourService.recomputeAfterSync(runId);
      },
    },
    label: 'follow-up',
  });
}

/** A sync request as the platform's SyncStarter sends it: signal-with-start of `sync-<connectionId>`. */
async function request(
  connection: SyncFixtureConnection,
  taskQueue: string,
  trigger: SyncRequest['trigger'],
): Promise<WorkflowHandleWithSignaledRunId<(input: SyncConnectionInput) => Promise<SyncResult>>> {
  const input: SyncConnectionInput = {
    tenantId: connection.tenantId,
    connectionId: connection.connectionId,
    trigger,
  };
  const signalArgs: [SyncRequest] = [{ trigger }];
  return environment.client.workflow.signalWithStart<
    (input: SyncConnectionInput) => Promise<SyncResult>,
    [SyncRequest]
  >(SYNC_WORKFLOW, {
    taskQueue,
    workflowId: syncWorkflowId(connection.connectionId),
    args: [input],
    signal: SYNC_REQUESTED_SIGNAL,
    signalArgs,
    memo: { trigger },
  });
}

async function syncRuns(connection: SyncFixtureConnection) {
  const { rows } = await sql.query<{ id: string; trigger: string; status: string; inserted: number }>(
    `select id, trigger, status,
            (select coalesce(sum((account->>'inserted')::int), 0)
               from jsonb_each(report->'perAccount') as each(key, account))::int as inserted
       from sync_run where connection_id = $1 order by started_at`,
    [connection.connectionId],
  );
  return rows;
}

/**
 * The executions of the request's workflow id, oldest first: the one the first request started and, when it
 * continued as new, the latest (a follow-up has no follow-up in these tests).
 */
async function executionsOf(
  handle: WorkflowHandleWithSignaledRunId,
): Promise<{ runId: string; status: string }[]> {
  const first = await environment.client.workflow
    .getHandle(handle.workflowId, handle.signaledRunId)
    .describe();
  const latest = await environment.client.workflow.getHandle(handle.workflowId).describe();
  return [first, latest]
    .filter((execution, index) => index === 0 || execution.runId !== first.runId)
    .map((execution) => ({ runId: execution.runId, status: execution.status.name }));
}

async function signalsIn(handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).filter((event) => event.workflowExecutionSignaledEventAttributes).length;
}

/** The triggers of the connection's audited `sync.start` entries, in order. */
async function auditedStarts(connection: SyncFixtureConnection): Promise<string[]> {
  const { rows } = await sql.query<{ trigger: string }>(
    `select changes->>'trigger' as trigger from audit_entry
      where tenant_id = $1 and action = 'sync.start' and resource_id = $2 order by seq`,
    [connection.tenantId, connection.connectionId],
  );
  return rows.map((row) => row.trigger);
}

async function storedSourceIds(connection: SyncFixtureConnection): Promise<string[]> {
  const { rows } = await sql.query<{ source_id: string }>(
    `select source_id from account_transaction where tenant_id = $1 order by source_id`,
    [connection.tenantId],
  );
  return rows.map((row) => row.source_id).sort();
}

function expectedSourceIds(source: FixtureSource): string[] {
  return [...fixtureSourceIds(source).values()].flat().sort();
}
