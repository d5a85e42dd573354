// Public entry of @finpersona/platform: what the worker, tools and tests may use.
import 'reflect-metadata';

export { createApi, createPlatformContext, startApi } from './api';
export type { ApiOptions, RunningApi } from './api';
export { migrateDatabase } from './database';
export { TenancyService } from './tenancy';
export type { Branding, Region, TenantInput } from './tenancy';
export { CustomersService } from './customers';
export type { DemoCustomer } from './customers';
export {
  ONBOARDING_WORKFLOW,
  ONBOARDING_WORKFLOW_ID_PREFIX,
  TASK_QUEUE,
  onboardingWorkflowId,
} from './onboarding';
export type { OnboardTenantInput } from './onboarding';
export { runAsTenant } from './request-context';
export type { TenantRef } from './request-context';
export { ConfigError } from './config';
export type { Clock } from './identity';
