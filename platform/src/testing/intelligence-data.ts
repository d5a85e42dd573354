import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ModelRegistryService, type TrainedVersionInput } from '../model-registry';
import { PluginsService } from '../plugins';
import { runAsTenant, type TenantRef } from '../request-context';
import { insertInsight } from './insight-fixtures';
import { metricsWithAuc, trained } from './model-fixtures';
import type { ModelMetrics } from '../models';
import { prepareRecommendationWorld } from './recommendation-fixtures';

/** What `seedIntelligenceData` stored, for the admin portal's browser tests to find on screen. */
export interface SeededIntelligenceData {
  /** The bank's enabled recommendation model (the first-party propensity model). */
  modelPluginId: string;
  versions: {
    /** v1: the champion (AUC 0.68). */
    champion: string;
    /** v2: rejected by the platform (AUC 0.64, below the champion): promotable by hand. */
    rejected: string;
    /** v3: better than the champion and the baselines (AUC 0.74); waits for a staff member. */
    awaitingApproval: string;
  };
  /** Training runs: the three that trained the versions above and one still training. */
  runs: { running: string };
  /** Open human-review requests (GDPR Art. 22) of two customers' recommendations. */
  reviews: { first: string; second: string };
  /**
   * Insights of the insights-core generators (enabled): per kind, how many were created, shown, opened,
   * dismissed, acted on and rated, as `insightEngagement` counts them.
   */
  insights: Record<
    string,
    { generated: number; shown: number; opened: number; dismissed: number; thumbsUp: number }
  >;
}

/** Per kind: insights created, and of those how many were shown, opened, dismissed, rated up. */
const seededInsights = {
  'idle-cash': { generated: 4, shown: 3, opened: 2, dismissed: 1, thumbsUp: 1 },
  'upcoming-low-balance': { generated: 2, shown: 2, opened: 0, dismissed: 1, thumbsUp: 0 },
};

/**
 * Test-only: the model registry and review queue of a bank as the admin portal's pages show them — the
 * propensity model enabled with three versions (champion, rejected, awaiting approval) recorded as the
 * retraining workflow records them (run started, version stored with its validation, run finished, the
 * platform's decision), one run still training, two open review requests of customers' recommendations, and
 * the insights-core generators enabled with insights and their engagement (`seededInsights`). `customers`
 * are the bank's customer ids; the reviews and insights are on the first two.
 */
/** Made-up figures of the evaluation's shape: pooled AUC `auc`, per product a little above and below it. */
function figures(auc: number): ModelMetrics {
  const base = metricsWithAuc(auc);
  const product = (delta: number) => ({ ...base.perProduct.card!, auc: Number((auc + delta).toFixed(3)) });
  return {
    ...base,
    mapAtK: Number((auc - 0.21).toFixed(3)),
    ndcgAtK: Number((auc - 0.15).toFixed(3)),
    brier: Number((0.3 - auc / 4).toFixed(3)),
    ece: Number((0.2 - auc / 5).toFixed(3)),
    perProduct: { 'credit-card': product(0.03), 'savings-account': product(-0.02), mortgage: product(-0.05) },
  };
}

export async function seedIntelligenceData(
  app: INestApplicationContext,
  tenant: TenantRef,
  customers: readonly string[],
): Promise<SeededIntelligenceData> {
  const modelPluginId = 'model-propensity';
  const registry = app.get(ModelRegistryService);
  const asTenant = <T>(work: () => Promise<T>) => runAsTenant(tenant, work);
  await asTenant(() =>
    app.get(PluginsService).installInitialPlugins([{ id: modelPluginId }, { id: 'insights-core' }]),
  );

  const version = async (
    number: number,
    auc: number,
    champion: { versionId: string; auc: number } | null,
    decision: { promote: boolean; approvalRequired: boolean; reason: string },
  ) =>
    asTenant(async () => {
      const run = await registry.startRun({
        modelPluginId,
        workflowId: `seeded-training-${number}`,
        trigger: number === 1 ? 'manual' : 'schedule',
        reason: number === 1 ? 'First model of the bank' : 'The retraining period passed',
        requestedBy: 'system',
      });
      const base = trained(modelPluginId);
      const input: TrainedVersionInput = {
        ...base,
        trainingRunId: run.id,
        trigger: run.trigger,
        examples: 1200 + number * 40,
        positives: 90 + number * 6,
        validation: {
          window: base.validation!.window,
          challenger: figures(auc),
          champion:
            champion === null ? null : { versionId: champion.versionId, metrics: figures(champion.auc) },
          baselines: { popularity: figures(0.58), 'logistic-regression': figures(0.63) },
        },
      };
      const stored = await registry.recordTrainedVersion(input);
      const decided = await registry.decide(stored.id, decision);
      await registry.finishRun(
        run.id,
        decided.status === 'awaiting-approval' ? 'awaiting-approval' : 'succeeded',
        decision.reason,
      );
      return decided.id;
    });

  const champion = await version(1, 0.68, null, {
    promote: true,
    approvalRequired: false,
    reason: 'Better than every baseline; no champion yet.',
  });
  const rejected = await version(
    2,
    0.64,
    { versionId: champion, auc: 0.68 },
    {
      promote: false,
      approvalRequired: false,
      reason: 'AUC 0.640 is not above the champion’s 0.680.',
    },
  );
  const awaitingApproval = await version(
    3,
    0.74,
    { versionId: champion, auc: 0.68 },
    {
      promote: true,
      approvalRequired: true,
      reason: 'AUC 0.740 beats the champion’s 0.680 and the baselines; the bank approves promotions.',
    },
  );
  const running = await asTenant(async () => {
    const run = await registry.startRun({
      modelPluginId,
      workflowId: 'seeded-training-4',
      trigger: 'feedback',
      reason: '200 new recommendation outcomes',
      requestedBy: 'system',
    });
    await registry.reportProgress(run.id, 'training', 0.4);
    return run.id;
  });

  const first = await prepareRecommendationWorld(app, tenant, customers[0]!, 'DEMO-A');
  const second = await prepareRecommendationWorld(app, tenant, customers[1]!, 'DEMO-B');
  for (const [kind, counts] of Object.entries(seededInsights)) {
    for (let index = 0; index < counts.generated; index += 1) {
      const customerId = customers[index % 2]!;
      const insightId = await insertInsight(app, tenant, customerId, {
        kind,
        dedupeKey: `seeded:${kind}:${index}`,
      });
      // The first `shown` were listed; of those the first `opened` opened, the last `dismissed` dismissed.
      const outcomes = [
        ...(index < counts.shown ? ['shown'] : []),
        ...(index < counts.opened ? ['opened'] : []),
        ...(index < counts.shown && index >= counts.shown - counts.dismissed ? ['dismissed'] : []),
        ...(index < counts.thumbsUp ? ['thumbs-up'] : []),
      ];
      for (const outcome of outcomes) {
        await asTenant(() =>
          app.get(EntityManager).transactional((tx) =>
            tx.execute(
              `insert into insight_engagement (id, tenant_id, customer_id, insight_id, kind, outcome)
               values (?, ?, ?, ?, ?, ?)`,
              [randomUUID(), tenant.id, customerId, insightId, kind, outcome],
            ),
          ),
        );
      }
    }
  }

  return {
    insights: seededInsights,
    modelPluginId,
    versions: { champion, rejected, awaitingApproval },
    runs: { running },
    reviews: { first: first.reviewId, second: second.reviewId },
  };
}
