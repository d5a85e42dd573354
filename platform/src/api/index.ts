export { createApi, createOnboardingContext, createPlatformContext, startApi } from './create-api';
export type { ApiOptions, RunningApi } from './create-api';
