import type { INestApplicationContext } from '@nestjs/common';
import { ModelRegistryService, type TrainedVersionInput } from '../model-registry';
import { PluginsService } from '../plugins';
import { runAsTenant, type TenantRef } from '../request-context';
import { metricsWithAuc, trained } from './model-fixtures';
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
}

/**
 * Test-only: the model registry and review queue of a bank as the admin portal's pages show them — the
 * propensity model enabled with three versions (champion, rejected, awaiting approval) recorded as the
 * retraining workflow records them (run started, version stored with its validation, run finished, the
 * platform's decision), one run still training, and two open review requests of customers' recommendations.
 * `customers` are the bank's customer ids; the reviews are on the first two.
 */
export async function seedIntelligenceData(
  app: INestApplicationContext,
  tenant: TenantRef,
  customers: readonly string[],
): Promise<SeededIntelligenceData> {
  const modelPluginId = 'model-propensity';
  const registry = app.get(ModelRegistryService);
  const asTenant = <T>(work: () => Promise<T>) => runAsTenant(tenant, work);
  await asTenant(() => app.get(PluginsService).installInitialPlugins([{ id: modelPluginId }]));

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
        examples: 1200 + number * 40,
        positives: 90 + number * 6,
        validation: {
          window: base.validation!.window,
          challenger: metricsWithAuc(auc),
          champion:
            champion === null
              ? null
              : { versionId: champion.versionId, metrics: metricsWithAuc(champion.auc) },
          baselines: { popularity: metricsWithAuc(0.58), 'logistic-regression': metricsWithAuc(0.63) },
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
  return {
    modelPluginId,
    versions: { champion, rejected, awaitingApproval },
    runs: { running },
    reviews: { first: first.reviewId, second: second.reviewId },
  };
}
