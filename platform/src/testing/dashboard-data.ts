// The customer dashboard's browser test data (tenant-templates/customer-app e2e): four months of a salaried
// customer's life stored as ingest stores it and categorised as enrichment would, behaviour recomputed (features,
// recurring payments), live personalisation and marketing consents, the bank's catalogue, a champion model
// (a fixture plugin through the real registry and plugin host) that explains itself, and two insights — so every
// dashboard page has real data from the real services behind it.
import type { INestApplicationContext } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type {
  CandidateProduct,
  FeatureVector,
  RecommendationModel,
  SourceTransaction,
} from '@finpersona/plugin-sdk';
import { BehaviourService } from '../behaviour';
import { ModelRegistryService } from '../model-registry';
import { PluginCatalogue, PluginsService } from '../plugins';
import { runAsTenant, type TenantRef } from '../request-context';
import { grantAggregationConsent, sampleAccounts, seedSourceData } from './customer-data';
import { insertInsight } from './insight-fixtures';
import { fixtureModelPlugin, trained } from './model-fixtures';
import { prepareProductWorld } from './product-fixtures';

/** What `seedDashboardData` stored, for the test's expectations. */
export interface SeededDashboardData {
  customerId: string;
  accountIds: string[];
  /** The bank's catalogue product ids (prefixed `dash-`). */
  productIds: string[];
  modelPluginId: string;
  modelVersionId: string;
  /** Two live insights: the rent rise (warning) and money resting (info). */
  insightIds: string[];
}

const dayMs = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** `day` moved `back` calendar months earlier, the day of the month clamped to that month's length (UTC). */
function monthsBefore(day: string, back: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1 - back, 1));
  const length = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(date, length));
  return isoDay(first);
}

/** The model's liking per product type: cards first, then savings, loans… (none held by a fresh customer). */
const preference: Record<string, number> = {
  'credit-card': 0.92,
  'savings-account': 0.86,
  'personal-loan': 0.7,
  'fixed-term-deposit': 0.6,
  insurance: 0.4,
};

/** Scores by product type; explains with the customer's own figures (a sentence and two attributions). */
const explainingModel: RecommendationModel = {
  train: async () => ({
    artifact: { format: 'preference', encoding: 'json', data: preference },
    metrics: {},
  }),
  predict: async (batch) => ({
    scores: batch.customers.flatMap((customer) =>
      batch.products
        .filter((product: CandidateProduct) => !customer.held.includes(product.id))
        .map((product: CandidateProduct) => ({
          customer: customer.customer,
          product: product.id,
          score: (batch.artifact.data as Record<string, number>)[product.type] ?? 0,
        })),
    ),
  }),
  explain: async (request) => ({
    attributions: [
      {
        feature: 'income.monthly',
        value: request.customer.features['income.monthly'] ?? null,
        contribution: 0.34,
      },
      {
        feature: 'balance.mean',
        value: request.customer.features['balance.mean'] ?? null,
        contribution: 0.12,
      },
    ],
    sentence:
      request.product.type === 'credit-card'
        ? 'Your salary arrives every month and your spending is steady.'
        : 'Money stays in your current account from month to month.',
  }),
};

/**
 * A salaried life up to yesterday (UTC): salary 3,000.00 on the same day each month, rent 1,000.00 monthly
 * (1,050.00 this time: a price rise), a 12.99 streaming subscription, groceries three times a month and a
 * restaurant visit this month.
 */
export function dashboardTransactions(today: string): SourceTransaction[] {
  const yesterday = isoDay(new Date(Date.parse(`${today}T00:00:00Z`) - dayMs));
  const before = (days: number) => isoDay(new Date(Date.parse(`${yesterday}T00:00:00Z`) - days * dayMs));
  const tx = (
    sourceId: string,
    bookingDate: string,
    direction: 'credit' | 'debit',
    minor: number,
    extra: Partial<SourceTransaction> = {},
  ): SourceTransaction => ({
    sourceId,
    sourceAccountId: 'acc-current',
    amount: { minor: String(minor), currency: 'EUR' },
    direction,
    status: 'booked',
    bookingDate,
    ...extra,
  });
  const party = (name: string) => ({ counterparty: { name } });
  return [
    ...[3, 2, 1, 0].map((back) =>
      tx(`salary-${back}`, monthsBefore(before(5), back), 'credit', 300_000, party('Employer d.o.o.')),
    ),
    ...[4, 3, 2, 1].map((back) =>
      tx(`rent-${back}`, monthsBefore(yesterday, back), 'debit', 100_000, party('Landlord Ltd')),
    ),
    tx('rent-0', yesterday, 'debit', 105_000, party('Landlord Ltd')),
    ...[4, 3, 2, 1, 0].map((back) =>
      tx(`streaming-${back}`, monthsBefore(before(3), back), 'debit', 1_299, {
        merchant: { name: 'Streamly' },
        ...party('Streamly'),
      }),
    ),
    ...[4, 3, 2, 1].flatMap((back) =>
      [5, 12, 19].map((day) =>
        tx(
          `groceries-${back}-${day}`,
          monthsBefore(`${yesterday.slice(0, 8)}${String(day).padStart(2, '0')}`, back),
          'debit',
          6_000,
          party('Fresh Market'),
        ),
      ),
    ),
    tx('groceries-now', yesterday, 'debit', 9_500, party('Fresh Market')),
    tx('eating-out-now', before(1), 'debit', 4_200, party('Bistro Lipa')),
  ];
}

/** Category per source id prefix, as enrichment would have decided. */
const categories: [prefix: string, category: string][] = [
  ['salary-', 'salary'],
  ['rent-', 'housing'],
  ['streaming-', 'subscriptions'],
  ['groceries-', 'groceries'],
  ['eating-out-', 'eating-out'],
];

/**
 * Everything the dashboard shows for the customer `customerId` of `tenant` (see the file comment). The model
 * plugin `dashboard-model` is registered in this app's catalogue: call once per app.
 */
export async function seedDashboardData(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
): Promise<SeededDashboardData> {
  const today = isoDay(new Date());
  // Booked at the end of yesterday: the forecast starts from yesterday's closing balance of the current account.
  const balanceAsOf = `${isoDay(new Date(Date.parse(`${today}T00:00:00Z`) - dayMs))}T12:00:00.000Z`;
  const consentId = await grantAggregationConsent(app, tenant, customerId);
  const seeded = await seedSourceData(app, tenant, customerId, consentId, {
    accounts: sampleAccounts,
    balances: [
      {
        sourceAccountId: 'acc-current',
        type: 'booked',
        amount: { minor: '250000', currency: 'EUR' },
        asOf: balanceAsOf,
      },
      {
        sourceAccountId: 'acc-savings',
        type: 'booked',
        amount: { minor: '500000', currency: 'EUR' },
        asOf: balanceAsOf,
      },
    ],
    transactions: dashboardTransactions(today),
  });
  const em = app.get(EntityManager);
  await runAsTenant(tenant, () =>
    em.transactional(async (tx) => {
      for (const [prefix, category] of categories) {
        await tx.execute(
          `update account_transaction set category = ?, category_source = 'rule', category_confidence = 1
            where tenant_id = ? and customer_id = ? and source_id like ?`,
          [category, tenant.id, customerId, `${prefix}%`],
        );
      }
    }),
  );
  await runAsTenant(tenant, () => app.get(BehaviourService).recompute([customerId]));
  // The demo customer record has no birth date; the catalogue's products need an adult (minAge 18).
  await runAsTenant(tenant, () =>
    em.transactional((tx) =>
      tx.execute(
        `update customer_features set features = features || ?::jsonb where tenant_id = ? and customer_id = ?`,
        [JSON.stringify({ 'customer.age': 34 } satisfies FeatureVector), tenant.id, customerId],
      ),
    ),
  );
  for (const purpose of ['personalisation', 'marketing'] as const) {
    await grantAggregationConsent(app, tenant, customerId, { purpose });
  }
  const { productIds } = await prepareProductWorld(app, tenant, 'dash');
  const modelPluginId = 'dashboard-model';
  const features = ['income.monthly', 'balance.mean', 'customer.age'];
  app
    .get(PluginCatalogue)
    .register(fixtureModelPlugin(modelPluginId, { features, create: () => explainingModel }));
  const modelVersionId = await runAsTenant(tenant, async () => {
    await app.get(PluginsService).installInitialPlugins([{ id: modelPluginId }]);
    const registry = app.get(ModelRegistryService);
    const version = await registry.recordTrainedVersion({
      ...trained(modelPluginId),
      features,
      artifact: { format: 'preference', encoding: 'json', data: preference },
    });
    await registry.decide(version.id, {
      promote: true,
      approvalRequired: false,
      reason: 'dashboard e2e champion',
    });
    return version.id;
  });
  // Insights as the bank's generators store them (the generators' own run is the insights branch's to test).
  const insightIds = [
    await insertInsight(app, tenant, customerId, {
      kind: 'recurring-price-rise',
      title: 'Your rent went up',
      text: 'Landlord Ltd took €1,050.00 this month, €50.00 more than before.',
      severity: 'warning',
      relevance: 0.8,
    }),
    await insertInsight(app, tenant, customerId, {
      kind: 'idle-cash',
      title: 'Money resting',
      text: '€5,000.00 has rested in your savings for three months.',
      createdAt: new Date(Date.now() - 60_000),
    }),
  ];
  return { customerId, accountIds: seeded.accountIds, productIds, modelPluginId, modelVersionId, insightIds };
}
