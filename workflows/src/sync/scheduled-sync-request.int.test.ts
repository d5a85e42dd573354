// A sync requested while the connection's schedule is running a sync reaches that run (signal `syncRequested`)
// instead of starting `sync-<connectionId>` beside it: the real API's SyncStarter, this package's worker and
// the schedule the sync workflow keeps, on the Temporal CLI dev server.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConnectorRegistry,
  SYNC_REQUESTED_SIGNAL,
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
});

afterAll(async () => {
  await stack?.temporal.client.schedule
    .getHandle(syncScheduleId(fixture?.connectionId ?? ''))
    .delete()
    .catch(() => undefined);
  await stack?.close();
});

describe('a sync requested while a scheduled sync of the connection runs', () => {
  it('signals the scheduled run and starts no sync-<connectionId> beside it', async () => {
    const { client } = stack.temporal;
    const starter = stack.api.app.get(SyncStarter);
    const { connectionId, tenantId } = fixture;

    // The first sync (as after connecting): when it ends, the workflow keeps the connection's schedule.
    const initial = await starter.startWorkflow(tenantId, connectionId, 'initial');
    await client.workflow.getHandle(initial.workflowId).result();
    const schedule = client.schedule.getHandle(syncScheduleId(connectionId));
    await expect.poll(async () => (await schedule.describe()).state.paused, { timeout: 30_000 }).toBe(false);

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
