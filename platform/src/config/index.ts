export {
  ConfigError,
  loadApiConfig,
  loadCoreConfig,
  loadCryptoConfig,
  loadMigrationConfig,
  loadOnboardingConfig,
} from './config';
export type {
  ApiConfig,
  CoreConfig,
  CryptoConfig,
  DatabaseConfig,
  Env,
  GraphqlLimitsConfig,
  MigrationConfig,
  OnboardingConfig,
  RateLimitConfig,
  TemporalConfig,
} from './config';
export { API_CONFIG, CORE_CONFIG, ConfigModule, DATABASE_CONFIG, ONBOARDING_CONFIG } from './config.module';
