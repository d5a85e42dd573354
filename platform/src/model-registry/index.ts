export { ModelRegistryGraphqlModule, ModelRegistryModule } from './model-registry.module';
export { RetrainingStarter } from './retraining-starter';
export { RetrainingLoops } from './retraining-loops';
export {
  championOf,
  defaultRetrainingPolicy,
  maxDecisionReasonLength,
  ModelRegistryService,
} from './model-registry.service';
export type {
  Champion,
  RetrainingPolicy,
  TrainedVersionInput,
  VersionDecision,
} from './model-registry.service';
export { ModelVersion, modelVersionStatuses, retrainingTriggers } from './model-version.entity';
export type {
  DataWindow,
  FeatureProfile,
  MetricValues,
  ModelVersionStatus,
  RetrainingTrigger,
  ValidationReport,
} from './model-version.entity';
export { TrainingRun, trainingRunStages, trainingRunStatuses } from './training-run.entity';
export type { TrainingRunStage, TrainingRunStatus } from './training-run.entity';
export { RetrainingPolicyRow } from './retraining-policy.entity';
export {
  defaultDatasetWindows,
  expandFeatures,
  featureFingerprint,
  splitWindows,
  TrainingDatasets,
} from './dataset';
export type { BuiltDataset, DatasetRequest, DatasetSummary, DatasetWindows } from './dataset';
export { featureProfile, populationStability, profileBins } from './drift';
export { baselineModels, ModelTraining } from './model-training.service';
export { RecommendationOutcomesSource } from './recommendation-outcomes';
export type { RecommendationOutcomeRow, RecommendationOutcomes } from './recommendation-outcomes';
export { RETRAINING_WORKFLOW, retrainingSignals, retrainingWorkflowId } from './retraining-contract';
export type {
  RetrainingInput,
  RetrainingResult,
  RetrainingRunOutcome,
  RetrainingTriggerCheck,
  RetrainNowRequest,
} from './retraining-contract';
