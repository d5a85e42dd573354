// The onboarding workflow on Temporal's real time-skipping test server, with the real platform-backed
// activities writing to a real PostgreSQL database of its own and provisioning realms in the test run's
// real Keycloak.
import { randomBytes } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FieldEncryptionService,
  type KeycloakAdminApi,
  runAsTenant,
  TenancyService,
  type OnboardTenantInput,
  type TenantRef,
} from '@finpersona/platform';
import { startTimeSkippingFixture, type TimeSkippingFixture } from '../../test/time-skipping';
import { createActivities, createWorker, type PlatformContext } from '../index';
import type { onboardTenant } from './workflows';

let fixture: TimeSkippingFixture;
let sql: pg.Pool;
let platform: PlatformContext;
let environment: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundle;
let keycloak: KeycloakAdminApi;
/** Realms the tests created, deleted at the end (Keycloak keeps them in memory for the run). */
let realmsToDelete: Set<string>;

beforeAll(async () => {
  fixture = await startTimeSkippingFixture();
  ({ sql, platform, environment, workflowBundle, keycloak, realmsToDelete } = fixture);
});

afterAll(async () => {
  await fixture?.close();
});

describe('onboardTenant', () => {
  it('creates the bank with its demo customers and makes it live', async () => {
    const input = bankInput();

    const summary = await runWithRealWorker(input);

    expect(summary).toMatchObject({ slug: input.slug, status: 'ACTIVE', demoCustomers: 3 });
    const tenant = await tenantRow(input.slug);
    expect(tenant).toMatchObject({
      id: summary.tenantId,
      name: input.name,
      region: 'EU',
      realm: input.realm,
      status: 'ACTIVE',
    });
    expect(tenant?.branding).toMatchObject({
      displayName: input.branding.displayName,
      primaryColor: '#0B5FFF',
    });
    expect(await customerRows(summary.tenantId)).toEqual([
      {
        display_name: 'Ana Novak',
        email: 'ana.novak@example.test',
        subject: '5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a01',
      },
      { display_name: 'Bojan Kralj', email: 'bojan.kralj@example.test', subject: null },
      { display_name: 'Cvetka Zupan', email: 'cvetka.zupan@example.test', subject: null },
    ]);
    expect(await platform.get(TenancyService).findActiveByRealm(input.realm)).not.toBeNull();
    expect(await realmOf(input.realm)).toMatchObject({ enabled: true, bruteForceProtected: true });
    expect(await clientRedirects(input.realm, 'finpersona-customer')).toEqual([
      'https://app.bank.example/auth/callback',
    ]);
    // Its data key, wrapped (61 bytes with the local KEK), was created before it went live.
    expect(await tenantDataKey(summary.tenantId)).toMatchObject({ kek_id: expect.stringMatching(/^local:/) });
  });

  it('running it again with the same input changes nothing', async () => {
    const input = bankInput();
    await runWithRealWorker(input);
    const tenantBefore = await tenantRow(input.slug);
    const customersBefore = await customerRows(tenantBefore!.id, { withIds: true });
    const dataKeyBefore = await tenantDataKey(tenantBefore!.id);
    expect(dataKeyBefore).toBeDefined();

    const again = await runWithRealWorker(input);

    expect(again).toMatchObject({ tenantId: tenantBefore!.id, status: 'ACTIVE', demoCustomers: 3 });
    const { updated_at: _ignored, ...tenantAfter } = (await tenantRow(input.slug))!;
    const { updated_at: _before, ...tenantBeforeComparable } = tenantBefore!;
    expect(tenantAfter).toEqual(tenantBeforeComparable);
    expect(await customerRows(tenantBefore!.id, { withIds: true })).toEqual(customersBefore);
    expect(await tenantDataKey(tenantBefore!.id)).toEqual(dataKeyBefore);
    expect(await countRows('tenant', input.slug)).toBe(1);
  });

  it('fails at once on a demo customer the platform rejects, leaving the bank not live', async () => {
    const input = bankInput({
      customers: [
        { displayName: 'Ana Novak', email: 'ana.novak@example.test' },
        { displayName: 'Nobody', email: 'not an email address' },
      ],
    });
    const attempts = new Map<string, number>();
    const activities = countingAttempts(createActivities(platform), attempts);

    const failure = await runWithWorker(input, activities).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (failure as WorkflowFailedError).cause;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    expect((activityFailure as ActivityFailure).activityType).toBe('createDemoCustomers');
    const reason = (activityFailure as ActivityFailure).cause;
    expect(reason).toBeInstanceOf(ApplicationFailure);
    expect((reason as ApplicationFailure).type).toBe('INVALID');
    expect((reason as ApplicationFailure).nonRetryable).toBe(true);
    expect(attempts.get('createDemoCustomers')).toBe(1);
    expect(attempts.get('activateTenant')).toBeUndefined();
    expect(attempts.get('disableUnfinishedRealm')).toBe(1);

    const tenant = await tenantRow(input.slug);
    expect(tenant?.status).toBe('PROVISIONING');
    expect(await platform.get(TenancyService).findActiveByRealm(input.realm)).toBeNull();
    expect(await customerRows(tenant!.id)).toEqual([]);
    // Compensation: the unfinished bank's realm exists but is switched off.
    expect(await realmOf(input.realm)).toMatchObject({ enabled: false });
  });

  it('a failure part way leaves the bank PROVISIONING with its realm off; running it again completes it', async () => {
    const input = bankInput();
    const real = createActivities(platform);
    const broken = {
      ...real,
      async activateTenant(): Promise<never> {
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432 (simulated outage)');
      },
    };

    const failure = await runWithWorker(input, broken).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((await tenantRow(input.slug))?.status).toBe('PROVISIONING');
    expect(await customerRows((await tenantRow(input.slug))!.id)).toHaveLength(3);
    expect(await realmOf(input.realm)).toMatchObject({ enabled: false });

    const rerun = await runWithRealWorker(input);

    expect(rerun).toMatchObject({ slug: input.slug, status: 'ACTIVE', demoCustomers: 3 });
    expect((await tenantRow(input.slug))?.status).toBe('ACTIVE');
    expect(await customerRows(rerun.tenantId)).toHaveLength(3);
    expect(await realmOf(input.realm)).toMatchObject({ enabled: true });
  });

  it('rides out a Keycloak outage while provisioning the realm; the bank goes live only after it', async () => {
    const input = bankInput();
    const real = createActivities(platform);
    const attempts = new Map<string, number>();
    const activities = countingAttempts(
      {
        ...real,
        async provisionRealm(realmInput: Parameters<typeof real.provisionRealm>[0]) {
          if (Context.current().info.attempt <= 3) {
            throw new Error('Keycloak did not answer POST http://127.0.0.1:8180/admin/realms (simulated)');
          }
          return real.provisionRealm(realmInput);
        },
      },
      attempts,
    );

    const summary = await runWithWorker(input, activities);

    expect(summary).toMatchObject({ status: 'ACTIVE' });
    expect(attempts.get('provisionRealm')).toBe(4);
    expect(attempts.get('disableUnfinishedRealm')).toBeUndefined();
    expect(await realmOf(input.realm)).toMatchObject({ enabled: true });
  });

  it('when the realm cannot be provisioned at all, the bank stays PROVISIONING without customers', async () => {
    const input = bankInput();
    const real = createActivities(platform);
    const attempts = new Map<string, number>();
    const activities = countingAttempts(
      {
        ...real,
        async provisionRealm(): Promise<never> {
          throw new Error('Keycloak did not answer (simulated)');
        },
      },
      attempts,
    );

    const failure = await runWithWorker(input, activities).catch((error: unknown) => error);

    expect(((failure as WorkflowFailedError).cause as ActivityFailure).activityType).toBe('provisionRealm');
    expect(attempts.get('provisionRealm')).toBe(10);
    expect(attempts.get('createDemoCustomers')).toBeUndefined();
    const tenant = await tenantRow(input.slug);
    expect(tenant?.status).toBe('PROVISIONING');
    expect(await customerRows(tenant!.id)).toEqual([]);
  });

  it('rides out a database outage with retries and backoff, in skipped rather than real time', async () => {
    const input = bankInput();
    const real = createActivities(platform);
    // The test server's clock (which time skipping moves) when each attempt ran.
    const attemptClock: number[] = [];
    const outageAttempts = 6;
    const activities = {
      ...real,
      async createDemoCustomers(demo: Parameters<typeof real.createDemoCustomers>[0]) {
        const { attempt } = Context.current().info;
        attemptClock.push(await environment.currentTimeMs());
        if (attempt <= outageAttempts)
          throw new Error('connect ECONNREFUSED 127.0.0.1:5432 (simulated outage)');
        return real.createDemoCustomers(demo);
      },
    };
    const wallClockStart = Date.now();

    const summary = await runWithWorker(input, activities);

    expect(summary).toMatchObject({ slug: input.slug, status: 'ACTIVE', demoCustomers: 3 });
    expect(attemptClock).toHaveLength(outageAttempts + 1);
    // Backoff 1 s, doubling: 1 + 2 + 4 + 8 + 16 + 32 = 63 s between the first and the successful attempt.
    const backoffMs = attemptClock.at(-1)! - attemptClock[0]!;
    expect(backoffMs).toBeGreaterThanOrEqual(63_000);
    expect(Date.now() - wallClockStart).toBeLessThan(Math.min(backoffMs, 30_000));
    expect((await tenantRow(input.slug))?.status).toBe('ACTIVE');
  });

  it('gives up after its retry budget when the outage lasts, leaving the bank not live', async () => {
    const input = bankInput();
    const real = createActivities(platform);
    const attempts = new Map<string, number>();
    const activities = countingAttempts(
      {
        ...real,
        async createDemoCustomers(): Promise<{ count: number }> {
          throw new Error('connect ECONNREFUSED 127.0.0.1:5432 (simulated outage)');
        },
      },
      attempts,
    );

    const failure = await runWithWorker(input, activities).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect(((failure as WorkflowFailedError).cause as ActivityFailure).activityType).toBe(
      'createDemoCustomers',
    );
    expect(attempts.get('createDemoCustomers')).toBe(10);
    expect((await tenantRow(input.slug))?.status).toBe('PROVISIONING');
  });

  it('running it again does not reactivate a bank an operator suspended', async () => {
    const input = bankInput();
    await runWithRealWorker(input);
    await sql.query(`update tenant set status = 'SUSPENDED' where slug = $1`, [input.slug]);

    const again = await runWithRealWorker(input);

    expect(again.status).toBe('SUSPENDED');
    expect((await tenantRow(input.slug))?.status).toBe('SUSPENDED');
  });

  it('a failed re-run never switches off the realm of a bank that was live (here: suspended)', async () => {
    const input = bankInput();
    await runWithRealWorker(input);
    await sql.query(`update tenant set status = 'SUSPENDED' where slug = $1`, [input.slug]);
    const real = createActivities(platform);
    const attempts = new Map<string, number>();
    const broken = countingAttempts(
      {
        ...real,
        async createDemoCustomers(): Promise<never> {
          throw ApplicationFailure.create({ type: 'INVALID', message: 'bad customer', nonRetryable: true });
        },
      },
      attempts,
    );

    await expect(runWithWorker(input, broken)).rejects.toBeInstanceOf(WorkflowFailedError);

    expect(attempts.get('disableUnfinishedRealm')).toBe(1);
    expect(await realmOf(input.realm)).toMatchObject({ enabled: true });
  });
});

// --- helpers ---------------------------------------------------------------------------------------

type OnboardingSummary = Awaited<ReturnType<typeof onboardTenant>>;
type Activities = ReturnType<typeof createActivities>;

function bankInput(overrides: Partial<OnboardTenantInput> = {}): OnboardTenantInput {
  const slug = `bank-${randomBytes(4).toString('hex')}`;
  realmsToDelete.add(slug);
  return {
    slug,
    name: `Bank ${slug}`,
    region: 'EU',
    realm: slug,
    branding: {
      displayName: `Bank ${slug}`,
      primaryColor: '#0b5fff',
      accentColor: '#00B894',
      logoUrl: '/logo.svg',
    },
    appOrigins: { admin: ['https://admin.bank.example'], customer: ['https://app.bank.example'] },
    customers: [
      {
        subject: '5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a01',
        displayName: 'Ana Novak',
        email: 'ana.novak@example.test',
      },
      { displayName: 'Bojan Kralj', email: 'bojan.kralj@example.test' },
      { displayName: 'Cvetka Zupan', email: 'cvetka.zupan@example.test' },
    ],
    ...overrides,
  };
}

/** Runs the workflow to its end on a worker with the real platform-backed activities (the worker the package ships). */
async function runWithRealWorker(input: OnboardTenantInput): Promise<OnboardingSummary> {
  const taskQueue = `onboarding-test-${randomBytes(4).toString('hex')}`;
  const worker = await createWorker({
    connection: environment.nativeConnection,
    platform,
    taskQueue,
    workflowBundle,
  });
  return worker.runUntil(execute(input, taskQueue));
}

async function runWithWorker(input: OnboardTenantInput, activities: Activities): Promise<OnboardingSummary> {
  const taskQueue = `onboarding-test-${randomBytes(4).toString('hex')}`;
  const worker = await Worker.create({
    connection: environment.nativeConnection,
    taskQueue,
    workflowBundle,
    activities,
  });
  return worker.runUntil(execute(input, taskQueue));
}

function execute(input: OnboardTenantInput, taskQueue: string): Promise<OnboardingSummary> {
  return environment.client.workflow.execute<typeof onboardTenant>('onboardTenant', {
    taskQueue,
    workflowId: `onboard-tenant:${input.slug}:${randomBytes(3).toString('hex')}`,
    args: [input],
  });
}

function countingAttempts(activities: Activities, attempts: Map<string, number>): Activities {
  const counted = {} as Record<string, (...args: never[]) => Promise<unknown>>;
  for (const [name, activity] of Object.entries(activities)) {
    counted[name] = (...args: never[]) => {
      attempts.set(name, (attempts.get(name) ?? 0) + 1);
      return (activity as (...args: never[]) => Promise<unknown>)(...args);
    };
  }
  return counted as unknown as Activities;
}

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  region: string;
  realm: string;
  status: string;
  branding: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

async function tenantRow(slug: string): Promise<TenantRow | undefined> {
  const { rows } = await sql.query<TenantRow>('select * from tenant where slug = $1', [slug]);
  return rows[0];
}

/**
 * The tenant's customers as stored (read as the superuser), with name and e-mail decrypted by the
 * platform (they are encrypted at rest); `withIds` adds ids, creation times and the ciphertexts.
 */
async function customerRows(
  tenantId: string,
  options: { withIds?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const { rows } = await sql.query<{
    id: string;
    created_at: Date;
    subject: string | null;
    display_name: string;
    email: string | null;
  }>('select id, created_at, subject, display_name, email from customer where tenant_id = $1', [tenantId]);
  const { rows: tenants } = await sql.query<TenantRef>('select id, slug, realm from tenant where id = $1', [
    tenantId,
  ]);
  if (rows.length === 0) return [];
  const encryption = platform.get(FieldEncryptionService);
  const decrypted = await runAsTenant(tenants[0]!, () =>
    Promise.all(
      rows.map(async (row) => {
        const address = (column: string) => ({ table: 'customer', column, rowId: row.id });
        const plain = {
          display_name: await encryption.decrypt(row.display_name, address('display_name')),
          email: row.email === null ? null : await encryption.decrypt(row.email, address('email')),
          subject: row.subject,
        };
        return options.withIds ? { ...row, ...plain, stored: [row.display_name, row.email] } : plain;
      }),
    ),
  );
  return decrypted.sort((a, b) => a.display_name.localeCompare(b.display_name));
}

/** The tenant's own data key as stored (id, KEK and wrapped bytes), if any. */
async function tenantDataKey(tenantId: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await sql.query(
    'select id, kek_id, wrapped from data_key where tenant_id = $1 and customer_id is null',
    [tenantId],
  );
  return rows[0];
}

async function realmOf(realm: string): Promise<Record<string, unknown>> {
  return (await keycloak.request<Record<string, unknown>>('GET', `/${realm}`)).body;
}

async function clientRedirects(realm: string, clientId: string): Promise<string[]> {
  const { body } = await keycloak.request<{ redirectUris: string[] }[]>(
    'GET',
    `/${realm}/clients?clientId=${clientId}`,
  );
  return body[0]?.redirectUris ?? [];
}

async function countRows(table: 'tenant', slug: string): Promise<number> {
  const { rows } = await sql.query<{ count: string }>(`select count(*) from ${table} where slug = $1`, [
    slug,
  ]);
  return Number(rows[0]?.count);
}
