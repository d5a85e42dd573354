// `@finpersona/platform/testing`: test-only helpers for other packages (never built into dist/).
export { startDemoBankApi, demoBankCustomers, demoBankTenant, type DemoBankApi } from './demo-bank-api';
export {
  createFixtureConnector,
  fixtureSourceIds,
  FixtureConnector,
  FIXTURE_CONNECTOR_ID,
  type FixtureCall,
  type FixtureConnectorOptions,
  type FixtureControls,
  type FixtureInterceptor,
  type FixtureSource,
} from './fixture-connector';
export {
  addSyncConnection,
  createSyncConnection,
  revokeConsent,
  syncRequestsReceived,
  syncTestBank,
  type SyncFixtureConnection,
} from './sync-fixture';
export { temporaryKeyFile } from './key-file';
export { grantAggregationConsent, sampleAccounts, seedSourceData } from './customer-data';
export { prepareProductWorld, type ProductWorld } from './product-fixtures';
export { constantModel, fixtureModelPlugin, metricsWithAuc } from './model-fixtures';
export { fixtureInsightPlugin, insertInsight } from './insight-fixtures';
export type { SeededStaffData } from './staff-data';
export { exportArchiveFiles } from './data-subject-requests';
export type { SeededIntelligenceData } from './intelligence-data';
export type { SeededSurveyResults } from './survey-results-data';
export {
  decryptableValuesOf,
  encryptedCustomerColumnsSql,
  seedPersonalData,
  type SeededPersonalData,
} from './personal-data';
export { amlYears, installRegionRulePack, regionLaw } from './rule-packs';
export {
  startWebhookSubscriber,
  waitUntil,
  type ReceivedWebhook,
  type WebhookSubscriber,
} from './webhook-subscriber';
export { signatureHeader, verifyWebhookSignature, webhookEventTypes } from '../webhooks';
