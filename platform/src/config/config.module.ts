import { type DynamicModule, Global, Module } from '@nestjs/common';
import type {
  ApiConfig,
  BankImportConfig,
  CoreConfig,
  OnboardingConfig,
  WorkerPlatformConfig,
} from './config';

/**
 * Injection tokens: DATABASE_CONFIG is provided everywhere; CORE_CONFIG (database + encryption at rest)
 * where platform services run (the API, the worker, CLI commands using services); ONBOARDING_CONFIG where
 * workflows are started (the API, `cli seed-demo`, `cli import-pkdd99`); API_CONFIG only where the API runs.
 */
export const DATABASE_CONFIG = Symbol('DATABASE_CONFIG');
export const CORE_CONFIG = Symbol('CORE_CONFIG');
export const ONBOARDING_CONFIG = Symbol('ONBOARDING_CONFIG');
export const API_CONFIG = Symbol('API_CONFIG');
/** Keycloak admin access, provided only where realms are provisioned (the worker). */
export const KEYCLOAK_ADMIN_CONFIG = Symbol('KEYCLOAK_ADMIN_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forCore(config: CoreConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: DATABASE_CONFIG, useValue: config.database },
        { provide: CORE_CONFIG, useValue: config },
      ],
      exports: [DATABASE_CONFIG, CORE_CONFIG],
    };
  }

  static forWorker(config: WorkerPlatformConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: DATABASE_CONFIG, useValue: config.database },
        { provide: CORE_CONFIG, useValue: config },
        { provide: KEYCLOAK_ADMIN_CONFIG, useValue: config.keycloakAdmin },
      ],
      exports: [DATABASE_CONFIG, CORE_CONFIG, KEYCLOAK_ADMIN_CONFIG],
    };
  }

  static forOnboarding(config: OnboardingConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: DATABASE_CONFIG, useValue: config.database },
        { provide: ONBOARDING_CONFIG, useValue: config },
      ],
      exports: [DATABASE_CONFIG, ONBOARDING_CONFIG],
    };
  }

  /** A command writing customers' data and starting their workflows (`cli import-pkdd99`): core + Temporal. */
  static forBankImport(config: BankImportConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: DATABASE_CONFIG, useValue: config.database },
        { provide: CORE_CONFIG, useValue: config },
        { provide: ONBOARDING_CONFIG, useValue: config },
      ],
      exports: [DATABASE_CONFIG, CORE_CONFIG, ONBOARDING_CONFIG],
    };
  }

  /** The API: everything a bank import has (core + Temporal) and its own settings. */
  static forApi(config: ApiConfig): DynamicModule {
    const base = ConfigModule.forBankImport(config);
    return {
      module: ConfigModule,
      providers: [...base.providers!, { provide: API_CONFIG, useValue: config }],
      exports: [...base.exports!, API_CONFIG],
    };
  }
}
