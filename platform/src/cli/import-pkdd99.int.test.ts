// `cli import-pkdd99` on a slice of the real PKDD'99 data (../shared/data, see its README), against the real
// PostgreSQL and Temporal of the test run. No worker polls this suite's task queue: the syncs the command
// starts are seen in Temporal and ended by the suite (`--no-wait`); the workflows package's
// `sync/pkdd99-import.int.test.ts` runs them end to end.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import {
  pkdd99Directory,
  readPkdd99Customers,
  splitPkdd99Transactions,
} from '@finpersona/connector-statements';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StatementImportsService, StatementUploads, syncWorkflowId } from '../accounts';
import { createBankImportContext } from '../api';
import { AuditService } from '../audit';
import { consentLifecycleWorkflowId, ConsentsService } from '../consents';
import { CustomersService } from '../customers';
import { FieldEncryptionService } from '../crypto';
import { type ErasureCertificate, suppressionMarker } from '../data-subject-rights';
import { EntityManagerScope, migrateDatabase } from '../database';
import { Forbidden, NotFound } from '../errors';
import { createRequestContext, type Principal, runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { eraseWithoutLogin, recordRequestWithoutLogin } from '../testing/data-subject-requests';
import { createTestDatabase, withClient } from '../testing/deploy';
import { temporaryKeyFile } from '../testing/key-file';
import { withRulePack } from '../testing/rule-packs';
import { otherBank } from '../testing/seed';
import { rowsAsTenant } from '../testing/tenant-rows';
import { runCli } from './run-cli';

type ImportContext = Awaited<ReturnType<typeof createBankImportContext>>;

const dataDir = pkdd99Directory();
/** The first five owners in client.asc order: clients 1, 2, 4, 6, 7; only client 2's account has lines in this copy. */
const owners = readPkdd99Customers(dataDir)
  .filter((customer) => customer.ownedAccounts.length > 0)
  .slice(0, 5);
const trans = readFileSync(join(dataDir, 'trans.asc'));
const files = splitPkdd99Transactions(
  trans,
  new Set(owners.flatMap((owner) => owner.ownedAccounts.map((account) => account.accountId))),
);
const dataTables = ['customer', 'consent', 'connection', 'statement_upload', 'data_key'] as const;

describe("cli import-pkdd99 (real PKDD'99 files, PostgreSQL, Temporal)", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let keyFile: Awaited<ReturnType<typeof temporaryKeyFile>>;
  let context: ImportContext;
  let bank: TenantRef;
  let other: TenantRef;
  let env: Record<string, string>;
  let temporal: { connection: TemporalConnection; client: Client };
  const scratch = mkdtempSync(join(tmpdir(), 'finpersona-pkdd99-'));

  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['import-pkdd99', ...args], {
      env,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const rows = <Row>(tenant: TenantRef, sql: string, values: unknown[] = []) =>
    rowsAsTenant<Row>(database.ownerUrl, tenant.id, sql, values);
  const footprint = async (tenant: TenantRef, tables: readonly string[]) =>
    Object.fromEntries(
      await Promise.all(
        tables.map(async (table) => {
          const [row] = await rows<{ n: string }>(tenant, `select count(*) as n from ${table}`);
          return [table, Number(row!.n)] as const;
        }),
      ),
    );
  /** How many audit entries the bank's chain holds (entries after this have a higher `seq`). */
  const auditEntries = async (tenant: TenantRef) =>
    Number((await rows<{ n: string }>(tenant, 'select count(*) as n from audit_entry'))[0]!.n);
  /** A copy of the data folder with some files left out or replaced. */
  const dataFolder = (name: string, change: { omit?: string; trans?: Buffer }) => {
    const folder = join(scratch, name);
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    for (const file of ['client.asc', 'disp.asc', 'account.asc', 'trans.asc']) {
      if (file === change.omit) continue;
      if (file === 'trans.asc' && change.trans) writeFileSync(join(folder, file), change.trans);
      else copyFileSync(join(dataDir, file), join(folder, file));
    }
    return folder;
  };

  beforeAll(async () => {
    const services = inject('services');
    database = await createTestDatabase('platform_pkdd99');
    await migrateDatabase(database.ownerUrl);
    keyFile = await temporaryKeyFile();
    env = {
      APP_DATABASE_URL: database.appUrl,
      CRYPTO_LOCAL_KEY_FILE: keyFile.path,
      TEMPORAL_ADDRESS: services.TEMPORAL_ADDRESS,
      // A queue nobody polls: the started workflows wait there until the suite ends them.
      TEMPORAL_TASK_QUEUE: `finpersona-pkdd99-${randomBytes(4).toString('hex')}`,
    };
    // The command's own context (customers, consents with their lifecycle engine, statement imports).
    context = await createBankImportContext({ env, logger: ['error'] });
    const tenancy = context.get(TenancyService);
    // Banks created here, not onboarded: each gets its region's compliance rule pack the onboarding way.
    bank = tenantRef(
      await withRulePack(
        context,
        tenancy.upsertTenant({
          ...otherBank,
          slug: 'pkdd-bank',
          realm: 'pkdd-bank',
          name: 'PKDD Bank',
          region: 'EU',
        }),
      ),
    );
    other = tenantRef(
      await withRulePack(
        context,
        tenancy.upsertTenant({
          ...otherBank,
          slug: 'pkdd-other',
          realm: 'pkdd-other',
          name: 'Other Bank',
        }),
      ),
    );
    const connection = await TemporalConnection.connect({ address: services.TEMPORAL_ADDRESS });
    temporal = { connection, client: new Client({ connection }) };
  });

  afterAll(async () => {
    for (const tenant of [bank, other]) {
      if (!tenant) continue;
      const consents = await rows<{ id: string }>(tenant, 'select id from consent');
      for (const consent of consents) {
        await temporal?.client.workflow
          .getHandle(consentLifecycleWorkflowId(consent.id))
          .terminate('test finished')
          .catch(() => undefined);
      }
      const connections = await rows<{ id: string }>(tenant, 'select id from connection');
      for (const connection of connections) {
        await temporal?.client.workflow
          .getHandle(syncWorkflowId(connection.id))
          .terminate('test finished')
          .catch(() => undefined);
      }
    }
    await temporal?.connection.close();
    await context?.close();
    keyFile?.remove();
    await database?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('bad input is refused with a clear message and a non-zero exit, and changes nothing', async () => {
    const before = await footprint(bank, [...dataTables, 'audit_entry']);
    const refusals: [string[], number, RegExp][] = [
      [['--limit', '5'], 2, /^import-pkdd99 needs --tenant <slug>/],
      [
        ['--tenant', 'pkdd-bank', '--limit', '0'],
        2,
        /--limit must be a whole number of customers, at least 1 \(got "0"\)/,
      ],
      [['--tenant', 'pkdd-bank', '--limit', 'five'], 2, /--limit must be a whole number/],
      [['--tenant', 'pkdd-bank', '--limit'], 2, /--limit needs a value/],
      [['--tenant', 'pkdd-bank', '--force'], 2, /does not take "--force"/],
      [
        ['--tenant', 'no-such-bank', '--limit', '5'],
        1,
        /no tenant with slug "no-such-bank"\. Nothing was imported\./,
      ],
      [
        ['--tenant', 'pkdd-bank', '--data-dir', join(scratch, 'nowhere')],
        1,
        /is incomplete: client\.asc, disp\.asc, account\.asc, trans\.asc missing.*Nothing was imported\./s,
      ],
      [
        ['--tenant', 'pkdd-bank', '--data-dir', dataFolder('no-disp', { omit: 'disp.asc' })],
        1,
        /is incomplete: disp\.asc missing/,
      ],
    ];
    // An amount that is not a number on one line of client 2's account: the whole run is refused up front.
    const broken = Buffer.from(
      trans.toString('latin1').replace(/^(\d+;2;\d{6};"PRIJEM";"[^"]*";)[\d.]+;/m, '$1"lots";'),
      'latin1',
    );
    expect(broken.equals(trans)).toBe(false);
    refusals.push([
      ['--tenant', 'pkdd-bank', '--limit', '5', '--data-dir', dataFolder('broken', { trans: broken })],
      1,
      /the lines of account 2 do not parse with the pkdd99 preset \(1 problem\(s\); first: line \d+ .*Nothing was imported\./s,
    ]);
    for (const [args, code, message] of refusals) {
      const result = await run(args);
      expect({ args, code: result.code }).toEqual({ args, code });
      expect(result.err).toMatch(message);
      expect(result.out).toBe('');
    }
    expect(await footprint(bank, [...dataTables, 'audit_entry'])).toEqual(before);
  });

  it('--limit 5 imports the first five owners: customers without a login, bank-import consents, one statement connection per account with lines, syncs started', async () => {
    const result = await run(['--tenant', 'pkdd-bank', '--limit', '5', '--no-wait']);
    expect(result.code).toBe(0);
    expect(result.err).toMatch(
      /Read .*pkdd99: 5 customer\(s\) owning 1 account\(s\) with lines in trans\.asc/,
    );
    expect(result.err).toMatch(/customers 5\/5, accounts 1\/1, [\d.]+ s/);
    expect(result.out).toMatch(/customers: 5 \(5 created, 0 already there\)/);
    expect(result.out).toMatch(/consents: 5 bank-import aggregation consent\(s\) recorded, 0 already live/);
    expect(result.out).toMatch(
      /accounts: 1 with lines in trans\.asc \(1 connected, 0 already imported\); 4 without any line/,
    );
    expect(result.out).toMatch(/lines: 76 in the accounts' files/);
    expect(result.out).toMatch(/syncs: 1 started \(not waited for: --no-wait\)/);

    // Customers: no login, no e-mail, the source reference only as a blind index, the name encrypted.
    const customers = await rows<{
      id: string;
      subject: string | null;
      email: string | null;
      display_name: string;
      source_ref_index: string | null;
    }>(
      bank,
      'select id, subject, email, display_name, source_ref_index from customer order by created_at, id',
    );
    expect(customers).toHaveLength(5);
    for (const customer of customers) {
      expect(customer).toMatchObject({ subject: null, email: null, source_ref_index: expect.any(String) });
      expect(customer.source_ref_index).not.toContain('client');
      expect(customer.display_name).not.toContain('PKDD');
    }
    const names = await runAsTenant(bank, () =>
      context.get(FieldEncryptionService).decryptMany(
        customers.map((customer) => ({
          stored: customer.display_name,
          address: { table: 'customer', column: 'display_name', rowId: customer.id },
        })),
      ),
    );
    expect(names).toEqual(owners.map((owner) => `PKDD'99 client ${owner.client.clientId}`));

    // Consents: recorded by the bank's import, saying so; their lifecycle runs as any consent's.
    const consents = await rows<{
      id: string;
      customer_id: string;
      purpose: string;
      channel: string;
      status: string;
      proof: Record<string, unknown>;
      renewal_due_at: Date | null;
    }>(bank, 'select id, customer_id, purpose, channel, status, proof, renewal_due_at from consent');
    expect(consents).toHaveLength(5);
    expect(new Set(consents.map((consent) => consent.customer_id))).toEqual(
      new Set(customers.map((c) => c.id)),
    );
    for (const consent of consents) {
      expect(consent).toMatchObject({ purpose: 'aggregation', channel: 'bank-import', status: 'granted' });
      expect(consent.renewal_due_at).not.toBeNull(); // EU: the region's renewal rule applies
      expect(consent.proof).toMatchObject({
        subject: 'system',
        channel: 'bank-import',
        shownToCustomer: false,
        requestId: expect.stringMatching(/^cli-import-pkdd99-/),
        source: {
          dataset: expect.stringContaining('Petr Berka and Marta Sochorova'),
          files: ['client.asc', 'disp.asc', 'account.asc', 'trans.asc'],
          command: 'import-pkdd99 --tenant pkdd-bank --limit 5',
        },
      });
      expect(JSON.stringify(consent.proof)).not.toMatch(/client:\d/);
      const lifecycle = await temporal.client.workflow
        .getHandle(consentLifecycleWorkflowId(consent.id))
        .describe();
      expect(lifecycle.taskQueue).toBe(env.TEMPORAL_TASK_QUEUE);
    }

    // One statement-file connection, for client 2's account 2, whose upload is exactly that account's lines.
    const connections = await rows<{ id: string; customer_id: string; connector: string; status: string }>(
      bank,
      'select id, customer_id, connector, status from connection',
    );
    const client2 = customers[names.indexOf("PKDD'99 client 2")]!;
    expect(connections).toEqual([
      expect.objectContaining({ customer_id: client2.id, connector: 'statement-file', status: 'active' }),
    ]);
    const [upload] = await rows<{ id: string; mapping: unknown; size_bytes: number }>(
      bank,
      'select id, mapping, size_bytes from statement_upload',
    );
    expect(upload).toMatchObject({ mapping: 'pkdd99', size_bytes: files.get('2')!.byteLength });
    const stored = await runAsTenant(bank, () =>
      context
        .get(StatementUploads)
        .load(upload!.id)
        .then((bytes) => Buffer.from(bytes)),
    );
    expect(stored.equals(Buffer.from(files.get('2')!))).toBe(true);
    expect(stored.toString('latin1').trim().split('\n')).toHaveLength(1 + 76);
    // Its first sync was started after the commit, on the command's task queue.
    const syncs: string[] = [];
    for await (const workflow of temporal.client.workflow.list({
      query: `WorkflowType = 'syncConnection' AND TaskQueue = '${env.TEMPORAL_TASK_QUEUE}'`,
    })) {
      syncs.push(workflow.workflowId);
    }
    expect(syncs).toEqual([syncWorkflowId(connections[0]!.id)]);

    // Audited like other CLI actions: by the system, nothing personal in clear, the chain intact.
    const audit = await rows<{ action: string; actor_subject: string; changes: unknown }>(
      bank,
      'select action, actor_subject, changes from audit_entry order by seq',
    );
    const counts = audit.reduce<Record<string, number>>(
      (tally, entry) => ({ ...tally, [entry.action]: (tally[entry.action] ?? 0) + 1 }),
      {},
    );
    expect(counts).toMatchObject({
      'customer.create': 5,
      'consent.grant': 5,
      'connection.create': 1,
      'statement.import': 1,
      'bank-import.pkdd99': 1,
    });
    expect(new Set(audit.map((entry) => entry.actor_subject))).toEqual(new Set(['system']));
    expect(JSON.stringify(audit.map((entry) => entry.changes))).not.toMatch(/client:|PKDD'99 client/);
    expect(await context.get(AuditService).verify({ tenant: bank })).toMatchObject({ intact: true });
  });

  it('run again, it creates nothing new: the same rows, and only the attempts are audited', async () => {
    const before = await footprint(bank, [...dataTables, 'account', 'account_transaction']);
    const auditBefore = await auditEntries(bank);
    const result = await run(['--tenant', 'pkdd-bank', '--limit', '5', '--no-wait']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/customers: 5 \(0 created, 5 already there\)/);
    expect(result.out).toMatch(/consents: 0 bank-import aggregation consent\(s\) recorded, 5 already live/);
    expect(result.out).toMatch(/\(0 connected, 1 already imported\)/);
    expect(result.out).toMatch(/syncs: 0 started/);
    expect(await footprint(bank, [...dataTables, 'account', 'account_transaction'])).toEqual(before);
    const added = await rows<{ action: string; changes: { alreadyImported?: boolean } }>(
      bank,
      'select action, changes from audit_entry where seq > $1 order by seq',
      [auditBefore],
    );
    expect(added.map((entry) => [entry.action, entry.changes.alreadyImported ?? null])).toEqual([
      ['statement.import', true],
      ['bank-import.pkdd99', null],
    ]);
  });

  describe("the bank-import services refuse anyone signed in, and another bank's customer", () => {
    const customerPrincipal: Principal = {
      kind: 'bank',
      subject: 'someone',
      realm: 'pkdd-bank',
      username: 'someone',
      displayName: undefined,
      roles: ['customer'],
    };
    const adminPrincipal: Principal = { ...customerPrincipal, roles: ['bank-admin'] };
    let customerId: string;
    let consentId: string;
    beforeAll(async () => {
      [{ id: customerId }] = (await rows<{ id: string }>(
        bank,
        'select id from customer order by created_at limit 1',
      )) as [{ id: string }];
      [{ id: consentId }] = (await rows<{ id: string }>(
        bank,
        'select id from consent where customer_id = $1',
        [customerId],
      )) as [{ id: string }];
    });
    const statement = () => ({
      consentId,
      format: 'csv',
      mapping: 'pkdd99',
      fileName: 'trans-account-2.asc',
      content: Buffer.from(files.get('2')!).toString('base64'),
    });

    it.each([
      ['a customer', customerPrincipal],
      ['a bank administrator', adminPrincipal],
    ])('%s is FORBIDDEN from all three, and nothing is written', async (_who, principal) => {
      const before = await footprint(bank, [...dataTables, 'audit_entry']);
      const as = <T>(work: () => Promise<T>) => runAsTenant(bank, work, { principal });
      await expect(
        as(() =>
          context
            .get(CustomersService)
            .upsertBankImported({ sourceRef: 'pkdd99:client:9999', displayName: 'x' }),
        ),
      ).rejects.toBeInstanceOf(Forbidden);
      await expect(
        as(() => context.get(ConsentsService).recordBankImport(customerId, { dataset: 'x' })),
      ).rejects.toBeInstanceOf(Forbidden);
      await expect(
        as(() => context.get(StatementImportsService).importForCustomer(customerId, statement())),
      ).rejects.toBeInstanceOf(Forbidden);
      expect(await footprint(bank, [...dataTables, 'audit_entry'])).toEqual(before);
    });

    it("another bank cannot record a consent for, or import statements into, this bank's customer (NOT_FOUND)", async () => {
      const before = await footprint(other, [...dataTables, 'audit_entry']);
      // As the command runs them: a unit of work of the other bank, in its transaction.
      const asOtherBank = <T>(work: () => Promise<T>) => {
        const unit = createRequestContext({ requestId: 'cross-tenant' });
        unit.tenant = other;
        return context.get(EntityManagerScope).run(unit, work);
      };
      await expect(
        asOtherBank(() => context.get(ConsentsService).recordBankImport(customerId, { dataset: 'x' })),
      ).rejects.toBeInstanceOf(NotFound);
      await expect(
        asOtherBank(() => context.get(StatementImportsService).importForCustomer(customerId, statement())),
      ).rejects.toBeInstanceOf(NotFound);
      expect(await footprint(other, [...dataTables, 'audit_entry'])).toEqual(before);
    });
  });
  describe('a client erased at their request (GDPR Art. 17) is not imported again', () => {
    /** Client 2: the one of the five whose account has lines, so a re-import would write a connection too. */
    const sourceRef = 'pkdd99:client:2';
    let sourceRefIndex: string;
    let customerId: string;
    let requestId: string;
    const indexIn = (tenant: TenantRef, ref: string) =>
      runAsTenant(tenant, () =>
        context
          .get(FieldEncryptionService)
          .blindIndex({ table: 'customer', column: 'source_ref' }, ref, 'exact'),
      );
    /** Commits `sql` as the database owner with the tenant set, as the platform sets it (RLS applies). */
    const writeAsTenant = (tenant: TenantRef | null, sql: string, values: unknown[] = []) =>
      withClient(database.ownerUrl, async (client) => {
        await client.query('begin');
        if (tenant) await client.query(`select set_config('app.tenant_id', $1, true)`, [tenant.id]);
        await client.query(sql, values);
        await client.query('commit');
      });
    const markers = () => rows<Record<string, unknown>>(bank, 'select * from erasure_suppression');

    beforeAll(async () => {
      sourceRefIndex = await indexIn(bank, sourceRef);
      [{ id: customerId }] = (await rows<{ id: string }>(
        bank,
        'select id from customer where source_ref_index = $1',
        [sourceRefIndex],
      )) as [{ id: string }];
      requestId = await recordRequestWithoutLogin(context, bank, 'erasure', customerId);
    });

    it('an erasure that fails after writing the marker leaves no marker and no tombstone (one transaction)', async () => {
      // A failure at the tombstone, which comes after the marker: the trigger checks the marker is there.
      await writeAsTenant(
        null,
        `create function test_refuse_tombstone() returns trigger language plpgsql as $$
         begin
           if exists (select 1 from erasure_suppression
                       where tenant_id = old.tenant_id and source_ref_index = old.source_ref_index) then
             raise exception 'tombstone refused by the test, after the marker was written';
           end if;
           raise exception 'tombstone refused by the test, before any marker';
         end $$;
         create trigger test_refuse_tombstone before update of erased_at on customer
           for each row when (new.erased_at is not null) execute function test_refuse_tombstone();`,
      );
      try {
        await expect(eraseWithoutLogin(context, bank, requestId)).rejects.toThrow(
          /tombstone refused by the test, after the marker was written/,
        );
      } finally {
        await writeAsTenant(
          null,
          'drop trigger test_refuse_tombstone on customer; drop function test_refuse_tombstone();',
        );
      }
      expect(await markers()).toEqual([]);
      expect(
        await rows(bank, 'select source_ref_index, erased_at from customer where id = $1', [customerId]),
      ).toEqual([{ source_ref_index: sourceRefIndex, erased_at: null }]);
    });

    it("erasure keeps the blind index of the client's reference as a marker, and nothing else about the person", async () => {
      // The same request again (its steps are idempotent): now it completes.
      const certificate: ErasureCertificate = await eraseWithoutLogin(context, bank, requestId);
      const kept = await markers();
      expect(kept).toEqual([
        {
          tenant_id: bank.id,
          source_ref_index: sourceRefIndex,
          erased_at: expect.any(Date),
          request_id: requestId,
        },
      ]);
      expect(String(kept[0]!.source_ref_index)).not.toMatch(/client|\b2\b/);
      // The tombstone itself no longer finds the person.
      expect(
        await rows(bank, 'select source_ref_index, erased_at from customer where id = $1', [customerId]),
      ).toEqual([{ source_ref_index: null, erased_at: expect.any(Date) }]);
      expect(certificate.suppressionMarker).toEqual(suppressionMarker);
      const [erased] = await rows<{ changes: Record<string, unknown> }>(
        bank,
        `select changes from audit_entry where action = 'data-subject-request.erase-rows' and resource_id = $1`,
        [requestId],
      );
      expect(erased!.changes).toMatchObject({ suppressionMarker: true });
      // The application may add markers but never change or remove one.
      for (const sql of [
        'update erasure_suppression set erased_at = now()',
        'delete from erasure_suppression',
      ]) {
        await expect(
          withClient(database.appUrl, (client) => client.query(sql)),
          sql,
        ).rejects.toThrow(/permission denied/);
      }
    });

    it('run again, the import skips the erased client — nothing written for them — recognises the others, and says so', async () => {
      const tables = [...dataTables, 'account', 'account_transaction'];
      const before = await footprint(bank, tables);
      const auditBefore = await auditEntries(bank);
      const result = await run(['--tenant', 'pkdd-bank', '--limit', '5', '--no-wait']);
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/customers: 5 \(0 created, 4 already there, 1 erased\)/);
      expect(result.out).toMatch(
        /1 client was erased at their request and was not imported \(GDPR Art\. 17; 1 of their account\(s\) not imported\)/,
      );
      expect(result.out).toMatch(/consents: 0 bank-import aggregation consent\(s\) recorded, 4 already live/);
      expect(result.out).toMatch(/\(0 connected, 0 already imported\)/);
      expect(result.err).toMatch(/customers 5\/5, accounts 1\/1/);
      expect(await footprint(bank, tables)).toEqual(before);
      expect(
        await rows(bank, 'select id from customer where source_ref_index = $1', [sourceRefIndex]),
      ).toEqual([]);
      const added = await rows<{ action: string; changes: Record<string, unknown> }>(
        bank,
        'select action, changes from audit_entry where seq > $1 order by seq',
        [auditBefore],
      );
      expect(added.map((entry) => entry.action)).toEqual(['bank-import.pkdd99']);
      expect(added[0]!.changes).toMatchObject({
        customersCreated: 0,
        customersExisting: 4,
        customersErased: 1,
      });
      expect(await context.get(AuditService).verify({ tenant: bank })).toMatchObject({ intact: true });
    });

    it("the create-from-source path refuses the erased client's record with a typed CONFLICT, writing nothing", async () => {
      const before = await footprint(bank, [...dataTables, 'audit_entry']);
      const unit = createRequestContext({ requestId: 'suppressed-source' });
      unit.tenant = bank;
      await expect(
        context
          .get(EntityManagerScope)
          .run(unit, () =>
            context.get(CustomersService).upsertBankImported({ sourceRef, displayName: 'someone' }),
          ),
      ).rejects.toMatchObject({ name: 'SourceRecordErased', code: 'CONFLICT' });
      expect(await footprint(bank, [...dataTables, 'audit_entry'])).toEqual(before);
    });

    it('a person who signs up again themselves is a new relationship: onboarding is not refused', async () => {
      const before = await footprint(bank, ['customer']);
      expect(
        await context
          .get(CustomersService)
          .upsertDemoCustomers('pkdd-bank', [
            { subject: 'returning-person', displayName: 'Returning person' },
          ]),
      ).toEqual({ upserted: 1 });
      expect(await footprint(bank, ['customer'])).toEqual({ customer: before.customer! + 1 });
    });

    it("another bank's marker does not suppress this bank's client", async () => {
      // Even a marker holding exactly the other bank's index of client 1 (not one its key can produce).
      await writeAsTenant(
        bank,
        `insert into erasure_suppression (tenant_id, source_ref_index, erased_at, request_id) values ($1, $2, now(), $3)`,
        [bank.id, await indexIn(other, 'pkdd99:client:1'), requestId],
      );
      const result = await run(['--tenant', 'pkdd-other', '--limit', '5', '--no-wait']);
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/customers: 5 \(5 created, 0 already there\)/);
      expect(result.out).not.toMatch(/erased/);
      expect(await footprint(other, ['customer'])).toEqual({ customer: 5 });
    });

    it('the marker still matches after the KEK is rotated (crypto rotate-kek)', async () => {
      const keks = async () =>
        (await rows<{ kek_id: string }>(bank, 'select distinct kek_id from data_key')).map(
          (row) => row.kek_id,
        );
      const [before] = await keks();
      const newKey = await temporaryKeyFile();
      const previousEnv = env;
      env = { ...env, CRYPTO_LOCAL_KEY_FILE: newKey.path, CRYPTO_LOCAL_PREVIOUS_KEY_FILES: keyFile.path };
      try {
        const output: string[] = [];
        const code = await runCli(['crypto', 'rotate-kek'], {
          env,
          out: (line) => output.push(line),
          err: (line) => output.push(line),
        });
        expect({ code, output: output.join('\n') }).toMatchObject({
          code: 0,
          output: expect.stringMatching(/pkdd-bank: [1-9]\d* re-wrapped/),
        });
        const after = await keks();
        expect(after).toHaveLength(1);
        expect(after[0]).not.toBe(before);
        const result = await run(['--tenant', 'pkdd-bank', '--limit', '5', '--no-wait']);
        expect(result.code).toBe(0);
        expect(result.out).toMatch(/customers: 5 \(0 created, 4 already there, 1 erased\)/);
      } finally {
        env = previousEnv;
        newKey.remove();
      }
    });
  });
});
