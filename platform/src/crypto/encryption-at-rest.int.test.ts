// Encryption at rest against real PostgreSQL: the wrapped-key store under row-level security, customers'
// fields as ciphertext, tampering and shredding, the blind index, the backfill and KEK rotation commands.
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformContext } from '../api';
import { runCli } from '../cli/index';
import { CustomersService } from '../customers';
import { migrateDatabase } from '../database';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { createTestDatabase, withClient } from '../testing/deploy';
import { temporaryKeyFile } from '../testing/key-file';
import { demoBank, demoBankCustomers, generatedCustomers, otherBank } from '../testing/seed';
import { FieldDecryptionFailed } from './errors';
import { FieldEncryptionService } from './field-encryption.service';
import { PostgresWrappedKeyStore } from './postgres-wrapped-key-store';
import type { StoredDataKey } from './wrapped-key-store';

type PlatformContext = Awaited<ReturnType<typeof createPlatformContext>>;
type Client = Parameters<Parameters<typeof withClient>[1]>[0];

interface CustomerRow {
  id: string;
  tenant_id: string;
  display_name: string;
  email: string | null;
  email_index: string | null;
}

describe('encryption at rest on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let kek: Awaited<ReturnType<typeof temporaryKeyFile>>;
  let context: PlatformContext;
  let bankA: TenantRef;
  let bankB: TenantRef;

  const openContext = (crypto: typeof kek.crypto) =>
    createPlatformContext({
      config: { database: { appUrl: database.appUrl, poolSize: 4 }, crypto },
      logger: false,
    });

  /** Runs `work` as the tenant, in one transaction, as a request or a job would. */
  const asTenant = <T>(platform: PlatformContext, tenant: TenantRef, work: () => Promise<T>) =>
    runAsTenant(tenant, () => platform.get(MikroORM).em.transactional(() => work()));

  /** Runs `use` as the table owner (RLS forced: the tenant must be set), in one transaction. */
  const asOwner = <T>(tenant: TenantRef, use: (client: Client) => Promise<T>) =>
    withClient(database.ownerUrl, async (client) => {
      await client.query('begin');
      try {
        await client.query(`select set_config('app.tenant_id', $1, true)`, [tenant.id]);
        const result = await use(client);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    });

  const customerRows = (tenant: TenantRef) =>
    asOwner(
      tenant,
      async (client) => (await client.query<CustomerRow>('select * from customer order by id')).rows,
    );

  /** The audit actions recorded on the tenant's chain, oldest first. */
  const auditActions = (tenant: TenantRef) =>
    asOwner(tenant, async (client) =>
      (await client.query<{ action: string }>('select action from audit_entry order by seq')).rows.map(
        (row) => row.action,
      ),
    );

  /** The bank's customers as its administrator sees them (the list is filtered by the caller's abilities). */
  const listAll = (platform: PlatformContext, tenant: TenantRef) =>
    runAsTenant(
      tenant,
      () =>
        platform
          .get(MikroORM)
          .em.transactional(() => platform.get(CustomersService).listVisible({ first: 100 })),
      {
        principal: {
          kind: 'bank',
          subject: 'encryption-test-admin',
          realm: tenant.realm,
          username: undefined,
          displayName: undefined,
          roles: ['bank-admin'],
        },
      },
    );

  beforeAll(async () => {
    database = await createTestDatabase('platform_crypto');
    await migrateDatabase(database.ownerUrl);
    kek = await temporaryKeyFile();
    context = await openContext(kek.crypto);
    const tenancy = context.get(TenancyService);
    bankA = tenantRef(await tenancy.upsertTenant(demoBank));
    bankB = tenantRef(await tenancy.upsertTenant(otherBank));
    const customers = context.get(CustomersService);
    await customers.upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    await customers.upsertDemoCustomers(otherBank.slug, generatedCustomers(5, 'b.example'));
  });

  afterAll(async () => {
    await context?.close();
    await database?.drop();
    kek?.remove();
  });

  describe('the data_key store', () => {
    const store = () => new PostgresWrappedKeyStore(context.get(MikroORM).em as EntityManager);
    const keysOf = (tenant: TenantRef) => asTenant(context, tenant, () => store().list({ limit: 1000 }));
    /** A bank with no data key yet. */
    const newBank = async (slug: string) =>
      tenantRef(await context.get(TenancyService).upsertTenant({ ...otherBank, slug, realm: slug }));

    it('holds one wrapped key per customer plus the tenant key, never a plaintext key', async () => {
      const keys = await keysOf(bankA);
      expect(keys.filter((key) => key.owner.kind === 'tenant')).toHaveLength(1);
      expect(keys.filter((key) => key.owner.kind === 'customer')).toHaveLength(demoBankCustomers.length);
      expect(new Set(keys.map((key) => key.kekId))).toEqual(
        new Set([context.get(FieldEncryptionService).currentKekId]),
      );
      // A local wrap is version ‖ nonce ‖ 32 encrypted bytes ‖ tag: 61 bytes, not a bare 32-byte key.
      expect(keys.every((key) => key.wrapped.length === 61)).toBe(true);
    });

    it("ensureTenantDataKey creates a new tenant's key once (audited), then keeps it", async () => {
      const tenant = await newBank('third-bank');
      const encryption = context.get(FieldEncryptionService);
      expect(await runAsTenant(tenant, () => encryption.ensureTenantDataKey())).toBe(true);
      const [key] = await keysOf(tenant);
      expect(await runAsTenant(tenant, () => encryption.ensureTenantDataKey())).toBe(false);
      expect(await keysOf(tenant)).toEqual([key]);
      expect(await auditActions(tenant)).toEqual(['data-key.create']);
    });

    it('concurrent first uses create exactly one tenant key (insert on conflict, then read the winner)', async () => {
      const tenant = await newBank('racing-bank');
      const encryption = context.get(FieldEncryptionService);
      const indexes = await Promise.all(
        Array.from({ length: 6 }, () =>
          asTenant(context, tenant, () =>
            encryption.blindIndex({ table: 'customer', column: 'email' }, 'same@racing.example', 'email'),
          ),
        ),
      );
      expect(new Set(indexes).size).toBe(1);
      expect(await keysOf(tenant)).toHaveLength(1);
    });

    it("a customer's key is checked against the customer at commit, and goes when the customer goes", async () => {
      const orphan = asTenant(context, bankB, () =>
        context
          .get(FieldEncryptionService)
          .encryptForCustomer('00000000-0000-4000-8000-00000000abcd', [
            { address: { table: 'customer', column: 'email', rowId: 'x' }, plaintext: 'x' },
          ]),
      );
      await expect(orphan).rejects.toThrow(/foreign key/);
      await context
        .get(CustomersService)
        .upsertDemoCustomers(otherBank.slug, [{ displayName: 'Brief Customer', email: 'brief@b.example' }]);
      const [row] = (await customerRows(bankB))
        .filter((candidate) => candidate.email_index !== null)
        .slice(-1);
      const keyCount = async () => (await keysOf(bankB)).length;
      const before = await keyCount();
      await asOwner(bankB, (client) =>
        client.query('delete from customer where email_index = $1', [row!.email_index]),
      );
      expect(await keyCount()).toBe(before - 1);
    });

    it("tenant A cannot see, replace or delete tenant B's keys", async () => {
      const keysOfB = await keysOf(bankB);
      const victim = keysOfB[0]!;
      const seenFromA = await asTenant(context, bankA, async () => ({
        get: await store().get(victim.dataKeyId),
        many: await store().getMany(keysOfB.map((key) => key.dataKeyId)),
        listed: (await store().list({ limit: 1000 })).map((key) => key.owner.tenantId),
        replaced: await store().replaceWrapping(victim.dataKeyId, victim, {
          kekId: victim.kekId,
          wrapped: Buffer.alloc(61, 1),
        }),
        deleted: await store().delete(victim.dataKeyId),
      }));
      expect(seenFromA).toEqual({
        get: undefined,
        many: [],
        listed: expect.not.arrayContaining([bankB.id]) as unknown,
        replaced: false,
        deleted: false,
      });
      // Asking for B's owner from A is a programming error, refused before any SQL runs.
      await expect(
        asTenant(context, bankA, () => store().findByOwner({ kind: 'tenant', tenantId: bankB.id })),
      ).rejects.toThrow(/another tenant/);
      // Raw SQL as the application role with A set: no row of B.
      const rawFromA = await withClient(database.appUrl, async (client) => {
        await client.query('begin');
        await client.query(`select set_config('app.tenant_id', $1, true)`, [bankA.id]);
        const rows = await client.query('select id from data_key where tenant_id = $1', [bankB.id]);
        const updated = await client.query(`update data_key set kek_id = 'x' where tenant_id = $1`, [
          bankB.id,
        ]);
        await client.query('rollback');
        return [rows.rowCount, updated.rowCount];
      });
      expect(rawFromA).toEqual([0, 0]);
      expect(await asTenant(context, bankB, () => store().get(victim.dataKeyId))).toEqual(victim);
    });

    it('with no tenant set, no key is visible and none can be written', async () => {
      await withClient(database.appUrl, async (client) => {
        await client.query('begin');
        expect((await client.query('select * from data_key')).rowCount).toBe(0);
        await expect(
          client.query(
            `insert into data_key (id, tenant_id, kek_id, wrapped) values (gen_random_uuid(), $1, 'k', '\\x01')`,
            [bankA.id],
          ),
        ).rejects.toThrow(/row-level security/);
        await client.query('rollback');
      });
    });

    it('replaceWrapping is a compare-and-set; insert refuses a second key for the same owner', async () => {
      const [key] = await keysOf(bankB);
      const stale = { kekId: key!.kekId, wrapped: Buffer.alloc(61, 9) };
      const next = { kekId: key!.kekId, wrapped: Buffer.alloc(61, 2) };
      await asTenant(context, bankB, async () => {
        expect(await store().replaceWrapping(key!.dataKeyId, stale, next)).toBe(false);
        const duplicate: StoredDataKey = { ...key!, dataKeyId: '00000000-0000-4000-8000-000000000001' };
        expect(await store().insert(duplicate)).toBe(false);
        // Rolled back below: the real wrapping is put back by aborting the transaction.
        expect(await store().replaceWrapping(key!.dataKeyId, key!, next)).toBe(true);
        expect((await store().get(key!.dataKeyId))?.wrapped).toEqual(next.wrapped);
        throw new Error('roll back');
      }).catch((error: Error) => expect(error.message).toBe('roll back'));
      expect((await asTenant(context, bankB, () => store().get(key!.dataKeyId)))?.wrapped).toEqual(
        key!.wrapped,
      );
    });
  });

  describe('customers', () => {
    it('raw SQL as the owner shows no plaintext name or e-mail in customer', async () => {
      const rows = [...(await customerRows(bankA)), ...(await customerRows(bankB))];
      expect(rows).toHaveLength(demoBankCustomers.length + 5);
      const stored = JSON.stringify(rows);
      for (const customer of demoBankCustomers) {
        expect(stored).not.toContain(customer.displayName);
        if (customer.email) expect(stored).not.toContain(customer.email);
      }
      expect(stored).not.toContain('Customer 01');
      expect(stored).not.toContain('@');
      // Every value is in the field format: base64url, naming its data key.
      for (const row of rows) expect(row.display_name).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    });

    it('the service reads back the plaintext for allowed callers', async () => {
      const page = await listAll(context, bankA);
      expect(page.edges.map((edge) => edge.node.displayName).sort()).toEqual(
        demoBankCustomers.map((customer) => customer.displayName).sort(),
      );
      expect(page.edges.map((edge) => edge.node.email).sort()).toEqual(
        demoBankCustomers.map((customer) => customer.email ?? null).sort(),
      );
    });

    it("a ciphertext copied into another row, or into another tenant's row, fails with FieldDecryptionFailed", async () => {
      const [first, second] = await customerRows(bankA);
      const [ofB] = await customerRows(bankB);
      const setName = (tenant: TenantRef, id: string, value: string) =>
        asOwner(tenant, (client) =>
          client.query('update customer set display_name = $1 where id = $2', [value, id]),
        );
      try {
        await setName(bankA, second!.id, first!.display_name);
        const sameTenant = await listAll(context, bankA).catch((error: unknown) => error);
        expect(sameTenant).toBeInstanceOf(FieldDecryptionFailed);
        expect((sameTenant as FieldDecryptionFailed).reason).toBe('authentication');
      } finally {
        await setName(bankA, second!.id, second!.display_name);
      }
      try {
        await setName(bankB, ofB!.id, first!.display_name);
        const otherTenant = await listAll(context, bankB).catch((error: unknown) => error);
        expect(otherTenant).toBeInstanceOf(FieldDecryptionFailed);
        // B cannot even see A's customer key (RLS), so this fails before any unwrap.
        expect((otherTenant as FieldDecryptionFailed).reason).toBe('key');
      } finally {
        await setName(bankB, ofB!.id, ofB!.display_name);
      }
      expect((await listAll(context, bankA)).edges).toHaveLength(demoBankCustomers.length);
      expect((await listAll(context, bankB)).edges).toHaveLength(5);
    });

    it("shredding a customer's key makes exactly that customer's fields undecryptable", async () => {
      const customers = context.get(CustomersService);
      await customers.upsertDemoCustomers(otherBank.slug, [
        { displayName: 'To Be Shredded', email: 'shred@b.example' },
      ]);
      const rows = await customerRows(bankB);
      const encryption = context.get(FieldEncryptionService);
      const readAll = () =>
        asTenant(context, bankB, () =>
          Promise.all(
            rows.map((row) =>
              encryption
                .decryptMany([
                  {
                    stored: row.display_name,
                    address: { table: 'customer', column: 'display_name', rowId: row.id },
                  },
                  { stored: row.email!, address: { table: 'customer', column: 'email', rowId: row.id } },
                ])
                .then(
                  ([name]) => name,
                  (error: unknown) => error,
                ),
            ),
          ),
        );
      const before = await readAll();
      const victimIndex = before.indexOf('To Be Shredded');
      expect(victimIndex).toBeGreaterThanOrEqual(0);
      const victim = rows[victimIndex]!;

      const shredded = await runAsTenant(bankB, () => customers.shredPersonalData(victim.id));
      expect(shredded).toBe(true);

      const after = await readAll();
      expect(after[victimIndex]).toBeInstanceOf(FieldDecryptionFailed);
      expect(after.filter((value) => value instanceof FieldDecryptionFailed)).toHaveLength(1);
      expect(after.filter((_, index) => index !== victimIndex)).toEqual(
        before.filter((_, index) => index !== victimIndex),
      );
      // The key is gone from the store, not just from this process's cache.
      const remaining = await asOwner(
        bankB,
        async (client) =>
          (await client.query('select count(*)::int as n from data_key where customer_id = $1', [victim.id]))
            .rows[0],
      );
      expect(remaining).toEqual({ n: 0 });
      expect((await auditActions(bankB)).at(-1)).toBe('data-key.shred');
      // Erasure then deletes the row (the blind index too), and the listing is whole again.
      await asOwner(bankB, (client) => client.query('delete from customer where id = $1', [victim.id]));
    });

    it('upsert by e-mail goes through the blind index and finds the same customer, whatever the case', async () => {
      const customers = context.get(CustomersService);
      await customers.upsertDemoCustomers(demoBank.slug, [
        { displayName: 'Jo Bloggs', email: 'jo.bloggs@example.test' },
      ]);
      const [created] = (await customerRows(bankA)).filter((row) => row.email_index !== null);
      const found = await asTenant(context, bankA, () => customers.findByEmail('Jo.Bloggs@Example.TEST'));
      expect(found).toMatchObject({ displayName: 'Jo Bloggs', email: 'jo.bloggs@example.test' });

      await customers.upsertDemoCustomers(demoBank.slug, [
        { displayName: 'Jo Renamed', email: 'JO.BLOGGS@example.test' },
      ]);
      const after = await customerRows(bankA);
      expect(after).toHaveLength(demoBankCustomers.length + 1);
      // As background work would call it: no transaction of the caller's.
      const again = await runAsTenant(bankA, () => customers.findByEmail('jo.bloggs@example.test'));
      expect(again).toMatchObject({ id: found!.id, displayName: 'Jo Renamed' });
      expect(created).toBeDefined();
      // Equal e-mails index alike within a tenant and column, and unrelated across tenants.
      const indexIn = (tenant: TenantRef) =>
        asTenant(context, tenant, () =>
          context
            .get(FieldEncryptionService)
            .blindIndex({ table: 'customer', column: 'email' }, 'x@y.example', 'email'),
        );
      expect(await indexIn(bankA)).toBe(await indexIn(bankA));
      expect(await indexIn(bankA)).not.toBe(await indexIn(bankB));
    });

    it('seeding the same customers again rewrites no ciphertext (values change only when they change)', async () => {
      const before = await customerRows(bankA);
      await context.get(CustomersService).upsertDemoCustomers(demoBank.slug, demoBankCustomers);
      expect(await customerRows(bankA)).toEqual(before);
    });
  });

  describe('cli crypto encrypt-customers (rows stored before encryption at rest)', () => {
    it('encrypts plaintext rows, resumably: a second run finds nothing to do', async () => {
      const legacy = [
        { name: 'Legacy One', email: 'legacy.one@example.test' },
        { name: 'Legacy Two', email: null },
      ];
      await asOwner(bankB, async (client) => {
        for (const row of legacy) {
          await client.query(
            `insert into customer (tenant_id, display_name, email, personal_fields_encrypted) values ($1, $2, $3, false)`,
            [bankB.id, row.name, row.email],
          );
        }
      });
      // Until converted, the service still reads them (they hold plaintext).
      expect((await listAll(context, bankB)).edges.map((edge) => edge.node.displayName)).toEqual(
        expect.arrayContaining(['Legacy One', 'Legacy Two']),
      );

      const out: string[] = [];
      const env = { APP_DATABASE_URL: database.appUrl, CRYPTO_LOCAL_KEY_FILE: kek.path };
      const io = { env, out: (line: string) => out.push(line), err: (line: string) => out.push(line) };
      expect(await runCli(['crypto', 'encrypt-customers'], io)).toBe(0);
      expect(out).toEqual([
        '  other-bank: 2 customer row(s) encrypted',
        'Encrypted 2 customer row(s) stored before encryption at rest, in 4 tenant(s).',
      ]);
      const stored = JSON.stringify(await customerRows(bankB));
      expect(stored).not.toContain('Legacy');
      expect(stored).not.toContain('legacy.one@');
      const names = (await listAll(context, bankB)).edges.map((edge) => edge.node.displayName);
      expect(names).toEqual(expect.arrayContaining(['Legacy One', 'Legacy Two']));
      // Now in the blind index: onboarding by e-mail finds the converted row instead of adding one.
      const count = (await customerRows(bankB)).length;
      await context
        .get(CustomersService)
        .upsertDemoCustomers(otherBank.slug, [{ displayName: 'Legacy 1', email: 'legacy.one@example.test' }]);
      expect(await customerRows(bankB)).toHaveLength(count);

      out.length = 0;
      expect(await runCli(['crypto', 'encrypt-customers'], io)).toBe(0);
      expect(out).toEqual(['Customer rows: all encrypted already (4 tenant(s) checked).']);
      expect((await auditActions(bankB)).filter((action) => action === 'customer.encrypt')).toHaveLength(1);
    });
  });

  describe('cli crypto rotate-kek', () => {
    it('re-wraps every data key: all values readable after it, and with only the new KEK', async () => {
      const plaintexts = async (platform: PlatformContext) =>
        [await listAll(platform, bankA), await listAll(platform, bankB)].flatMap((page) =>
          page.edges.map((edge) => [edge.node.id, edge.node.displayName, edge.node.email]),
        );
      const before = await plaintexts(context);
      const kekIds = async () => {
        const tenants = await withClient(
          database.ownerUrl,
          async (client) => (await client.query<TenantRef>('select id, slug, realm from tenant')).rows,
        );
        const ids: string[] = [];
        for (const tenant of tenants) {
          const rows = await asOwner(
            tenant,
            async (client) => (await client.query<{ kek_id: string }>('select kek_id from data_key')).rows,
          );
          ids.push(...rows.map((row) => row.kek_id));
        }
        return ids;
      };
      const oldKekId = context.get(FieldEncryptionService).currentKekId;
      expect(new Set(await kekIds())).toEqual(new Set([oldKekId]));

      const next = await temporaryKeyFile();
      const onlyNew = await openContext(next.crypto);
      try {
        // Before rotation the new KEK alone cannot read anything (so the check below means something).
        await expect(listAll(onlyNew, bankA)).rejects.toThrow(FieldDecryptionFailed);

        const out: string[] = [];
        const err: string[] = [];
        const io = (env: Record<string, string>) => ({
          env: { APP_DATABASE_URL: database.appUrl, CRYPTO_LOCAL_KEY_FILE: next.path, ...env },
          out: (line: string) => out.push(line),
          err: (line: string) => err.push(line),
        });
        // Without the previous KEK configured it stops at the first tenant and says what to do.
        expect(await runCli(['crypto', 'rotate-kek'], io({}))).toBe(1);
        expect(err.join('\n')).toMatch(/failed at tenant demo-bank: .*configure the previous KEK/s);
        expect(new Set(await kekIds())).toEqual(new Set([oldKekId]));

        err.length = 0;
        expect(
          await runCli(['crypto', 'rotate-kek'], io({ CRYPTO_LOCAL_PREVIOUS_KEY_FILES: kek.path })),
        ).toBe(0);
        expect(err).toEqual([]);
        const keyCount = (await kekIds()).length;
        const newKekId = onlyNew.get(FieldEncryptionService).currentKekId;
        expect(out.at(-1)).toBe(
          `Rotation to KEK ${newKekId} complete: ${keyCount} data key(s) re-wrapped, 0 already current, in 4 tenant(s). ` +
            'Every data key is now wrapped by the current KEK; previous KEKs are no longer needed.',
        );
        expect(new Set(await kekIds())).toEqual(new Set([newKekId]));
        expect((await auditActions(bankA)).at(-1)).toBe('data-key.rotate');

        // Values were not re-encrypted, only their keys re-wrapped: all readable with the new KEK alone.
        expect(await plaintexts(onlyNew)).toEqual(before);
        // And no longer with the old one alone.
        await expect(listAll(await reopened(kek.crypto), bankA)).rejects.toThrow(FieldDecryptionFailed);

        // Running it again is harmless (it resumes an interrupted rotation the same way).
        out.length = 0;
        expect(
          await runCli(['crypto', 'rotate-kek'], io({ CRYPTO_LOCAL_PREVIOUS_KEY_FILES: kek.path })),
        ).toBe(0);
        expect(out.at(-1)).toContain(`0 data key(s) re-wrapped, ${keyCount} already current`);
      } finally {
        await onlyNew.close();
        next.remove();
      }
    });

    const opened: PlatformContext[] = [];
    afterAll(async () => {
      for (const platform of opened) await platform.close();
    });
    /** A fresh process-like context (its own key cache): what another API process would see. */
    async function reopened(crypto: typeof kek.crypto): Promise<PlatformContext> {
      const platform = await openContext(crypto);
      opened.push(platform);
      return platform;
    }
  });
});
