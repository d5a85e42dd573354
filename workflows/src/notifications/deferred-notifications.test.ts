// Deferred notifications sent on a schedule: the pass workflow on Temporal's real time-skipping test server
// with the real platform-backed activities (`CustomerNotifier.sendDue` per active bank) over a real
// PostgreSQL database, and the schedule created idempotently on the test run's dev server (the time-skipping
// server has no Schedules). A due message whose channel the customer turned off is dropped (its text
// removed), one not yet due waits, a suspended bank's is untouched, and one bank failing spares the others.
import { randomBytes, randomUUID } from 'node:crypto';
import { type Client, ScheduleOverlapPolicy } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CustomerNotifier,
  FieldEncryptionService,
  runAsTenant,
  TenancyService,
  tenantRef,
} from '@finpersona/platform';
import { createSyncConnection, syncTestBank, type SyncFixtureConnection } from '@finpersona/platform/testing';
import { startTimeSkippingFixture, type TimeSkippingFixture } from '../../test/time-skipping';
import {
  createNotificationActivities,
  DELIVER_DEFERRED_WORKFLOW,
  type DeferredNotificationsReport,
  ensureDeferredNotificationsSchedule,
  type PlatformContext,
} from '../index';

let fixture: TimeSkippingFixture;
let sql: pg.Pool;
let platform: PlatformContext;
let environment: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundle;
let devClient: Client;

beforeAll(async () => {
  fixture = await startTimeSkippingFixture();
  ({ sql, platform, environment, workflowBundle } = fixture);
  devClient = await fixture.devServer();
});

afterAll(async () => {
  await fixture?.close();
});

describe('deferred notifications on a schedule', () => {
  it('sends every active bank’s due deferred messages (checked again), leaves those not due and a suspended bank’s', async () => {
    const active = await customer();
    const suspended = await customer();
    await sql.query(`update tenant set status = 'SUSPENDED' where id = $1`, [suspended.tenantId]);
    const due = await deferred(active, new Date(Date.now() - 60_000));
    const later = await deferred(active, new Date(Date.now() + 3_600_000));
    const untouched = await deferred(suspended, new Date(Date.now() - 60_000));

    const report = await pass(
      createNotificationActivities({
        tenancy: platform.get(TenancyService),
        notifier: platform.get(CustomerNotifier),
      }),
    );

    // The customer has not turned e-mail on: checked again at delivery, the message is dropped.
    expect(await delivery(due)).toMatchObject({ status: 'failed', title_enc: null, body_enc: null });
    expect(await delivery(later)).toMatchObject({ status: 'deferred' });
    expect((await delivery(later)).title_enc).not.toBeNull();
    expect(await delivery(untouched)).toMatchObject({ status: 'deferred' });
    expect(report).toMatchObject({ sent: 0, stillDeferred: 0, dropped: 1, failedBanks: [] });
    expect(report.banks).toBeGreaterThanOrEqual(1);
    const { rows: audited } = await sql.query<{ changes: Record<string, unknown> }>(
      `select changes from audit_entry where tenant_id = $1 and action = 'notification.deliver'`,
      [active.tenantId],
    );
    expect(audited).toEqual([
      { changes: expect.objectContaining({ subjectRef: `test:${due}`, outcome: 'dropped' }) },
    ]);
  });

  it('a bank whose pass fails is reported and retried at the next pass; the other banks are served', async () => {
    const failing = await customer();
    const served = await customer();
    const failingDue = await deferred(failing, new Date(Date.now() - 60_000));
    const servedDue = await deferred(served, new Date(Date.now() - 60_000));
    const tenancy = platform.get(TenancyService);
    const activities = createNotificationActivities({
      // The failing bank's pass breaks down (as a database fail-over would) on every attempt.
      tenancy: {
        list: (options) => tenancy.list(options),
        getById: async (id) => {
          if (id === failing.tenantId) throw new Error('database unavailable');
          return tenancy.getById(id);
        },
      },
      notifier: platform.get(CustomerNotifier),
    });

    const report = await pass(activities);

    expect(report.failedBanks).toEqual([failing.tenantId]);
    expect(await delivery(failingDue)).toMatchObject({ status: 'deferred' });
    expect(await delivery(servedDue)).toMatchObject({ status: 'failed' });
  });

  it('the schedule is created once, whichever worker starts first, and its interval kept in line', async () => {
    const scheduleId = `deferred-test-${randomBytes(4).toString('hex')}`;
    fixture.schedulesToDelete.add(scheduleId);
    const options = { taskQueue: 'finpersona-test', scheduleId };
    const [first, second] = await Promise.all([
      ensureDeferredNotificationsSchedule(devClient.schedule, options),
      ensureDeferredNotificationsSchedule(devClient.schedule, options),
    ]);
    expect([first.changed, second.changed].filter(Boolean)).toHaveLength(1);
    expect(await ensureDeferredNotificationsSchedule(devClient.schedule, options)).toEqual({
      scheduleId,
      changed: false,
    });
    const described = await devClient.schedule.getHandle(scheduleId).describe();
    expect(described.spec.intervals?.map((interval) => interval.every)).toEqual([5 * 60_000]);
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: DELIVER_DEFERRED_WORKFLOW,
    });
    expect(described.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);

    expect(
      await ensureDeferredNotificationsSchedule(devClient.schedule, { ...options, everyMs: 60_000 }),
    ).toEqual({
      scheduleId,
      changed: true,
    });
    const changed = await devClient.schedule.getHandle(scheduleId).describe();
    expect(changed.spec.intervals?.map((interval) => interval.every)).toEqual([60_000]);
  });
});

/** A customer of a bank of their own (active). */
async function customer(): Promise<SyncFixtureConnection> {
  return createSyncConnection(platform, syncTestBank(`deferred-${randomBytes(4).toString('hex')}`), {
    connector: 'none',
  });
}

/** A deferred e-mail to the customer as `CustomerNotifier` holds one back (text encrypted), due at `notBefore`. */
async function deferred(customer: SyncFixtureConnection, notBefore: Date): Promise<string> {
  const id = randomUUID();
  const [title, body] = await runAsTenant(tenantRef(customer.tenant), () =>
    platform.get(FieldEncryptionService).encryptForCustomer(customer.customerId, [
      {
        address: { table: 'notification_delivery', column: 'title_enc', rowId: id },
        plaintext: 'Low balance ahead',
      },
      {
        address: { table: 'notification_delivery', column: 'body_enc', rowId: id },
        plaintext: 'Your balance may fall below zero.',
      },
    ]),
  );
  await sql.query(
    `insert into notification_delivery (id, tenant_id, customer_id, subject_ref, channel, kind, purpose, importance,
       status, not_before, title_enc, body_enc)
     values ($1, $2, $3, $4, 'email', 'insight.upcoming-low-balance', 'service', 'normal', 'deferred', $5, $6, $7)`,
    [id, customer.tenantId, customer.customerId, `test:${id}`, notBefore, title, body],
  );
  return id;
}

async function delivery(id: string) {
  const { rows } = await sql.query<{ status: string; title_enc: string | null; body_enc: string | null }>(
    `select status, title_enc, body_enc from notification_delivery where id = $1`,
    [id],
  );
  return rows[0]!;
}

/** One pass of the workflow on a worker with `activities`. */
async function pass(
  activities: ReturnType<typeof createNotificationActivities>,
): Promise<DeferredNotificationsReport> {
  const taskQueue = `deferred-${randomBytes(4).toString('hex')}`;
  const worker = await Worker.create({
    connection: environment.nativeConnection,
    taskQueue,
    workflowBundle,
    activities,
  });
  return worker.runUntil(
    environment.client.workflow.execute<() => Promise<DeferredNotificationsReport>>(
      DELIVER_DEFERRED_WORKFLOW,
      {
        taskQueue,
        workflowId: `deferred-${randomBytes(6).toString('hex')}`,
      },
    ),
  );
}
