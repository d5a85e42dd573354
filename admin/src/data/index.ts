export {
  createDataProvider,
  fetchTenantBranding,
  type CustomerRecord,
  type FinPersonaDataProvider,
} from './dataProvider.ts';
export { ApiError, type ApiErrorCode } from './errors.ts';
export type { ApiSession } from './graphqlClient.ts';
export type { Me, TenantBranding } from './queries.ts';
