export {
  createDataProvider,
  fetchTenantBranding,
  type ConsentRecord,
  type DataSubjectRequestRecord,
  type CustomerRecord,
  type FinPersonaDataProvider,
  type TenantRecord,
} from './dataProvider.ts';
export { ApiError, type ApiErrorCode } from './errors.ts';
export type { ApiSession } from './graphqlClient.ts';
export type {
  ConsentOverviewSummary,
  ConsentPurpose,
  ConsentStatus,
  DataSubjectRequestKind,
  DataSubjectRequestStatus,
  Me,
  TenantBranding,
  TenantStatus,
} from './queries.ts';
