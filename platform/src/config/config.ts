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
  /**
   * `PLUGIN_TRAIN_*`: the budget of one third-party recommendation model's `train` call in its sandbox
   * (every other plugin call keeps the isolation defaults). Unset: `loadPluginTrainingLimits({})`.
   */
  pluginTrainingLimits?: PluginTrainingLimitsConfig;
  /** Where `CustomerNotifier` sends e-mail and web push; a channel left unset is skipped (in-app only). */
  notificationChannels?: NotificationChannelsConfig;
}

/**
 * The deployment's outbound notification channels (`customer-notifier/`). Unset: the channel is not
 * offered and every message for it is `skipped` with that reason.
 */
export interface NotificationChannelsConfig {
  email: SmtpConfig | null;
  push: WebPushConfig | null;
}

/** E-mail through an SMTP server (the bank's relay or a provider's). */
export interface SmtpConfig {
  /** `SMTP_HOST` (setting it turns e-mail on). */
  host: string;
  /** `SMTP_PORT` (default 587; 465 with `SMTP_SECURE`). */
  port: number;
  /** `SMTP_SECURE` (default false): TLS from the first byte (port 465) instead of STARTTLS. */
  secure: boolean;
  /** `SMTP_REQUIRE_TLS` (default true): refuse to send unless the connection is TLS (STARTTLS or `secure`). */
  requireTls: boolean;
  /** `SMTP_FROM` (required with `SMTP_HOST`): the sender address, e.g. `"Demo Bank" <noreply@bank.example>`. */
  from: string;
  /** `SMTP_USER` + `SMTP_PASSWORD` (both or neither): AUTH credentials. */
  auth: { user: string; password: string } | null;
  /** `SMTP_TIMEOUT_MS` (default 10000): connect, greeting and each command. */
  timeoutMs: number;
}

/** Web push (RFC 8030 with VAPID, RFC 8292, and message encryption, RFC 8291). */
export interface WebPushConfig {
  /** `WEB_PUSH_VAPID_PUBLIC_KEY` (setting it turns push on): base64url P-256 public key the browser subscribes with. */
  vapidPublicKey: string;
  /** `WEB_PUSH_VAPID_PRIVATE_KEY` (required with the public key): base64url private key; a secret. */
  vapidPrivateKey: string;
  /** `WEB_PUSH_SUBJECT` (required with the keys): `mailto:` or `https:` contact for push services. */
  subject: string;
  /** `WEB_PUSH_TTL_SECONDS` (default 86400): how long a push service keeps an undelivered message. */
  ttlSeconds: number;
  /** `WEB_PUSH_ALLOW_LOOPBACK` (default false): accept `http://` loopback endpoints (tests and `./fp up` only). */
  allowLoopback: boolean;
  /** `WEB_PUSH_TIMEOUT_MS` (default 10000): longest one request to a push service may take. */
  timeoutMs: number;
}

export type PluginSandboxNetwork = 'host' | 'none';

/**
 * The limits of a third-party recommendation model's `train` call (`recommendation-model.train`), set by
 * the platform operator only (never by a plugin or a bank). The dataset goes to the model in one call, so
 * it needs more than a request-time call's budget (256 KiB of arguments, 1 s of CPU, a 32 MB heap); a
 * plugin that loops or allocates without end is still stopped, at these limits. Each has a range (its
 * ceiling is the largest value accepted); values that do not fit together are refused at start-up too.
 * The training runs in a sandbox process of its own (other limits: another process), while the retraining
 * activity heartbeats for it.
 */
export interface PluginTrainingLimitsConfig {
  /** `PLUGIN_TRAIN_CPU_MS` (default 120000 = 2 min; 1000-1800000): CPU time of the model's code. */
  cpuMsPerCall: number;
  /** `PLUGIN_TRAIN_WALL_MS` (default 300000 = 5 min; 1000-3600000, at least the CPU limit): wall-clock time. */
  wallMsPerCall: number;
  /** `PLUGIN_TRAIN_HEAP_MB` (default 256; 32-2048): the isolate's V8 heap (the parsed dataset lives there). */
  heapMb: number;
  /**
   * `PLUGIN_TRAIN_PROCESS_RSS_MB` (default 1024; 256-8192): resident memory of the training's sandbox
   * process; at least the heap plus what the process holds while passing the dataset on (4 × the argument
   * limit + 2 × the result limit) plus 128 MB.
   */
  processRssMb: number;
  /**
   * `PLUGIN_TRAIN_MAX_ARGUMENT_BYTES` (default 33554432 = 32 MiB; 262144-268435456): the dataset's JSON
   * size; at most a quarter of the heap (its text and its parsed objects both live there).
   */
  maxArgumentBytes: number;
  /** `PLUGIN_TRAIN_MAX_RESULT_BYTES` (default 8388608 = 8 MiB; 1048576-67108864): the trained artefact's JSON size. */
  maxResultBytes: number;
}

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
  webhooks: WebhooksConfig;
  staffDirectory: StaffDirectoryConfig;
}

/** The bank's staff directory (`staff-directory/`; platform/README.md "Staff directory"). */
export interface StaffDirectoryConfig {
  /**
   * `STAFF_DIRECTORY_RETENTION_DAYS` (default 400, 30-3650): a staff member not seen by the API for this
   * long is removed from their bank's directory. 400: anyone who signs in at least once a year (a yearly
   * reviewer) is never removed, with a month's slack for a review held late.
   */
  retentionDays: number;
  /** `STAFF_DIRECTORY_PRUNE` (default true): this API process prunes the directory (any number may). */
  prune: boolean;
}

/**
 * Outbound webhooks (`webhooks/`): where subscriptions may point and how the API process's dispatcher
 * delivers (platform/README.md "Outbound events").
 */
export interface WebhooksConfig {
  /** `WEBHOOK_DISPATCH` (default true): this process delivers webhooks (any number of processes may). */
  dispatch: boolean;
  /**
   * `WEBHOOK_ALLOW_LOOPBACK` (default false): also accept `http(s)://` URLs on this machine's loopback
   * (`127.0.0.0/8`, `::1`, `localhost`) — tests and `./fp up` only. Private addresses are always refused.
   */
  allowLoopback: boolean;
  /** `WEBHOOK_POLL_INTERVAL_MS` (default 1000): how often the dispatcher looks for due deliveries. */
  pollIntervalMs: number;
  /** `WEBHOOK_TIMEOUT_MS` (default 10000): longest one attempt may take (connect, send, response). */
  timeoutMs: number;
  /**
   * `WEBHOOK_LEASE_MS` (default 60000, at least twice the timeout): how long a process holds a
   * subscription without renewing it; a process that died mid-delivery is taken over after this.
   */
  leaseMs: number;
  /** `WEBHOOK_MAX_ATTEMPTS` (default 12): attempts before a delivery is `dead`. */
  maxAttempts: number;
  /** `WEBHOOK_RETRY_BASE_MS` (default 30000): wait after the first failure; doubles per failure. */
  retryBaseMs: number;
  /** `WEBHOOK_RETRY_MAX_MS` (default 21600000 = 6 h): longest wait between attempts. */
  retryMaxMs: number;
  /** `WEBHOOK_CONCURRENCY` (default 8): subscriptions this process sends to at the same time. */
  concurrency: number;
  /**
   * `WEBHOOK_RETENTION_DAYS` (default 30, 1-3650): how long a finished event (every delivery `delivered` or
   * `dead`) stays in the outbox — and so in the delivery log and open to replay — before it is pruned.
   */
  retentionDays: number;
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

/**
 * What a command that writes customers' data through the platform's services and starts their workflows
 * needs (`cli import-pkdd99`): the core (database, encryption at rest) and the Temporal client.
 */
export interface BankImportConfig extends CoreConfig, OnboardingConfig {}

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
    pluginTrainingLimits: loadPluginTrainingLimits(env),
    notificationChannels: loadNotificationChannelsConfig(env),
  };
}

export function loadNotificationChannelsConfig(env: Env = process.env): NotificationChannelsConfig {
  return { email: loadSmtpConfig(env), push: loadWebPushConfig(env) };
}

function loadSmtpConfig(env: Env): SmtpConfig | null {
  const host = optional(env, 'SMTP_HOST');
  if (host === undefined) return null;
  const user = optional(env, 'SMTP_USER');
  const password = optional(env, 'SMTP_PASSWORD');
  if ((user === undefined) !== (password === undefined)) {
    throw new ConfigError(user === undefined ? 'SMTP_USER' : 'SMTP_PASSWORD', 'must be set with the other');
  }
  const secure = boolean(env, 'SMTP_SECURE', false);
  return {
    host,
    port: port(env, 'SMTP_PORT', secure ? 465 : 587),
    secure,
    requireTls: boolean(env, 'SMTP_REQUIRE_TLS', true),
    from: required(env, 'SMTP_FROM'),
    auth: user !== undefined && password !== undefined ? { user, password } : null,
    timeoutMs: integer(env, 'SMTP_TIMEOUT_MS', { fallback: 10_000, min: 100, max: 120_000 }),
  };
}

function loadWebPushConfig(env: Env): WebPushConfig | null {
  const vapidPublicKey = optional(env, 'WEB_PUSH_VAPID_PUBLIC_KEY');
  if (vapidPublicKey === undefined) return null;
  const base64url = /^[A-Za-z0-9_-]+$/;
  if (!base64url.test(vapidPublicKey) || Buffer.from(vapidPublicKey, 'base64url').length !== 65) {
    throw new ConfigError(
      'WEB_PUSH_VAPID_PUBLIC_KEY',
      'must be a base64url uncompressed P-256 public key (65 bytes)',
    );
  }
  const vapidPrivateKey = required(env, 'WEB_PUSH_VAPID_PRIVATE_KEY');
  if (!base64url.test(vapidPrivateKey) || Buffer.from(vapidPrivateKey, 'base64url').length !== 32) {
    throw new ConfigError('WEB_PUSH_VAPID_PRIVATE_KEY', 'must be a base64url P-256 private key (32 bytes)');
  }
  const subject = required(env, 'WEB_PUSH_SUBJECT');
  if (!/^(mailto:|https:\/\/)/.test(subject)) {
    throw new ConfigError('WEB_PUSH_SUBJECT', 'must be a mailto: or https:// contact address');
  }
  return {
    vapidPublicKey,
    vapidPrivateKey,
    subject,
    ttlSeconds: integer(env, 'WEB_PUSH_TTL_SECONDS', { fallback: 86_400, min: 0, max: 2_419_200 }),
    allowLoopback: boolean(env, 'WEB_PUSH_ALLOW_LOOPBACK', false),
    timeoutMs: integer(env, 'WEB_PUSH_TIMEOUT_MS', { fallback: 10_000, min: 100, max: 120_000 }),
  };
}

function loadPluginSandboxNetwork(env: Env): PluginSandboxNetwork {
  const value = optional(env, 'PLUGIN_SANDBOX_NETWORK') ?? 'host';
  if (value !== 'host' && value !== 'none')
    throw new ConfigError('PLUGIN_SANDBOX_NETWORK', 'must be host or none');
  return value;
}

const mib = 1024 * 1024;

/** `PLUGIN_TRAIN_*` (see `PluginTrainingLimitsConfig`), each within its range and consistent with the others. */
export function loadPluginTrainingLimits(env: Env = process.env): PluginTrainingLimitsConfig {
  const cpuMsPerCall = integer(env, 'PLUGIN_TRAIN_CPU_MS', { fallback: 120_000, min: 1_000, max: 1_800_000 });
  const wallMsPerCall = integer(env, 'PLUGIN_TRAIN_WALL_MS', {
    fallback: 300_000,
    min: 1_000,
    max: 3_600_000,
  });
  // CPU time cannot exceed wall time: a CPU limit above the wall limit would never be the one that stops.
  if (wallMsPerCall < cpuMsPerCall) {
    throw new ConfigError('PLUGIN_TRAIN_WALL_MS', `must be at least PLUGIN_TRAIN_CPU_MS (${cpuMsPerCall})`);
  }
  const heapMb = integer(env, 'PLUGIN_TRAIN_HEAP_MB', { fallback: 256, min: 32, max: 2048 });
  const maxArgumentBytes = integer(env, 'PLUGIN_TRAIN_MAX_ARGUMENT_BYTES', {
    fallback: 32 * mib,
    min: 256 * 1024,
    max: 256 * mib,
  });
  if (maxArgumentBytes > (heapMb * mib) / 4) {
    throw new ConfigError(
      'PLUGIN_TRAIN_MAX_ARGUMENT_BYTES',
      `must be at most a quarter of PLUGIN_TRAIN_HEAP_MB (${(heapMb * mib) / 4} bytes): the dataset's text and its parsed objects both live in the heap`,
    );
  }
  const maxResultBytes = integer(env, 'PLUGIN_TRAIN_MAX_RESULT_BYTES', {
    fallback: 8 * mib,
    min: mib,
    max: 64 * mib,
  });
  const processRssMb = integer(env, 'PLUGIN_TRAIN_PROCESS_RSS_MB', { fallback: 1024, min: 256, max: 8192 });
  const neededRssMb = heapMb + Math.ceil((4 * maxArgumentBytes + 2 * maxResultBytes) / mib) + 128;
  if (processRssMb < neededRssMb) {
    throw new ConfigError(
      'PLUGIN_TRAIN_PROCESS_RSS_MB',
      `must be at least ${neededRssMb} with these limits (PLUGIN_TRAIN_HEAP_MB + 4 × PLUGIN_TRAIN_MAX_ARGUMENT_BYTES + 2 × PLUGIN_TRAIN_MAX_RESULT_BYTES, in MB, + 128)`,
    );
  }
  return { cpuMsPerCall, wallMsPerCall, heapMb, processRssMb, maxArgumentBytes, maxResultBytes };
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

export function loadBankImportConfig(env: Env = process.env): BankImportConfig {
  return { ...loadOnboardingConfig(env), crypto: loadCryptoConfig(env) };
}

export function loadMigrationConfig(env: Env = process.env): MigrationConfig {
  return { ownerUrl: postgresUrl(env, 'MIGRATION_DATABASE_URL') };
}

export function loadApiConfig(env: Env = process.env): ApiConfig {
  return {
    ...loadOnboardingConfig(env),
    crypto: loadCryptoConfig(env),
    pluginSandboxNetwork: loadPluginSandboxNetwork(env),
    pluginTrainingLimits: loadPluginTrainingLimits(env),
    notificationChannels: loadNotificationChannelsConfig(env),
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
    webhooks: loadWebhooksConfig(env),
    staffDirectory: {
      retentionDays: integer(env, 'STAFF_DIRECTORY_RETENTION_DAYS', { fallback: 400, min: 30, max: 3650 }),
      prune: boolean(env, 'STAFF_DIRECTORY_PRUNE', true),
    },
  };
}

export function loadWebhooksConfig(env: Env = process.env): WebhooksConfig {
  const timeoutMs = integer(env, 'WEBHOOK_TIMEOUT_MS', { fallback: 10_000, min: 100, max: 120_000 });
  const leaseMs = integer(env, 'WEBHOOK_LEASE_MS', { fallback: 60_000, min: 1_000, max: 3_600_000 });
  // A lease shorter than an attempt could pass a subscription to a second process mid-attempt.
  if (leaseMs < 2 * timeoutMs) {
    throw new ConfigError('WEBHOOK_LEASE_MS', `must be at least twice WEBHOOK_TIMEOUT_MS (${2 * timeoutMs})`);
  }
  const retryBaseMs = integer(env, 'WEBHOOK_RETRY_BASE_MS', { fallback: 30_000, min: 10, max: 86_400_000 });
  const retryMaxMs = integer(env, 'WEBHOOK_RETRY_MAX_MS', {
    fallback: 6 * 3_600_000,
    min: 10,
    max: 7 * 86_400_000,
  });
  if (retryMaxMs < retryBaseMs) {
    throw new ConfigError('WEBHOOK_RETRY_MAX_MS', `must be at least WEBHOOK_RETRY_BASE_MS (${retryBaseMs})`);
  }
  return {
    dispatch: boolean(env, 'WEBHOOK_DISPATCH', true),
    allowLoopback: boolean(env, 'WEBHOOK_ALLOW_LOOPBACK', false),
    pollIntervalMs: integer(env, 'WEBHOOK_POLL_INTERVAL_MS', { fallback: 1_000, min: 50, max: 600_000 }),
    timeoutMs,
    leaseMs,
    maxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS', { fallback: 12, min: 1, max: 100 }),
    retryBaseMs,
    retryMaxMs,
    concurrency: integer(env, 'WEBHOOK_CONCURRENCY', { fallback: 8, min: 1, max: 256 }),
    retentionDays: integer(env, 'WEBHOOK_RETENTION_DAYS', { fallback: 30, min: 1, max: 3650 }),
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
