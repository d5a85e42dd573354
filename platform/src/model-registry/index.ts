export { ModelRegistryModule } from './model-registry.module';
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
