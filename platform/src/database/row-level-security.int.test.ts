import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformContext } from '../api';
import { CustomersService } from '../customers';
import { TenancyService } from '../tenancy';
import { createTestDatabase, withClient } from '../testing/deploy';
import { demoBank, generatedCustomers, otherBank } from '../testing/seed';
import { migrateDatabase } from './migrate';
import { temporaryKeyFile } from '../testing/key-file';

type Client = Parameters<Parameters<typeof withClient>[1]>[0];

/**
 * Row-level security as the second line of defence, checked with raw SQL as the application role,
 * i.e. without any help from the ORM.
 */
describe('row-level security: raw SQL as finpersona_app', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let keyFile: Awaited<ReturnType<typeof temporaryKeyFile>> | undefined;
  let bankA: { id: string };
  let bankB: { id: string };

  /** Runs `use` in one transaction as the app role, with `tenantId` set the way the platform sets it. */
  const asTenant = <T>(tenantId: string | null, use: (client: Client) => Promise<T>) =>
    withClient(database.appUrl, async (client) => {
      await client.query('begin');
      try {
        if (tenantId !== null) await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
        return await use(client);
      } finally {
        await client.query('rollback');
      }
    });

  beforeAll(async () => {
    database = await createTestDatabase('platform_rls');
    await migrateDatabase(database.ownerUrl);
    const context = await createPlatformContext({
      config: {
        database: { appUrl: database.appUrl, poolSize: 2 },
        crypto: (keyFile = await temporaryKeyFile()).crypto,
      },
      logger: false,
    });
    try {
      const tenancy = context.get(TenancyService);
      bankA = await tenancy.upsertTenant(demoBank);
      bankB = await tenancy.upsertTenant(otherBank);
      const customers = context.get(CustomersService);
      await customers.upsertDemoCustomers(demoBank.slug, generatedCustomers(4, 'a.example'));
      await customers.upsertDemoCustomers(otherBank.slug, generatedCustomers(3, 'b.example'));
    } finally {
      await context.close();
    }
  });
  afterAll(async () => {
    keyFile?.remove();
    await database?.drop();
  });

  it("with tenant A set, only A's customers exist: B's cannot be read, even by id or tenant_id", async () => {
    await asTenant(bankA.id, async (client) => {
      const all = await client.query<{ tenant_id: string }>('select tenant_id from customer');
      expect(all.rows).toHaveLength(4);
      expect(new Set(all.rows.map((row) => row.tenant_id))).toEqual(new Set([bankA.id]));
      const ofB = await client.query('select * from customer where tenant_id = $1', [bankB.id]);
      expect(ofB.rowCount).toBe(0);
    });
  });

  it("with tenant A set, B's customers cannot be updated or deleted (0 rows affected)", async () => {
    await asTenant(bankA.id, async (client) => {
      const updated = await client.query(
        `update customer set display_name = 'hijacked' where tenant_id = $1`,
        [bankB.id],
      );
      const deleted = await client.query('delete from customer where tenant_id = $1', [bankB.id]);
      const everything = await client.query(`update customer set display_name = display_name`);
      expect([updated.rowCount, deleted.rowCount, everything.rowCount]).toEqual([0, 0, 4]);
    });
    await asTenant(bankB.id, async (client) => {
      const rows = await client.query<{ display_name: string }>('select display_name from customer');
      expect(rows.rows).toHaveLength(3);
      expect(rows.rows.some((row) => row.display_name === 'hijacked')).toBe(false);
    });
  });

  it("with tenant A set, a row cannot be written into B (insert or moving A's row)", async () => {
    await expect(
      asTenant(bankA.id, (client) =>
        client.query(
          `insert into customer (tenant_id, display_name, email) values ($1, 'x', 'x@b.example')`,
          [bankB.id],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asTenant(bankA.id, (client) => client.query('update customer set tenant_id = $1', [bankB.id])),
    ).rejects.toThrow(/row-level security/);
  });

  it('with no tenant set, customers are invisible and cannot be written', async () => {
    await asTenant(null, async (client) => {
      expect((await client.query('select * from customer')).rowCount).toBe(0);
      expect((await client.query(`update customer set display_name = 'x'`)).rowCount).toBe(0);
      expect((await client.query('delete from customer')).rowCount).toBe(0);
    });
    await expect(
      asTenant(null, (client) =>
        client.query(`insert into customer (tenant_id, display_name) values ($1, 'x')`, [bankA.id]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('an empty tenant setting (what a finished transaction leaves) counts as no tenant', async () => {
    await asTenant('', async (client) => {
      expect((await client.query('select * from customer')).rowCount).toBe(0);
    });
  });

  it('the setting does not outlive its transaction: outside one (SET LOCAL semantics) nothing is visible', async () => {
    await withClient(database.appUrl, async (client) => {
      await client.query(`select set_config('app.tenant_id', $1, true)`, [bankA.id]);
      expect((await client.query('select * from customer')).rowCount).toBe(0);
      await client.query('begin');
      await client.query(`select set_config('app.tenant_id', $1, true)`, [bankA.id]);
      expect((await client.query('select * from customer')).rowCount).toBe(4);
      await client.query('commit');
      const after = await client.query<{ setting: string | null }>(
        `select current_setting('app.tenant_id', true) as setting`,
      );
      expect(after.rows[0]?.setting ?? '').toBe('');
      expect((await client.query('select * from customer')).rowCount).toBe(0);
    });
  });

  it('the tenant directory is readable by all, but code acting for a bank cannot write any tenant row', async () => {
    await asTenant(bankA.id, async (client) => {
      expect((await client.query('select id from tenant')).rowCount).toBe(2);
      expect((await client.query(`update tenant set name = 'x' where id = $1`, [bankB.id])).rowCount).toBe(0);
      expect((await client.query(`update tenant set name = 'x' where id = $1`, [bankA.id])).rowCount).toBe(0);
      expect((await client.query(`delete from tenant where id = $1`, [bankB.id])).rowCount).toBe(0);
    });
    await expect(
      asTenant(bankA.id, (client) =>
        client.query(
          `insert into tenant (slug, name, region, realm, branding) values ('sneaky', 'x', 'EU', 'sneaky', '{}')`,
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    // Platform work (operators, onboarding) runs with no tenant set and may write the directory.
    await asTenant(null, async (client) => {
      expect((await client.query(`update tenant set name = name where id = $1`, [bankB.id])).rowCount).toBe(
        1,
      );
    });
  });

  it('every table with a tenant_id has row-level security enabled and forced, with a policy', async () => {
    const tables = await withClient(database.appUrl, async (client) => {
      const result = await client.query<{
        table: string;
        enabled: boolean;
        forced: boolean;
        policies: number;
      }>(`
        select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
               (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
         where c.relkind in ('r', 'p')
           and exists (select 1 from pg_attribute a
                        where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
         order by 1`);
      return result.rows;
    });
    expect(tables.map((table) => table.table)).toContain('customer');
    for (const table of tables) {
      expect(table, table.table).toMatchObject({ enabled: true, forced: true });
      expect(table.policies, `${table.table} has no policy`).toBeGreaterThan(0);
    }
  });

  it('the application role is no superuser, cannot bypass RLS and owns no table', async () => {
    const role = await withClient(database.appUrl, async (client) => {
      const result = await client.query<{ rolsuper: boolean; rolbypassrls: boolean; owned: number }>(`
        select rolsuper, rolbypassrls,
               (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
          from pg_roles r where rolname = current_user`);
      return result.rows[0];
    });
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, owned: 0 });
  });
});
