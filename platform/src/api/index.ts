export {
  createApi,
  createBankImportContext,
  createOnboardingContext,
  createPlatformContext,
  startApi,
} from './create-api';
export type { ApiOptions, RunningApi } from './create-api';
