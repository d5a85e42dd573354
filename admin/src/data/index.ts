export {
  createDataProvider,
  fetchTenantBranding,
  type CustomerRecord,
  type FinPersonaDataProvider,
  type TenantRecord,
} from './dataProvider.ts';
export { ApiError, type ApiErrorCode } from './errors.ts';
export type { ApiSession } from './graphqlClient.ts';
export type { Me, TenantBranding, TenantStatus } from './queries.ts';
