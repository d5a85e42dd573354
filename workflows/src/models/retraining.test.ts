// The retraining workflow on Temporal's real time-skipping test server, with the real platform-backed
// activities on a real PostgreSQL database of its own: customers with accounts and months of transactions,
// personalisation consents, the bank's product catalogue and a recommendation-model plugin installed through
// the plugin host. The model is a probe: it records the dataset its `train` received and scores every
// product the same (so it is worse than the baselines, which learn from the customers' spending).
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SourceTransaction, type TrainingDataset, type TrainingExample } from '@finpersona/plugin-sdk';
import {
  BehaviourService,
  ConsentClock,
  ConsentsService,
  CustomersService,
  featureFingerprint,
  ModelRegistryService,
  PluginCatalogue,
  PluginsService,
  type Principal,
  type RecommendationOutcomeRow,
  RecommendationOutcomesSource,
  type RetrainingResult,
  retrainingWorkflowId,
  runAsTenant,
  type TenantRef,
} from '@finpersona/platform';
import {
  constantModel,
  fixtureModelPlugin,
  grantAggregationConsent,
  prepareProductWorld,
  seedSourceData,
} from '@finpersona/platform/testing';
import { createWorker, type PlatformContext } from '../index';
import { asCustomer, bankCustomer } from '../../test/bank-customer';
import { startTimeSkippingFixture, type TimeSkippingFixture } from '../../test/time-skipping';
import { triggerCheckIntervalMs } from './workflows';

const DAY = 86_400_000;
const probePluginId = 'model-probe';

/** What each `train` call of the probe model received, newest last. */
const received: { tenantId: string; dataset: TrainingDataset }[] = [];

/** A fixture model (scores everything 0.5) that records the dataset its `train` received. */
const probeModel = fixtureModelPlugin(probePluginId, {
  features: ['spend.monthly', 'transactions.monthly', 'products-held.*'],
  productTypes: ['credit-card'],
  create: (context) => ({
    ...constantModel,
    async train(dataset, run) {
      received.push({ tenantId: context.tenantId, dataset });
      for (let epoch = 1; epoch <= 3; epoch += 1) run.heartbeat({ progress: epoch / 3 });
      return constantModel.train(dataset, run);
    },
  }),
});

/**
 * A fixture model that scores by closeness to a middle spending level: what the test data's card takers
 * share, and what neither baseline (popularity, a logistic regression, monotone in spending) can express.
 */
const bumpPluginId = 'model-bump';
const bumpModel = fixtureModelPlugin(bumpPluginId, {
  features: ['spend.monthly'],
  productTypes: ['credit-card'],
  create: () => ({
    ...constantModel,
    async predict(batch) {
      return {
        scores: batch.customers.flatMap((customer) => {
          const spend = customer.features['spend.monthly'] ?? 0;
          const score = Math.min(0.99, Math.max(0.01, Math.exp(-(((spend - 335_000) / 80_000) ** 2))));
          return batch.products
            .filter((product) => !customer.held.includes(product.id))
            .map((product) => ({ customer: customer.customer, product: product.id, score }));
        }),
      };
    },
  }),
});

function staffPrincipal(tenant: TenantRef): Principal {
  return {
    kind: 'bank',
    subject: `staff-of-${tenant.slug}`,
    realm: tenant.realm,
    username: 'staff',
    displayName: undefined,
    roles: ['bank-admin'],
    client: 'finpersona-admin',
  };
}

/** Recommendation outcomes per bank, as delivery will record them (Seam 6's signature, a test helper). */
const outcomes = new Map<string, (RecommendationOutcomeRow & { at: Date })[]>();

let fixture: TimeSkippingFixture;
let sql: pg.Pool;
let platform: PlatformContext;
let environment: TestWorkflowEnvironment;
let worker: Worker;
let workerRunning: Promise<void>;
let taskQueue: string;
let registry: ModelRegistryService;

interface Bank {
  tenant: TenantRef;
  customers: { id: string; subject: string; spend: number; taker: 'train' | 'validation' | null }[];
}

beforeAll(async () => {
  fixture = await startTimeSkippingFixture();
  ({ sql, platform, environment } = fixture);
  registry = platform.get(ModelRegistryService);
  // The consents' and datasets' "now" is the test server's, however far time was skipped.
  let offset = 0;
  platform.get(ConsentClock).use(() => new Date(Date.now() + offset));
  syncClock = async () => {
    offset = (await environment.currentTimeMs()) - Date.now();
  };
  platform.get(PluginCatalogue).register(probeModel);
  platform.get(PluginCatalogue).register(bumpModel);
  platform.get(RecommendationOutcomesSource).connect({
    async countSince(since) {
      return rowsOfCurrentBank().filter((row) => row.at >= since).length;
    },
    async outcomesIn(window) {
      return rowsOfCurrentBank().filter((row) => row.at >= window.from && row.at < window.to);
    },
  });
  taskQueue = `retraining-test-${randomUUID().slice(0, 8)}`;
  worker = await createWorker({
    connection: environment.nativeConnection,
    platform,
    taskQueue,
    workflowBundle: fixture.workflowBundle,
  });
  workerRunning = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await workerRunning?.catch(() => undefined);
  await fixture?.close();
});

let syncClock: () => Promise<void>;
let currentBankId: string | null = null;
function rowsOfCurrentBank() {
  return currentBankId ? (outcomes.get(currentBankId) ?? []) : [];
}

describe('retrainRecommendationModel (time skipping)', () => {
  it('a scheduled run fires after the period (not before); the worse challenger is not promoted, and the reason says why', async () => {
    const bank = await bankWithCustomers('sched');
    const start = await environment.currentTimeMs();
    const result = await runWorkflow(bank, {});

    expect(result.runs).toHaveLength(1);
    const [run] = result.runs;
    expect(run).toMatchObject({ trigger: 'schedule', status: 'succeeded', versionStatus: 'rejected' });
    const firedAfter = Date.parse(run!.startedAt) - start;
    expect(firedAfter).toBeGreaterThanOrEqual(7 * DAY);
    expect(firedAfter).toBeLessThan(7 * DAY + triggerCheckIntervalMs);
    expect(run!.outcomeReason).toMatch(/baseline|popularity|logistic/i);

    const version = await asBank(bank, () => registry.version(run!.versionId!));
    expect(version.status).toBe('rejected');
    expect(version.decisionReason).toBe(run!.outcomeReason);
    expect(version.validationMetrics?.baselines).toHaveProperty('popularity');
    expect(version.validationMetrics?.baselines).toHaveProperty('logistic-regression');
    expect(await asBank(bank, () => registry.champion(probePluginId))).toBeNull();
    const [stored] = await asBank(bank, () => registry.runs(probePluginId));
    expect(stored).toMatchObject({ status: 'succeeded', stage: 'done', progress: 1, trigger: 'schedule' });
    const audit = await sql.query<{ action: string; changes: Record<string, unknown> }>(
      `select action, changes from audit_entry where chain = $1 and resource_id = $2 order by seq`,
      [bank.tenant.id, version.id],
    );
    expect(audit.rows.map((row) => row.action)).toEqual(['model-version.record', 'model-version.reject']);
    expect(audit.rows[1]!.changes).toMatchObject({
      status: 'rejected',
      reason: run!.outcomeReason,
      decidedBy: 'system',
    });
  });

  it('enough new feedback triggers a run before the period ends', async () => {
    const bank = await bankWithCustomers('feedback');
    await asBank(bank, () =>
      registry.setPolicy(probePluginId, {
        periodDays: 7,
        feedbackThreshold: 5,
        driftThreshold: 0.25,
        approvalRequired: false,
      }),
    );
    const start = await environment.currentTimeMs();
    outcomes.set(
      bank.tenant.id,
      bank.customers.slice(0, 6).map((customer) => ({
        customerId: customer.id,
        productId: 'feedback-credit-card',
        outcome: 'dismissed',
        at: new Date(start + 60_000),
      })),
    );
    const result = await runWorkflow(bank, {});
    const [run] = result.runs;
    expect(run).toMatchObject({ trigger: 'feedback', status: 'succeeded' });
    expect(run!.reason).toMatch(/6 new recommendation outcomes/);
    const firedAfter = Date.parse(run!.startedAt) - start;
    expect(firedAfter).toBeGreaterThanOrEqual(triggerCheckIntervalMs);
    expect(firedAfter).toBeLessThan(2 * triggerCheckIntervalMs);
  });

  it('with approval required, a better challenger waits until a staff member approves; the signal resumes the run and it becomes the champion', async () => {
    const bank = await bankWithCustomers('approval', { pluginId: bumpPluginId, bigSpendersWithoutCard: 10 });
    await asBank(bank, () =>
      registry.setPolicy(bumpPluginId, {
        periodDays: 7,
        feedbackThreshold: 200,
        driftThreshold: 0.25,
        approvalRequired: true,
      }),
    );
    const handle = await startWorkflow(bank, bumpPluginId);
    await environment.sleep(7 * DAY + 60_000);
    const [waiting] = await waitFor(
      () => asBank(bank, () => registry.versions(bumpPluginId)),
      (rows) => rows[0]?.status === 'awaiting-approval',
    );
    // Better than both baselines (card takers are the middle spenders: no straight line finds them).
    expect(waiting!.decisionReason).toMatch(/beats/);
    expect(waiting!.decidedBy).toBe('system');
    expect(await asBank(bank, () => registry.champion(bumpPluginId))).toBeNull();
    const [run] = await asBank(bank, () => registry.runs(bumpPluginId));
    expect(run).toMatchObject({ status: 'awaiting-approval', stage: 'awaiting-approval' });

    await runAsTenant(bank.tenant, () => registry.approve(waiting!.id, 'checked the validation report'), {
      principal: staffPrincipal(bank.tenant),
    });
    await handle.signal('approvalDecided', { versionId: waiting!.id });
    const result = (await handle.result()) as RetrainingResult;

    expect(result.runs[0]).toMatchObject({
      status: 'succeeded',
      versionStatus: 'champion',
      versionId: waiting!.id,
    });
    expect((await asBank(bank, () => registry.champion(bumpPluginId)))?.versionId).toBe(waiting!.id);
    const [finished] = await asBank(bank, () => registry.runs(bumpPluginId));
    expect(finished).toMatchObject({ status: 'succeeded', stage: 'done', progress: 1 });
    const audit = await sql.query<{ action: string; actor_subject: string }>(
      `select action, actor_subject from audit_entry where chain = $1 and resource_id = $2 order by seq`,
      [bank.tenant.id, waiting!.id],
    );
    expect(audit.rows).toEqual([
      { action: 'model-version.record', actor_subject: 'system' },
      { action: 'model-version.await-approval', actor_subject: 'system' },
      { action: 'model-version.approve', actor_subject: `staff-of-${bank.tenant.slug}` },
    ]);
  });

  it('a customer who revoked personalisation consent is absent from the training set', async () => {
    const bank = await bankWithCustomers('consent');
    const revoking = bank.customers.at(-1)!;
    const consents = platform.get(ConsentsService);
    const consent = (
      await asCustomer({ tenant: bank.tenant, subject: revoking.subject }, () => consents.listForCustomer())
    ).find((candidate) => candidate.purpose === 'personalisation');
    await syncClock();
    await asCustomer({ tenant: bank.tenant, subject: revoking.subject }, () => consents.revoke(consent!.id));

    const before = received.length;
    const result = await runWorkflow(bank, {});
    expect(result.runs[0]).toMatchObject({ status: 'succeeded' });
    const mine = received.slice(before).filter((entry) => entry.tenantId === bank.tenant.id);
    expect(mine).toHaveLength(1);
    const { dataset } = mine[0]!;
    const consenting = bank.customers.length - 1;
    expect(dataset.train.examples).toHaveLength(consenting);
    expect(dataset.validation.examples).toHaveLength(consenting);
    // The revoking customer spends about twice as much as anyone else: no example has such spending,
    // though their own features (computed the same way, as of the same time) would show it.
    const asOf = new Date(dataset.train.featureWindow.to);
    const theirs = await runAsTenant(bank.tenant, () =>
      platform.get(BehaviourService).featuresAsOf([revoking.id], asOf),
    );
    const theirSpend = theirs.get(revoking.id)?.['spend.monthly'];
    expect(theirSpend).toBeGreaterThan(600_000);
    const spends = dataset.train.examples.map((example) => example.features['spend.monthly']);
    expect(spends.every((value) => typeof value === 'number' && value > 0 && value < 600_000)).toBe(true);
    // What the registry stored is what the model was given.
    const version = await asBank(bank, () => registry.version(result.runs[0]!.versionId!));
    expect(version.examples).toBe(consenting);
    expect(featureFingerprint(dataset.train.examples)).toBe(
      featureFingerprint(dataset.train.examples.slice().reverse()),
    );
    // Labels: train takers took the card in the train label window; they hold it in validation.
    const positives = (examples: readonly TrainingExample[]) =>
      examples.filter((example) => example.labels.some((label) => label.outcome === 'taken')).length;
    expect(positives(dataset.train.examples)).toBe(bank.customers.filter((c) => c.taker === 'train').length);
    expect(positives(dataset.validation.examples)).toBe(
      bank.customers.filter((c) => c.taker === 'validation').length,
    );
    // Pseudonymous ids: never a platform customer id.
    const ids = new Set(bank.customers.map((customer) => customer.id));
    expect(dataset.train.examples.some((example) => ids.has(example.customer))).toBe(false);
  });
});

function asBank<T>(bank: Bank, work: () => Promise<T>): Promise<T> {
  return runAsTenant(bank.tenant, work);
}

async function runWorkflow(bank: Bank, input: { lastRunAt?: string }): Promise<RetrainingResult> {
  return (await startWorkflow(bank, probePluginId, input)).result() as Promise<RetrainingResult>;
}

async function startWorkflow(bank: Bank, modelPluginId: string, input: { lastRunAt?: string } = {}) {
  await syncClock();
  currentBankId = bank.tenant.id;
  return environment.client.workflow.start('retrainRecommendationModel', {
    taskQueue,
    workflowId: retrainingWorkflowId(bank.tenant.id, modelPluginId),
    args: [{ tenantId: bank.tenant.id, modelPluginId, stopAfterRuns: 1, ...input }],
  });
}

/** Polls (real time) until `read` gives what `done` accepts; the test server's time stays where it is. */
async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`gave up waiting: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * A bank with the retail catalogue, the probe model and 31 customers with personalisation consent, each with
 * a current account opened two years ago and 13 months of spending: 10 spend a lot and open a credit card in
 * the training label window, 10 spend a lot and open one in the validation label window, 10 spend little and
 * take nothing, and the last spends an amount nobody else does.
 */
async function bankWithCustomers(
  prefix: string,
  options: { pluginId?: string; bigSpendersWithoutCard?: number } = {},
): Promise<Bank> {
  await syncClock();
  const now = await environment.currentTimeMs();
  const { tenant } = await bankCustomer(platform, prefix, 'EU');
  await prepareProductWorld(platform, tenant, prefix);
  await runAsTenant(tenant, () =>
    platform.get(PluginsService).installInitialPlugins([{ id: options.pluginId ?? probePluginId }]),
  );
  const plan = [
    ...Array.from({ length: 10 }, (_, index) => ({
      spend: 300_000 + index * 7_000,
      taker: 'train' as const,
    })),
    ...Array.from({ length: 10 }, (_, index) => ({
      spend: 310_000 + index * 6_000,
      taker: 'validation' as const,
    })),
    ...Array.from({ length: 10 }, (_, index) => ({ spend: 40_000 + index * 3_000, taker: null })),
    ...Array.from({ length: options.bigSpendersWithoutCard ?? 0 }, (_, index) => ({
      spend: 800_000 + index * 9_000,
      taker: null,
    })),
    { spend: 777_000, taker: null },
  ];
  const slug = tenant.slug;
  const people = plan.map((entry, index) => ({
    ...entry,
    subject: randomUUID(),
    email: `c${index}@${slug}.example`,
  }));
  const customersService = platform.get(CustomersService);
  await customersService.upsertDemoCustomers(
    slug,
    people.map((person, index) => ({
      subject: person.subject,
      displayName: `Customer ${index}`,
      email: person.email,
    })),
  );
  const day = (offsetDays: number) => new Date(now - offsetDays * DAY).toISOString().slice(0, 10);
  const customers: Bank['customers'] = [];
  for (const person of people) {
    const record = await runAsTenant(tenant, () => customersService.findByEmail(person.email));
    const customerId = record!.id;
    const aggregation = await grantAggregationConsent(platform, tenant, customerId);
    await grantAggregationConsent(platform, tenant, customerId, {
      purpose: 'personalisation',
      expiresAt: null,
      renewalDueAt: null,
    });
    const transactions: SourceTransaction[] = [];
    for (let month = 0; month < 13; month += 1) {
      for (const [part, share] of [
        [0, 0.5],
        [1, 0.3],
        [2, 0.2],
      ] as const) {
        transactions.push({
          sourceId: `t-${month}-${part}`,
          sourceAccountId: 'acc-current',
          amount: { minor: String(Math.round(person.spend * share)), currency: 'EUR' },
          direction: 'debit',
          status: 'booked',
          bookingDate: day(month * 30 + part * 9 + 2),
        });
      }
    }
    const accounts = [
      { sourceId: 'acc-current', type: 'current' as const, currency: 'EUR', identifiers: [] },
      ...(person.taker
        ? [{ sourceId: 'acc-card', type: 'credit-card' as const, currency: 'EUR', identifiers: [] }]
        : []),
    ];
    const seeded = await seedSourceData(platform, tenant, customerId, aggregation, {
      accounts,
      transactions,
    });
    // When each account was opened: what the labels are made of.
    await sql.query(`update account set opened_on = $2 where id = $1`, [seeded.accountIds[0], day(730)]);
    if (person.taker) {
      await sql.query(`update account set opened_on = $2 where id = $1`, [
        seeded.accountIds[1],
        day(person.taker === 'train' ? 130 : 40),
      ]);
    }
    customers.push({ id: customerId, subject: person.subject, spend: person.spend, taker: person.taker });
  }
  return { tenant, customers };
}
