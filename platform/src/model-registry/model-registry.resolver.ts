import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize, requireStepUp } from '../access';
import { AuditService } from '../audit';
import { Invalid, NotFound } from '../errors';
import { PluginsService } from '../plugins';
import { requireContext } from '../request-context';
import {
  ModelRetrainingRequestView,
  ModelTrainingRunView,
  ModelVersionView,
  RecommendationModelView,
  RetrainingPolicyView,
} from './model-registry.graphql';
import { maxDecisionReasonLength, ModelRegistryService } from './model-registry.service';
import { RetrainingStarter } from './retraining-starter';

export const maxRegistryPageSize = 100;

const modelPluginIdArg = {
  type: () => String,
  description: 'A recommendation-model plugin the bank has enabled, e.g. model-propensity.',
};

/** Bank staff's model registry (see platform/README.md "Model registry and retraining"). */
@Resolver()
export class ModelRegistryResolver {
  constructor(
    private readonly registry: ModelRegistryService,
    private readonly plugins: PluginsService,
    private readonly starter: RetrainingStarter,
    private readonly audit: AuditService,
  ) {}

  @Query(() => [RecommendationModelView], {
    description: "The bank's enabled recommendation models, each with its champion and retraining policy.",
  })
  async recommendationModels(): Promise<RecommendationModelView[]> {
    authorize('read', 'ModelVersion', 'read the model registry');
    const models = await this.plugins.enabledExtensions('recommendation-model');
    return Promise.all(
      models.map(async (model) => {
        const champion = await this.registry.champion(model.pluginId);
        return Object.assign(new RecommendationModelView(), {
          pluginId: model.pluginId,
          version: model.version,
          features: [...model.extension.features],
          champion: champion ? ModelVersionView.of(await this.registry.version(champion.versionId)) : null,
          policy: RetrainingPolicyView.of(await this.registry.policy(model.pluginId)),
        });
      }),
    );
  }

  @Query(() => [ModelVersionView], {
    description: 'Versions of the bank’s models (of one model when given), newest first: metrics over time.',
  })
  async modelVersions(
    @Args('modelPluginId', { ...modelPluginIdArg, nullable: true }) modelPluginId: string | null,
    @Args('first', { type: () => Int, defaultValue: 25 }) first: number,
  ): Promise<ModelVersionView[]> {
    authorize('read', 'ModelVersion', 'read the model registry');
    checkFirst(first);
    return (await this.registry.versions(modelPluginId, first)).map((row) => ModelVersionView.of(row));
  }

  @Query(() => [ModelTrainingRunView], {
    description: 'Training runs of the bank’s models (of one model when given), newest first, with progress.',
  })
  async modelTrainingRuns(
    @Args('modelPluginId', { ...modelPluginIdArg, nullable: true }) modelPluginId: string | null,
    @Args('first', { type: () => Int, defaultValue: 25 }) first: number,
  ): Promise<ModelTrainingRunView[]> {
    authorize('read', 'ModelVersion', 'read the model registry');
    checkFirst(first);
    return (await this.registry.runs(modelPluginId, first)).map((row) => ModelTrainingRunView.of(row));
  }

  @Mutation(() => ModelRetrainingRequestView, {
    description:
      'Asks for a training run of an enabled model now (starting its retraining workflow when it is not running); step-up; audited.',
  })
  async retrainRecommendationModel(
    @Args('modelPluginId', modelPluginIdArg) modelPluginId: string,
    @Args('reason', { type: () => String, description: 'Why (1-1000 characters), kept with the run.' })
    reason: string,
  ): Promise<ModelRetrainingRequestView> {
    this.allow('retrain a recommendation model');
    const why = reason.trim();
    if (why.length === 0 || why.length > maxDecisionReasonLength) {
      throw Invalid.fields([
        { field: 'reason', problem: `must say why (1-${maxDecisionReasonLength} characters)` },
      ]);
    }
    const enabled = await this.plugins.enabledExtensions('recommendation-model');
    if (!enabled.some((model) => model.pluginId === modelPluginId)) {
      throw new NotFound(
        `This bank has no enabled recommendation-model plugin "${modelPluginId}"; enable it first.`,
      );
    }
    const { tenant, principal } = requireContext();
    await this.audit.record({
      action: 'model-training.request',
      resourceType: 'recommendation-model',
      resourceId: modelPluginId,
      changes: { modelPluginId, reason: why },
    });
    const workflowId = await this.starter.retrainNow(tenant!.id, modelPluginId, {
      reason: why,
      requestedBy: principal!.subject,
    });
    return Object.assign(new ModelRetrainingRequestView(), { modelPluginId, workflowId });
  }

  @Mutation(() => ModelVersionView, {
    description:
      'Makes a version the champion now (e.g. back to an earlier one); the previous champion is retired; step-up; audited.',
  })
  async promoteModelVersion(
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String, description: 'Why (1-1000 characters), kept with the version.' })
    reason: string,
  ): Promise<ModelVersionView> {
    this.allow('promote a model version');
    return ModelVersionView.of(await this.registry.promote(id, reason));
  }

  @Mutation(() => ModelVersionView, {
    description: 'Approves a version awaiting approval: it becomes the champion; step-up; audited.',
  })
  async approveModelVersion(
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String, nullable: true }) reason: string | null,
  ): Promise<ModelVersionView> {
    this.allow('approve a model version');
    const row = await this.registry.approve(id, reason);
    await this.starter.approvalDecided(row.tenantId, row.modelPluginId, row.id);
    return ModelVersionView.of(row);
  }

  @Mutation(() => ModelVersionView, {
    description: 'Rejects a version awaiting approval, with the reason; step-up; audited.',
  })
  async rejectModelVersion(
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String }) reason: string,
  ): Promise<ModelVersionView> {
    this.allow('reject a model version');
    const row = await this.registry.reject(id, reason);
    await this.starter.approvalDecided(row.tenantId, row.modelPluginId, row.id);
    return ModelVersionView.of(row);
  }

  private allow(does: string): void {
    authorize('update', 'ModelVersion', does);
    requireStepUp('change recommendation models');
  }
}

function checkFirst(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > maxRegistryPageSize) {
    throw Invalid.fields([{ field: 'first', problem: `must be between 1 and ${maxRegistryPageSize}` }]);
  }
}
