import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { hiddenFieldsMiddleware, roleMatrixGate } from '../access';
import { AccountsModule, ConnectionsGraphqlModule, ConnectionsModule, SyncStartModule } from '../accounts';
import { AuditGraphqlModule } from '../audit';
import { BehaviourGraphqlModule, BehaviourModule } from '../behaviour';
import {
  type ApiConfig,
  type BankImportConfig,
  ConfigModule,
  type CoreConfig,
  type OnboardingConfig,
  type WorkerPlatformConfig,
} from '../config';
import { ConsentsGraphqlModule, ConsentsModule, TemporalConsentLifecycleModule } from '../consents';
import { CryptoModule } from '../crypto';
import { CustomerNotifierGraphqlModule, CustomerNotifierModule } from '../customer-notifier';
import { CustomerToolsGraphqlModule, CustomerToolsModule } from '../customer-tools';
import { SurveysGraphqlModule, SurveysModule } from '../surveys';
import { CustomersGraphqlModule, CustomersModule } from '../customers';
import { DataSubjectRightsApiModule, DataSubjectRightsModule } from '../data-subject-rights';
import { DatabaseModule } from '../database';
import { EnrichmentGraphqlModule, EnrichmentModule } from '../enrichment';
import { HealthModule } from '../health';
import { InsightsGraphqlModule, InsightsModule } from '../insights';
import { type Clock, IdentityModule } from '../identity';
import { NotificationsGraphqlModule, NotificationsModule } from '../notifications';
import { OnboardingGraphqlModule, OnboardingModule } from '../onboarding';
import { MarketingModule } from '../marketing';
import { ModelRegistryGraphqlModule, ModelRegistryModule } from '../model-registry';
import { PluginsGraphqlModule, PluginsModule } from '../plugins';
import { ProductsGraphqlModule } from '../products';
import { RealmsModule } from '../realms';
import { RecommendationFeedbackModule, RecommendationsGraphqlModule } from '../recommendations';
import { StaffDirectoryGraphqlModule } from '../staff-directory';
import { TenancyGraphqlModule, TenancyModule } from '../tenancy';
import { WebhooksGraphqlModule } from '../webhooks';
import { AppErrorPassThroughFilter } from './app-error.filter';
import { createErrorFormatter } from './graphql-errors';
import { graphqlParseOptions, graphqlValidationRules } from './graphql-limits';

/**
 * Platform services without HTTP: what the Temporal worker hosts. With Keycloak admin settings
 * (`WorkerPlatformConfig`) it also provisions realms (`RealmsService`); with Temporal settings
 * (`BankImportConfig`) it also provides them, for the services that start workflows.
 */
@Module({})
export class CoreModule {
  static forRoot(config: CoreConfig | WorkerPlatformConfig | BankImportConfig): DynamicModule {
    const worker = 'keycloakAdmin' in config;
    return {
      module: CoreModule,
      imports: [
        worker
          ? ConfigModule.forWorker(config)
          : 'temporal' in config
            ? ConfigModule.forBankImport(config)
            : ConfigModule.forCore(config),
        DatabaseModule.forRoot(),
        TenancyModule,
        CustomersModule,
        CryptoModule,
        AccountsModule,
        EnrichmentModule,
        NotificationsModule,
        ConsentsModule,
        DataSubjectRightsModule,
        PluginsModule,
        MarketingModule,
        RecommendationFeedbackModule,
        ModelRegistryModule,
        BehaviourModule,
        CustomerNotifierModule,
        InsightsModule,
        CustomerToolsModule,
        SurveysModule,
        ...(worker ? [RealmsModule] : []),
      ],
      exports: [
        TenancyModule,
        CustomersModule,
        CryptoModule,
        AccountsModule,
        EnrichmentModule,
        NotificationsModule,
        ConsentsModule,
        DataSubjectRightsModule,
        PluginsModule,
        MarketingModule,
        RecommendationFeedbackModule,
        ModelRegistryModule,
        BehaviourModule,
        CustomerNotifierModule,
        InsightsModule,
        CustomerToolsModule,
        SurveysModule,
        ...(worker ? [RealmsModule] : []),
      ],
    };
  }
}

/** Platform services plus the Temporal client that starts onboarding workflows, without HTTP (`cli seed-demo`). */
@Module({})
export class OnboardingContextModule {
  static forRoot(config: OnboardingConfig): DynamicModule {
    return {
      module: OnboardingContextModule,
      imports: [
        ConfigModule.forOnboarding(config),
        DatabaseModule.forRoot(),
        TenancyModule,
        OnboardingModule,
        SyncStartModule,
      ],
      exports: [TenancyModule, OnboardingModule, SyncStartModule],
    };
  }
}

/**
 * Platform services for a bank importing data it holds itself (`cli import-pkdd99`), without HTTP:
 * customers, consents (with the Temporal lifecycle engine, since recording a consent starts its
 * lifecycle), statement imports through the ordinary connection path, and the sync starter.
 */
@Module({})
export class BankImportContextModule {
  static forRoot(config: BankImportConfig): DynamicModule {
    return {
      module: BankImportContextModule,
      imports: [
        CoreModule.forRoot(config),
        TemporalConsentLifecycleModule,
        ConnectionsModule,
        SyncStartModule,
      ],
      exports: [CoreModule, ConnectionsModule],
    };
  }
}

export interface ApiModuleOptions {
  /** Replaces the identity clock (tests move time forward to see tokens expire). */
  clock?: Clock;
}

/** The HTTP API: GraphQL at POST /graphql and the health endpoints. */
@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig, options: ApiModuleOptions = {}): DynamicModule {
    const logger = new Logger('GraphQL');
    const errorFormatter = createErrorFormatter({
      error: (message, meta) => logger.error(`${message} ${JSON.stringify(meta)}`),
    });
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forApi(config),
        DatabaseModule.forRoot(),
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          graphiql: false,
          ide: false,
          allowBatchedQueries: false,
          validationRules: graphqlValidationRules(config.graphql),
          graphql: { parseOptions: graphqlParseOptions(config.graphql) },
          errorFormatter: errorFormatter as never,
          // The role matrix (access/role-matrix.ts): refuses what the caller may not use before anything
          // resolves, and hides the nullable fields their role may not see.
          hooks: { preExecution: roleMatrixGate },
          buildSchemaOptions: { fieldMiddleware: [hiddenFieldsMiddleware] },
        }),
        TenancyModule,
        TenancyGraphqlModule,
        CustomersGraphqlModule,
        IdentityModule.forRoot({ clock: options.clock }),
        OnboardingGraphqlModule,
        SyncStartModule,
        AuditGraphqlModule,
        ConnectionsGraphqlModule,
        ConsentsGraphqlModule,
        NotificationsGraphqlModule,
        CustomerNotifierGraphqlModule,
        InsightsGraphqlModule,
        DataSubjectRightsApiModule,
        PluginsGraphqlModule,
        WebhooksGraphqlModule,
        ProductsGraphqlModule,
        CustomerToolsGraphqlModule,
        SurveysGraphqlModule,
        StaffDirectoryGraphqlModule,
        EnrichmentGraphqlModule,
        RecommendationsGraphqlModule,
        ModelRegistryGraphqlModule,
        BehaviourGraphqlModule,
        MarketingModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AppErrorPassThroughFilter }],
    };
  }
}
