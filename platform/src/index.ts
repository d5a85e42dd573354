// Public entry of @finpersona/platform: what the worker, tools and tests may use.
import 'reflect-metadata';

export { createApi, createOnboardingContext, createPlatformContext, startApi } from './api';
export type { ApiOptions, RunningApi } from './api';
export { migrateDatabase } from './database';
export { runCli, usage as cliUsage } from './cli/index';
export type { CliIo } from './cli/index';
export { TenancyService, tenantRef, tenantStatuses } from './tenancy';
export type { Branding, Region, Tenant, TenantInput, TenantStatus, UpsertTenantOptions } from './tenancy';
export { AuditService } from './audit';
export { CustomersService } from './customers';
export { AlertsService } from './customer-tools';
export { TransactionPromptsService } from './surveys';
export type { AlertEvaluation } from './customer-tools';
export {
  ConnectorRegistry,
  IngestService,
  SYNC_REQUESTED_SIGNAL,
  SYNC_WORKFLOW,
  SyncService,
  STATEMENT_CONNECTOR_ID,
  StatementImportsService,
  StatementUploads,
  SyncStarter,
  maxRejectionsReported,
  maxStatementBytes,
  refetchOverlapDays,
  scheduleIntervalMs,
  scheduledSyncWorkflowId,
  syncScheduleId,
  syncWorkflowId,
} from './accounts';
export type {
  AccountSyncReport,
  ConnectorFactory,
  ConnectorFactoryContext,
  IngestReport,
  ImportStatementInput,
  Rejection,
  StatementImportResult,
  StatementSummary,
  StoredAccounts,
  SyncConnectionInput,
  SyncReport,
  SyncRequest,
  SyncResult,
  SyncRunStatus,
  SyncStart,
  SyncTrigger,
} from './accounts';
export type { CustomerRecord, DemoCustomer } from './customers';
export { FieldEncryptionService, FieldDecryptionFailed } from './crypto';
export { PluginCatalogue, PluginsService, PluginRefused } from './plugins';
export type { CataloguedPlugin, InitialPlugin, InstallationRecord } from './plugins';
export {
  CONSENT_LIFECYCLE_WORKFLOW,
  ConsentClock,
  ConsentHooks,
  ConsentLifecycle,
  ConsentsService,
  TemporalConsentLifecycle,
  consentLifecycleWorkflowId,
  consentTerms,
  currentConsentText,
  deadlineOf,
  isConsentLive,
} from './consents';
export type {
  ConsentEnded,
  ConsentLifecycleInput,
  ConsentLifecycleState,
  ConsentPurpose,
  ConsentStatus,
  GrantConsentInput,
} from './consents';
export { ComplianceRules, firstPartyRulePacks } from './compliance';
export type { Principal } from './request-context';
export type { TenantRules } from './compliance';
export { NotificationsService } from './notifications';
export { MarketingService } from './marketing';
export { CustomerNotifier, CustomerNotifierModule } from './customer-notifier';
export type { CustomerNotification, NotificationResult } from './customer-notifier';
export { InsightsService, type InsightRunReport } from './insights';
export {
  baselineModels,
  defaultRetrainingPolicy,
  featureFingerprint,
  ModelRegistryService,
  ModelTraining,
  RecommendationOutcomesSource,
  RETRAINING_WORKFLOW,
  retrainingSignals,
  retrainingWorkflowId,
  TrainingDatasets,
  modelVersionStatuses,
  retrainingTriggers,
  trainingRunStages,
  trainingRunStatuses,
} from './model-registry';
export type {
  Champion,
  DatasetSummary,
  DataWindow,
  RecommendationOutcomeRow,
  RecommendationOutcomes,
  RetrainingInput,
  RetrainingResult,
  RetrainingRunOutcome,
  RetrainingTriggerCheck,
  RetrainNowRequest,
  FeatureProfile,
  ModelVersionStatus,
  RetrainingPolicy,
  RetrainingTrigger,
  TrainedVersionInput,
  TrainingRunStage,
  TrainingRunStatus,
  ValidationReport,
  VersionDecision,
} from './model-registry';
export {
  DataSubjectRightsService,
  ERASURE_WORKFLOW,
  EXPORT_WORKFLOW,
  erasureWorkflowId,
  exportDownloadDays,
  exportWorkflowId,
} from './data-subject-rights';
export type {
  DataSubjectRequestInput,
  ErasureCertificate,
  ErasureEndings,
  ExportArchiveReport,
} from './data-subject-rights';
export {
  DEMO_BANK,
  ONBOARDING_WORKFLOW,
  ONBOARDING_WORKFLOW_ID_PREFIX,
  OnboardingService,
  TASK_QUEUE,
  describeDemoBankSeed,
  onboardingWorkflowId,
  seedDemoBank,
} from './onboarding';
export type { DemoBankSeed, OnboardingResult, OnboardingRun, OnboardTenantInput } from './onboarding';
export { AppError, Conflict, isAppError, NotFound } from './errors';
export type { ErrorCode } from './errors';
export { runAsTenant } from './request-context';
export type { TenantRef } from './request-context';
export { ConfigError, loadKeycloakAdminConfig, loadWorkerPlatformConfig } from './config';
export type { KeycloakAdminConfig, WorkerPlatformConfig } from './config';
export {
  bankRealmTemplate,
  clientProtocolMappers,
  KeycloakAdminApi,
  RealmProvisioner,
  RealmsService,
  realmImport,
  signInFlows,
  signInImport,
} from './realms';
export type { BankRealmTemplate, ProvisionedRealm, RealmImport, SignInImport } from './realms';
export type { Clock } from './identity';
// The authentication strength tokens carry (`amr`/`acr` names, ages): the realm template
// (`realms/sign-in.ts`) makes Keycloak issue them, the API's step-up reads them.
export {
  ACR_PASSWORD,
  ACR_SECOND_FACTOR,
  AMR_ONE_TIME_CODE,
  AMR_PASSWORD,
  passwordMaxAgeSeconds,
  secondFactorMaxAgeSeconds,
} from './identity';
export { BehaviourService } from './behaviour';
