import 'reflect-metadata';
import { type DynamicModule, Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  type ApiConfig,
  type BankImportConfig,
  type CoreConfig,
  type Env,
  loadApiConfig,
  loadBankImportConfig,
  loadOnboardingConfig,
  loadWorkerPlatformConfig,
  type OnboardingConfig,
  type WorkerPlatformConfig,
} from '../config';
import { type Clock, registerIdentity, TokenVerifier } from '../identity';
import { EntityManagerScope } from '../database';
import { registerRequestContext } from '../request-context';
import { TenancyService } from '../tenancy';
import { ApiModule, BankImportContextModule, CoreModule, OnboardingContextModule } from './api.module';
import { registerRateLimit } from './rate-limit';
import { registerRequestTransaction } from './request-transaction';
import { registerGraphqlTransportRules } from './transport-rules';

export interface ApiOptions {
  /** Environment to read the configuration from (default `process.env`); ignored when `config` is given. */
  env?: Env;
  config?: ApiConfig;
  clock?: Clock;
  logger?: LogLevel[] | false;
}

/** Builds the API (routes, hooks, database, Temporal client) without listening. */
export async function createApi(options: ApiOptions = {}): Promise<NestFastifyApplication> {
  const config = options.config ?? loadApiConfig(options.env ?? process.env);
  // The hard limit is the signed-in one; anonymous requests are held to the smaller one (transport rules).
  const adapter = new FastifyAdapter({
    bodyLimit: Math.max(config.graphql.bodyLimitBytes, config.graphql.signedInBodyLimitBytes),
    trustProxy: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(config, { clock: options.clock }),
    adapter,
    {
      logger: options.logger ?? ['error', 'warn', 'log'],
      abortOnError: false,
    },
  );
  // Order matters: the context exists before anything reads it; identity runs before GraphQL and sets
  // the tenant before the request's transaction opens.
  const fastify = adapter.getInstance();
  registerRequestContext(fastify);
  registerGraphqlTransportRules(fastify, '/graphql', config.graphql.bodyLimitBytes);
  registerIdentity(fastify, app.get(TokenVerifier), app.get(TenancyService), {
    tenantHostSuffix: config.identity.tenantHostSuffix,
    // Refusals are audited; an address may have as many recorded as anonymous requests allowed.
    denialBudget: { max: config.rateLimit.anonymousMax, windowSeconds: config.rateLimit.windowSeconds },
  });
  await registerRateLimit(fastify, config.rateLimit);
  const transactionLogger = new Logger('RequestTransaction');
  registerRequestTransaction(fastify, app.get(EntityManagerScope), {
    error: (message, meta) => transactionLogger.error(`${message} ${JSON.stringify(meta)}`),
  });
  app.enableCors({
    origin: config.http.corsOrigins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type', 'x-tenant', 'x-request-id'],
    // content-disposition: the name a data export's archive is saved under (POST /data-exports/<id>).
    exposedHeaders: ['x-request-id', 'content-disposition'],
    maxAge: 600,
  });
  await app.init();
  return app;
}

export interface RunningApi {
  url: string;
  app: NestFastifyApplication;
  close(): Promise<void>;
}

/** Starts the API; `port: 0` picks a free port (tests). Defaults come from API_HOST / API_PORT. */
export async function startApi(
  options: ApiOptions & { port?: number; host?: string } = {},
): Promise<RunningApi> {
  const config = options.config ?? loadApiConfig(options.env ?? process.env);
  const app = await createApi({ ...options, config });
  const host = options.host ?? config.http.host;
  await app.listen(options.port ?? config.http.port, host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? config.http.port);
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, app, close: () => app.close() };
}

/**
 * Platform services without HTTP (TenancyService, CustomersService, RealmsService) for the Temporal worker.
 * From the environment it needs APP_DATABASE_URL, KEYCLOAK_URL and the KEYCLOAK_ADMIN_* credentials
 * (realm provisioning); a given `config` without `keycloakAdmin` leaves realm provisioning out (scripts, tests).
 * Close it with `await context.close()`.
 */
export async function createPlatformContext(
  options: { env?: Env; config?: CoreConfig | WorkerPlatformConfig; logger?: LogLevel[] | false } = {},
) {
  const config = options.config ?? loadWorkerPlatformConfig(options.env ?? process.env);
  return applicationContext(CoreModule.forRoot(config), options.logger);
}

/**
 * Platform services and the Temporal client without HTTP, for tools that start onboarding workflows
 * (`cli seed-demo` gets `OnboardingService` from it). Needs APP_DATABASE_URL and TEMPORAL_ADDRESS.
 * Close it with `await context.close()`.
 */
export async function createOnboardingContext(
  options: { env?: Env; config?: OnboardingConfig; logger?: LogLevel[] | false } = {},
) {
  const config = options.config ?? loadOnboardingConfig(options.env ?? process.env);
  return applicationContext(OnboardingContextModule.forRoot(config), options.logger);
}

/**
 * Platform services for a bank importing its own data (`cli import-pkdd99`): customers, consents with the
 * Temporal lifecycle engine, statement imports and the sync starter, without HTTP. Needs APP_DATABASE_URL,
 * the CRYPTO_* variables and TEMPORAL_ADDRESS. Close it with `await context.close()`.
 */
export async function createBankImportContext(
  options: { env?: Env; config?: BankImportConfig; logger?: LogLevel[] | false } = {},
) {
  const config = options.config ?? loadBankImportConfig(options.env ?? process.env);
  return applicationContext(BankImportContextModule.forRoot(config), options.logger);
}

/** A Nest application context (no HTTP) of `module`; errors and warnings logged unless told otherwise. */
function applicationContext(module: DynamicModule, logger: LogLevel[] | false | undefined) {
  return NestFactory.createApplicationContext(module, {
    logger: logger ?? ['error', 'warn'],
    abortOnError: false,
  });
}
