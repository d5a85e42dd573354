export { TenancyGraphqlModule, TenancyModule } from './tenancy.module';
export { maxSuspensionReasonLength, maxTenantPageSize, TenancyService, tenantRef } from './tenancy.service';
export { Tenant, regions, tenantStatuses } from './tenant.entity';
export type { AppOrigins, Branding, Region, TenantStatus } from './tenant.entity';
export type { TenantPage, UpsertTenantOptions } from './tenancy.service';
export {
  appOriginsProblems,
  assertValidTenantInput,
  brandingProblems,
  isText,
  maxOriginsPerApp,
  normaliseAppOrigins,
  tenantInputProblems,
} from './tenant-input';
export type { TenantInput } from './tenant-input';
export {
  AppOriginsInputValue,
  BrandingInputValue,
  BrandingView,
  RegionValue,
  TenantView,
} from './tenancy.graphql';
