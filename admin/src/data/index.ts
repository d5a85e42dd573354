export {
  createDataProvider,
  fetchTenantBranding,
  type ConsentRecord,
  type DataSubjectRequestRecord,
  type CustomerRecord,
  type FinPersonaDataProvider,
  type TenantRecord,
} from './dataProvider.ts';
export { currentCursor, firstPage, newerPage, olderPage, type PageCursors } from './cursorPages.ts';
export { ApiError, fieldErrors, retryQuery, type ApiErrorCode, type FieldProblem } from './errors.ts';
export {
  modelHistoryLength,
  type CategoryRuleRecord,
  type IntelligenceMethods,
  type ModelVersionAction,
  type ReviewRecord,
} from './intelligence.ts';
export type {
  CategoriserTrainingNode,
  CategoryModelNode,
  CategoryNode,
  EngagementNode,
  InsightEngagementNode,
  InsightSettingsNode,
  ModelVersionNode,
  ModelVersionStatus,
  RecommendationModelNode,
  RecommendationSettingsNode,
  ReviewDecision,
  ReviewStatus,
  TrainingRunNode,
} from './intelligence-queries.ts';
export type { ApiFile, ApiSession } from './graphqlClient.ts';
export type {
  ConsentOverviewSummary,
  ConsentPurpose,
  ConsentStatus,
  DataSubjectRequestChannel,
  DataSubjectRequestKind,
  DataSubjectRequestStatus,
  Me,
  TenantBranding,
  TenantStatus,
} from './queries.ts';
export { surveyInput, type SurveyMethods, type SurveyRecord } from './surveys.ts';
export { formPath } from './errors.ts';
export type {
  SurveyNode,
  SurveyQuestionKind,
  SurveyQuestionResultNode,
  SurveyResultsNode,
  SurveySettingsNode,
  SurveyStatus,
  SurveyStep,
} from './survey-queries.ts';
export { type PluginMethods, type PluginSettings } from './plugins.ts';
export type {
  PluginInstallationNode,
  PluginNode,
  PluginStatus,
  PluginVersionNode,
} from './plugin-queries.ts';
export {
  type WebhookMethods,
  type WebhookSubscriptionChanges,
  type WebhookSubscriptionInput,
} from './webhooks.ts';
export type {
  WebhookDeliveryNode,
  WebhookDeliveryPage,
  WebhookDeliveryStatus,
  WebhookSubscriptionNode,
  WebhookSubscriptionSecretNode,
} from './webhook-queries.ts';
export { productRegions, productTypes, type ProductRecord } from './products.ts';
export type {
  MoneyNode,
  ProductFeeNode,
  ProductNode,
  ProductRateNode,
  ProductRegion,
  ProductType,
} from './product-queries.ts';
export { type StaffMethods } from './staff.ts';
export type { StaffMemberNode } from './staff-queries.ts';
export { type AuditMethods } from './audit.ts';
export type {
  AuditActorNode,
  AuditEntryNode,
  AuditExportFormat,
  AuditOutcomeFilter,
  AuditTrailFilters,
  AuditTrailPage,
  AuditVerificationNode,
} from './audit-queries.ts';
export { type DataSubjectRequestMethods, type RecordedRequestInput } from './data-subject-requests.ts';
export {
  forgetRecordedExport,
  forgetRecordedExports,
  recordedExport,
  rememberRecordedExport,
  type RecordedExport,
} from './recorded-exports.ts';
