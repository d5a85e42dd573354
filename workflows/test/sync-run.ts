// One sync of a fixture connection, run to its end on Temporal's time-skipping server by a worker of its own
// with the real platform-backed sync activities — the setup the sync workflow tests share (sync.test.ts,
// insights-after-sync.test.ts, transaction-prompts-after-sync.test.ts). Each run gets a fresh task queue
// and workflow id, so runs of one file never pick up each other's tasks.
import { randomBytes, randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import {
  BehaviourService,
  ConnectorRegistry,
  IngestService,
  SyncService,
  syncScheduleId,
  type SyncConnectionInput,
  type SyncResult,
} from '@finpersona/platform';
import {
  createFixtureConnector,
  FIXTURE_CONNECTOR_ID,
  type FixtureControls,
  type FixtureSource,
  type SyncFixtureConnection,
} from '@finpersona/platform/testing';
import { createSyncActivities, type SyncServices } from '../src/index';
import type { TimeSkippingFixture } from './time-skipping';

export interface SyncRunOptions extends Omit<SyncWorkerOptions, 'behaviour'> {
  trigger?: SyncConnectionInput['trigger'];
  /** Prefix of the task queue and workflow id, to tell runs apart in Temporal's history. */
  label?: string;
}

/** What a sync worker of the tests runs: the fixture source and the activities around the fetch. */
export interface SyncWorkerOptions {
  /** What the fixture source holds; the object is read at each call, so a test may change it mid-run. */
  source: FixtureSource;
  /** Records the calls reaching the source and may inject failures; default a fresh record. */
  controls?: FixtureControls;
  /** The behaviour step; default the platform's `BehaviourService`. */
  behaviour?: Pick<BehaviourService, 'recomputeAfterSync'>;
  /** The derived work after the run (insights, prompts, alerts); absent: none of it runs. */
  derived?: Pick<SyncServices, 'insights' | 'prompts' | 'alerts'>;
  /** Prefix of the task queue, to tell runs apart in Temporal's history. */
  label?: string;
}

/**
 * A worker with the real platform-backed sync activities on a task queue of its own, the fixture connector
 * over `source` registered, and the connection's schedule (created on the dev server) marked for deletion
 * at `fixture.close()`. Not started: run it with `worker.runUntil(...)`.
 */
export async function syncWorker(
  fixture: TimeSkippingFixture,
  connection: SyncFixtureConnection,
  options: SyncWorkerOptions,
): Promise<{ worker: Worker; taskQueue: string; controls: FixtureControls }> {
  const { platform, environment, workflowBundle } = fixture;
  const controls = options.controls ?? { calls: [] };
  platform
    .get(ConnectorRegistry)
    .register(FIXTURE_CONNECTOR_ID, () => createFixtureConnector(options.source, controls));
  fixture.schedulesToDelete.add(syncScheduleId(connection.connectionId));
  const devClient = await fixture.devServer();
  const taskQueue = `${options.label ?? 'sync-test'}-${randomBytes(4).toString('hex')}`;
  const worker = await Worker.create({
    connection: environment.nativeConnection,
    taskQueue,
    workflowBundle,
    activities: createSyncActivities(
      {
        sync: platform.get(SyncService),
        ingest: platform.get(IngestService),
        behaviour: options.behaviour ?? platform.get(BehaviourService),
        ...options.derived,
      },
      { taskQueue, schedules: () => devClient.schedule },
    ),
  });
  return { worker, taskQueue, controls };
}

/** Runs one `syncConnection` of `connection` to its end on a `syncWorker` of its own. */
export async function runSync(
  fixture: TimeSkippingFixture,
  connection: SyncFixtureConnection,
  options: SyncRunOptions,
): Promise<SyncResult> {
  const label = options.label ?? 'sync-test';
  const { worker, taskQueue } = await syncWorker(fixture, connection, options);
  const input: SyncConnectionInput = {
    tenantId: connection.tenantId,
    connectionId: connection.connectionId,
    trigger: options.trigger ?? 'customer',
  };
  return worker.runUntil(
    fixture.environment.client.workflow.execute<(input: SyncConnectionInput) => Promise<SyncResult>>(
      'syncConnection',
      { taskQueue, workflowId: `${label}-${randomBytes(6).toString('hex')}`, args: [input] },
    ),
  );
}

/**
 * A live personalisation consent of the connection's customer, as the consents service records a grant
 * (insights and prompts after a sync need one).
 */
export async function grantPersonalisation(
  fixture: Pick<TimeSkippingFixture, 'sql'>,
  connection: SyncFixtureConnection,
): Promise<void> {
  await fixture.sql.query(
    `insert into consent (id, tenant_id, customer_id, purpose, scope, text_version, text_hash, status, channel,
                          proof, granted_at, expires_at, renewal_due_at)
     values ($1, $2, $3, 'personalisation', '{}'::jsonb, 'v1', $4, 'granted', 'customer-app', '{}'::jsonb, now(),
             now() + interval '365 days', now() + interval '365 days')`,
    [randomUUID(), connection.tenantId, connection.customerId, 'f'.repeat(64)],
  );
}
