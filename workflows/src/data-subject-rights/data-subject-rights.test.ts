// The export and erasure workflows on Temporal's real time-skipping test server, with the real
// platform-backed activities writing to a real PostgreSQL database of their own and removing users from
// a realm of the test run's real Keycloak.
import { randomBytes, randomUUID } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { type Client, ScheduleNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditService,
  CONSENT_LIFECYCLE_WORKFLOW,
  consentLifecycleWorkflowId,
  ConsentsService,
  CustomersService,
  DataSubjectRightsService,
  type DataSubjectRequestInput,
  type ErasureCertificate,
  exportDownloadDays,
  type ExportArchiveReport,
  type KeycloakAdminApi,
  RealmsService,
  runAsTenant,
  syncScheduleId,
  TenancyService,
  tenantRef,
  type TenantRef,
} from '@finpersona/platform';
import {
  decryptableValuesOf,
  exportArchiveFiles,
  installRegionRulePack,
  seedPersonalData,
  type SeededPersonalData,
} from '@finpersona/platform/testing';
import { type ConsentLifecycleResult, createActivities, type PlatformContext } from '../index';
import { startTimeSkippingFixture, type TimeSkippingFixture } from '../../test/time-skipping';

let fixture: TimeSkippingFixture;
let sql: pg.Pool;
let platform: PlatformContext;
let environment: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundle;
let keycloak: KeycloakAdminApi;
let bank: TenantRef;
/** Every activity, with Schedules on the test run's dev server (the time-skipping server has none). */
let realActivities: () => ReturnType<typeof createActivities>;
let devClient: Client;

beforeAll(async () => {
  fixture = await startTimeSkippingFixture();
  ({ sql, platform, environment, workflowBundle, keycloak } = fixture);
  devClient = await fixture.devServer();
  realActivities = () => createActivities(platform, { schedules: () => devClient.schedule });
  // A bank with its real realm (provisioned as onboarding does), in the EU (AML retention 5 years).
  const slug = `dsr-${randomBytes(4).toString('hex')}`;
  fixture.realmsToDelete.add(slug);
  const tenancy = platform.get(TenancyService);
  await tenancy.upsertTenant({
    slug,
    name: `Bank ${slug}`,
    region: 'EU',
    realm: slug,
    branding: { displayName: `Bank ${slug}`, primaryColor: '#0B5FFF', accentColor: '#00B894', logoUrl: null },
  });
  await platform.get(RealmsService).provisionTenantRealm(slug);
  bank = tenantRef((await tenancy.findBySlug(slug))!);
  await installRegionRulePack(platform, bank, 'EU');
});

afterAll(async () => {
  await fixture?.close();
});

describe('exportPersonalData', () => {
  it('builds the archive, then deletes it when its download expires unfetched (7 days, time skipped)', async () => {
    const person = await customerWithData('export');
    const request = await requestAs(person, 'export');
    const started = await environment.currentTimeMs();

    const { result: report } = await runWorkflow<ExportArchiveReport>('exportPersonalData', request);

    expect(report.counts).toMatchObject({ accounts: 1, transactions: 2, notifications: 1, consents: 1 });
    expect(new Date(report.expiresAt).getTime() - started).toBeGreaterThanOrEqual(
      exportDownloadDays * 86_400_000 - 60_000,
    );
    // The workflow waited the whole download period (in skipped time) before expiring the archive.
    expect((await environment.currentTimeMs()) - started).toBeGreaterThanOrEqual(
      exportDownloadDays * 86_400_000,
    );
    const [row] = await rows<{ status: string; progress: { step: string }[] }>(
      `select status, progress from data_subject_request where id = $1`,
      [request.requestId],
    );
    expect(row!.status).toBe('completed');
    expect(row!.progress.map((step) => step.step)).toEqual(['started', 'archive-stored', 'archive-expired']);
    expect(
      await rows(`select 1 from data_subject_export where request_id = $1`, [request.requestId]),
    ).toEqual([]);
  });
  it('builds the access request a compliance officer recorded for an imported client (no login); only that officer fetches it, once', async () => {
    const rights = platform.get(DataSubjectRightsService);
    const clientId = await runAsTenant(
      bank,
      async () =>
        (
          await platform
            .get(CustomersService)
            .upsertBankImported({ displayName: 'Imported Client', sourceRef: `client-${randomUUID()}` })
        ).id,
    );
    const officer = (subject: string) => ({
      principal: {
        kind: 'bank' as const,
        subject,
        realm: bank.realm,
        username: undefined,
        displayName: undefined,
        roles: ['compliance-officer' as const],
        authentication: { acr: 'mfa', amr: ['pwd', 'otp'], secondFactor: true },
      },
    });
    const recorder = officer(randomUUID());
    const created = await runAsTenant(
      bank,
      () =>
        rights.recordRequest('export', {
          customerId: clientId,
          receivedVia: 'letter',
          identityVerified: true,
        }),
      recorder,
    );

    const { requestId } = created.workflow.input;
    const fetchAs = (caller: ReturnType<typeof officer>) =>
      runAsTenant(bank, () => rights.fetchExport(requestId, created.downloadToken!), caller);
    // The officer downloads while the workflow waits for the download period: right after the archive step.
    const real = realActivities();
    let fetched: Buffer | undefined;
    const { result: report } = await runWorkflow<ExportArchiveReport>(
      'exportPersonalData',
      created.workflow.input,
      {
        ...real,
        buildExportArchive: async (input) => {
          const built = await real.buildExportArchive(input);
          await expect(fetchAs(officer(randomUUID()))).rejects.toMatchObject({ code: 'NOT_FOUND' });
          fetched = (await fetchAs(recorder)).archive;
          await expect(fetchAs(recorder)).rejects.toMatchObject({ code: 'CONFLICT' });
          return built;
        },
      },
    );
    const document = JSON.parse(exportArchiveFiles(new Uint8Array(fetched!))['export.json']!) as {
      person: { id: string; subject: string | null; display_name: string };
    };
    expect(document.person).toEqual(
      expect.objectContaining({ id: clientId, subject: null, display_name: 'Imported Client' }),
    );
    expect(report.sizeBytes).toBeGreaterThan(0);
    await expect(fetchAs(recorder)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('activities', () => {
  it('a request the API has not committed yet is retried, not failed for good; an unknown tenant fails for good', async () => {
    const activities = createActivities(platform);
    const unseen = activities.startDataSubjectRequest({ tenantId: bank.id, requestId: randomUUID() });
    await expect(unseen).rejects.toThrow(/not visible yet/);
    await expect(unseen).rejects.not.toBeInstanceOf(ApplicationFailure);
    await expect(
      activities.startDataSubjectRequest({ tenantId: randomUUID(), requestId: randomUUID() }),
    ).rejects.toMatchObject({ type: 'NOT_FOUND', nonRetryable: true });
  });
});

describe('erasePersonalData', () => {
  it('erases: login removed, consents and connections ended, rows deleted or retained per the rules, key shredded, certificate; others untouched; chain intact', async () => {
    const person = await customerWithData('erase', { login: true });
    const other = await customerWithData('bystander');
    const request = await requestAs(person, 'erasure');
    const grantedBefore = await grantedAggregationConsents();

    // The person's consent has its lifecycle running (as a grant starts it), on the erasure's worker.
    // Without a deadline it waits for a signal only, so no skipped time can end it another way meanwhile.
    await rows(`update consent set expires_at = null where id = $1`, [person.data.ids.consent]);
    // Its active connection syncs on a real Schedule (on the dev server), as its first sync leaves it.
    const scheduleId = syncScheduleId(person.data.ids.connection);
    fixture.schedulesToDelete.add(scheduleId);
    await realActivities().keepSyncSchedule({ tenantId: bank.id, connectionId: person.data.ids.connection });
    expect(await scheduleExists(scheduleId)).toBe(true);
    const { result: certificate, lifecycle } = await runWorkflow<ErasureCertificate>(
      'erasePersonalData',
      request,
      realActivities(),
      { lifecycleOf: person.data.ids.consent },
    );

    expect(certificate).toMatchObject({
      requestId: request.requestId,
      customerId: person.data.customerId,
      region: 'EU',
      removed: { balance: 1, sync_run: 1, notification: 1 },
      keyExisted: true,
      identity: { realm: bank.realm, outcome: 'removed' },
      ended: {
        consents: 1,
        connections: 1,
        connectionIds: [person.data.ids.connection],
        lifecycleWorkflowIds: [consentLifecycleWorkflowId(person.data.ids.consent)],
      },
    });
    expect(certificate.retained.map((entry) => [entry.table, entry.rows, entry.rule])).toEqual(
      expect.arrayContaining([
        ['account_transaction', 2, 'aml-retention'],
        ['account', 1, 'aml-retention'],
        ['connection', 1, 'lawful-basis-of-retained-records'],
        ['consent', 1, 'lawful-basis-of-retained-records'],
        ['data_subject_request', 1, 'proof-of-request'],
      ]),
    );
    // The retained consent and connection are ended; the bystander's are still live.
    expect(await statusesOf(person)).toEqual({ consent: 'revoked', revoked: true, connection: 'revoked' });
    expect(await statusesOf(other)).toEqual({ consent: 'granted', revoked: false, connection: 'active' });
    // The connection's schedule is gone: nothing fires for it again.
    expect(await scheduleExists(scheduleId)).toBe(false);
    // The consent's lifecycle was woken by the erasure and completed.
    expect(lifecycle).toMatchObject({ outcome: 'revoked' });
    // The staff overview counts one granted aggregation consent fewer; the person's shows revoked.
    expect(await grantedAggregationConsents()).toBe(grantedBefore - 1);
    const overview = await asComplianceOfficer(() =>
      platform.get(ConsentsService).overview({ first: 10, customerId: person.data.customerId }),
    );
    expect(overview.edges.map((edge) => edge.node.status)).toEqual(['revoked']);
    // Ended through the revocation path: audited with the reason, the connection too.
    const ends = await rows<{ action: string; changes: Record<string, unknown> }>(
      `select action, changes from audit_entry where tenant_id = $1 and resource_id = any($2) order by seq`,
      [bank.id, [person.data.ids.consent, person.data.ids.connection]],
    );
    expect(ends.map((entry) => [entry.action, entry.changes.reason])).toEqual([
      ['connection.revoke', 'erased'],
      ['consent.revoke', 'erased'],
    ]);
    // The login is gone from the realm.
    const user = await keycloak.request('GET', `/${bank.realm}/users/${person.subject}`, { accept: [404] });
    expect(user.status).toBe(404);
    // 0 decryptable personal values left for the person; the bystander's all still read (20: the seeded
    // recommendation's reason, rating comment and review texts, notification e-mail, push subscription,
    // deferred e-mail, insight and survey answer included; savings goals are seeded by the platform's own
    // erasure test).
    expect(await decryptableValues(person.data.customerId)).toEqual({ tried: 4, readable: 0 });
    expect(await decryptableValues(other.data.customerId)).toEqual({ tried: 20, readable: 20 });
    const verification = await runAsTenant(bank, () => platform.get(AuditService).verifyCurrent());
    expect(verification).toMatchObject({ intact: true });
    const [stored] = await rows<{ status: string; certificate: ErasureCertificate }>(
      `select status, certificate from data_subject_request where id = $1`,
      [request.requestId],
    );
    expect(stored).toEqual({ status: 'completed', certificate });
  });

  it('resumes after crashes right after the consents were ended and after the rows were erased, and a Keycloak outage: same certificate, each step once', async () => {
    const person = await customerWithData('resume', { login: true });
    const request = await requestAs(person, 'erasure');
    const real = realActivities();
    const activities = {
      ...real,
      // Keycloak does not answer the first two attempts.
      async removeCustomerLogin(input: DataSubjectRequestInput) {
        if (Context.current().info.attempt <= 2) throw new Error('Keycloak did not answer (simulated)');
        return real.removeCustomerLogin(input);
      },
      // The worker dies after the consents were ended and committed, before it could report it.
      async endCustomerConsents(input: DataSubjectRequestInput) {
        const result = await real.endCustomerConsents(input);
        if (Context.current().info.attempt === 1) throw new Error('worker lost (simulated)');
        return result;
      },
      // The worker dies after the rows were erased and committed, before it could report it.
      async eraseCustomerRows(input: DataSubjectRequestInput) {
        const result = await real.eraseCustomerRows(input);
        if (Context.current().info.attempt === 1) throw new Error('worker lost (simulated)');
        return result;
      },
    };

    const { result: certificate } = await runWorkflow<ErasureCertificate>(
      'erasePersonalData',
      request,
      activities,
    );

    expect(certificate.ended).toMatchObject({ consents: 1, connections: 1 });
    expect(await statusesOf(person)).toEqual({ consent: 'revoked', revoked: true, connection: 'revoked' });
    // The retried step ended nothing more: one revocation audited for the consent and its connection.
    const ends = await rows<{ action: string }>(
      `select action from audit_entry where tenant_id = $1 and resource_id = any($2) order by seq`,
      [bank.id, [person.data.ids.consent, person.data.ids.connection]],
    );
    expect(ends.map((entry) => entry.action)).toEqual(['connection.revoke', 'consent.revoke']);
    expect(certificate.removed).toMatchObject({ balance: 1, sync_run: 1, notification: 1 });
    expect(certificate.identity.outcome).toBe('removed');
    const [row] = await rows<{ progress: { step: string }[] }>(
      `select progress from data_subject_request where id = $1`,
      [request.requestId],
    );
    expect(row!.progress.map((step) => step.step)).toEqual([
      'started',
      'identity-removed',
      'consents-ended',
      'rows-erased',
      'key-shredded',
      'certificate-issued',
    ]);
    expect(await decryptableValues(person.data.customerId)).toEqual({ tried: 4, readable: 0 });
  });
});

interface Person {
  data: SeededPersonalData;
  subject: string;
}

/** A customer of the bank with data in every table; with `login`, a real user in the bank's realm. */
async function customerWithData(label: string, options: { login?: boolean } = {}): Promise<Person> {
  const username = `${label}-${randomBytes(3).toString('hex')}`;
  let subject = `no-login-${username}`;
  if (options.login) {
    const created = await keycloak.request('POST', `/${bank.realm}/users`, {
      body: { username, enabled: true, email: `${username}@dsr.example` },
    });
    subject = created.location!.split('/').at(-1)!;
  }
  await platform
    .get(CustomersService)
    .upsertDemoCustomers(bank.slug, [
      { subject, displayName: `Person ${label}`, email: `${username}@dsr.example` },
    ]);
  const [customer] = await rows<{ id: string }>(
    `select id from customer where tenant_id = $1 and subject = $2`,
    [bank.id, subject],
  );
  return { data: await seedPersonalData(platform, bank, customer!.id, username), subject };
}

/** A request made as the customer would make it (their principal), returning the workflow's input. */
async function requestAs(person: Person, kind: 'export' | 'erasure'): Promise<DataSubjectRequestInput> {
  const created = await runAsTenant(bank, () => platform.get(DataSubjectRightsService).createRequest(kind), {
    principal: {
      kind: 'bank',
      subject: person.subject,
      realm: bank.realm,
      username: undefined,
      displayName: undefined,
      roles: ['customer'],
    },
  });
  return created.workflow.input;
}

/**
 * Runs a workflow on a worker of its own; with `lifecycleOf`, that consent's lifecycle workflow is started
 * first on the same worker (as a grant would start it), and its result is returned as `lifecycle`.
 */
async function runWorkflow<R>(
  type: string,
  input: DataSubjectRequestInput,
  activities: ReturnType<typeof createActivities> = realActivities(),
  options: { lifecycleOf?: string } = {},
): Promise<{ result: R; lifecycle: ConsentLifecycleResult | null }> {
  const taskQueue = `dsr-test-${randomBytes(4).toString('hex')}`;
  const worker = await Worker.create({
    connection: environment.nativeConnection,
    taskQueue,
    workflowBundle,
    activities,
  });
  return worker.runUntil(async () => {
    const lifecycle = options.lifecycleOf
      ? await environment.client.workflow.start(CONSENT_LIFECYCLE_WORKFLOW, {
          taskQueue,
          workflowId: consentLifecycleWorkflowId(options.lifecycleOf),
          args: [{ tenantId: bank.id, consentId: options.lifecycleOf }],
        })
      : null;
    const result = (await environment.client.workflow.execute(type, {
      taskQueue,
      workflowId: `${type}:${input.requestId}`,
      args: [input],
    })) as R;
    // Awaited while the worker still runs: the lifecycle completes on it once woken.
    return {
      result,
      lifecycle: lifecycle ? ((await lifecycle.result()) as ConsentLifecycleResult) : null,
    };
  });
}

/** Whether the Schedule exists on the dev server. */
async function scheduleExists(scheduleId: string): Promise<boolean> {
  try {
    await devClient.schedule.getHandle(scheduleId).describe();
    return true;
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return false;
    throw error;
  }
}

/** The stored status of a person's seeded consent (and whether its revocation time is set) and connection. */
async function statusesOf(
  person: Person,
): Promise<{ consent: string; revoked: boolean; connection: string }> {
  const [consent] = await rows<{ status: string; revoked_at: unknown }>(
    `select status, revoked_at from consent where id = $1`,
    [person.data.ids.consent],
  );
  const [connection] = await rows<{ status: string }>(`select status from connection where id = $1`, [
    person.data.ids.connection,
  ]);
  return { consent: consent!.status, revoked: consent!.revoked_at !== null, connection: connection!.status };
}

/** Runs `work` as a compliance officer of the bank (the staff who read the consent overview). */
function asComplianceOfficer<T>(work: () => Promise<T>): Promise<T> {
  return runAsTenant(bank, work, {
    principal: {
      kind: 'bank',
      subject: `officer-${bank.slug}`,
      realm: bank.realm,
      username: undefined,
      displayName: undefined,
      roles: ['compliance-officer'],
    },
  });
}

/** Granted aggregation consents of the bank, as the staff overview counts them. */
async function grantedAggregationConsents(): Promise<number> {
  const overview = await asComplianceOfficer(() => platform.get(ConsentsService).overview({ first: 1 }));
  return overview.counts.find((row) => row.purpose === 'aggregation' && row.status === 'granted')?.count ?? 0;
}

/** How many of a customer's stored `*_enc` values there are, and how many still decrypt. */
function decryptableValues(customerId: string): Promise<{ tried: number; readable: number }> {
  return decryptableValuesOf(platform, bank, customerId, rows);
}

/** Rows as the superuser: what is really stored, whatever row-level security shows the application. */
async function rows<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await sql.query(text, values)).rows as T[];
}
