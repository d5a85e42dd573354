// The consent lifecycle on Temporal's real time-skipping test server, with the real platform-backed
// activities on a real PostgreSQL database of its own: consents are granted, renewed and revoked through
// the platform's ConsentsService (as the customer), and the workflow is the one the grant starts.
import { randomBytes } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConsentClock,
  type ConsentEnded,
  ConsentHooks,
  ConsentLifecycle,
  consentLifecycleWorkflowId,
  ConsentsService,
  isConsentLive,
  type Region,
  TemporalConsentLifecycle,
} from '@finpersona/platform';
import { createWorker, type PlatformContext } from '../index';
import { asCustomer, bankCustomer, type BankCustomer } from '../../test/bank-customer';
import { startTimeSkippingFixture, type TimeSkippingFixture } from '../../test/time-skipping';
import type { ConsentLifecycleResult } from './workflows';

const DAY = 86_400_000;

let fixture: TimeSkippingFixture;
let sql: pg.Pool;
let platform: PlatformContext;
let environment: TestWorkflowEnvironment;
let worker: Worker;
let workerRunning: Promise<void>;
let consents: ConsentsService;
/** Every ConsentEnded the platform's hooks announced, as a listener of another capability would see it. */
const ended: ConsentEnded[] = [];

beforeAll(async () => {
  fixture = await startTimeSkippingFixture();
  ({ sql, platform, environment } = fixture);
  consents = platform.get(ConsentsService);
  const taskQueue = `consent-test-${randomBytes(4).toString('hex')}`;
  // Grants start the real workflow, on the test server; the consents' "now" is the test server's time,
  // so deadlines written by the service and the workflow's timers agree however far time was skipped.
  platform.get(ConsentLifecycle).connect(new TemporalConsentLifecycle(environment.client, taskQueue));
  let offset = 0;
  platform.get(ConsentClock).use(() => new Date(Date.now() + offset));
  syncClock = async () => {
    offset = (await environment.currentTimeMs()) - Date.now();
  };
  platform.get(ConsentHooks).onConsentEnded(async (event) => void ended.push(event));
  worker = await createWorker({
    connection: environment.nativeConnection,
    platform,
    taskQueue,
    workflowBundle: fixture.workflowBundle,
  });
  workerRunning = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await workerRunning?.catch(() => undefined);
  await fixture?.close();
});

let syncClock: () => Promise<void>;

describe('consentLifecycle (time skipping)', () => {
  it('EU: the reminder is written at the warning time (not before) and the consent ends at day 180, not day 179', async () => {
    const bank = await bankWith('EU');
    const consent = await grant(bank, 'aggregation');
    const grantedAt = consent.grantedAt.getTime();
    expect(consent.renewalDueAt!.getTime() - grantedAt).toBe(180 * DAY);

    await skipTo(grantedAt + 165 * DAY);
    await settle();
    expect(await reminders(bank, consent.id)).toEqual([]);

    await skipTo(grantedAt + 167 * DAY);
    const [reminder] = await waitFor(
      () => reminders(bank, consent.id),
      (rows) => rows.length === 1,
    );
    expect(reminder!.subject_ref).toBe(`consent:${consent.id}:${consent.renewalDueAt!.toISOString()}`);
    // Encrypted under the customer's key, readable only through the service.
    expect(reminder!.body_enc).not.toMatch(/renew/i);
    expect(await auditActions(bank, consent.id)).toEqual(['consent.grant', 'consent.reminder']);

    await skipTo(grantedAt + 179 * DAY);
    await settle();
    expect(await consentRow(bank, consent.id)).toMatchObject({ status: 'granted' });
    expect(ended.filter((event) => event.consentId === consent.id)).toEqual([]);

    const result = await resultOf(consent.id);

    expect(result).toEqual({ outcome: 'expired', reason: 'renewal-missed', remindersSent: 1 });
    const row = await consentRow(bank, consent.id);
    expect(row).toMatchObject({ status: 'expired' });
    expect(new Date(row.expired_at).getTime()).toBe(grantedAt + 180 * DAY);
    // What the sync (a ConsentHooks listener) is told, inside the transaction that ended the consent.
    expect(ended.filter((event) => event.consentId === consent.id)).toEqual([
      expect.objectContaining({
        reason: 'renewal-missed',
        purpose: 'aggregation',
        at: new Date(grantedAt + 180 * DAY),
      }),
    ]);
    // THE check every processing path asks: live on day 179, not from the deadline on.
    const stored = {
      status: 'granted' as const,
      expiresAt: consent.expiresAt,
      renewalDueAt: consent.renewalDueAt,
    };
    expect(isConsentLive(stored, new Date(grantedAt + 179 * DAY))).toBe(true);
    expect(isConsentLive(stored, new Date(grantedAt + 180 * DAY))).toBe(false);
    expect(await auditActions(bank, consent.id)).toEqual([
      'consent.grant',
      'consent.reminder',
      'consent.expire',
    ]);
    expect(await auditChanges(bank, consent.id, 'consent.expire')).toMatchObject({
      reason: 'renewal-missed',
      status: 'expired',
    });
  });

  it('UK: without reconfirmation the consent ends at day 90 (live at day 89)', async () => {
    const bank = await bankWith('UK');
    const consent = await grant(bank, 'aggregation');
    const grantedAt = consent.grantedAt.getTime();
    expect(consent.expiresAt).toBeNull();
    expect(consent.renewalDueAt!.getTime() - grantedAt).toBe(90 * DAY);

    await skipTo(grantedAt + 89 * DAY);
    await settle();
    expect(await consentRow(bank, consent.id)).toMatchObject({ status: 'granted' });
    expect(await reminders(bank, consent.id)).toHaveLength(1); // warned at day 76

    expect(await resultOf(consent.id)).toEqual({
      outcome: 'expired',
      reason: 'renewal-missed',
      remindersSent: 1,
    });
    const row = await consentRow(bank, consent.id);
    expect(new Date(row.expired_at).getTime()).toBe(grantedAt + 90 * DAY);
    expect(ended.filter((event) => event.consentId === consent.id).map((event) => event.reason)).toEqual([
      'renewal-missed',
    ]);
  });

  it('EU: renewing with strong authentication at day 170 keeps it live past day 180 and re-arms the reminder', async () => {
    const bank = await bankWith('EU');
    const consent = await grant(bank, 'aggregation');
    const grantedAt = consent.grantedAt.getTime();

    await skipTo(grantedAt + 170 * DAY);
    await waitFor(
      () => reminders(bank, consent.id),
      (rows) => rows.length === 1,
    );
    await syncClock();
    const renewed = await asCustomer(bank, () => consents.renew(consent.id), { secondFactor: true });
    const renewedAt = renewed.renewedAt!.getTime();
    expect(renewedAt).toBeGreaterThanOrEqual(grantedAt + 170 * DAY);
    expect(renewed.renewalDueAt!.getTime()).toBe(renewedAt + 180 * DAY);

    await skipTo(grantedAt + 181 * DAY);
    await settle();
    expect(await consentRow(bank, consent.id)).toMatchObject({ status: 'granted' });
    expect(isConsentLive(renewed, new Date(grantedAt + 181 * DAY))).toBe(true);
    expect(ended.filter((event) => event.consentId === consent.id)).toEqual([]);

    // The reminder for the new deadline (14 days before it), not before.
    await skipTo(renewedAt + 165 * DAY);
    await settle();
    expect(await reminders(bank, consent.id)).toHaveLength(1);
    await skipTo(renewedAt + 167 * DAY);
    const rows = await waitFor(
      () => reminders(bank, consent.id),
      (found) => found.length === 2,
    );
    expect(rows.map((row) => row.subject_ref)).toContain(
      `consent:${consent.id}:${renewed.renewalDueAt!.toISOString()}`,
    );

    expect(await resultOf(consent.id)).toEqual({
      outcome: 'expired',
      reason: 'renewal-missed',
      remindersSent: 2,
    });
    expect(new Date((await consentRow(bank, consent.id)).expired_at).getTime()).toBe(renewedAt + 180 * DAY);
    expect(await auditActions(bank, consent.id)).toEqual([
      'consent.grant',
      'consent.reminder',
      'consent.renew',
      'consent.reminder',
      'consent.expire',
    ]);
  });

  it('revoking ends the workflow at once, with one ConsentEnded and no reminder', async () => {
    const bank = await bankWith('EU');
    const consent = await grant(bank, 'aggregation');
    await skipTo(consent.grantedAt.getTime() + 10 * DAY);

    await asCustomer(bank, () => consents.revoke(consent.id));

    expect(await resultOf(consent.id)).toEqual({ outcome: 'revoked', reason: 'revoked', remindersSent: 0 });
    expect(await consentRow(bank, consent.id)).toMatchObject({ status: 'revoked' });
    expect(await reminders(bank, consent.id)).toEqual([]);
    expect(ended.filter((event) => event.consentId === consent.id).map((event) => event.reason)).toEqual([
      'revoked',
    ]);
  });

  it('a consent without a deadline (personalisation) waits for its revocation only', async () => {
    const bank = await bankWith('EU');
    const consent = await grant(bank, 'personalisation');
    expect(consent.renewalDueAt).toBeNull();
    await skipTo(consent.grantedAt.getTime() + 400 * DAY);
    await settle();
    expect(await consentRow(bank, consent.id)).toMatchObject({ status: 'granted' });
    expect(
      (await environment.client.workflow.getHandle(consentLifecycleWorkflowId(consent.id)).describe()).status
        .name,
    ).toBe('RUNNING');
    await asCustomer(bank, () => consents.revoke(consent.id));
    expect(await resultOf(consent.id)).toEqual({ outcome: 'revoked', reason: 'revoked', remindersSent: 0 });
  });
});

function bankWith(region: Region): Promise<BankCustomer> {
  return bankCustomer(platform, 'consent', region);
}

async function grant(bank: BankCustomer, purpose: 'aggregation' | 'personalisation') {
  await syncClock();
  return asCustomer(bank, () => consents.grant({ purpose, textVersion: '2026-11', channel: 'customer-app' }));
}

/** Moves the test server's clock to `at` (ms), letting timers up to then fire. */
async function skipTo(at: number): Promise<void> {
  const now = await environment.currentTimeMs();
  if (at > now) await environment.sleep(at - now);
}

/** Gives activities a timer just fired started a moment to finish (real time; time does not skip meanwhile). */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1_500));
}

function resultOf(consentId: string): Promise<ConsentLifecycleResult> {
  return environment.client.workflow.getHandle(consentLifecycleWorkflowId(consentId)).result();
}

async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function consentRow(bank: BankCustomer, id: string) {
  const { rows } = await sql.query('select * from consent where tenant_id = $1 and id = $2', [
    bank.tenant.id,
    id,
  ]);
  return rows[0];
}

async function reminders(bank: BankCustomer, consentId: string) {
  const { rows } = await sql.query<{ subject_ref: string; body_enc: string; kind: string }>(
    `select subject_ref, body_enc, kind from notification where tenant_id = $1 and subject_ref like $2 order by created_at, id`,
    [bank.tenant.id, `consent:${consentId}:%`],
  );
  return rows;
}

async function auditActions(bank: BankCustomer, consentId: string): Promise<string[]> {
  const { rows } = await sql.query<{ action: string }>(
    `select action from audit_entry where tenant_id = $1 and resource_id = $2 order by seq`,
    [bank.tenant.id, consentId],
  );
  return rows.map((row) => row.action);
}

async function auditChanges(bank: BankCustomer, consentId: string, action: string) {
  const { rows } = await sql.query<{ changes: Record<string, unknown> }>(
    `select changes from audit_entry where tenant_id = $1 and resource_id = $2 and action = $3`,
    [bank.tenant.id, consentId, action],
  );
  return rows[0]?.changes;
}
