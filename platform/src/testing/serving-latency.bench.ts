// Serving latency of a customer's dashboard and recommendations (issue 6, acceptance 3): the real API (Nest
// over HTTP, GraphQL, the real auth guard with tokens from the real Keycloak) on the real PostgreSQL, with a
// bank seeded through the platform's own write paths. Not a test: `bench:models` runs it through
// `vitest.bench.config.ts` (vitest, so it reuses the integration fixtures and their service start-up) and
// prints the figures this file writes to SERVING_BENCH_OUTPUT (JSON). Settings (environment):
//   SERVING_BENCH_CUSTOMERS (default 100)  customers, each with a year of sandbox transactions
//   SERVING_BENCH_REQUESTS (default 300)   measured warm requests per query, sequential and again concurrent
//   SERVING_BENCH_CONCURRENCY (default 8)  clients of the concurrent (throughput) phase
//
// What is seeded, and how: a bank realm in Keycloak with the customers (`createBankRealm`), the bank with
// its EU rule pack and retail catalogue (`withRulePack`, `prepareProductWorld`), per customer a live
// aggregation, personalisation and marketing consent (`grantAggregationConsent`), an active connection, and
// a year of sandbox-bank accounts, balances and transactions stored through `IngestService` (the sync's
// writer: validation, encryption, categorisation), then `BehaviourService.recompute` (features, recurring
// payments), a budget and a savings goal created through GraphQL as the customer, and the default model
// (`model-propensity`) enabled and trained by `ModelTraining` (the retraining workflow's steps) on this
// bank's data; when the promotion rule does not promote it (few labels), the version is made champion with
// `ModelRegistryService.promote` and the figures say so. Recommendations are then really scored.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'vitest';
import { createSandboxConnector } from '@finpersona/connector-sandbox';
import type { ConnectorContext, SourceAccount } from '@finpersona/plugin-sdk';
import { IngestService } from '../accounts';
import { BehaviourService } from '../behaviour';
import { CustomersService } from '../customers';
import { ModelRegistryService, ModelTraining, retrainingWorkflowId } from '../model-registry';
import { TemporalGateway } from '../onboarding';
import { PluginsService } from '../plugins';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { startApiFixture } from './api-fixture';
import { createBankRealm } from './bank-realm';
import { grantAggregationConsent, seedSourceData } from './customer-data';
import { prepareProductWorld } from './product-fixtures';
import { withRulePack } from './rule-packs';
import { otherBank } from './seed';
import { rowsAsTenant } from './tenant-rows';

const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const customerCount = setting('SERVING_BENCH_CUSTOMERS', 100);
const warmRequests = setting('SERVING_BENCH_REQUESTS', 300);
const concurrency = setting('SERVING_BENCH_CONCURRENCY', 8);
const warmUp = Math.min(50, warmRequests);
const modelPluginId = 'model-propensity';

const money = '{ minor currency }';
const recommendationsSelection = `recommendations { availability message period recommendations {
  id productId productType rank reason status actions attributions { feature value contribution }
  disclosures { ruleId document when } product { id name type } } }`;
/** The dashboard's insights: the customer's five newest live insights (listing them records them as shown). */
export const dashboardInsightsSelection =
  'insights(first: 5) { totalCount edges { node { id kind title text severity relevance createdAt } } }';
/** One round trip with every root field the customer app's dashboard shows. */
const dashboardQuery = `query Dashboard {
  accounts { id type currency name maskedIdentifier balances { type amount ${money} asOf creditLimit ${money} } }
  spendByCategory(months: 3) { from to categories { category total ${money} transactions byMonth { month amount ${money} } } }
  recurringPayments { key accountId direction party category cadence typicalAmount ${money} lastDate
    nextExpectedDate nextExpectedAmount ${money} priceChange { changeRatio since } active }
  cashFlowForecast(days: 30) { asOf startingBalance ${money} days { date low ${money} expected ${money} high ${money} }
    lowest { date expected ${money} } }
  budgets { id category period amount ${money} spent ${money} remaining ${money} }
  savingsGoals { id name target ${money} saved ${money} remaining ${money} percent monthsLeft }
  ${recommendationsSelection}
  ${dashboardInsightsSelection}
}`;
const recommendationsQuery = `query Recommendations { ${recommendationsSelection} }`;
/** The stack's floor: the same HTTP, token verification, tenant resolution and request transaction. */
const baselineQuery = `query Me { me { subject realm roles } }`;

export interface ServingRow {
  query: 'baseline (me)' | 'dashboard' | 'recommendations';
  phase: 'cold' | 'warm';
  requests: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Requests per second of one client, one request at a time. */
  sequentialPerSecond: number;
  /** Warm only: requests per second and p99 of `concurrency` clients at once. */
  concurrentPerSecond: number | null;
  concurrentP99Ms: number | null;
}

export interface ServingReport {
  customers: number;
  accounts: number;
  transactions: number;
  historyFrom: string;
  historyTo: string;
  concurrency: number;
  champion: { versionId: string; promotedBy: string; reason: string };
  delivered: Record<string, number>;
  seedSeconds: number;
  tokens: string;
  rows: ServingRow[];
}

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
const round = (value: number) => Math.round(value * 100) / 100;

/** Runs `count` calls with `clients` at once; returns each call's milliseconds and the wall time. */
async function timed(count: number, clients: number, call: (index: number) => Promise<void>) {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) {
        const index = next++;
        const start = performance.now();
        await call(index);
        samples.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  return { samples, perSecond: count / seconds };
}

describe('serving latency', () => {
  it('measures the dashboard and recommendations through the API against the stack floor', async () => {
    const outputPath = process.env.SERVING_BENCH_OUTPUT;
    if (!outputPath) throw new Error('SERVING_BENCH_OUTPUT is not set: run it through `bench:models`');
    const seeding = performance.now();
    const log = (message: string) =>
      console.log(`[serving] ${((performance.now() - seeding) / 1000).toFixed(0)} s  ${message}`);
    const api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '1000000' } });
    const usernames = Array.from({ length: customerCount }, (_, index) => `customer${index + 1}`);
    const realm = await createBankRealm('serving', { customers: usernames });
    const { app } = api.running;
    let tenant: TenantRef | undefined;
    try {
      const bank = await withRulePack(
        app,
        app.get(TenancyService).upsertTenant({
          ...otherBank,
          slug: realm.realm,
          realm: realm.realm,
          name: 'Serving Bench Bank',
          region: 'EU',
        }),
      );
      tenant = tenantRef(bank);
      const bankRef = tenant;
      await app.get(CustomersService).upsertDemoCustomers(
        realm.realm,
        realm.customers.map((customer) => ({
          subject: customer.subject,
          displayName: `Bench ${customer.username}`,
          email: `${customer.username}@${realm.realm}.example`,
        })),
      );
      await prepareProductWorld(app, bankRef, 'serve');
      const customerIds = new Map(
        (
          await rowsAsTenant<{ id: string; subject: string }>(
            api.database.ownerUrl,
            bankRef.id,
            'select id, subject from customer',
          )
        ).map((row) => [row.subject, row.id]),
      );
      log(`bank, realm and ${customerIds.size} customers created`);

      // A year of history up to today for each customer, through the sync's writer.
      const historyTo = new Date().toISOString().slice(0, 10);
      const options = { region: 'EU' as const, endDate: historyTo, years: 1 };
      const connector = createSandboxConnector({ seed: 'serving-bench', options, pageSize: 500 });
      const context: ConnectorContext = {
        signal: new AbortController().signal,
        heartbeat() {},
        fetch,
        now: () => new Date(),
        customer: { present: false },
        saveGrant: async () => undefined,
      };
      const ingest = app.get(IngestService);
      let accounts = 0;
      let transactions = 0;
      for (const [index, customer] of realm.customers.entries()) {
        const customerId = customerIds.get(customer.subject)!;
        const consentId = await grantAggregationConsent(app, bankRef, customerId);
        for (const purpose of ['personalisation', 'marketing'] as const)
          await grantAggregationConsent(app, bankRef, customerId, { purpose });
        const { connectionId } = await seedSourceData(app, bankRef, customerId, consentId, {
          connector: connector.id,
          accounts: [],
          transactions: [],
        });
        const grant = { expiresAt: null, credentials: { seed: 'serving-bench', index, options } };
        const sourceAccounts: readonly SourceAccount[] = await connector.listAccounts(
          grant as never,
          context,
        );
        await runAsTenant(bankRef, async () => {
          await ingest.storeAccounts(connectionId, sourceAccounts);
          for (const account of sourceAccounts) {
            await ingest.storeBalances(
              connectionId,
              account.sourceId,
              await connector.listBalances(grant as never, account.sourceId, context),
            );
            for (let cursor: string | null = null; ;) {
              const page = await connector.listTransactions(
                grant as never,
                account.sourceId,
                { cursor },
                context,
              );
              await ingest.storeTransactionPage(connectionId, account.sourceId, page);
              transactions += page.transactions.length;
              if ((cursor = page.nextCursor) === null) break;
            }
          }
          await app.get(BehaviourService).recompute([customerId]);
        });
        accounts += sourceAccounts.length;
        if ((index + 1) % 25 === 0) log(`${index + 1} customers ingested (${transactions} transactions)`);
      }
      log(`${transactions} transactions on ${accounts} accounts ingested, features computed`);

      // The default model, enabled and trained on this bank's data by the retraining workflow's own steps.
      const training = app.get(ModelTraining);
      const registry = app.get(ModelRegistryService);
      const champion = await runAsTenant(bankRef, async () => {
        await app.get(PluginsService).installInitialPlugins([{ id: modelPluginId }]);
        const { runId } = await training.startRun({
          modelPluginId,
          workflowId: `serving-bench-${bankRef.id}`,
          trigger: 'manual',
          reason: 'serving benchmark',
          requestedBy: 'serving benchmark',
        });
        const runContext = { signal: new AbortController().signal, heartbeat: () => undefined };
        await training.buildDataset(runId);
        const { versionId } = await training.train(runId, runContext);
        await training.evaluate(runId, versionId, runContext);
        const decided = await training.decide(runId, versionId);
        await training.finishRun(runId, 'succeeded', decided.reason);
        if (decided.status === 'champion')
          return { versionId, promotedBy: 'promotion rule', reason: decided.reason };
        await registry.promote(versionId, 'serving benchmark: a champion is needed to score recommendations');
        return { versionId, promotedBy: 'benchmark (ModelRegistryService.promote)', reason: decided.reason };
      });
      log(`champion ${champion.versionId} (${champion.promotedBy}: ${champion.reason})`);

      // Tokens from the real Keycloak (password + one-time code of each customer), renewed before expiry.
      const tokens = new Map<string, { token: string; at: number }>();
      const tokenOf = async (username: string) => {
        const held = tokens.get(username);
        if (held && performance.now() - held.at < 120_000) return held.token;
        const token = await realm.customerToken(username);
        tokens.set(username, { token, at: performance.now() });
        return token;
      };
      const ask = async (query: string, token: string, variables?: Record<string, unknown>) => {
        const { status, body } = await api.graphql<Record<string, unknown>>(query, { token, variables });
        if (status !== 200 || body.errors)
          throw new Error(`HTTP ${status} ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
        return body.data!;
      };
      for (const username of usernames) await tokenOf(username);
      // Budgets and savings goals, created by the customers themselves.
      for (const username of usernames) {
        const token = await tokenOf(username);
        await ask(`mutation($input: CreateBudgetInput!) { createBudget(input: $input) { id } }`, token, {
          input: { category: 'groceries', amountMinor: '40000', currency: 'EUR', period: 'MONTHLY' },
        });
        await ask(
          `mutation($input: CreateSavingsGoalInput!) { createSavingsGoal(input: $input) { id } }`,
          token,
          { input: { name: 'Holiday', targetAmountMinor: '150000', currency: 'EUR' } },
        );
      }
      const seedSeconds = (performance.now() - seeding) / 1000;
      log('budgets and savings goals created; measuring');

      // Tokens first (outside the timings): a request's time is the API's, not Keycloak's.
      const fresh = async (list: string[]) => Promise.all(list.map((username) => tokenOf(username)));
      const rows: ServingRow[] = [];
      const delivered: Record<string, number> = {};
      const row = (
        query: ServingRow['query'],
        phase: ServingRow['phase'],
        sequential: { samples: number[]; perSecond: number },
        concurrent?: { samples: number[]; perSecond: number },
      ) =>
        rows.push({
          query,
          phase,
          requests: sequential.samples.length,
          p50Ms: round(percentile(sequential.samples, 0.5)),
          p95Ms: round(percentile(sequential.samples, 0.95)),
          p99Ms: round(percentile(sequential.samples, 0.99)),
          sequentialPerSecond: round(sequential.perSecond),
          concurrentPerSecond: concurrent ? round(concurrent.perSecond) : null,
          concurrentP99Ms: concurrent ? round(percentile(concurrent.samples, 0.99)) : null,
        });

      // Cold: each customer's first request (nothing delivered yet this period: the champion scores, the
      // rules filter, reasons are written and sealed). Half the customers open the dashboard first, the
      // other half their recommendations.
      const half = Math.ceil(usernames.length / 2);
      const coldDashboard = usernames.slice(0, half);
      const coldRecommendations = usernames.slice(half);
      const count = (data: Record<string, unknown>) => {
        const availability = (data.recommendations as { availability: string }).availability;
        delivered[availability] = (delivered[availability] ?? 0) + 1;
      };
      let held = await fresh(coldDashboard);
      row(
        'dashboard',
        'cold',
        await timed(coldDashboard.length, 1, async (index) => count(await ask(dashboardQuery, held[index]!))),
      );
      held = await fresh(coldRecommendations);
      row(
        'recommendations',
        'cold',
        await timed(coldRecommendations.length, 1, async (index) =>
          count(await ask(recommendationsQuery, held[index]!)),
        ),
      );

      // Warm: every customer has been served once; requests go round the customers.
      for (const [query, name] of [
        [baselineQuery, 'baseline (me)'],
        [dashboardQuery, 'dashboard'],
        [recommendationsQuery, 'recommendations'],
      ] as const) {
        held = await fresh(usernames);
        const call = async (index: number) => {
          await ask(query, held[index % held.length]!);
        };
        await timed(warmUp, 1, call);
        const sequential = await timed(warmRequests, 1, call);
        held = await fresh(usernames);
        const concurrent = await timed(warmRequests, concurrency, call);
        row(name, 'warm', sequential, concurrent);
        log(`${name} measured`);
      }

      const [first] = await rowsAsTenant<{ from: string }>(
        api.database.ownerUrl,
        bankRef.id,
        `select min(booking_date)::text as from from account_transaction`,
      );
      const report: ServingReport = {
        customers: customerIds.size,
        accounts,
        transactions,
        historyFrom: first?.from ?? historyTo,
        historyTo,
        concurrency,
        champion,
        delivered,
        seedSeconds: Math.round(seedSeconds),
        tokens:
          'access tokens of the real Keycloak (password grant with one-time code per customer, the test realm template)',
        rows,
      };
      writeFileSync(outputPath, JSON.stringify(report, null, 2));
    } finally {
      // The retraining loop the enable started (no worker here): ended so the shared Temporal stays clean.
      if (tenant) {
        await app
          .get(TemporalGateway)
          .client.workflow.getHandle(retrainingWorkflowId(tenant.id, modelPluginId))
          .terminate('serving benchmark finished')
          .catch(() => undefined);
      }
      await realm.remove().catch(() => undefined);
      await api.close();
    }
  });
});
