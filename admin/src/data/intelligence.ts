// The intelligence pages' side of the data provider: model registry, category rules and categoriser,
// recommendation reviews, delivery settings and engagement. Called only through `createDataProvider`.
import type { RaRecord } from 'react-admin';
import { conditionsInput, type ConditionValues } from './condition-input.ts';
import { ApiError, withFormPaths } from './errors.ts';
import type { GraphqlRequest } from './graphqlClient.ts';
import {
  APPROVE_MODEL_VERSION,
  CATEGORIES,
  CATEGORY_MODEL,
  CATEGORY_RULES,
  CREATE_CATEGORY_RULE,
  DECIDE_RECOMMENDATION_REVIEW,
  DELETE_CATEGORY_RULE,
  INSIGHT_ENGAGEMENT,
  INSIGHT_SETTINGS,
  MODEL_TRAINING_RUNS,
  MODEL_VERSIONS,
  PROMOTE_MODEL_VERSION,
  RECOMMENDATION_ENGAGEMENT,
  RECOMMENDATION_MODELS,
  RECOMMENDATION_SETTINGS,
  REJECT_MODEL_VERSION,
  RETRAIN_CATEGORISER,
  RETRAIN_RECOMMENDATION_MODEL,
  UPDATE_CATEGORY_RULE,
  UPDATE_INSIGHT_SETTINGS,
  UPDATE_RECOMMENDATION_SETTINGS,
  type CategoriserTrainingNode,
  type CategoryModelNode,
  type CategoryNode,
  type CategoryRuleNode,
  type EngagementNode,
  type InsightEngagementNode,
  type InsightSettingsNode,
  type ModelVersionNode,
  type RecommendationModelNode,
  type RecommendationSettingsNode,
  type ReviewDecision,
  type ReviewNode,
  type TrainingRunNode,
} from './intelligence-queries.ts';

/** A bank's categorisation rule as the portal edits it. */
export type CategoryRuleRecord = CategoryRuleNode & RaRecord<string>;
/** A human-review request with its decision record. */
export type ReviewRecord = ReviewNode & RaRecord<string>;

/** How many versions and runs the model page shows (the API's maximum page is 100). */
export const modelHistoryLength = 50;

/** The data provider's methods for the intelligence pages besides react-admin's CRUD ones. */
export interface IntelligenceMethods {
  recommendationModels(): Promise<RecommendationModelNode[]>;
  /** Versions of every model, newest first (metrics over time). */
  modelVersions(): Promise<ModelVersionNode[]>;
  modelTrainingRuns(): Promise<TrainingRunNode[]>;
  /** Bank administrators, step-up: a training run now; returns the retraining workflow's id. */
  retrainModel(modelPluginId: string, reason: string): Promise<{ modelPluginId: string; workflowId: string }>;
  /** Bank administrators, step-up: promote (any decided version), approve or reject one awaiting approval. */
  decideModelVersion(action: ModelVersionAction, id: string, reason: string): Promise<ModelVersionNode>;
  categories(): Promise<CategoryNode[]>;
  categoryModel(): Promise<CategoryModelNode | null>;
  /** Bank administrators, step-up: train the categoriser on the bank's labelled transactions now. */
  retrainCategoriser(): Promise<CategoriserTrainingNode>;
  /** Compliance officers, step-up: decide an open review with a written note. */
  decideReview(id: string, decision: ReviewDecision, note: string): Promise<ReviewNode>;
  recommendationEngagement(): Promise<EngagementNode[]>;
  recommendationSettings(): Promise<RecommendationSettingsNode>;
  /** Bank administrators, step-up. */
  updateRecommendationSettings(settings: {
    maxPerPeriod: number;
    dismissedReturnAfterDays: number | null;
  }): Promise<RecommendationSettingsNode>;
  /** Bank staff: the notification threshold and the kinds on or off. */
  insightSettings(): Promise<InsightSettingsNode>;
  /** Bank administrators, step-up: what is omitted is kept. */
  updateInsightSettings(input: {
    notifyThreshold?: number;
    kinds?: { kind: string; enabled: boolean }[];
  }): Promise<InsightSettingsNode>;
  /** Bank staff: per kind, insights created in the last 90 days and what customers did with them. */
  insightEngagement(): Promise<InsightEngagementNode[]>;
}

export type ModelVersionAction = 'promote' | 'approve' | 'reject';

export function intelligenceMethods(request: GraphqlRequest): IntelligenceMethods {
  const decisions = {
    promote: ['promoteModelVersion', PROMOTE_MODEL_VERSION],
    approve: ['approveModelVersion', APPROVE_MODEL_VERSION],
    reject: ['rejectModelVersion', REJECT_MODEL_VERSION],
  } as const;
  return {
    recommendationModels: async () =>
      (await request<{ recommendationModels: RecommendationModelNode[] }>(RECOMMENDATION_MODELS))
        .recommendationModels,
    modelVersions: async () =>
      (await request<{ modelVersions: ModelVersionNode[] }>(MODEL_VERSIONS, { first: modelHistoryLength }))
        .modelVersions,
    modelTrainingRuns: async () =>
      (
        await request<{ modelTrainingRuns: TrainingRunNode[] }>(MODEL_TRAINING_RUNS, {
          first: modelHistoryLength,
        })
      ).modelTrainingRuns,
    retrainModel: async (modelPluginId, reason) =>
      (
        await request<{ retrainRecommendationModel: { modelPluginId: string; workflowId: string } }>(
          RETRAIN_RECOMMENDATION_MODEL,
          { modelPluginId, reason },
        )
      ).retrainRecommendationModel,
    decideModelVersion: async (action, id, reason) => {
      const [field, query] = decisions[action];
      // Approving may go without a reason; an empty one is sent as none.
      const why = reason.trim() === '' && action === 'approve' ? null : reason;
      return (await request<Record<string, ModelVersionNode>>(query, { id, reason: why }))[field]!;
    },
    categories: async () => (await request<{ categories: CategoryNode[] }>(CATEGORIES)).categories,
    categoryModel: async () =>
      (await request<{ categoryModel: CategoryModelNode | null }>(CATEGORY_MODEL)).categoryModel,
    retrainCategoriser: async () =>
      (await request<{ retrainCategoriser: CategoriserTrainingNode }>(RETRAIN_CATEGORISER))
        .retrainCategoriser,
    decideReview: async (id, decision, note) =>
      (
        await request<{ decideRecommendationReview: ReviewNode }>(DECIDE_RECOMMENDATION_REVIEW, {
          id,
          decision,
          note,
        })
      ).decideRecommendationReview,
    recommendationEngagement: async () =>
      (await request<{ recommendationEngagement: EngagementNode[] }>(RECOMMENDATION_ENGAGEMENT))
        .recommendationEngagement,
    recommendationSettings: async () =>
      (await request<{ recommendationSettings: RecommendationSettingsNode }>(RECOMMENDATION_SETTINGS))
        .recommendationSettings,
    updateRecommendationSettings: async (settings) =>
      (
        await request<{ updateRecommendationSettings: RecommendationSettingsNode }>(
          UPDATE_RECOMMENDATION_SETTINGS,
          settings,
        )
      ).updateRecommendationSettings,
    insightSettings: async () =>
      (await request<{ insightSettings: InsightSettingsNode }>(INSIGHT_SETTINGS)).insightSettings,
    updateInsightSettings: async (input) =>
      (await request<{ updateInsightSettings: InsightSettingsNode }>(UPDATE_INSIGHT_SETTINGS, { input }))
        .updateInsightSettings,
    insightEngagement: async () =>
      (await request<{ insightEngagement: InsightEngagementNode[] }>(INSIGHT_ENGAGEMENT)).insightEngagement,
  };
}

// ---- Category rules as a react-admin resource (the API lists them all, by priority; at most 500) ----

export async function listCategoryRules(request: GraphqlRequest): Promise<CategoryRuleRecord[]> {
  return (await request<{ categoryRules: CategoryRuleNode[] }>(CATEGORY_RULES)).categoryRules;
}

export async function categoryRule(request: GraphqlRequest, id: string): Promise<CategoryRuleRecord> {
  const rule = (await listCategoryRules(request)).find((candidate) => candidate.id === id);
  if (!rule)
    throw new ApiError('NOT_FOUND', 'Not found. (No categorisation rule with this id in your bank.)');
  return rule;
}

export async function createCategoryRule(
  request: GraphqlRequest,
  data: Partial<CategoryRuleNode>,
): Promise<CategoryRuleRecord> {
  const input = categoryRuleInput(data);
  return withFormPaths(
    async () =>
      (await request<{ createCategoryRule: CategoryRuleNode }>(CREATE_CATEGORY_RULE, { input }))
        .createCategoryRule,
  );
}

export async function updateCategoryRule(
  request: GraphqlRequest,
  id: string,
  data: Partial<CategoryRuleNode>,
): Promise<CategoryRuleRecord> {
  const input = categoryRuleInput(data);
  return withFormPaths(
    async () =>
      (await request<{ updateCategoryRule: CategoryRuleNode }>(UPDATE_CATEGORY_RULE, { ruleId: id, input }))
        .updateCategoryRule,
  );
}

export async function deleteCategoryRule(request: GraphqlRequest, id: string): Promise<CategoryRuleRecord> {
  return (await request<{ deleteCategoryRule: CategoryRuleNode }>(DELETE_CATEGORY_RULE, { ruleId: id }))
    .deleteCategoryRule;
}

/**
 * The form's values as the API's input: only the rule's own fields (not its id or audit columns); empty
 * texts and lists are left out at every level of the conditions (the API checks the rest and answers per
 * field, by path).
 */
export function categoryRuleInput(data: Partial<CategoryRuleNode>): Record<string, unknown> {
  return {
    name: data.name ?? null,
    priority: data.priority ?? null,
    category: data.category ?? null,
    enabled: data.enabled ?? null,
    conditions: conditionsInput(data.conditions as ConditionValues | undefined),
  };
}
