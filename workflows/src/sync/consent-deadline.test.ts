// Issue 5's acceptance "an EEA tenant's AIS sync stops at day 180 without renewed authentication and a UK
// tenant's at day 90 without reconfirmation; after revoke, 0 calls reach the source": the consent lifecycle
// and the account sync together, on ONE worker (the production activities), over a real PostgreSQL
// database, with time skipped on Temporal's time-skipping test server. The consent is granted through
// ConsentsService as the customer (which starts its real lifecycle workflow); the connection is an active
// one to the fixture connector (a real DataConnector that records every call reaching it, with the test
// server's time of the call); its first sync creates the real Schedule of the connection.
//
// Schedules: the time-skipping test server has none (temporalio/sdk-java#1954, closed as not planned: "meant
// to cover testing individual workflows, not features like schedules"), and a real server's clock cannot be
// skipped. So the Schedule is created for real on the test run's dev server (as sync.test.ts does), and a
// stand-in workflow on the test server (test/schedule-stand-in.ts) fires its action — read from the real
// schedule before every firing: interval, workflow type, arguments, task queue — at the schedule's own
// times on the skipped clock, and stops when the sync deletes the schedule. It is started for the days the
// test watches (the first day, and from two days before the deadline): the ~700 identical scheduled runs
// in between (real activities, about 0.5-1 s each on the shared 2-core machine) would take 6-12 minutes per
// bank and add nothing that the repeated-run tests of sync.test.ts do not show.
//
// What makes these tests fail: a sync that skips its pre-call check (`connectionStopReason` answering null)
// fails the EU, UK, revoke and lifecycle-gone tests; a liveness check that ignores the consent's dates
// (`isConsentLive` bypassed) fails the lifecycle-gone test — with the lifecycle running, the connection's
// own status (ended by ConnectionEndings when the consent expires) stops the sync as well.
//
// One "now": the platform's ConsentClock (the consents' and the sync's checks) follows the test server's
// clock — set from each activity's scheduled time — so a deadline written at grant time, the lifecycle's
// timer and the sync's liveness check before every source call agree however far time was skipped.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  Client,
  ScheduleNotFoundError,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConnectorRegistry,
  ConsentClock,
  ConsentLifecycle,
  consentLifecycleWorkflowId,
  ConsentsService,
  syncScheduleId,
  type SyncConnectionInput,
  type SyncResult,
  TemporalConsentLifecycle,
} from '@finpersona/platform';
import {
  addSyncConnection,
  createFixtureConnector,
  FIXTURE_CONNECTOR_ID,
  type FixtureControls,
  type FixtureSource,
  type SyncFixtureConnection,
} from '@finpersona/platform/testing';
import { createActivities, type PlatformContext } from '../index';
import type { ConsentLifecycleResult } from '../consents/workflows';
import { asCustomer, bankCustomer, type BankCustomer } from '../../test/bank-customer';
import { startTimeSkippingFixture, type TimeSkippingFixture } from '../../test/time-skipping';
import type { ScheduleStandInInput, ScheduleStandInResult, ScheduleView } from '../../test/schedule-stand-in';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const source: FixtureSource = { accounts: 1, transactionsPerAccount: 3, pageSize: 10 };

let fixture: TimeSkippingFixture;
let sql: pg.Pool;
let platform: PlatformContext;
let environment: TestWorkflowEnvironment;
let devClient: Client;
/**
 * A client of the test server that does not skip time while it waits for a result (the environment's own
 * client does: waiting for a sync would let the server jump to the lifecycle's next timer). Time moves
 * only through `skipTo`.
 */
let realTime: Client;
let worker: Worker;
let workerRunning: Promise<void>;
let taskQueue: string;
/** Test server time minus real time, as last seen: what ConsentClock adds to the real clock. */
let offset = 0;
/** Every call that reached the fixture source, per bank (tenant id), with the test server's time of the call. */
const callsOf = new Map<string, { at: number; method: string }[]>();

beforeAll(async () => {
  fixture = await startTimeSkippingFixture({
    workflowsPath: join(__dirname, '../../test/deadline-workflows.ts'),
  });
  ({ sql, platform, environment } = fixture);
  devClient = await fixture.devServer();
  realTime = new Client({ connection: environment.connection });
  taskQueue = `deadline-test-${randomBytes(4).toString('hex')}`;
  platform.get(ConsentLifecycle).connect(new TemporalConsentLifecycle(environment.client, taskQueue));
  platform.get(ConsentClock).use(() => new Date(Date.now() + offset));
  // The fixture source; each test's connection is of a bank of its own, so calls are recorded per bank.
  platform.get(ConnectorRegistry).register(FIXTURE_CONNECTOR_ID, ({ tenantId }) => {
    const recorded = callsOf.get(tenantId) ?? [];
    callsOf.set(tenantId, recorded);
    const controls: FixtureControls = {
      calls: [],
      intercept: (call) => void recorded.push({ at: Date.now() + offset, method: call.method }),
    };
    return createFixtureConnector(source, controls);
  });
  worker = await Worker.create({
    connection: environment.nativeConnection,
    taskQueue,
    workflowBundle: fixture.workflowBundle,
    activities: {
      // The worker's own activities (sync, consents, ...) with schedules on the dev server.
      ...createActivities(platform, { taskQueue, schedules: () => devClient.schedule }),
      readSchedule,
    },
    interceptors: {
      activity: [
        (context) => {
          // The test server's time when the activity was scheduled: time does not skip while it runs.
          const seen = context.info.currentAttemptScheduledTimestampMs - Date.now();
          if (seen > offset) offset = seen;
          return {};
        },
      ],
    },
  });
  workerRunning = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await workerRunning?.catch(() => undefined);
  await fixture?.close();
});

/** The test activity the stand-in reads the real schedule with (null once deleted). */
async function readSchedule(scheduleId: string): Promise<ScheduleView | null> {
  try {
    const { spec, action } = await devClient.schedule.getHandle(scheduleId).describe();
    if (action.type !== 'startWorkflow') throw new Error(`Unexpected schedule action ${action.type}`);
    return {
      intervalMs: Number(spec.intervals![0]!.every),
      workflowType: action.workflowType,
      workflowId: action.workflowId,
      taskQueue: action.taskQueue,
      args: [...(action.args ?? [])],
    };
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return null;
    throw error;
  }
}

describe('consent deadline stops the scheduled sync (lifecycle and sync on one worker, time skipped)', () => {
  it('EU: scheduled syncs reach the source up to day 179; from day 180 none does, the connection and consent are expired and the schedule is gone', async () => {
    const { bank, consent, connection } = await scheduledSyncUnderConsent('EU');
    const deadline = consent.renewalDueAt!.getTime();
    expect(deadline - consent.grantedAt.getTime()).toBe(180 * DAY);

    // The schedule's first day: four runs a day (the region's cap), every one reaching the source.
    const firstDay = await standIn(connection, { untilMs: consent.grantedAt.getTime() + DAY });
    await skipTo(consent.grantedAt.getTime() + DAY);
    // The first may fall on the cap's edge (the initial run counts only for customers) and be skipped.
    expect((await firstDay.result()).fired.map((run) => run.status)).toEqual(
      expect.arrayContaining(['succeeded', 'succeeded', 'succeeded']),
    );

    await expectScheduleEndsAt(connection, deadline, 'connection-expired');

    expect(await lifecycleResult(consent.id)).toEqual({
      outcome: 'expired',
      reason: 'renewal-missed',
      remindersSent: 1,
    });
    expect(await consentRow(bank, consent.id)).toMatchObject({ status: 'expired' });
    expect(await connectionRow(connection)).toMatchObject({ status: 'expired' });
    expect(await auditChanges(connection, 'connection.expire')).toEqual([
      expect.objectContaining({ consentId: consent.id, reason: 'renewal-missed' }),
    ]);
  });

  it('UK: scheduled syncs reach the source up to day 89; from day 90 (no reconfirmation) none does', async () => {
    const { bank, consent, connection } = await scheduledSyncUnderConsent('UK');
    const deadline = consent.renewalDueAt!.getTime();
    expect(deadline - consent.grantedAt.getTime()).toBe(90 * DAY);

    await expectScheduleEndsAt(connection, deadline, 'connection-expired');

    expect(await lifecycleResult(consent.id)).toMatchObject({ outcome: 'expired', reason: 'renewal-missed' });
    expect(await consentRow(bank, consent.id)).toMatchObject({ status: 'expired' });
    expect(await connectionRow(connection)).toMatchObject({ status: 'expired' });
  });

  it('EU: renewed with strong authentication at day 170, the scheduled syncs go on past day 180', async () => {
    const { bank, consent, connection } = await scheduledSyncUnderConsent('EU');
    const firstDeadline = consent.renewalDueAt!.getTime();

    await skipTo(consent.grantedAt.getTime() + 170 * DAY);
    const renewed = await asCustomer(bank, () => platform.get(ConsentsService).renew(consent.id), {
      secondFactor: true,
    });
    expect(renewed.renewalDueAt!.getTime()).toBeGreaterThan(firstDeadline + 169 * DAY);

    await skipTo(firstDeadline - 2 * DAY);
    const around = await standIn(connection, { untilMs: firstDeadline + 2 * DAY });
    await skipTo(firstDeadline + 2 * DAY);
    const { fired, ended } = await around.result();

    expect(ended).toBe('until');
    const after = fired.filter((run) => run.at >= firstDeadline);
    expect(after.length).toBeGreaterThanOrEqual(4);
    expect(after.map((run) => run.status)).toContain('succeeded');
    expect(after.filter((run) => run.status !== 'succeeded' && run.status !== 'skipped')).toEqual([]);
    expect(callsBetween(connection, firstDeadline, firstDeadline + 2 * DAY)).toBeGreaterThan(0);
    expect(await consentRow(bank, consent.id)).toMatchObject({ status: 'granted' });
    expect(await connectionRow(connection)).toMatchObject({ status: 'active' });
    expect(await readSchedule(syncScheduleId(connection.connectionId))).not.toBeNull();
  });

  it('revoked by the customer on day 2: no call reaches the source after it, the schedule is gone', async () => {
    const { bank, consent, connection } = await scheduledSyncUnderConsent('EU');
    const schedule = await standIn(connection);
    // Between two scheduled runs (every 6 hours), none of them in flight.
    await skipTo(consent.grantedAt.getTime() + 2 * DAY + 3 * HOUR);
    expect(calls(connection).length).toBeGreaterThan(3);

    await asCustomer(bank, () => platform.get(ConsentsService).revoke(consent.id));
    const revokedAt = (await consentRow(bank, consent.id)).revoked_at as Date;
    await skipTo(consent.grantedAt.getTime() + 5 * DAY);

    const { fired, ended } = await schedule.result();
    expect(ended).toBe('schedule-deleted');
    expect(fired.filter((run) => run.at >= revokedAt.getTime())).toEqual([
      { at: expect.any(Number), status: 'not-active', reason: 'connection-revoked' },
    ]);
    expect(callsBetween(connection, revokedAt.getTime(), Infinity)).toBe(0);
    expect(await lifecycleResult(consent.id)).toMatchObject({ outcome: 'revoked' });
    expect(await connectionRow(connection)).toMatchObject({ status: 'revoked' });
  });

  it('EU: with its lifecycle workflow gone, the sync still stops at day 180 by the date alone (checks never wait for the lifecycle)', async () => {
    const { bank, consent, connection } = await scheduledSyncUnderConsent('EU');
    const deadline = consent.renewalDueAt!.getTime();
    // Nothing will mark the consent expired or end the connection: only the liveness check knows the date.
    await realTime.workflow.getHandle(consentLifecycleWorkflowId(consent.id)).terminate('test: no lifecycle');

    await expectScheduleEndsAt(connection, deadline, 'consent-not-live');

    expect(await consentRow(bank, consent.id)).toMatchObject({ status: 'granted' });
    expect(await connectionRow(connection)).toMatchObject({ status: 'active' });
  });
});

/**
 * Runs the real schedule from two days before `deadline`: its runs reach the source on the last day before
 * it; the first run from the deadline on is refused for `reason` before any call and deletes the schedule,
 * which fires no more; twenty days later still no call has reached the source since the deadline.
 */
async function expectScheduleEndsAt(
  connection: SyncFixtureConnection,
  deadline: number,
  reason: string,
): Promise<void> {
  await skipTo(deadline - 2 * DAY);
  // Bounded, so that a schedule that is never deleted fails the assertions below instead of the timeout.
  const schedule = await standIn(connection, { untilMs: deadline + DAY });
  await skipTo(deadline - 1);
  expect(callsBetween(connection, deadline - DAY, deadline)).toBeGreaterThan(0);

  await skipTo(deadline + DAY);
  const { fired, ended } = await schedule.result();
  expect(ended).toBe('schedule-deleted');
  expect(fired.filter((run) => run.at >= deadline)).toEqual([
    { at: expect.any(Number), status: 'not-active', reason },
  ]);
  expect(fired.filter((run) => run.at < deadline).map((run) => run.status)).toContain('succeeded');
  const total = calls(connection).length;
  await skipTo(deadline + 20 * DAY);
  expect(calls(connection)).toHaveLength(total);
  expect(callsBetween(connection, deadline, Infinity)).toBe(0);
  await expect(
    devClient.schedule.getHandle(syncScheduleId(connection.connectionId)).describe(),
  ).rejects.toThrow(ScheduleNotFoundError);
}

// --- helpers ---------------------------------------------------------------------------------------

/**
 * A bank of `region` whose customer grants aggregation (ConsentsService: starts the lifecycle) and has an
 * active connection under it, synced once: that first run creates the connection's real schedule, every
 * 6 hours in EU and UK banks (4 unattended refreshes a day), starting `syncConnection` for it.
 */
async function scheduledSyncUnderConsent(region: 'EU' | 'UK') {
  const bank = await bankCustomer(platform, 'deadline', region);
  await syncClock();
  const consent = await asCustomer(bank, () =>
    platform
      .get(ConsentsService)
      .grant({ purpose: 'aggregation', textVersion: '2026-11', channel: 'customer-app' }),
  );
  const connection = await addSyncConnection(platform, bank.tenant, {
    customerId: bank.customerId,
    consentId: consent.id,
    connector: FIXTURE_CONNECTOR_ID,
  });
  fixture.schedulesToDelete.add(syncScheduleId(connection.connectionId));
  expect((await runSync(connection, 'initial')).status).toBe('succeeded');
  expect(await readSchedule(syncScheduleId(connection.connectionId))).toMatchObject({
    intervalMs: 6 * HOUR,
    workflowType: 'syncConnection',
    args: [{ tenantId: connection.tenantId, connectionId: connection.connectionId, trigger: 'schedule' }],
  });
  return { bank, consent, connection };
}

/** Runs one sync of `trigger` to its end on the worker (in real time: waiting skips no time). */
async function runSync(
  connection: SyncFixtureConnection,
  trigger: SyncConnectionInput['trigger'],
): Promise<SyncResult> {
  return realTime.workflow.execute<(input: SyncConnectionInput) => Promise<SyncResult>>('syncConnection', {
    taskQueue,
    workflowId: `deadline-sync-${randomBytes(6).toString('hex')}`,
    args: [{ tenantId: connection.tenantId, connectionId: connection.connectionId, trigger }],
  });
}

/**
 * Starts the schedule stand-in for the connection's schedule; the test moves time (`skipTo`), and reads
 * what it fired from `result()` once it has stopped (waiting for it skips no time).
 */
function standIn(
  connection: SyncFixtureConnection,
  options: Omit<ScheduleStandInInput, 'scheduleId'> = {},
): Promise<
  WorkflowHandleWithFirstExecutionRunId<(input: ScheduleStandInInput) => Promise<ScheduleStandInResult>>
> {
  const input: ScheduleStandInInput = { scheduleId: syncScheduleId(connection.connectionId), ...options };
  return realTime.workflow.start<(input: ScheduleStandInInput) => Promise<ScheduleStandInResult>>(
    'scheduleStandIn',
    { taskQueue, workflowId: `schedule-stand-in-${randomBytes(6).toString('hex')}`, args: [input] },
  );
}

function lifecycleResult(consentId: string): Promise<ConsentLifecycleResult> {
  return realTime.workflow.getHandle(consentLifecycleWorkflowId(consentId)).result();
}

/** Moves the test server's clock to `at` (ms), letting every timer up to then fire. */
async function skipTo(at: number): Promise<void> {
  const now = await environment.currentTimeMs();
  if (at > now) await environment.sleep(at - now);
  await syncClock();
}

async function syncClock(): Promise<void> {
  offset = Math.max(offset, (await environment.currentTimeMs()) - Date.now());
}

function calls(connection: SyncFixtureConnection) {
  return callsOf.get(connection.tenantId) ?? [];
}

function callsBetween(connection: SyncFixtureConnection, from: number, to: number): number {
  return calls(connection).filter((call) => call.at >= from && call.at < to).length;
}

async function consentRow(customer: BankCustomer, id: string) {
  const { rows } = await sql.query('select * from consent where tenant_id = $1 and id = $2', [
    customer.tenant.id,
    id,
  ]);
  return rows[0];
}

async function connectionRow(connection: SyncFixtureConnection) {
  const { rows } = await sql.query<{ status: string }>('select status from connection where id = $1', [
    connection.connectionId,
  ]);
  return rows[0];
}

async function auditChanges(connection: SyncFixtureConnection, action: string) {
  const { rows } = await sql.query<{ changes: Record<string, unknown> }>(
    `select changes from audit_entry where tenant_id = $1 and resource_id = $2 and action = $3 order by seq`,
    [connection.tenantId, connection.connectionId, action],
  );
  return rows.map((row) => row.changes);
}
