import type { INestApplicationContext } from '@nestjs/common';
import {
  definePlugin,
  type PluginDefinition,
  type RecommendationModel,
  type RecommendationModelExtension,
} from '@finpersona/plugin-sdk';
import { ModelRegistryService, retrainingWorkflowId, type TrainedVersionInput } from '../model-registry';
import { computeMetrics, type ModelMetrics } from '../models';
import { PluginCatalogue, PluginsService } from '../plugins';
import { runAsTenant, type TenantRef } from '../request-context';

/** What the generated suites' model-registry operations act on, for one bank (see `TargetWorld.models`). */
export interface ModelWorld {
  /** An enabled recommendation-model plugin of the bank (`retrainRecommendationModel`). */
  modelPluginId: string;
  /** A rejected version (`promoteModelVersion`). */
  promotableVersionId: string;
  /** A version awaiting approval (`approveModelVersion`). */
  approvableVersionId: string;
  /** Another version awaiting approval (`rejectModelVersion`). */
  rejectableVersionId: string;
  /** The retraining workflow a `retrainRecommendationModel` call starts (tests terminate it). */
  workflowId: string;
}

/**
 * A first-party fixture recommendation model that scores every product it may (not held) 0.5: worse than any
 * baseline that learns something. `extension` replaces parts of it (its features, product types, or a
 * `create` that records what `train` gets).
 */
export function fixtureModelPlugin(
  id: string,
  extension: Partial<RecommendationModelExtension> = {},
): PluginDefinition {
  return definePlugin({
    manifest: {
      id,
      name: `Fixture model ${id}`,
      version: '1.0.0',
      publisher: 'FinPersona tests',
      sdk: '^0.1.0',
      capabilities: ['recommendation-model'],
      settings: { type: 'object', additionalProperties: false, properties: {} },
      permissions: { data: [], hosts: [] },
      regions: ['EU', 'UK', 'US'],
      trust: 'first-party',
    },
    extensions: {
      'recommendation-model': {
        features: ['income.monthly', 'balance.mean'],
        create: () => constantModel,
        ...extension,
      },
    },
  });
}

/** Scores everything 0.5; trains nothing. */
export const constantModel: RecommendationModel = {
  train: async () => ({
    artifact: { format: 'fixture-constant', encoding: 'json', data: { score: 0.5 } },
    metrics: {},
  }),
  predict: async (batch) => ({
    scores: batch.customers.flatMap((customer) =>
      batch.products
        .filter((product) => !customer.held.includes(product.id))
        .map((product) => ({ customer: customer.customer, product: product.id, score: 0.5 })),
    ),
  }),
  explain: async () => ({ attributions: [], sentence: 'A fixture model.' }),
};

/**
 * Metrics of the evaluation's shape with the given AUC (the rest computed over a small made-up ranking): for
 * registry rows whose numbers are shown, not compared.
 */
export function metricsWithAuc(auc: number): ModelMetrics {
  const scored = [
    { customer: 'p-1', product: 'card', score: 0.9, positive: true },
    { customer: 'p-2', product: 'card', score: 0.4, positive: false },
    { customer: 'p-3', product: 'card', score: 0.2, positive: false },
  ];
  return { ...computeMetrics(scored), auc };
}

/** A stored version as a training run would record it (metrics made up: nothing is evaluated here). */
export function trained(modelPluginId: string): TrainedVersionInput {
  const window = { from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };
  const later = { from: '2026-04-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' };
  return {
    trainingRunId: null,
    modelPluginId,
    pluginVersion: '1.0.0',
    trigger: 'manual',
    modelMetrics: { loss: 0.5 },
    validation: {
      window: { featureWindow: window, labelWindow: later },
      challenger: metricsWithAuc(0.7),
      champion: null,
      baselines: { popularity: metricsWithAuc(0.6) },
    },
    dataWindow: {
      train: { featureWindow: window, labelWindow: later },
      validation: { featureWindow: window, labelWindow: later },
    },
    features: ['income.monthly', 'balance.mean'],
    featureProfile: {},
    examples: 10,
    positives: 2,
    artifact: { format: 'fixture-constant', encoding: 'json', data: { score: 0.5 } },
  };
}

/**
 * Registers the fixture model `<prefix>-model` in the app's catalogue, installs and enables it for `tenant`,
 * and stores three versions: one rejected (to promote) and two awaiting approval (to approve, to reject).
 * Give each bank its own prefix.
 */
export async function prepareModelWorld(
  app: INestApplicationContext,
  tenant: TenantRef,
  prefix: string,
): Promise<ModelWorld> {
  const modelPluginId = `${prefix}-model`;
  app.get(PluginCatalogue).register(fixtureModelPlugin(modelPluginId));
  const registry = app.get(ModelRegistryService);
  return runAsTenant(tenant, async () => {
    await app.get(PluginsService).installInitialPlugins([{ id: modelPluginId }]);
    const decided = async (decision: { promote: boolean; approvalRequired: boolean }) => {
      const version = await registry.recordTrainedVersion(trained(modelPluginId));
      await registry.decide(version.id, { ...decision, reason: 'fixture' });
      return version.id;
    };
    return {
      modelPluginId,
      promotableVersionId: await decided({ promote: false, approvalRequired: false }),
      approvableVersionId: await decided({ promote: true, approvalRequired: true }),
      rejectableVersionId: await decided({ promote: true, approvalRequired: true }),
      workflowId: retrainingWorkflowId(tenant.id, modelPluginId),
    };
  });
}
