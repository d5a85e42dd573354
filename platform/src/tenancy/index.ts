export { TenancyGraphqlModule, TenancyModule } from './tenancy.module';
export { TenancyService, tenantRef } from './tenancy.service';
export { Tenant, regions, tenantStatuses } from './tenant.entity';
export type { Branding, Region, TenantStatus } from './tenant.entity';
export type { UpsertTenantOptions } from './tenancy.service';
export { assertValidTenantInput, isText, tenantInputProblems } from './tenant-input';
export type { TenantInput } from './tenant-input';
export { BrandingView, RegionValue, TenantView } from './tenancy.graphql';
