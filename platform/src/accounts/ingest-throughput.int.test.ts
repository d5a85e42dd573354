// Ingestion throughput (issue 6: categorisation "runs inside the sync path without becoming its
// bottleneck"): realistic sandbox-bank transactions (merchants, MCCs, salaries, transfers) stored through
// `IngestService` in pages of 500, as the sync activity stores them, on the real PostgreSQL under
// row-level security. Prints rows/s; asserts every row is stored and categorised where it can be.
import type { SourceTransaction } from '@finpersona/plugin-sdk';
import { generateCustomer } from '@finpersona/connector-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformContext } from '../api';
import {
  Categoriser,
  CategoryClassifier,
  categorisableTransaction,
  trainCategoryClassifier,
} from '../enrichment';
import { migrateDatabase } from '../database';
import { runAsTenant } from '../request-context';
import { tenantRef } from '../tenancy';
import { createTestDatabase, withClient } from '../testing/deploy';
import { temporaryKeyFile } from '../testing/key-file';
import { createSyncConnection, syncTestBank } from '../testing/sync-fixture';
import { IngestService } from './ingest.service';

const rowsToStore = 10_000;
const pageSize = 500;

/** Sandbox customers' transactions, re-addressed to one account (`acc-0`), unique source ids. */
function sandboxTransactions(count: number): SourceTransaction[] {
  const out: SourceTransaction[] = [];
  for (let index = 0; out.length < count; index++) {
    for (const { transaction } of generateCustomer('ingest-throughput', index, {
      region: 'EU',
      years: 1,
    }).transactions()) {
      if (transaction.amount.currency !== 'EUR') continue;
      out.push({ ...transaction, sourceAccountId: 'acc-0', sourceId: `c${index}-${transaction.sourceId}` });
      if (out.length === count) break;
    }
  }
  return out;
}

describe('ingestion throughput', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let kek: Awaited<ReturnType<typeof temporaryKeyFile>>;
  let platform: Awaited<ReturnType<typeof createPlatformContext>>;

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

  it(`stores ${rowsToStore} sandbox transactions in pages of ${pageSize} and reports rows/s`, async () => {
    const fixture = await createSyncConnection(platform, syncTestBank('throughput'), {
      connector: 'fixture',
    });
    const tenant = tenantRef(fixture.tenant);
    const ingest = platform.get(IngestService);
    await runAsTenant(tenant, () =>
      ingest.storeAccounts(fixture.connectionId, [
        {
          sourceId: 'acc-0',
          type: 'current',
          currency: 'EUR',
          identifiers: [{ scheme: 'IBAN', value: 'SI56191000000123438' }],
        },
      ]),
    );
    const transactions = sandboxTransactions(rowsToStore);
    const started = performance.now();
    let inserted = 0;
    for (let from = 0; from < transactions.length; from += pageSize) {
      const report = await runAsTenant(tenant, () =>
        ingest.storeTransactionPage(fixture.connectionId, 'acc-0', {
          transactions: transactions.slice(from, from + pageSize),
          nextCursor: null,
        }),
      );
      inserted += report.inserted;
    }
    const seconds = (performance.now() - started) / 1000;
    const url = new URL(process.env.TEST_DATABASE_ADMIN_URL!);
    url.pathname = `/${database.name}`;
    const [counts] = await withClient(
      url.toString(),
      async (client) =>
        (
          await client.query<{
            stored: string;
            categorised: string;
            with_mcc: string;
            mcc_categorised: string;
          }>(
            `select count(*) as stored, count(category) as categorised, count(mcc) as with_mcc,
                  count(*) filter (where mcc is not null and category is not null) as mcc_categorised
             from account_transaction where tenant_id = $1`,
            [fixture.tenantId],
          )
        ).rows,
    );
    console.log(
      `ingest throughput: ${inserted} rows in ${seconds.toFixed(2)} s = ${Math.round(inserted / seconds)} rows/s ` +
        `(pages of ${pageSize}); categorised ${counts!.categorised} of ${counts!.stored} (${counts!.mcc_categorised} of ${counts!.with_mcc} with an MCC)`,
    );
    // The categoriser alone on the same rows (what the batch spends on categorisation), rules only and with
    // a classifier trained on the rows the rules decided.
    const inputs = transactions.map(categorisableTransaction);
    const rulesOnly = Categoriser.for({ bankRules: [], classifier: null });
    const labelled = inputs.flatMap((input) => {
      const decision = rulesOnly.byRules(input);
      return decision && decision.confidence >= 0.8
        ? [{ transaction: input, category: decision.category, weight: 1 }]
        : [];
    });
    const trained = await trainCategoryClassifier(labelled.slice(0, 3000), { epochs: 2 });
    const withModel = Categoriser.for({
      bankRules: [],
      classifier: CategoryClassifier.fromArtefact(trained!.artefact),
    });
    const rate = (categoriser: Categoriser) => {
      const start = performance.now();
      for (const input of inputs) categoriser.categorise(input);
      return Math.round(inputs.length / ((performance.now() - start) / 1000));
    };
    console.log(
      `categorisation alone: rules/MCC ${rate(rulesOnly)} rows/s, rules + classifier forward pass ${rate(withModel)} rows/s`,
    );
    expect(inserted).toBe(rowsToStore);
    expect(Number(counts!.stored)).toBe(rowsToStore);
    // Every MCC the sandbox uses is one the ISO 18245 table knows, and most rows get a category without a model.
    expect(Number(counts!.mcc_categorised)).toBe(Number(counts!.with_mcc));
    expect(Number(counts!.categorised)).toBeGreaterThan(rowsToStore / 2);
  }, 300_000);
});
