/** Everything the platform reads from the environment, parsed and validated in one place. */

export type Env = Record<string, string | undefined>;

export interface DatabaseConfig {
  /** Connection URL of the application role `finpersona_app`. */
  appUrl: string;
  /** Most connections the process opens; a request holds one for its whole transaction. */
  poolSize: number;
}

/** What every process that hosts platform services needs (the API and the Temporal worker). */
export interface CoreConfig {
  database: DatabaseConfig;
  /** Where the key-encryption key comes from: personal fields are encrypted at rest (`crypto/`). */
  crypto: CryptoConfig;
  /**
   * `PLUGIN_SANDBOX_NETWORK`: `none` starts every third-party plugin sandbox process in a network namespace
   * of its own with no interface up (`unshare --net`; checked at start-up), `host` (default) leaves its
   * network to the deployment (see `deploy/README.md`, "Plugin sandbox egress").
   */
  pluginSandboxNetwork?: PluginSandboxNetwork;
}

export type PluginSandboxNetwork = 'host' | 'none';

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
}

/**
 * What starting and following onboarding workflows needs (the API, and `cli seed-demo`). No key: the
 * onboarding client writes no personal field (the worker's activities do, with a `CoreConfig`).
 */
export interface OnboardingConfig {
  database: DatabaseConfig;
  temporal: TemporalConfig;
}

/**
 * Limits every GraphQL document must stay within (checked before anything executes). Each maps to one
 * variable; a document over a limit is refused with INVALID and a message naming the limit.
 */
export interface GraphqlLimitsConfig {
  /** `GRAPHQL_MAX_DEPTH` (default 8): deepest field nesting, fragments included. */
  maxDepth: number;
  /** `GRAPHQL_MAX_ALIASES` (default 15): aliased fields per operation (against alias-based amplification). */
  maxAliases: number;
  /** `GRAPHQL_MAX_DIRECTIVES` (default 5): directives per operation. */
  maxDirectives: number;
  /** `GRAPHQL_MAX_COST` (default 5000): estimated cost (objects 2, scalars 1, ×1.5 per level, × literal `first`). */
  maxCost: number;
  /** `GRAPHQL_MAX_TOKENS` (default 2000): lexical tokens in the query text; parsing stops beyond it. */
  maxTokens: number;
  /** `GRAPHQL_INTROSPECTION` (default false): `__schema`/`__type` allowed; only for development stacks. */
  introspection: boolean;
  /** `GRAPHQL_BODY_LIMIT_BYTES` (default 262144 = 256 KiB): largest request body; larger is 413. */
  bodyLimitBytes: number;
  /**
   * `GRAPHQL_SIGNED_IN_BODY_LIMIT_BYTES` (default 7340032 = 7 MiB): largest body of a request whose token
   * was verified (a statement import carries a file of up to 5 MiB in base64); anonymous callers keep
   * `bodyLimitBytes`. The larger of the two is the server's hard limit.
   */
  signedInBodyLimitBytes: number;
}

/**
 * Per-principal request budget on `POST /graphql` over a fixed window: authenticated callers are counted
 * per tenant and subject, anonymous ones per tenant (as addressed) and client IP.
 */
export interface RateLimitConfig {
  /** `RATE_LIMIT_MAX` (default 600): requests per window for one signed-in principal. */
  authenticatedMax: number;
  /** `RATE_LIMIT_ANONYMOUS_MAX` (default 120): requests per window for one anonymous client IP. */
  anonymousMax: number;
  /** `RATE_LIMIT_WINDOW_SECONDS` (default 60). */
  windowSeconds: number;
}

export interface ApiConfig extends CoreConfig, OnboardingConfig {
  http: { host: string; port: number; corsOrigins: string[] };
  graphql: GraphqlLimitsConfig;
  rateLimit: RateLimitConfig;
  identity: IdentityConfig;
}

/** How the API recognises callers and the tenant they address (`identity/`). */
export interface IdentityConfig {
  /** `KEYCLOAK_URL`: base URL of Keycloak; the issuer of realm R is `${keycloakUrl}/realms/${R}`. */
  keycloakUrl: string;
  /** `API_AUDIENCE` (default `finpersona-api`): required `aud` of access tokens. */
  audience: string;
  /**
   * `IDENTITY_ALLOW_DEV_CLIENT` (default false): also accept tokens issued to `finpersona-dev-cli` (password
   * grant; development stacks and tests only). Tokens of the admin portal and customer app are always accepted.
   */
  allowDevClient: boolean;
  /**
   * `TENANT_HOST_SUFFIX` (default none): a request to host `<slug><suffix>` addresses tenant `<slug>`
   * (e.g. `.api.example.com`). Unset: only `X-Tenant` addresses a tenant.
   */
  tenantHostSuffix: string | undefined;
}

/**
 * Encryption at rest (`crypto/`): where the key-encryption key (KEK) comes from. Part of `CoreConfig`
 * (API, worker, CLI commands that use platform services); `loadCryptoConfig` reads it alone.
 */
export type CryptoConfig =
  | {
      /** `CRYPTO_KEY_PROVIDER=local` (the default). */
      provider: 'local';
      /** `CRYPTO_LOCAL_KEY_FILE` (required): base64 32-byte KEK, mode 0600 or narrower, owned by the process's user. */
      keyFile: string;
      /** `CRYPTO_LOCAL_PREVIOUS_KEY_FILES` (comma-separated, default none): old KEKs still readable during a rotation. */
      previousKeyFiles: string[];
      /** `CRYPTO_LOCAL_CREATE_KEY_FILE` (default false): create a missing key file with 0600 (development only). */
      createKeyFile: boolean;
    }
  | {
      /** `CRYPTO_KEY_PROVIDER=aws-kms`; credentials come from the AWS SDK's default chain. */
      provider: 'aws-kms';
      /** `CRYPTO_KMS_KEY_ARN` (required): full ARN of the symmetric KMS key that wraps new data keys. */
      keyArn: string;
      /** `CRYPTO_KMS_PREVIOUS_KEY_ARNS` (comma-separated, default none): old KMS keys still readable during a rotation. */
      previousKeyArns: string[];
    };

/**
 * How realm provisioning (the onboarding worker) signs in to Keycloak's admin REST API. Development and
 * tests use the master realm's bootstrap admin (password grant of `admin-cli`); production uses a
 * confidential client's service account (client credentials) allowed to create and manage realms.
 */
export interface KeycloakAdminConfig {
  /** `KEYCLOAK_URL` (required): base URL; admin API at `${url}/admin/realms`. */
  url: string;
  /** `KEYCLOAK_ADMIN_REALM` (default `master`): the realm the admin signs in to. */
  realm: string;
  /** `KEYCLOAK_ADMIN_CLIENT_ID` (default `admin-cli`). */
  clientId: string;
  credentials:
    | {
        /** `KEYCLOAK_ADMIN_CLIENT_SECRET`: client credentials grant (production). */
        kind: 'client-credentials';
        clientSecret: string;
      }
    | {
        /** `KEYCLOAK_ADMIN_USERNAME` + `KEYCLOAK_ADMIN_PASSWORD`: password grant (development and tests only). */
        kind: 'password';
        username: string;
        password: string;
      };
  /** `API_AUDIENCE` (default `finpersona-api`): the audience the realms' clients put in access tokens. */
  apiAudience: string;
}

/** What the Temporal worker hosts: the core services plus realm provisioning. */
export interface WorkerPlatformConfig extends CoreConfig {
  keycloakAdmin: KeycloakAdminConfig;
}

/** What `cli migrate` needs: the owner role, which the API never connects as. */
export interface MigrationConfig {
  ownerUrl: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

function loadDatabaseConfig(env: Env): DatabaseConfig {
  return {
    appUrl: postgresUrl(env, 'APP_DATABASE_URL'),
    poolSize: integer(env, 'DATABASE_POOL_SIZE', { fallback: 10, min: 1, max: 1000 }),
  };
}

export function loadCoreConfig(env: Env = process.env): CoreConfig {
  return {
    database: loadDatabaseConfig(env),
    crypto: loadCryptoConfig(env),
    pluginSandboxNetwork: loadPluginSandboxNetwork(env),
  };
}

function loadPluginSandboxNetwork(env: Env): PluginSandboxNetwork {
  const value = optional(env, 'PLUGIN_SANDBOX_NETWORK') ?? 'host';
  if (value !== 'host' && value !== 'none')
    throw new ConfigError('PLUGIN_SANDBOX_NETWORK', 'must be host or none');
  return value;
}

export function loadOnboardingConfig(env: Env = process.env): OnboardingConfig {
  return {
    database: loadDatabaseConfig(env),
    temporal: {
      address: hostPort(env, 'TEMPORAL_ADDRESS'),
      namespace: optional(env, 'TEMPORAL_NAMESPACE') ?? 'default',
      taskQueue: optional(env, 'TEMPORAL_TASK_QUEUE') ?? 'finpersona',
    },
  };
}

export function loadCryptoConfig(env: Env = process.env): CryptoConfig {
  const provider = optional(env, 'CRYPTO_KEY_PROVIDER') ?? 'local';
  if (provider === 'local') {
    return {
      provider,
      keyFile: absolutePath('CRYPTO_LOCAL_KEY_FILE', required(env, 'CRYPTO_LOCAL_KEY_FILE')),
      previousKeyFiles: list(env, 'CRYPTO_LOCAL_PREVIOUS_KEY_FILES', []).map((path) =>
        absolutePath('CRYPTO_LOCAL_PREVIOUS_KEY_FILES', path),
      ),
      createKeyFile: boolean(env, 'CRYPTO_LOCAL_CREATE_KEY_FILE', false),
    };
  }
  if (provider === 'aws-kms') {
    return {
      provider,
      keyArn: kmsKeyArn('CRYPTO_KMS_KEY_ARN', required(env, 'CRYPTO_KMS_KEY_ARN')),
      previousKeyArns: list(env, 'CRYPTO_KMS_PREVIOUS_KEY_ARNS', []).map((arn) =>
        kmsKeyArn('CRYPTO_KMS_PREVIOUS_KEY_ARNS', arn),
      ),
    };
  }
  throw new ConfigError('CRYPTO_KEY_PROVIDER', `must be local or aws-kms, got "${provider}"`);
}

export function loadKeycloakAdminConfig(env: Env = process.env): KeycloakAdminConfig {
  const secret = optional(env, 'KEYCLOAK_ADMIN_CLIENT_SECRET');
  const username = optional(env, 'KEYCLOAK_ADMIN_USERNAME');
  const password = optional(env, 'KEYCLOAK_ADMIN_PASSWORD');
  if (secret && (username || password)) {
    throw new ConfigError(
      'KEYCLOAK_ADMIN_CLIENT_SECRET',
      'is set together with KEYCLOAK_ADMIN_USERNAME/PASSWORD; set either the client secret (production) or the user (development)',
    );
  }
  let credentials: KeycloakAdminConfig['credentials'];
  if (secret) credentials = { kind: 'client-credentials', clientSecret: secret };
  else if (username && password) credentials = { kind: 'password', username, password };
  else if (username)
    throw new ConfigError('KEYCLOAK_ADMIN_PASSWORD', 'is not set (KEYCLOAK_ADMIN_USERNAME is)');
  else if (password)
    throw new ConfigError('KEYCLOAK_ADMIN_USERNAME', 'is not set (KEYCLOAK_ADMIN_PASSWORD is)');
  else {
    throw new ConfigError(
      'KEYCLOAK_ADMIN_CLIENT_SECRET',
      'is not set: realm provisioning needs KEYCLOAK_ADMIN_CLIENT_SECRET (production) or KEYCLOAK_ADMIN_USERNAME and KEYCLOAK_ADMIN_PASSWORD (development)',
    );
  }
  return {
    url: httpUrl(env, 'KEYCLOAK_URL').replace(/\/+$/, ''),
    realm: optional(env, 'KEYCLOAK_ADMIN_REALM') ?? 'master',
    clientId: optional(env, 'KEYCLOAK_ADMIN_CLIENT_ID') ?? 'admin-cli',
    credentials,
    apiAudience: optional(env, 'API_AUDIENCE') ?? 'finpersona-api',
  };
}

export function loadWorkerPlatformConfig(env: Env = process.env): WorkerPlatformConfig {
  return { ...loadCoreConfig(env), keycloakAdmin: loadKeycloakAdminConfig(env) };
}

export function loadMigrationConfig(env: Env = process.env): MigrationConfig {
  return { ownerUrl: postgresUrl(env, 'MIGRATION_DATABASE_URL') };
}

export function loadApiConfig(env: Env = process.env): ApiConfig {
  return {
    ...loadOnboardingConfig(env),
    crypto: loadCryptoConfig(env),
    pluginSandboxNetwork: loadPluginSandboxNetwork(env),
    http: {
      host: optional(env, 'API_HOST') ?? '127.0.0.1',
      port: port(env, 'API_PORT', 4000),
      corsOrigins: list(env, 'CORS_ORIGINS', ['http://localhost:5173', 'http://localhost:5174']),
    },
    graphql: {
      maxDepth: integer(env, 'GRAPHQL_MAX_DEPTH', { fallback: 8, min: 1, max: 100 }),
      maxAliases: integer(env, 'GRAPHQL_MAX_ALIASES', { fallback: 15, min: 0, max: 1000 }),
      maxDirectives: integer(env, 'GRAPHQL_MAX_DIRECTIVES', { fallback: 5, min: 0, max: 1000 }),
      maxCost: integer(env, 'GRAPHQL_MAX_COST', { fallback: 5000, min: 1, max: 10_000_000 }),
      maxTokens: integer(env, 'GRAPHQL_MAX_TOKENS', { fallback: 2000, min: 10, max: 1_000_000 }),
      introspection: boolean(env, 'GRAPHQL_INTROSPECTION', false),
      bodyLimitBytes: integer(env, 'GRAPHQL_BODY_LIMIT_BYTES', {
        fallback: 256 * 1024,
        min: 1024,
        max: 100 * 1024 * 1024,
      }),
      signedInBodyLimitBytes: integer(env, 'GRAPHQL_SIGNED_IN_BODY_LIMIT_BYTES', {
        fallback: 7 * 1024 * 1024,
        min: 1024,
        max: 100 * 1024 * 1024,
      }),
    },
    rateLimit: {
      authenticatedMax: integer(env, 'RATE_LIMIT_MAX', { fallback: 600, min: 1, max: 1_000_000 }),
      anonymousMax: integer(env, 'RATE_LIMIT_ANONYMOUS_MAX', { fallback: 120, min: 1, max: 1_000_000 }),
      windowSeconds: integer(env, 'RATE_LIMIT_WINDOW_SECONDS', { fallback: 60, min: 1, max: 86_400 }),
    },
    identity: {
      keycloakUrl: httpUrl(env, 'KEYCLOAK_URL').replace(/\/+$/, ''),
      audience: optional(env, 'API_AUDIENCE') ?? 'finpersona-api',
      allowDevClient: boolean(env, 'IDENTITY_ALLOW_DEV_CLIENT', false),
      tenantHostSuffix: hostSuffix(env, 'TENANT_HOST_SUFFIX'),
    },
  };
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function required(env: Env, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new ConfigError(name, 'is not set');
  return value;
}

function parseUrl(name: string, value: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `is not a URL (expected ${protocols.join(' or ')}//…)`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${url.protocol}`);
  }
  return url;
}

function postgresUrl(env: Env, name: string): string {
  const value = required(env, name);
  parseUrl(name, value, ['postgres:', 'postgresql:']);
  return value;
}

function httpUrl(env: Env, name: string): string {
  const value = required(env, name);
  parseUrl(name, value, ['http:', 'https:']);
  return value;
}

function hostPort(env: Env, name: string): string {
  const value = required(env, name);
  if (!/^[^\s:/]+:\d{1,5}$/.test(value)) throw new ConfigError(name, `must be host:port, got "${value}"`);
  return value;
}

function port(env: Env, name: string, fallback: number): number {
  const value = optional(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new ConfigError(name, `must be a port number 0-65535, got "${value}"`);
  }
  return parsed;
}

function integer(env: Env, name: string, range: { fallback: number; min: number; max: number }): number {
  const value = optional(env, name);
  if (value === undefined) return range.fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < range.min || parsed > range.max) {
    throw new ConfigError(name, `must be an integer ${range.min}-${range.max}, got "${value}"`);
  }
  return parsed;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const value = optional(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigError(name, `must be true or false, got "${value}"`);
}

function hostSuffix(env: Env, name: string): string | undefined {
  const value = optional(env, name)?.toLowerCase();
  if (value === undefined) return undefined;
  // A leading dot keeps `evil-demo-bank.api.example.com`-style look-alikes from matching a bare domain.
  if (!/^(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/.test(value)) {
    throw new ConfigError(
      name,
      `must be a host name suffix starting with a dot (e.g. .api.example.com), got "${value}"`,
    );
  }
  return value;
}

function absolutePath(name: string, value: string): string {
  if (!value.startsWith('/')) throw new ConfigError(name, `must be an absolute path, got "${value}"`);
  return value;
}

function kmsKeyArn(name: string, value: string): string {
  // A key ARN, not an alias: the KEK id recorded with each wrapped data key must keep its meaning.
  if (!/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(value)) {
    throw new ConfigError(
      name,
      `must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got "${value}"`,
    );
  }
  return value;
}

function list(env: Env, name: string, fallback: string[]): string[] {
  const value = optional(env, name);
  if (value === undefined) return fallback;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
