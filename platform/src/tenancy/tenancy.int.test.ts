import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformContext } from '../api';
import { FieldEncryptionService } from '../crypto';
import { CustomersService } from '../customers';
import { migrateDatabase } from '../database';
import { Conflict, Invalid, NotFound } from '../errors';
import { createTestDatabase } from '../testing/deploy';
import { demoBank, otherBank } from '../testing/seed';
import { runAsTenant } from '../request-context';
import { TenancyService, tenantRef } from './tenancy.service';
import { temporaryKeyFile } from '../testing/key-file';

describe('tenancy through the worker entry point (createPlatformContext)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let context: Awaited<ReturnType<typeof createPlatformContext>>;
  let keyFile: Awaited<ReturnType<typeof temporaryKeyFile>> | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('platform');
    expect(await migrateDatabase(database.ownerUrl)).toEqual([
      'Migration20261124080000TenantsAndCustomers',
      'Migration20261124090000TenantProvisioningStatus',
      'Migration20261124100000RowLevelSecurity',
      'Migration20261124110000AuditTrail',
      'Migration20261125100000EncryptionAtRest',
      'Migration20261125110000TenantLifecycle',
      'Migration20261126100000CustomerData',
      'Migration20261126120000IngestFingerprints',
      'Migration20261126140000NotificationOnce',
      'Migration20261126150000DataSubjectRequests',
      'Migration20261126160000StatementUploads',
      'Migration20261126170000PluginInstallations',
      'Migration20261126180000BankImport',
      'Migration20261126190000Webhooks',
      'Migration20261126200000PluginReleases',
      'Migration20261126210000Enrichment',
      'Migration20261126211000Behaviour',
      'Migration20261126212000ModelRegistry',
      'Migration20261126213000Recommendations',
      'Migration20261126214000Insights',
      'Migration20261126215000CustomerTools',
      'Migration20261126220000CustomerRules',
      'Migration20261126221000Surveys',
      'Migration20261126222000InsightFeedback',
      'Migration20261126230000SurveyMinimumAudience',
      'Migration20261127100000StaffDirectory',
      'Migration20261127110000ErasureSuppression',
      'Migration20261127120000AuditTrailFilters',
      'Migration20261127130000StaffRecordedRequests',
    ]);
    context = await createPlatformContext({
      config: {
        database: { appUrl: database.appUrl, poolSize: 10 },
        crypto: (keyFile = await temporaryKeyFile()).crypto,
      },
      logger: false,
    });
  });
  afterAll(async () => {
    keyFile?.remove();
    await context?.close();
    await database?.drop();
  });

  it('migrating again applies nothing', async () => {
    expect(await migrateDatabase(database.ownerUrl)).toEqual([]);
  });

  it('the application role may read and write rows but cannot change the schema', async () => {
    const em = context.get(MikroORM).em.fork() as EntityManager;
    await expect(em.execute('select count(*) from tenant')).resolves.toHaveLength(1);
    await expect(em.execute('create table sneaky (id int)')).rejects.toThrow(/permission denied/);
    await expect(em.execute('drop table customer')).rejects.toThrow(/must be owner/);
  });

  it('upsertTenant is idempotent: the same slug twice is one tenant, updated in place', async () => {
    const tenancy = context.get(TenancyService);
    const first = await tenancy.upsertTenant(demoBank);
    const second = await tenancy.upsertTenant({ ...demoBank, name: 'Demo Bank d.d.' });
    expect(second.id).toBe(first.id);
    expect(await tenancy.findBySlug('demo-bank')).toMatchObject({
      id: first.id,
      name: 'Demo Bank d.d.',
      status: 'ACTIVE',
      realm: 'demo-bank',
    });
  });

  it('the tenant status check (tenant_status_known) allows PROVISIONING, ACTIVE and SUSPENDED only', async () => {
    const em = context.get(MikroORM).em.fork() as EntityManager;
    const [constraint] = await em.execute(
      `select pg_get_constraintdef(oid) as definition from pg_constraint where conname = 'tenant_status_known'`,
    );
    expect(constraint?.definition).toMatch(/PROVISIONING.*ACTIVE.*SUSPENDED/);
    const insert = (slug: string, status: string) =>
      em.execute(
        `insert into tenant (slug, name, region, status, realm, branding) values (?, ?, 'EU', ?, ?, '{}')`,
        [slug, slug, status, slug],
      );
    await expect(insert('status-check-ok', 'PROVISIONING')).resolves.toBeDefined();
    await expect(insert('status-check-bad', 'DELETED')).rejects.toThrow(/tenant_status_known/);
    await em.execute(`delete from tenant where slug = 'status-check-ok'`);
  });

  it('upsertTenant creates a tenant ACTIVE by default, or with the initial status asked for', async () => {
    const tenancy = context.get(TenancyService);
    expect((await tenancy.upsertTenant(bank('default-bank'))).status).toBe('ACTIVE');
    expect((await tenancy.upsertTenant(bank('new-bank'), { initialStatus: 'PROVISIONING' })).status).toBe(
      'PROVISIONING',
    );
    expect(await tenancy.findBySlug('new-bank')).toMatchObject({ status: 'PROVISIONING' });
  });

  it('upsertTenant never changes the status of an existing tenant, whatever initial status it is given', async () => {
    const tenancy = context.get(TenancyService);
    await tenancy.upsertTenant(bank('kept-provisioning'), { initialStatus: 'PROVISIONING' });
    const updated = await tenancy.upsertTenant(
      { ...bank('kept-provisioning'), name: 'Renamed Bank' },
      { initialStatus: 'ACTIVE' },
    );
    expect(updated).toMatchObject({ status: 'PROVISIONING', name: 'Renamed Bank' });
    expect(await tenancy.findBySlug('kept-provisioning')).toMatchObject({
      status: 'PROVISIONING',
      name: 'Renamed Bank',
    });

    await tenancy.upsertTenant(bank('kept-suspended'));
    await setStatus('kept-suspended', 'SUSPENDED');
    await tenancy.upsertTenant(bank('kept-suspended'), { initialStatus: 'PROVISIONING' });
    expect(await tenancy.findBySlug('kept-suspended')).toMatchObject({ status: 'SUSPENDED' });
  });

  it('activateTenant makes a PROVISIONING tenant ACTIVE, and its realm is then accepted', async () => {
    const tenancy = context.get(TenancyService);
    const created = await tenancy.upsertTenant(bank('to-activate'), { initialStatus: 'PROVISIONING' });
    expect(await tenancy.findActiveByRealm('to-activate')).toBeNull();

    const activated = await tenancy.activateTenant('to-activate');

    expect(activated).toMatchObject({ id: created.id, status: 'ACTIVE' });
    expect(await tenancy.findActiveByRealm('to-activate')).toMatchObject({ id: created.id });
    expect(await tenancy.activateTenant('to-activate')).toMatchObject({ status: 'ACTIVE' });
  });

  it("activateTenant leaves a SUSPENDED tenant suspended: an operator's suspension wins", async () => {
    const tenancy = context.get(TenancyService);
    await tenancy.upsertTenant(bank('stays-suspended'), { initialStatus: 'PROVISIONING' });
    await setStatus('stays-suspended', 'SUSPENDED');

    expect(await tenancy.activateTenant('stays-suspended')).toMatchObject({ status: 'SUSPENDED' });
    expect(await tenancy.findBySlug('stays-suspended')).toMatchObject({ status: 'SUSPENDED' });
  });

  it('activateTenant of an unknown slug is NOT_FOUND', async () => {
    await expect(context.get(TenancyService).activateTenant('no-such-bank')).rejects.toThrow(NotFound);
  });

  it("a second tenant cannot take another tenant's realm (CONFLICT)", async () => {
    await expect(
      context.get(TenancyService).upsertTenant({ ...otherBank, realm: 'demo-bank' }),
    ).rejects.toThrow(Conflict);
  });

  it('invalid tenant input is refused before touching the database (INVALID)', async () => {
    await expect(context.get(TenancyService).upsertTenant({ ...otherBank, slug: 'Not OK' })).rejects.toThrow(
      Invalid,
    );
  });

  it('findByRealm finds the tenant holding a realm whatever its status', async () => {
    const tenancy = context.get(TenancyService);
    await tenancy.upsertTenant(bank('realm-holder'), { initialStatus: 'PROVISIONING' });
    expect(await tenancy.findByRealm('realm-holder')).toMatchObject({ slug: 'realm-holder' });
    expect(await tenancy.findActiveByRealm('realm-holder')).toBeNull();
  });

  it('demo customers of an unknown tenant are refused (NOT_FOUND)', async () => {
    await expect(
      context
        .get(CustomersService)
        .upsertDemoCustomers('no-such-bank', [{ displayName: 'X', email: 'x@example.test' }]),
    ).rejects.toThrow(NotFound);
  });

  it('a demo customer without subject or email is INVALID (it could not be found again)', async () => {
    await expect(
      context.get(CustomersService).upsertDemoCustomers('demo-bank', [{ displayName: 'Nobody' }]),
    ).rejects.toThrow(Invalid);
  });

  it('demo customers upserted twice by subject keep one row with the latest name', async () => {
    const customers = context.get(CustomersService);
    await customers.upsertDemoCustomers('demo-bank', [
      { subject: 'subject-1', displayName: 'First Name', email: null },
    ]);
    await customers.upsertDemoCustomers('demo-bank', [
      { subject: 'subject-1', displayName: 'Second Name', email: null },
    ]);
    // Row-level security: the rows are visible only inside a transaction for their tenant.
    const tenant = tenantRef((await context.get(TenancyService).findBySlug('demo-bank'))!);
    const rows = await runAsTenant(tenant, () =>
      context
        .get(MikroORM)
        .em.transactional((em) =>
          (em as EntityManager).execute<{ id: string; display_name: string }[]>(
            `select id, display_name from customer where subject = 'subject-1'`,
          ),
        ),
    );
    expect(rows).toHaveLength(1);
    // Stored encrypted (crypto/): the latest name is what decrypts.
    const name = await runAsTenant(tenant, () =>
      context.get(MikroORM).em.transactional(() =>
        context.get(FieldEncryptionService).decrypt(rows[0]!.display_name, {
          table: 'customer',
          column: 'display_name',
          rowId: rows[0]!.id,
        }),
      ),
    );
    expect(name).toBe('Second Name');
  });

  function bank(slug: string) {
    return { ...otherBank, slug, realm: slug, name: `Bank ${slug}` };
  }

  async function setStatus(slug: string, status: string): Promise<void> {
    await (context.get(MikroORM).em.fork() as EntityManager).execute(
      `update tenant set status = ? where slug = ?`,
      [status, slug],
    );
  }
});
