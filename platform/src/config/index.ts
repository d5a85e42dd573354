export { ConfigError, loadApiConfig, loadCoreConfig } from './config';
export type { ApiConfig, CoreConfig, DatabaseConfig, Env } from './config';
export { API_CONFIG, CORE_CONFIG, ConfigModule } from './config.module';
