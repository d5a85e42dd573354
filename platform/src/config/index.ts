export {
  ConfigError,
  loadApiConfig,
  loadCoreConfig,
  loadCryptoConfig,
  loadKeycloakAdminConfig,
  loadMigrationConfig,
  loadOnboardingConfig,
  loadWorkerPlatformConfig,
} from './config';
export type {
  ApiConfig,
  CoreConfig,
  CryptoConfig,
  DatabaseConfig,
  Env,
  GraphqlLimitsConfig,
  KeycloakAdminConfig,
  IdentityConfig,
  MigrationConfig,
  OnboardingConfig,
  RateLimitConfig,
  TemporalConfig,
  WorkerPlatformConfig,
} from './config';
export {
  API_CONFIG,
  CORE_CONFIG,
  ConfigModule,
  DATABASE_CONFIG,
  KEYCLOAK_ADMIN_CONFIG,
  ONBOARDING_CONFIG,
} from './config.module';
