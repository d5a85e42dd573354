// How fast transactions enter FinPersona through the real ingest path, against raw COPY of the same rows
// into the same table. A benchmark to run by hand, not a test:
//
//   pnpm --filter @finpersona/platform build && node platform/bench/ingest.mts [transactions] [page size]
//
// Defaults: 20,000 transactions, pages of 500. The ingest path is `IngestService.storeTransactionPage`
// per page, as the sync activity calls it: one transaction per page with the tenant set (row-level
// security), validation, keyed fingerprints, encryption of counterparty and description under the
// customer's key, the bulk upsert and the cursor move. Pages are fetched from the fixture connector
// before timing, so neither side pays for the source. Enrichment (categories) does not exist yet: there is
// no "enrichment on" figure. Raw COPY is a superuser's COPY ... FROM STDIN of the same rows in clear (no
// RLS, no encryption, no upsert) into the same table, under another account of the same connection.
//
// Uses the PostgreSQL server named by DATABASE_URL (a role that may create roles and databases),
// otherwise starts an embedded one under .local/bench/.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { MikroORM } from '@mikro-orm/postgresql';
import copyStreams from 'pg-copy-streams';
import { ensureDatabase, freePort, localDir, startPostgres, withClient } from '@finpersona/deploy';
import {
  createPlatformContext,
  CustomersService,
  IngestService,
  migrateDatabase,
  runAsTenant,
  TenancyService,
} from '../dist/index.js';
import { createFixtureConnector } from '../src/testing/fixture-connector.ts';

const transactions = Number(process.argv[2] ?? 20_000);
const pageSize = Number(process.argv[3] ?? 500);

const server = await startPostgres({
  dataDir: join(localDir, 'bench', 'postgres-ingest'),
  port: await freePort(),
  logFile: join(localDir, 'bench', 'postgres-ingest.log'),
  fresh: true,
});
const databaseName = `fp_bench_ingest_${process.pid}`;
const database = await ensureDatabase(server.adminUrl, databaseName);
const rawUrl = new URL(server.adminUrl);
rawUrl.pathname = `/${databaseName}`;
const keyFile = join(localDir, 'bench', `kek-ingest-${process.pid}`);

try {
  await migrateDatabase(database.ownerUrl);
  const platform = await createPlatformContext({
    config: {
      database: { appUrl: database.appUrl, poolSize: 2 },
      crypto: { provider: 'local', keyFile, previousKeyFiles: [], createKeyFile: true },
    },
    logger: false,
  });
  try {
    const bank = await platform.get(TenancyService).upsertTenant({
      slug: 'bench-bank',
      name: 'Bench Bank',
      region: 'EU',
      realm: 'bench-bank',
      branding: { displayName: 'Bench Bank', primaryColor: '#000000', accentColor: '#FFFFFF', logoUrl: null },
    });
    const tenant = { id: bank.id, slug: bank.slug, realm: bank.realm };
    await platform
      .get(CustomersService)
      .upsertDemoCustomers('bench-bank', [
        { displayName: 'Bench Customer', email: 'bench@bench-bank.example' },
      ]);
    const orm = platform.get(MikroORM);
    const connectionId = randomUUID();
    const customerId = await runAsTenant(tenant, async () => {
      const customer = (await platform.get(CustomersService).findByEmail('bench@bench-bank.example'))!;
      const consentId = randomUUID();
      await orm.em.transactional(async (em) => {
        await em.execute(
          `insert into consent (id, tenant_id, customer_id, purpose, text_version, text_hash, status, channel, proof, granted_at)
           values (?, ?, ?, 'aggregation', 'v1', repeat('0', 64), 'granted', 'api', '{}'::jsonb, now())`,
          [consentId, tenant.id, customer.id],
        );
        await em.execute(
          `insert into connection (id, tenant_id, customer_id, consent_id, connector, status)
           values (?, ?, ?, ?, 'fixture', 'active')`,
          [connectionId, tenant.id, customer.id, consentId],
        );
      });
      return customer.id;
    });

    // The source's pages, fetched before timing.
    const connector = createFixtureConnector({ accounts: 1, transactionsPerAccount: transactions, pageSize });
    const context = { signal: new AbortController().signal, heartbeat() {}, fetch, now: () => new Date() };
    const grant = { credentials: {} };
    const accounts = await connector.listAccounts(grant, context);
    const pages = [];
    for (let cursor: string | null = null; ;) {
      const page = await connector.listTransactions(grant, 'acc-0', { cursor }, context);
      pages.push(page);
      if ((cursor = page.nextCursor) === null) break;
    }
    const ingest = platform.get(IngestService);
    const [, rawAccountId] = await runAsTenant(tenant, async () => {
      await ingest.storeAccounts(connectionId, [...accounts, { ...accounts[0]!, sourceId: 'acc-raw' }]);
      const rows = await orm.em.transactional((em) =>
        em.execute<{ id: string; source_id: string }[]>(
          `select id, source_id from account order by source_id`,
        ),
      );
      return [
        rows.find((row) => row.source_id === 'acc-0')!.id,
        rows.find((row) => row.source_id === 'acc-raw')!.id,
      ];
    });

    const timed = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      return (performance.now() - started) / 1000;
    };
    const ingestSeconds = await timed(() =>
      runAsTenant(tenant, async () => {
        for (const page of pages) await ingest.storeTransactionPage(connectionId, 'acc-0', page);
      }),
    );
    const reingestSeconds = await timed(() =>
      runAsTenant(tenant, async () => {
        for (const page of pages) await ingest.storeTransactionPage(connectionId, 'acc-0', page);
      }),
    );

    // The same rows in clear, COPYed by a superuser into the same table (another account: unique source ids).
    const csv = (value: string | null | undefined) =>
      value === null || value === undefined
        ? '\\N'
        : value.replace(
            /[\\\t\n\r]/g,
            (c) => `\\${c === '\t' ? 't' : c === '\n' ? 'n' : c === '\r' ? 'r' : '\\'}`,
          );
    const lines = pages.flatMap((page) =>
      page.transactions.map((t) =>
        [
          randomUUID(),
          tenant.id,
          customerId,
          rawAccountId,
          t.sourceId,
          t.amount.minor,
          t.amount.currency,
          t.direction,
          t.status,
          t.bookingDate,
          t.valueDate,
          t.counterparty ? JSON.stringify(t.counterparty) : null,
          t.description,
          t.merchant?.name,
          t.merchant?.mcc,
          t.sourceCode,
          t.balanceAfter?.minor,
        ]
          .map(csv)
          .join('\t'),
      ),
    );
    const copySeconds = await withClient(rawUrl.toString(), (client) =>
      timed(() =>
        pipeline(
          Readable.from(lines.map((line) => `${line}\n`)),
          client.query(
            copyStreams.from(
              `copy account_transaction (id, tenant_id, customer_id, account_id, source_id, amount_minor, currency,
                 direction, status, booking_date, value_date, counterparty_enc, description_enc, merchant_name, mcc,
                 source_code, balance_after_minor) from stdin`,
            ),
          ),
        ),
      ),
    );
    const [{ stored }] = await withClient(
      rawUrl.toString(),
      async (client) =>
        (await client.query<{ stored: string }>(`select count(*) as stored from account_transaction`)).rows,
    );

    const rate = (seconds: number) => Math.round(transactions / seconds);
    console.log(
      `\n${transactions} transactions in pages of ${pageSize} (${pages.length} pages), one caller, one account.`,
    );
    console.log('Enrichment does not exist yet: only "enrichment off" is measured. Encryption on.\n');
    console.log(
      `ingest path (IngestService, RLS + validation + fingerprints + encryption + upsert + cursor):`,
    );
    console.log(
      `  first ingest      ${rate(ingestSeconds).toString().padStart(8)} rows/s  (${ingestSeconds.toFixed(2)} s)`,
    );
    console.log(
      `  same pages again  ${rate(reingestSeconds).toString().padStart(8)} rows/s  (${reingestSeconds.toFixed(2)} s, all unchanged, nothing written)`,
    );
    console.log(`raw COPY (superuser, clear text, no RLS/encryption/upsert):`);
    console.log(
      `  COPY              ${rate(copySeconds).toString().padStart(8)} rows/s  (${copySeconds.toFixed(2)} s)`,
    );
    console.log(
      `\nratio raw COPY / ingest path: x${(ingestSeconds / copySeconds).toFixed(1)}   (rows in the table: ${stored})`,
    );
  } finally {
    await platform.close();
  }
} finally {
  await withClient(server.adminUrl, (client) =>
    client.query(`drop database if exists ${databaseName} with (force)`),
  ).catch(() => undefined);
  await server.stop();
  await import('node:fs/promises').then((fs) => fs.rm(keyFile, { force: true }));
}
