import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import type {
  CandidateProduct,
  ModelRunContext,
  ProductType,
  RecommendationModel,
} from '@finpersona/plugin-sdk';
import { BehaviourService } from '../behaviour';
import { ConsentClock } from '../consents';
import { NotFound } from '../errors';
import {
  decidePromotion,
  evaluateOnValidation,
  logisticRegressionBaseline,
  type ModelMetrics,
  popularityBaseline,
} from '../models';
import { type EnabledExtension, PluginsService } from '../plugins';
import { ProductsService, maxProductPageSize } from '../products';
import { type BuiltDataset, type DatasetSummary, TrainingDatasets } from './dataset';
import { featureProfile, populationStability } from './drift';
import { ModelRegistryService } from './model-registry.service';
import type { RetrainingTrigger, ValidationReport } from './model-version.entity';
import { RecommendationOutcomesSource } from './recommendation-outcomes';
import type { RetrainingTriggerCheck } from './retraining-contract';
import type { TrainingRunStatus } from './training-run.entity';

/** The baselines every challenger and champion is compared with, by the names the registry shows. */
export const baselineModels: Readonly<Record<string, RecommendationModel>> = {
  popularity: popularityBaseline,
  'logistic-regression': logisticRegressionBaseline,
};

/** Progress is written to the run at most this often (heartbeats may come every batch). */
const progressWriteIntervalMs = 2_000;
/** Datasets kept in this process between a run's steps, at most this many (oldest dropped). */
const keptDatasets = 8;

/**
 * The steps of one training run of the current bank (what the retraining workflow's activities call), each
 * idempotent: start the run; build the dataset under consent; train the challenger through the plugin
 * host; evaluate it, the champion and the baselines on the same validation window; decide (promote,
 * reject, or wait for approval as the bank's policy says); end the run. Also the feedback and drift
 * checks that trigger runs between scheduled ones.
 *
 * The dataset lives only in this process's memory between steps (with the pseudonym mapping, never
 * stored); a step that finds none — another worker took it, or the process restarted — builds it again,
 * under the consents live at that moment.
 */
@Injectable()
export class ModelTraining {
  private readonly logger = new Logger('ModelTraining');
  private readonly built = new Map<string, BuiltDataset>();

  constructor(
    private readonly em: EntityManager,
    private readonly registry: ModelRegistryService,
    private readonly datasets: TrainingDatasets,
    private readonly plugins: PluginsService,
    private readonly products: ProductsService,
    private readonly behaviour: BehaviourService,
    private readonly outcomes: RecommendationOutcomesSource,
    private readonly clock: ConsentClock,
  ) {}

  async startRun(input: {
    modelPluginId: string;
    workflowId: string;
    trigger: RetrainingTrigger;
    reason: string;
    requestedBy: string;
  }): Promise<{ runId: string }> {
    const run = await this.registry.startRun(input);
    return { runId: run.id };
  }

  /** Builds the run's dataset (kept in memory for the next steps) and says what is in it. */
  async buildDataset(runId: string): Promise<DatasetSummary> {
    const run = await this.registry.run(runId);
    await this.registry.reportProgress(runId, 'dataset', 0);
    const built = await this.datasetFor(runId, run.modelPluginId, true);
    await this.registry.reportProgress(runId, 'dataset', 1);
    return built.summary;
  }

  /**
   * Trains the challenger on the run's dataset and stores it as a candidate version (features' training
   * profile included, for drift). `context` carries the activity's cancellation and heartbeats. A run that
   * stored its version already returns it (retried activity).
   */
  async train(
    runId: string,
    context: ModelRunContext,
  ): Promise<{ versionId: string; dataset: DatasetSummary }> {
    const run = await this.registry.run(runId);
    const built = await this.datasetFor(runId, run.modelPluginId);
    if (run.modelVersionId) return { versionId: run.modelVersionId, dataset: built.summary };
    const model = await this.model(run.modelPluginId);
    await this.registry.reportProgress(runId, 'training', 0);
    let lastWrite = 0;
    const result = await model.instance.train(built.dataset, {
      signal: context.signal,
      heartbeat: (progress) => {
        context.heartbeat(progress);
        const now = Date.now();
        if (progress?.progress !== undefined && now - lastWrite >= progressWriteIntervalMs) {
          lastWrite = now;
          void this.registry
            .reportProgress(runId, 'training', progress.progress)
            .catch((error: unknown) =>
              this.logger.warn(`run ${runId}: progress not written (${String(error)})`),
            );
        }
      },
    });
    context.signal.throwIfAborted();
    const { dataset, summary } = built;
    const version = await this.registry.recordTrainedVersion({
      trainingRunId: runId,
      modelPluginId: run.modelPluginId,
      pluginVersion: model.version,
      trigger: run.trigger,
      modelMetrics: result.metrics,
      validation: null,
      dataWindow: summary.window,
      features: dataset.features,
      featureProfile: featureProfile(
        dataset.features,
        dataset.train.examples.map((example) => example.features),
      ),
      examples: summary.trainExamples,
      positives: summary.trainPositives,
      artifact: result.artifact,
    });
    await this.registry.reportProgress(runId, 'training', 1);
    return { versionId: version.id, dataset: summary };
  }

  /**
   * Measures the challenger, the current champion (when the bank has one) and every baseline (trained on
   * the same training split) on the run's validation split, and stores the report on the version.
   */
  async evaluate(runId: string, versionId: string, context: ModelRunContext): Promise<ValidationReport> {
    const version = await this.registry.version(versionId);
    if (version.validationMetrics) return version.validationMetrics;
    await this.registry.reportProgress(runId, 'evaluating', 0);
    const { dataset } = await this.datasetFor(runId, version.modelPluginId);
    const model = await this.model(version.modelPluginId);
    const challenger = await evaluateOnValidation(model.instance, version.artifact, dataset, { context });
    const champion = await this.registry.champion(version.modelPluginId);
    let championReport: ValidationReport['champion'] = null;
    if (champion && champion.versionId !== versionId) {
      try {
        championReport = {
          versionId: champion.versionId,
          metrics: await evaluateOnValidation(model.instance, champion.artifact, dataset, { context }),
        };
      } catch (error) {
        // A champion the installed plugin version cannot read any more cannot be compared: it is beaten
        // only through the baselines, and the report says so.
        this.logger.warn(`run ${runId}: champion ${champion.versionId} not evaluable (${String(error)})`);
      }
    }
    const baselines: Record<string, ModelMetrics> = {};
    for (const [name, baseline] of Object.entries(baselineModels)) {
      const trained = await baseline.train(dataset, context);
      baselines[name] = await evaluateOnValidation(baseline, trained.artifact, dataset, { context });
      context.heartbeat({ detail: `baseline ${name} evaluated` });
    }
    const report: ValidationReport = {
      window: {
        featureWindow: dataset.validation.featureWindow,
        labelWindow: dataset.validation.labelWindow,
      },
      challenger,
      champion: championReport,
      baselines,
    };
    await this.registry.recordValidation(versionId, report);
    await this.registry.reportProgress(runId, 'evaluating', 1);
    return report;
  }

  /**
   * Applies the promotion rule to the evaluated version and the bank's approval policy: `champion`,
   * `rejected` or `awaiting-approval`, with the reason (audited by the registry). Decided already: as it is.
   */
  async decide(runId: string, versionId: string): Promise<{ status: string; reason: string }> {
    const version = await this.registry.version(versionId);
    if (version.status !== 'candidate') {
      return { status: version.status, reason: version.decisionReason ?? '' };
    }
    const report = version.validationMetrics;
    if (!report) throw new Error(`Version ${versionId} has not been evaluated yet`);
    await this.registry.reportProgress(runId, 'deciding', 0);
    const decision = decidePromotion({
      challenger: report.challenger,
      champion: report.champion?.metrics ?? null,
      baselines: report.baselines,
    });
    const policy = await this.registry.policy(version.modelPluginId);
    const decided = await this.registry.decide(versionId, {
      promote: decision.promote,
      reason: decision.reason,
      approvalRequired: policy.approvalRequired,
    });
    return { status: decided.status, reason: decided.decisionReason ?? decision.reason };
  }

  /** The version's status now; with `expireWaiting`, one still waiting for approval is rejected as undecided. */
  async versionStatus(
    versionId: string,
    expireWaiting: boolean,
  ): Promise<{ status: string; reason: string }> {
    let version = await this.registry.version(versionId);
    if (expireWaiting && version.status === 'awaiting-approval') {
      version = await this.registry.expireApproval(versionId, 'nobody approved or rejected it in time');
    }
    return { status: version.status, reason: version.decisionReason ?? '' };
  }

  async finishRun(
    runId: string,
    status: Exclude<TrainingRunStatus, 'running'>,
    reason: string,
  ): Promise<void> {
    await this.registry.finishRun(runId, status, reason);
    if (status !== 'awaiting-approval') this.built.delete(runId);
  }

  /**
   * What could trigger a run before the period ends: recommendation outcomes since `since`, and the
   * largest PSI of a feature of the current consenting customers against the champion's training profile.
   */
  async checkTriggers(modelPluginId: string, since: Date): Promise<RetrainingTriggerCheck> {
    const policy = await this.registry.policy(modelPluginId);
    const newFeedback = await this.outcomes.countSince(since);
    const profile = await this.registry.championProfile(modelPluginId);
    let drift: RetrainingTriggerCheck['drift'] = null;
    if (profile && Object.keys(profile).length > 0) {
      const customers = await this.datasets.consentedCustomers(this.clock.now());
      const vectors = [...(await this.behaviour.latestFeatures(customers)).values()];
      drift = populationStability(profile, vectors)[0] ?? null;
    }
    return {
      newFeedback,
      feedbackThreshold: policy.feedbackThreshold,
      drift,
      driftThreshold: policy.driftThreshold,
      periodDays: policy.periodDays,
    };
  }

  private async datasetFor(runId: string, modelPluginId: string, fresh = false): Promise<BuiltDataset> {
    const kept = fresh ? undefined : this.built.get(runId);
    if (kept) return kept;
    const model = await this.model(modelPluginId);
    const products = await this.candidateProducts(model.extension.extension.productTypes);
    const built = await this.datasets.build({ features: model.extension.extension.features, products });
    this.built.set(runId, built);
    if (this.built.size > keptDatasets) this.built.delete(this.built.keys().next().value!);
    return built;
  }

  /** The bank's enabled model plugin `pluginId`, built for the bank; NOT_FOUND when not enabled. */
  private async model(pluginId: string): Promise<{
    version: string;
    instance: RecommendationModel;
    extension: EnabledExtension<'recommendation-model'>;
  }> {
    // In a transaction of its own: row-level security sees the bank's installations only inside one.
    const extension = (
      await this.em.transactional(() => this.plugins.enabledExtensions('recommendation-model'))
    ).find((candidate) => candidate.pluginId === pluginId);
    if (!extension) {
      throw new NotFound(
        `This bank has no enabled recommendation-model plugin "${pluginId}"; enable it first.`,
      );
    }
    return {
      version: extension.version,
      instance: extension.extension.create(await this.em.transactional(() => extension.context())),
      extension,
    };
  }

  /** The bank's products (its region's) of the types the model scores. */
  private async candidateProducts(types: readonly ProductType[] | undefined): Promise<CandidateProduct[]> {
    const products: CandidateProduct[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await this.em.transactional(() =>
        this.products.listVisible({ first: maxProductPageSize, after }),
      );
      for (const { node } of page.edges) {
        if (!types || types.includes(node.product.type)) {
          products.push({ id: node.product.id, type: node.product.type });
        }
      }
      if (!page.pageInfo.hasNextPage) return products;
      after = page.pageInfo.endCursor;
    }
  }
}
