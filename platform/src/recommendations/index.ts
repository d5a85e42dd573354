export {
  RecommendationFeedbackModule,
  RecommendationsGraphqlModule,
  RecommendationsModule,
} from './recommendations.module';
export {
  defaultRecommendationSettings,
  RecommendationsService,
  type RecommendationList,
  type RecommendationRecord,
  type ReviewRecord,
} from './recommendations.service';
export { RecommendationFeedback, type RecommendationFeedbackOutcome } from './recommendation-feedback';
export { ChampionModels, type ChampionVersion, declaredFeatures } from './champion-scorer';
export {
  customerFactsOf,
  disclosuresFor,
  heldProductTypes,
  periodOf,
  rankCandidates,
  selectExplained,
  type CandidateDecision,
  type DeliveryCandidate,
  type DeliveryInput,
} from './delivery-core';
export {
  Recommendation,
  RecommendationEvent,
  RecommendationReview,
  RecommendationSettings,
} from './recommendation.entities';
