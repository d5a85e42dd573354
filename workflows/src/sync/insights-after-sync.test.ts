// Insights after a sync, on Temporal's real time-skipping test server with the real platform-backed
// activities and a real PostgreSQL database: a run that stored new data recomputes the customer's behaviour,
// then runs the bank's insight generators on what is stored — for a customer with a live personalisation
// consent only. The bank's generator is a fixture plugin that records its inputs, so the test sees what a
// generator is given (declared features only, the window's transactions with their stored ids and recurring
// series, a pseudonym) and that its insight is stored and listed once; a failing generator never fails the sync.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InsightInput } from '@finpersona/plugin-sdk';
import {
  InsightsService,
  PluginCatalogue,
  PluginsService,
  runAsTenant,
  tenantRef,
  type SyncResult,
} from '@finpersona/platform';
import {
  createSyncConnection,
  FIXTURE_CONNECTOR_ID,
  fixtureInsightPlugin,
  syncTestBank,
  type FixtureSource,
  type SyncFixtureConnection,
} from '@finpersona/platform/testing';
import { grantPersonalisation, runSync } from '../../test/sync-run';
import { startTimeSkippingFixture, type TimeSkippingFixture } from '../../test/time-skipping';
import type { PlatformContext } from '../index';

let fixture: TimeSkippingFixture;
let sql: pg.Pool;
let platform: PlatformContext;

const source: FixtureSource = { accounts: 2, transactionsPerAccount: 20, pageSize: 10 };
const pluginId = `insights-fixture-${randomBytes(3).toString('hex')}`;
const seen: InsightInput[] = [];

beforeAll(async () => {
  fixture = await startTimeSkippingFixture();
  ({ sql, platform } = fixture);
  platform.get(PluginCatalogue).register(fixtureInsightPlugin(pluginId, seen));
});

afterAll(async () => {
  await fixture?.close();
});

describe('insights after a sync', () => {
  it('stores the bank’s insights for a customer under a personalisation consent, from their stored data, and none for one without', async () => {
    const bank = syncTestBank(`insights-${randomBytes(4).toString('hex')}`);
    const consenting = await connection(bank);
    const other = await connection(bank);
    await runAsTenant(tenantRef(consenting.tenant), () =>
      platform.get(PluginsService).installInitialPlugins([{ id: pluginId }]),
    );
    await grantPersonalisation(fixture, consenting);

    expect((await sync(consenting)).status).toBe('succeeded');
    expect((await sync(other)).status).toBe('succeeded');

    const stored = await insightsOf(consenting);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'activity-summary', plugin_id: pluginId, live: true });
    expect(await insightsOf(other)).toEqual([]);
    // Only the consenting customer's data reached the generator.
    expect(seen).toHaveLength(1);
    const [input] = seen;
    // Declared features only (the two forecast features among them), the customer under a pseudonym.
    expect(Object.keys(input!.features).sort()).toEqual(
      expect.arrayContaining(['forecast.min-balance-30d', 'transactions.monthly']),
    );
    expect(
      Object.keys(input!.features).every(
        (name) => name === 'transactions.monthly' || name.startsWith('forecast.'),
      ),
    ).toBe(true);
    expect(input!.customer).not.toBe(consenting.customerId);
    // Every stored transaction of the customer, with its stored id and money in minor units.
    const { rows: transactions } = await sql.query<{ id: string }>(
      `select id from account_transaction where customer_id = $1`,
      [consenting.customerId],
    );
    expect(input!.transactions.items.map((item) => item.id).sort()).toEqual(
      transactions.map((row) => row.id).sort(),
    );
    // Recurring series are the ones the behaviour recompute stored for the customer.
    const { rows: series } = await sql.query<{ series_key: string }>(
      `select series_key from recurring_payment where customer_id = $1`,
      [consenting.customerId],
    );
    const keys = new Set(series.map((row) => row.series_key));
    expect(
      input!.transactions.items.filter((item) => item.recurringId && !keys.has(item.recurringId)),
    ).toEqual([]);
    expect(input!.transactions.items[0]!.amount).toMatchObject({
      currency: expect.any(String),
      minor: expect.any(String),
    });
    // The insight points at the latest transaction the generator saw, and was audited as generated.
    expect(stored[0]!.dedupe_key).toBe(`activity-summary:${input!.transactions.items.at(-1)!.id}`);

    // A run that changed nothing neither recomputes behaviour nor generates again.
    expect((await sync(consenting)).status).toBe('succeeded');
    expect(seen).toHaveLength(1);
    expect(await insightsOf(consenting)).toHaveLength(1);
  });

  it('a generator that throws leaves the sync succeeded (insights are derived work)', async () => {
    const bank = syncTestBank(`insights-${randomBytes(4).toString('hex')}`);
    const consenting = await connection(bank);
    await runAsTenant(tenantRef(consenting.tenant), () =>
      platform.get(PluginsService).installInitialPlugins([{ id: pluginId }]),
    );
    await grantPersonalisation(fixture, consenting);
    const failing: Pick<InsightsService, 'generateFromStoredData'> = {
      generateFromStoredData: async () => {
        throw new Error('generator exploded');
      },
    };
    const result = await sync(consenting, failing);
    expect(result.status).toBe('succeeded');
    expect(await insightsOf(consenting)).toEqual([]);
  });
});

async function connection(bank: ReturnType<typeof syncTestBank>): Promise<SyncFixtureConnection> {
  return createSyncConnection(platform, bank, { connector: FIXTURE_CONNECTOR_ID });
}

/** Runs one sync to its end with the real sync, behaviour and insight activities (`test/sync-run.ts`). */
function sync(
  connection: SyncFixtureConnection,
  insights: Pick<InsightsService, 'generateFromStoredData'> = platform.get(InsightsService),
): Promise<SyncResult> {
  return runSync(fixture, connection, { source, derived: { insights }, label: 'insights-sync' });
}

async function insightsOf(connection: SyncFixtureConnection) {
  const { rows } = await sql.query<{ kind: string; plugin_id: string; live: boolean; dedupe_key: string }>(
    `select kind, plugin_id, live, dedupe_key from insight where customer_id = $1`,
    [connection.customerId],
  );
  return rows;
}
