import { connectionDocuments } from './queries.ts';

// GraphQL documents of the staff's intelligence pages: model registry, category rules and categoriser,
// recommendation reviews, delivery settings and engagement (the API's code-first schema is the source of truth).

const MODEL_VERSION_FIELDS = /* GraphQL */ `
  fragment ModelVersionFields on ModelVersion {
    id
    modelPluginId
    pluginVersion
    version
    status
    trigger
    examples
    positives
    auc
    validationMetrics
    dataWindow
    features
    decidedBy
    decisionReason
    decidedAt
    promotedAt
    retiredAt
    createdAt
  }
`;

export const RECOMMENDATION_MODELS = /* GraphQL */ `
  query RecommendationModels {
    recommendationModels {
      pluginId
      version
      features
      champion {
        ...ModelVersionFields
      }
      policy {
        periodDays
        feedbackThreshold
        driftThreshold
        approvalRequired
      }
    }
  }
  ${MODEL_VERSION_FIELDS}
`;

export const MODEL_VERSIONS = /* GraphQL */ `
  query ModelVersions($first: Int!) {
    modelVersions(first: $first) {
      ...ModelVersionFields
    }
  }
  ${MODEL_VERSION_FIELDS}
`;

export const MODEL_TRAINING_RUNS = /* GraphQL */ `
  query ModelTrainingRuns($first: Int!) {
    modelTrainingRuns(first: $first) {
      id
      modelPluginId
      workflowId
      trigger
      reason
      status
      stage
      progress
      requestedBy
      modelVersionId
      outcomeReason
      startedAt
      finishedAt
    }
  }
`;

export const RETRAIN_RECOMMENDATION_MODEL = /* GraphQL */ `
  mutation RetrainRecommendationModel($modelPluginId: String!, $reason: String!) {
    retrainRecommendationModel(modelPluginId: $modelPluginId, reason: $reason) {
      modelPluginId
      workflowId
    }
  }
`;

const versionDecision = (name: string, field: string, reasonType: string) => /* GraphQL */ `
  mutation ${name}($id: ID!, $reason: ${reasonType}) {
    ${field}(id: $id, reason: $reason) {
      ...ModelVersionFields
    }
  }
  ${MODEL_VERSION_FIELDS}
`;
export const PROMOTE_MODEL_VERSION = versionDecision('PromoteModelVersion', 'promoteModelVersion', 'String!');
export const APPROVE_MODEL_VERSION = versionDecision('ApproveModelVersion', 'approveModelVersion', 'String');
export const REJECT_MODEL_VERSION = versionDecision('RejectModelVersion', 'rejectModelVersion', 'String!');

export type ModelVersionStatus = 'CANDIDATE' | 'CHAMPION' | 'RETIRED' | 'REJECTED' | 'AWAITING_APPROVAL';
export type RetrainingTrigger = 'SCHEDULE' | 'FEEDBACK' | 'DRIFT' | 'MANUAL';
export type TrainingRunStatus = 'RUNNING' | 'AWAITING_APPROVAL' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface ModelVersionNode {
  id: string;
  modelPluginId: string;
  pluginVersion: string;
  version: number;
  status: ModelVersionStatus;
  trigger: RetrainingTrigger;
  examples: number;
  positives: number;
  auc: number | null;
  /** JSON text: `{ window, challenger, champion, baselines }` (see models/validation.ts). */
  validationMetrics: string | null;
  /** JSON text: train and validation windows. */
  dataWindow: string;
  features: string[];
  decidedBy: string | null;
  decisionReason: string | null;
  decidedAt: string | null;
  promotedAt: string | null;
  retiredAt: string | null;
  createdAt: string;
}

export interface RecommendationModelNode {
  pluginId: string;
  version: string;
  features: string[];
  champion: ModelVersionNode | null;
  policy: {
    periodDays: number;
    feedbackThreshold: number;
    driftThreshold: number;
    approvalRequired: boolean;
  };
}

export interface TrainingRunNode {
  id: string;
  modelPluginId: string;
  workflowId: string;
  trigger: RetrainingTrigger;
  reason: string;
  status: TrainingRunStatus;
  stage: string;
  progress: number;
  requestedBy: string;
  modelVersionId: string | null;
  outcomeReason: string | null;
  startedAt: string;
  finishedAt: string | null;
}

// ---- Category rules and the categoriser ----

// One level's simple conditions; the rule's own level holds `all` / `any` lists of levels, which hold theirs
// (the API's 3 levels), spelled out because GraphQL selections do not recurse.
const CONDITION_FIELDS = `descriptionContains counterpartyContains merchantContains mcc minAmountMinor
  maxAmountMinor currency direction sourceCodes`;
const NESTED_LEVEL = `${CONDITION_FIELDS} all { ${CONDITION_FIELDS} } any { ${CONDITION_FIELDS} }`;

const CATEGORY_RULE_FIELDS = /* GraphQL */ `
  fragment CategoryRuleFields on CategoryRule {
    id
    name
    priority
    category
    enabled
    conditions {
      ${CONDITION_FIELDS}
      all { ${NESTED_LEVEL} }
      any { ${NESTED_LEVEL} }
    }
    createdBy
    updatedBy
    createdAt
    updatedAt
  }
`;

export const CATEGORIES = /* GraphQL */ `
  query Categories {
    categories {
      id
      kind
      label
    }
  }
`;

export const CATEGORY_RULES = /* GraphQL */ `
  query CategoryRules {
    categoryRules {
      ...CategoryRuleFields
    }
  }
  ${CATEGORY_RULE_FIELDS}
`;

export const CREATE_CATEGORY_RULE = /* GraphQL */ `
  mutation CreateCategoryRule($input: CategoryRuleInput!) {
    createCategoryRule(input: $input) {
      ...CategoryRuleFields
    }
  }
  ${CATEGORY_RULE_FIELDS}
`;

export const UPDATE_CATEGORY_RULE = /* GraphQL */ `
  mutation UpdateCategoryRule($ruleId: ID!, $input: CategoryRuleUpdateInput!) {
    updateCategoryRule(ruleId: $ruleId, input: $input) {
      ...CategoryRuleFields
    }
  }
  ${CATEGORY_RULE_FIELDS}
`;

export const DELETE_CATEGORY_RULE = /* GraphQL */ `
  mutation DeleteCategoryRule($ruleId: ID!) {
    deleteCategoryRule(ruleId: $ruleId) {
      ...CategoryRuleFields
    }
  }
  ${CATEGORY_RULE_FIELDS}
`;

const CATEGORY_MODEL_FIELDS = `id classes examples customerLabels backend trainingMs trainedBy trainedAt`;

export const CATEGORY_MODEL = /* GraphQL */ `
  query CategoryModel {
    categoryModel {
      ${CATEGORY_MODEL_FIELDS}
    }
  }
`;

export const RETRAIN_CATEGORISER = /* GraphQL */ `
  mutation RetrainCategoriser {
    retrainCategoriser {
      trained
      reason
      model {
        ${CATEGORY_MODEL_FIELDS}
      }
    }
  }
`;

export interface CategoryNode {
  id: string;
  kind: string;
  label: string;
}

export interface CategoryRuleConditionsNode {
  descriptionContains: string[] | null;
  counterpartyContains: string[] | null;
  merchantContains: string[] | null;
  mcc: string[] | null;
  minAmountMinor: string | null;
  maxAmountMinor: string | null;
  currency: string | null;
  direction: string | null;
  sourceCodes: string[] | null;
  /** Every one of these holds too (nested levels; at most 3 in all). */
  all?: CategoryRuleConditionsNode[] | null;
  /** At least one of these holds too. */
  any?: CategoryRuleConditionsNode[] | null;
}

export interface CategoryRuleNode {
  id: string;
  name: string;
  priority: number;
  category: string;
  enabled: boolean;
  conditions: CategoryRuleConditionsNode;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface CategoryModelNode {
  id: string;
  classes: string[];
  examples: number;
  customerLabels: number;
  backend: string;
  trainingMs: number;
  trainedBy: string;
  trainedAt: string;
}

export interface CategoriserTrainingNode {
  trained: boolean;
  reason: string | null;
  model: CategoryModelNode | null;
}

// ---- Recommendation reviews, delivery settings and engagement ----

// Inlined, not a fragment: the API's depth limit (8) counts a fragment spread as a level, and the refusals
// of the candidates sit at the limit.
const REVIEW_FIELDS = /* GraphQL */ `
    id
    recommendationId
    trigger
    customerText
    status
    requestedAt
    decision
    note
    decidedAt
    reason
    decisionRecord {
      customerId
      modelPluginId
      modelVersion
      modelVersionId
      score
      rank
      features {
        name
        value
      }
      candidates {
        productId
        productType
        score
        outcome
        refusals {
          ruleId
          reason
        }
      }
      rulePackId
      rulePackVersion
    }
`;

const REVIEW_ARGS = `$first: Int!, $after: String, $status: RecommendationReviewStatus`;
const REVIEW_CALL = `recommendationReviews(first: $first, after: $after, status: $status)`;

const reviewsConnection = connectionDocuments({
  operation: 'RecommendationReviews',
  args: REVIEW_ARGS,
  call: REVIEW_CALL,
  node: REVIEW_FIELDS,
});
export const RECOMMENDATION_REVIEWS_PAGE = reviewsConnection.page;
export const RECOMMENDATION_REVIEWS_CURSORS = reviewsConnection.cursors;

export const DECIDE_RECOMMENDATION_REVIEW = /* GraphQL */ `
  mutation DecideRecommendationReview($id: ID!, $decision: RecommendationReviewDecision!, $note: String!) {
    decideRecommendationReview(id: $id, decision: $decision, note: $note) {
      ${REVIEW_FIELDS}
    }
  }
`;

export const RECOMMENDATION_ENGAGEMENT = /* GraphQL */ `
  query RecommendationEngagement($from: DateTime, $to: DateTime) {
    recommendationEngagement(from: $from, to: $to) {
      productId
      productType
      modelPluginId
      modelVersionId
      delivered
      shown
      opened
      accepted
      dismissed
      shownRate
      openedRate
      acceptedRate
      dismissedRate
    }
  }
`;

const SETTINGS_FIELDS = `maxPerPeriod dismissedReturnAfterDays isDefault`;

export const RECOMMENDATION_SETTINGS = /* GraphQL */ `
  query RecommendationSettings {
    recommendationSettings {
      ${SETTINGS_FIELDS}
    }
  }
`;

export const UPDATE_RECOMMENDATION_SETTINGS = /* GraphQL */ `
  mutation UpdateRecommendationSettings($maxPerPeriod: Int!, $dismissedReturnAfterDays: Int) {
    updateRecommendationSettings(maxPerPeriod: $maxPerPeriod, dismissedReturnAfterDays: $dismissedReturnAfterDays) {
      ${SETTINGS_FIELDS}
    }
  }
`;

export type ReviewStatus = 'REQUESTED' | 'DECIDED';
export type ReviewDecision = 'UPHELD' | 'WITHDRAWN';

export interface ReviewNode {
  id: string;
  recommendationId: string;
  trigger: string;
  customerText: string | null;
  status: ReviewStatus;
  requestedAt: string;
  decision: ReviewDecision | null;
  note: string | null;
  decidedAt: string | null;
  reason: string | null;
  decisionRecord: {
    customerId: string;
    modelPluginId: string;
    modelVersion: string;
    modelVersionId: string;
    score: number;
    rank: number;
    features: { name: string; value: number | null }[];
    candidates: {
      productId: string;
      productType: string;
      score: number | null;
      outcome: string;
      refusals: { ruleId: string; reason: string }[];
    }[];
    rulePackId: string;
    rulePackVersion: string;
  } | null;
}

export interface EngagementNode {
  productId: string;
  productType: string;
  modelPluginId: string;
  modelVersionId: string;
  delivered: number;
  shown: number;
  opened: number;
  accepted: number;
  dismissed: number;
  shownRate: number;
  openedRate: number;
  acceptedRate: number;
  dismissedRate: number;
}

export interface RecommendationSettingsNode {
  maxPerPeriod: number;
  dismissedReturnAfterDays: number | null;
  isDefault: boolean;
}

// ---- Insight settings and engagement (Seam A, owner: insights) ----

const INSIGHT_SETTINGS_FIELDS = /* GraphQL */ `
  fragment InsightSettingsFields on InsightSettings {
    notifyThreshold
    isDefault
    kinds {
      kind
      description
      pluginId
      enabled
    }
  }
`;

export const INSIGHT_SETTINGS = /* GraphQL */ `
  query InsightSettings {
    insightSettings {
      ...InsightSettingsFields
    }
  }
  ${INSIGHT_SETTINGS_FIELDS}
`;

export const UPDATE_INSIGHT_SETTINGS = /* GraphQL */ `
  mutation UpdateInsightSettings($input: UpdateInsightSettingsInput!) {
    updateInsightSettings(input: $input) {
      ...InsightSettingsFields
    }
  }
  ${INSIGHT_SETTINGS_FIELDS}
`;

export const INSIGHT_ENGAGEMENT = /* GraphQL */ `
  query InsightEngagement($from: DateTime, $to: DateTime) {
    insightEngagement(from: $from, to: $to) {
      kind
      generated
      shown
      opened
      dismissed
      acted
      thumbsUp
      thumbsDown
      engagementRate
      openedRate
      dismissedRate
      actedRate
    }
  }
`;

export interface InsightSettingsNode {
  notifyThreshold: number;
  isDefault: boolean;
  kinds: { kind: string; description: string; pluginId: string; enabled: boolean }[];
}

export interface InsightEngagementNode {
  kind: string;
  generated: number;
  shown: number;
  opened: number;
  dismissed: number;
  acted: number;
  thumbsUp: number;
  thumbsDown: number;
  engagementRate: number;
  openedRate: number;
  dismissedRate: number;
  actedRate: number;
}
