import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformContext } from '../api';
import { CustomersService } from '../customers';
import { migrateDatabase } from '../database';
import { Conflict, Invalid, NotFound } from '../errors';
import { createTestDatabase } from '../testing/deploy';
import { demoBank, otherBank } from '../testing/seed';
import { TenancyService } from './tenancy.service';

describe('tenancy through the worker entry point (createPlatformContext)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let context: Awaited<ReturnType<typeof createPlatformContext>>;

  beforeAll(async () => {
    database = await createTestDatabase('platform');
    expect(await migrateDatabase(database.ownerUrl)).toEqual(['Migration20261124080000TenantsAndCustomers']);
    context = await createPlatformContext({
      config: { database: { appUrl: database.appUrl } },
      logger: false,
    });
  });
  afterAll(async () => {
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
    const rows = await (context.get(MikroORM).em.fork() as EntityManager).execute(
      `select display_name from customer where subject = 'subject-1'`,
    );
    expect(rows).toEqual([{ display_name: 'Second Name' }]);
  });
});
