// Ingestion against real PostgreSQL (row-level security on, as the application role): batches are atomic,
// idempotent, validated and encrypted, and one bank's ingestion never reaches another's rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorContext, SourceTransaction, TransactionPage } from '@finpersona/plugin-sdk';
import { createPlatformContext } from '../api';
import { migrateDatabase } from '../database';
import { isAppError } from '../errors';
import { runAsTenant } from '../request-context';
import { tenantRef } from '../tenancy';
import { createTestDatabase, withClient } from '../testing/deploy';
import { createFixtureConnector } from '../testing/fixture-connector';
import { temporaryKeyFile } from '../testing/key-file';
import {
  createSyncConnection,
  revokeConsent,
  syncTestBank,
  type SyncFixtureConnection,
} from '../testing/sync-fixture';
import { IngestService } from './ingest.service';

type PlatformContext = Awaited<ReturnType<typeof createPlatformContext>>;

describe('ingestion on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let kek: Awaited<ReturnType<typeof temporaryKeyFile>>;
  let platform: PlatformContext;
  const connector = createFixtureConnector({ accounts: 2, transactionsPerAccount: 30, pageSize: 30 });
  const context: ConnectorContext = {
    signal: new AbortController().signal,
    heartbeat() {},
    fetch: globalThis.fetch,
    now: () => new Date(),
    customer: { present: false },
    saveGrant: () => Promise.reject(new Error('the fixture source saves no grant here')),
  };

  beforeAll(async () => {
    database = await createTestDatabase('platform');
    await migrateDatabase(database.ownerUrl);
    kek = await temporaryKeyFile();
    platform = await createPlatformContext({
      config: { database: { appUrl: database.appUrl, poolSize: 4 }, crypto: kek.crypto },
      logger: false,
    });
  });

  afterAll(async () => {
    await platform?.close();
    await database?.drop();
    kek?.remove();
  });

  const ingest = () => platform.get(IngestService);
  const as = <T>(fixture: SyncFixtureConnection, work: () => Promise<T>) =>
    runAsTenant(tenantRef(fixture.tenant), work);
  const grant = { credentials: {} };

  async function withAccounts(slug: string): Promise<SyncFixtureConnection> {
    const fixture = await createSyncConnection(platform, syncTestBank(slug), { connector: 'fixture' });
    await as(fixture, async () =>
      ingest().storeAccounts(fixture.connectionId, await connector.listAccounts(grant, context)),
    );
    return fixture;
  }

  async function page(): Promise<TransactionPage> {
    return connector.listTransactions(grant, 'acc-0', { cursor: null }, context);
  }

  /** Reads (and, for the failure test, alters) as the superuser: what is really stored, whatever RLS shows. */
  const rows = (sql: string, params: unknown[] = []) => {
    const url = new URL(process.env.TEST_DATABASE_ADMIN_URL!);
    url.pathname = `/${database.name}`;
    return withClient(url.toString(), async (client) => (await client.query(sql, params)).rows);
  };

  it('stores a page and its cursor together; the same page again writes nothing and is reported unchanged', async () => {
    const fixture = await withAccounts('ingest-a');
    const transactions = await page();
    const withCursor = { ...transactions, nextCursor: 'next-page' };

    const first = await as(fixture, () =>
      ingest().storeTransactionPage(fixture.connectionId, 'acc-0', withCursor),
    );
    const stored = await rows(
      `select id, updated_at, description_enc from account_transaction where tenant_id = $1 order by id`,
      [fixture.tenantId],
    );
    const again = await as(fixture, () =>
      ingest().storeTransactionPage(fixture.connectionId, 'acc-0', withCursor),
    );

    expect(first).toMatchObject({ inserted: 30, updated: 0, unchanged: 0, rejected: 0 });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 30, rejected: 0 });
    expect(
      await rows(
        `select id, updated_at, description_enc from account_transaction where tenant_id = $1 order by id`,
        [fixture.tenantId],
      ),
    ).toEqual(stored);
    expect(
      (await rows(`select sync_cursor from connection where id = $1`, [fixture.connectionId]))[0].sync_cursor,
    ).toEqual({ 'acc-0': 'next-page' });
    // Personal fields are ciphertext; merchant and amounts stay in clear for categorisation.
    expect(JSON.stringify(stored)).not.toContain('Card payment');
  });

  it('rejects bad records with the field and rule (never the value) and stores the rest', async () => {
    const fixture = await withAccounts('ingest-b');
    const good = (await page()).transactions;
    const broken = [
      { ...good[0]!, amount: { minor: '12.50', currency: 'EUR' } },
      { ...good[1]!, amount: { minor: '-5', currency: 'EUR' } },
      { ...good[2]!, bookingDate: '2026-02-30' },
      { ...good[3]!, direction: 'sideways' },
      { ...good[4]!, amount: { minor: '100', currency: 'eur' } },
      { ...good[5]!, merchant: { mcc: '54111' } },
      { ...good[6]!, sourceId: '' },
      good[7]!,
      good[7]!,
      { ...good[8]!, sourceAccountId: 'acc-1' },
    ] as unknown as SourceTransaction[];

    const report = await as(fixture, () =>
      ingest().storeTransactionPage(fixture.connectionId, 'acc-0', {
        transactions: broken,
        nextCursor: null,
      }),
    );

    expect(report).toMatchObject({ inserted: 1, updated: 0, unchanged: 0, rejected: 9 });
    expect(report.rejections.map(({ index, field }) => [index, field])).toEqual([
      [0, 'amount.minor'],
      [1, 'amount.minor'],
      [2, 'bookingDate'],
      [3, 'direction'],
      [4, 'amount.currency'],
      [5, 'merchant.mcc'],
      [6, 'sourceId'],
      [8, 'sourceId'],
      [9, 'sourceAccountId'],
    ]);
    expect(report.rejections[0]).toEqual({
      sourceId: 'tx-0-0',
      index: 0,
      field: 'amount.minor',
      problem: 'must be an integer number of minor units in a string',
    });
    expect(JSON.stringify(report)).not.toMatch(/12\.50|54111|sideways/);
    expect(
      await rows(`select source_id from account_transaction where tenant_id = $1`, [fixture.tenantId]),
    ).toEqual([{ source_id: 'tx-0-7' }]);
  });

  it('a failing batch stores nothing of its page and does not move the cursor', async () => {
    const fixture = await withAccounts('ingest-c');
    // The database refusing one row (a constraint added for this test only) fails the whole statement.
    await rows(
      `alter table account_transaction add constraint test_refuse_one check (source_id <> 'tx-0-5') not valid`,
    );
    try {
      await expect(
        as(fixture, async () =>
          ingest().storeTransactionPage(fixture.connectionId, 'acc-0', {
            ...(await page()),
            nextCursor: 'not-stored',
          }),
        ),
      ).rejects.toThrow(/test_refuse_one/);
    } finally {
      await rows(`alter table account_transaction drop constraint test_refuse_one`);
    }
    expect(
      await rows(`select count(*)::int as n from account_transaction where tenant_id = $1`, [
        fixture.tenantId,
      ]),
    ).toEqual([{ n: 0 }]);
    expect(
      (await rows(`select sync_cursor from connection where id = $1`, [fixture.connectionId]))[0].sync_cursor,
    ).toEqual({});
  });

  it('refuses to store anything once the consent is revoked (CONFLICT), nothing written', async () => {
    const fixture = await withAccounts('ingest-d');
    await revokeConsent(platform, fixture);

    const refused = await as(fixture, async () =>
      ingest().storeTransactionPage(fixture.connectionId, 'acc-0', await page()),
    ).catch((error: unknown) => error);

    expect(isAppError(refused) && refused.code).toBe('CONFLICT');
    expect(
      await rows(`select count(*)::int as n from account_transaction where tenant_id = $1`, [
        fixture.tenantId,
      ]),
    ).toEqual([{ n: 0 }]);
  });

  it("bank A cannot store into bank B's connection (row-level security: NOT_FOUND), B unchanged", async () => {
    const bankA = await withAccounts('ingest-e');
    const bankB = await withAccounts('ingest-f');
    await as(bankB, async () => ingest().storeTransactionPage(bankB.connectionId, 'acc-0', await page()));
    const before = await rows(`select * from account_transaction where tenant_id = $1 order by id`, [
      bankB.tenantId,
    ]);

    const refused = await as(bankA, async () =>
      ingest().storeTransactionPage(bankB.connectionId, 'acc-0', await page()),
    ).catch((error: unknown) => error);

    expect(isAppError(refused) && refused.code).toBe('NOT_FOUND');
    expect(
      await rows(`select * from account_transaction where tenant_id = $1 order by id`, [bankB.tenantId]),
    ).toEqual(before);
    expect(
      await rows(`select count(*)::int as n from account_transaction where tenant_id = $1`, [bankA.tenantId]),
    ).toEqual([{ n: 0 }]);
  });
});
