import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  loadApiConfig,
  loadCoreConfig,
  loadCryptoConfig,
  loadKeycloakAdminConfig,
  loadMigrationConfig,
  loadOnboardingConfig,
  loadPluginTrainingLimits,
} from './config';

const complete = {
  APP_DATABASE_URL: 'postgres://finpersona_app:secret@127.0.0.1:5433/finpersona',
  KEYCLOAK_URL: 'http://127.0.0.1:8180/',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  CRYPTO_LOCAL_KEY_FILE: '/run/finpersona/kek',
};
const localCrypto = {
  provider: 'local',
  keyFile: '/run/finpersona/kek',
  previousKeyFiles: [],
  createKeyFile: false,
};

describe('configuration', () => {
  it('applies the documented defaults when only the required variables are set', () => {
    const config = loadApiConfig(complete);
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 4000,
      corsOrigins: ['http://localhost:5173', 'http://localhost:5174'],
    });
    expect(config.identity).toEqual({
      keycloakUrl: 'http://127.0.0.1:8180',
      audience: 'finpersona-api',
      allowDevClient: false,
      tenantHostSuffix: undefined,
    });
    expect(config.temporal).toEqual({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'finpersona',
    });
  });

  it.each(['APP_DATABASE_URL', 'KEYCLOAK_URL', 'TEMPORAL_ADDRESS', 'CRYPTO_LOCAL_KEY_FILE'])(
    'fails fast naming %s when it is missing',
    (name) => {
      const env: Record<string, string | undefined> = { ...complete, [name]: undefined };
      expect(() => loadApiConfig(env)).toThrow(new ConfigError(name, 'is not set'));
    },
  );

  it('rejects a database URL that is not postgres, naming the variable', () => {
    expect(() => loadCoreConfig({ APP_DATABASE_URL: 'mysql://x@y/z' })).toThrow(
      /APP_DATABASE_URL must use postgres:/,
    );
  });

  it('rejects a non-numeric API_PORT and a TEMPORAL_ADDRESS without a port', () => {
    expect(() => loadApiConfig({ ...complete, API_PORT: 'eighty' })).toThrow(
      /API_PORT must be a port number/,
    );
    expect(() => loadApiConfig({ ...complete, TEMPORAL_ADDRESS: 'localhost' })).toThrow(
      /TEMPORAL_ADDRESS must be host:port/,
    );
  });

  it('IDENTITY_ALLOW_DEV_CLIENT and TENANT_HOST_SUFFIX are read and validated', () => {
    const config = loadApiConfig({
      ...complete,
      IDENTITY_ALLOW_DEV_CLIENT: 'true',
      TENANT_HOST_SUFFIX: '.API.example.com',
    });
    expect(config.identity).toMatchObject({ allowDevClient: true, tenantHostSuffix: '.api.example.com' });
    expect(() => loadApiConfig({ ...complete, IDENTITY_ALLOW_DEV_CLIENT: '1' })).toThrow(
      new ConfigError('IDENTITY_ALLOW_DEV_CLIENT', 'must be true or false, got "1"'),
    );
    for (const bad of ['api.example.com', '.api..example.com', '.api.example.com/', '.-x.example']) {
      expect(() => loadApiConfig({ ...complete, TENANT_HOST_SUFFIX: bad })).toThrow(
        /TENANT_HOST_SUFFIX must be a host name suffix/,
      );
    }
  });

  it('the worker needs only the database URL and the key-encryption key', () => {
    const { APP_DATABASE_URL, CRYPTO_LOCAL_KEY_FILE } = complete;
    expect(loadCoreConfig({ APP_DATABASE_URL, CRYPTO_LOCAL_KEY_FILE })).toEqual({
      database: { appUrl: complete.APP_DATABASE_URL, poolSize: 10 },
      crypto: localCrypto,
      pluginSandboxNetwork: 'host',
      pluginTrainingLimits: loadPluginTrainingLimits({}),
      notificationChannels: { email: null, push: null },
    });
    expect(() => loadCoreConfig({ APP_DATABASE_URL })).toThrow(
      new ConfigError('CRYPTO_LOCAL_KEY_FILE', 'is not set'),
    );
  });

  it('e-mail and web push are off unless configured, and checked when they are', () => {
    const { APP_DATABASE_URL, CRYPTO_LOCAL_KEY_FILE } = complete;
    const base = { APP_DATABASE_URL, CRYPTO_LOCAL_KEY_FILE };
    expect(
      loadCoreConfig({ ...base, SMTP_HOST: 'smtp.bank.example', SMTP_FROM: 'noreply@bank.example' }),
    ).toMatchObject({
      notificationChannels: {
        email: {
          host: 'smtp.bank.example',
          port: 587,
          secure: false,
          requireTls: true,
          from: 'noreply@bank.example',
          auth: null,
        },
        push: null,
      },
    });
    expect(() => loadCoreConfig({ ...base, SMTP_HOST: 'smtp.bank.example' })).toThrow(
      new ConfigError('SMTP_FROM', 'is not set'),
    );
    expect(() =>
      loadCoreConfig({ ...base, SMTP_HOST: 'smtp.bank.example', SMTP_FROM: 'a@b.example', SMTP_USER: 'u' }),
    ).toThrow(new ConfigError('SMTP_PASSWORD', 'must be set with the other'));
    const vapid = {
      WEB_PUSH_VAPID_PUBLIC_KEY: Buffer.alloc(65, 4).toString('base64url'),
      WEB_PUSH_VAPID_PRIVATE_KEY: Buffer.alloc(32, 1).toString('base64url'),
      WEB_PUSH_SUBJECT: 'mailto:push@bank.example',
    };
    expect(loadCoreConfig({ ...base, ...vapid }).notificationChannels?.push).toMatchObject({
      subject: 'mailto:push@bank.example',
      ttlSeconds: 86_400,
      allowLoopback: false,
    });
    expect(() => loadCoreConfig({ ...base, ...vapid, WEB_PUSH_VAPID_PRIVATE_KEY: 'short' })).toThrow(
      /WEB_PUSH_VAPID_PRIVATE_KEY must be a base64url P-256 private key/,
    );
    expect(() => loadCoreConfig({ ...base, ...vapid, WEB_PUSH_SUBJECT: 'push@bank.example' })).toThrow(
      /WEB_PUSH_SUBJECT must be a mailto: or https:\/\/ contact address/,
    );
  });

  it('PLUGIN_SANDBOX_NETWORK is host (default) or none', () => {
    expect(loadCoreConfig({ ...complete, PLUGIN_SANDBOX_NETWORK: 'none' }).pluginSandboxNetwork).toBe('none');
    expect(loadApiConfig({ ...complete, PLUGIN_SANDBOX_NETWORK: 'none' }).pluginSandboxNetwork).toBe('none');
    expect(() => loadCoreConfig({ ...complete, PLUGIN_SANDBOX_NETWORK: 'off' })).toThrow(
      new ConfigError('PLUGIN_SANDBOX_NETWORK', 'must be host or none'),
    );
  });

  it('PLUGIN_TRAIN_* set a third-party model’s training budget, each in its range and consistent', () => {
    const mib = 1024 * 1024;
    expect(loadPluginTrainingLimits({})).toEqual({
      cpuMsPerCall: 120_000,
      wallMsPerCall: 300_000,
      heapMb: 256,
      processRssMb: 1024,
      maxArgumentBytes: 32 * mib,
      maxResultBytes: 8 * mib,
    });
    const small = {
      PLUGIN_TRAIN_CPU_MS: '5000',
      PLUGIN_TRAIN_WALL_MS: '20000',
      PLUGIN_TRAIN_HEAP_MB: '64',
      PLUGIN_TRAIN_PROCESS_RSS_MB: '300',
      PLUGIN_TRAIN_MAX_ARGUMENT_BYTES: String(8 * mib),
      PLUGIN_TRAIN_MAX_RESULT_BYTES: String(mib),
    };
    expect(loadApiConfig({ ...complete, ...small }).pluginTrainingLimits).toEqual({
      cpuMsPerCall: 5_000,
      wallMsPerCall: 20_000,
      heapMb: 64,
      processRssMb: 300,
      maxArgumentBytes: 8 * mib,
      maxResultBytes: mib,
    });
    // Ceilings: an operator cannot lift a limit past them.
    expect(() => loadCoreConfig({ ...complete, PLUGIN_TRAIN_CPU_MS: '1800001' })).toThrow(
      new ConfigError('PLUGIN_TRAIN_CPU_MS', 'must be an integer 1000-1800000, got "1800001"'),
    );
    expect(() => loadPluginTrainingLimits({ PLUGIN_TRAIN_HEAP_MB: '4096' })).toThrow(
      new ConfigError('PLUGIN_TRAIN_HEAP_MB', 'must be an integer 32-2048, got "4096"'),
    );
    expect(() => loadPluginTrainingLimits({ PLUGIN_TRAIN_MAX_ARGUMENT_BYTES: '1e9' })).toThrow(
      new ConfigError('PLUGIN_TRAIN_MAX_ARGUMENT_BYTES', 'must be an integer 262144-268435456, got "1e9"'),
    );
    // Values that do not fit together.
    expect(() =>
      loadPluginTrainingLimits({ PLUGIN_TRAIN_CPU_MS: '60000', PLUGIN_TRAIN_WALL_MS: '30000' }),
    ).toThrow(new ConfigError('PLUGIN_TRAIN_WALL_MS', 'must be at least PLUGIN_TRAIN_CPU_MS (60000)'));
    expect(() =>
      loadPluginTrainingLimits({ ...small, PLUGIN_TRAIN_MAX_ARGUMENT_BYTES: String(17 * mib) }),
    ).toThrow(
      /PLUGIN_TRAIN_MAX_ARGUMENT_BYTES must be at most a quarter of PLUGIN_TRAIN_HEAP_MB \(16777216 bytes\)/,
    );
    expect(() =>
      loadPluginTrainingLimits({ ...small, PLUGIN_TRAIN_HEAP_MB: '128', PLUGIN_TRAIN_PROCESS_RSS_MB: '256' }),
    ).toThrow(/PLUGIN_TRAIN_PROCESS_RSS_MB must be at least 290 with these limits/);
    expect(() => loadPluginTrainingLimits({ PLUGIN_TRAIN_PROCESS_RSS_MB: '512' })).toThrow(
      /PLUGIN_TRAIN_PROCESS_RSS_MB must be at least 528 with these limits/,
    );
  });

  it('DATABASE_POOL_SIZE sets the connection pool, 1-1000', () => {
    expect(loadCoreConfig({ ...complete, DATABASE_POOL_SIZE: '2' }).database.poolSize).toBe(2);
    expect(() => loadCoreConfig({ ...complete, DATABASE_POOL_SIZE: '0' })).toThrow(
      /DATABASE_POOL_SIZE must be an integer 1-1000/,
    );
    expect(() => loadCoreConfig({ ...complete, DATABASE_POOL_SIZE: 'two' })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('splits CORS_ORIGINS on commas and trims blanks', () => {
    expect(
      loadApiConfig({ ...complete, CORS_ORIGINS: ' https://a.example , https://b.example,' }).http
        .corsOrigins,
    ).toEqual(['https://a.example', 'https://b.example']);
  });

  it('the onboarding configuration needs the database and Temporal, not Keycloak nor a key', () => {
    const { KEYCLOAK_URL: _unused, ...withoutKeycloak } = complete;
    expect(loadOnboardingConfig(withoutKeycloak)).toEqual({
      database: { appUrl: complete.APP_DATABASE_URL, poolSize: 10 },
      temporal: { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'finpersona' },
    });
    expect(() => loadOnboardingConfig({ APP_DATABASE_URL: complete.APP_DATABASE_URL })).toThrow(
      new ConfigError('TEMPORAL_ADDRESS', 'is not set'),
    );
  });

  it('the migration configuration is the owner URL in MIGRATION_DATABASE_URL', () => {
    const ownerUrl = 'postgres://finpersona_owner:secret@127.0.0.1:5433/finpersona';
    expect(loadMigrationConfig({ MIGRATION_DATABASE_URL: ownerUrl })).toEqual({ ownerUrl });
    expect(() => loadMigrationConfig({})).toThrow(new ConfigError('MIGRATION_DATABASE_URL', 'is not set'));
  });
});

describe('GraphQL hardening configuration', () => {
  it('defaults to the documented limits, introspection off and a per-principal rate limit', () => {
    const config = loadApiConfig(complete);
    expect(config.graphql).toEqual({
      maxDepth: 8,
      maxAliases: 15,
      maxDirectives: 5,
      maxCost: 5000,
      maxTokens: 2000,
      introspection: false,
      bodyLimitBytes: 262144,
      signedInBodyLimitBytes: 7340032,
    });
    expect(config.rateLimit).toEqual({ authenticatedMax: 600, anonymousMax: 120, windowSeconds: 60 });
  });

  it('reads each limit from its variable', () => {
    const config = loadApiConfig({
      ...complete,
      GRAPHQL_MAX_DEPTH: '4',
      GRAPHQL_MAX_ALIASES: '0',
      GRAPHQL_MAX_DIRECTIVES: '2',
      GRAPHQL_MAX_COST: '100',
      GRAPHQL_MAX_TOKENS: '50',
      GRAPHQL_INTROSPECTION: 'TRUE',
      GRAPHQL_BODY_LIMIT_BYTES: '2048',
      GRAPHQL_SIGNED_IN_BODY_LIMIT_BYTES: '4096',
      RATE_LIMIT_MAX: '5',
      RATE_LIMIT_ANONYMOUS_MAX: '3',
      RATE_LIMIT_WINDOW_SECONDS: '10',
    });
    expect(config.graphql).toEqual({
      maxDepth: 4,
      maxAliases: 0,
      maxDirectives: 2,
      maxCost: 100,
      maxTokens: 50,
      introspection: true,
      bodyLimitBytes: 2048,
      signedInBodyLimitBytes: 4096,
    });
    expect(config.rateLimit).toEqual({ authenticatedMax: 5, anonymousMax: 3, windowSeconds: 10 });
  });

  it('refuses a GRAPHQL_INTROSPECTION that is not true or false, naming the variable', () => {
    expect(() => loadApiConfig({ ...complete, GRAPHQL_INTROSPECTION: 'yes' })).toThrow(
      new ConfigError('GRAPHQL_INTROSPECTION', 'must be true or false, got "yes"'),
    );
  });

  it.each(['GRAPHQL_MAX_DEPTH', 'RATE_LIMIT_MAX'])('refuses a non-integer %s', (name) => {
    expect(() => loadApiConfig({ ...complete, [name]: '0.5' })).toThrow(/Invalid configuration: /);
  });

  it('encryption at rest defaults to the local key provider and needs an absolute CRYPTO_LOCAL_KEY_FILE', () => {
    expect(loadCryptoConfig({ CRYPTO_LOCAL_KEY_FILE: '/etc/finpersona/kek' })).toEqual({
      provider: 'local',
      keyFile: '/etc/finpersona/kek',
      previousKeyFiles: [],
      createKeyFile: false,
    });
    expect(() => loadCryptoConfig({})).toThrow(new ConfigError('CRYPTO_LOCAL_KEY_FILE', 'is not set'));
    expect(() => loadCryptoConfig({ CRYPTO_LOCAL_KEY_FILE: 'kek' })).toThrow(
      /CRYPTO_LOCAL_KEY_FILE must be an absolute path/,
    );
    expect(
      loadCryptoConfig({
        CRYPTO_LOCAL_KEY_FILE: '/k/new',
        CRYPTO_LOCAL_PREVIOUS_KEY_FILES: '/k/old, /k/older',
        CRYPTO_LOCAL_CREATE_KEY_FILE: 'true',
      }),
    ).toMatchObject({ previousKeyFiles: ['/k/old', '/k/older'], createKeyFile: true });
  });

  it('the aws-kms key provider needs a key ARN, not an alias', () => {
    const keyArn = 'arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(loadCryptoConfig({ CRYPTO_KEY_PROVIDER: 'aws-kms', CRYPTO_KMS_KEY_ARN: keyArn })).toEqual({
      provider: 'aws-kms',
      keyArn,
      previousKeyArns: [],
    });
    expect(() =>
      loadCryptoConfig({ CRYPTO_KEY_PROVIDER: 'aws-kms', CRYPTO_KMS_KEY_ARN: 'alias/finpersona' }),
    ).toThrow(/CRYPTO_KMS_KEY_ARN must be a KMS key ARN/);
    expect(() => loadCryptoConfig({ CRYPTO_KEY_PROVIDER: 'vault' })).toThrow(
      new ConfigError('CRYPTO_KEY_PROVIDER', 'must be local or aws-kms, got "vault"'),
    );
  });
});

describe('Keycloak admin configuration (realm provisioning)', () => {
  const url = { KEYCLOAK_URL: 'http://127.0.0.1:8180/' };

  it('development: the master realm admin by password grant of admin-cli', () => {
    expect(
      loadKeycloakAdminConfig({ ...url, KEYCLOAK_ADMIN_USERNAME: 'admin', KEYCLOAK_ADMIN_PASSWORD: 'admin' }),
    ).toEqual({
      url: 'http://127.0.0.1:8180',
      realm: 'master',
      clientId: 'admin-cli',
      credentials: { kind: 'password', username: 'admin', password: 'admin' },
      apiAudience: 'finpersona-api',
    });
  });

  it('production: a service account by client credentials', () => {
    expect(
      loadKeycloakAdminConfig({
        ...url,
        KEYCLOAK_ADMIN_CLIENT_ID: 'finpersona-provisioner',
        KEYCLOAK_ADMIN_CLIENT_SECRET: 's3cret',
      }),
    ).toMatchObject({
      clientId: 'finpersona-provisioner',
      credentials: { kind: 'client-credentials', clientSecret: 's3cret' },
    });
  });

  it.each([
    [{}, 'KEYCLOAK_ADMIN_CLIENT_SECRET'],
    [{ KEYCLOAK_ADMIN_USERNAME: 'admin' }, 'KEYCLOAK_ADMIN_PASSWORD'],
    [{ KEYCLOAK_ADMIN_PASSWORD: 'admin' }, 'KEYCLOAK_ADMIN_USERNAME'],
    [{ KEYCLOAK_ADMIN_CLIENT_SECRET: 'x', KEYCLOAK_ADMIN_USERNAME: 'admin' }, 'KEYCLOAK_ADMIN_CLIENT_SECRET'],
  ])('refuses missing or mixed credentials %j, naming %s', (env, variable) => {
    expect(() => loadKeycloakAdminConfig({ ...url, ...env })).toThrow(
      expect.objectContaining({ name: 'ConfigError', variable }),
    );
  });

  it('needs KEYCLOAK_URL', () => {
    expect(() =>
      loadKeycloakAdminConfig({ KEYCLOAK_ADMIN_USERNAME: 'admin', KEYCLOAK_ADMIN_PASSWORD: 'admin' }),
    ).toThrow(expect.objectContaining({ variable: 'KEYCLOAK_URL' }));
  });
});

describe('staff directory configuration', () => {
  it('keeps staff 400 days by default and prunes; reads and checks the variables', () => {
    expect(loadApiConfig(complete).staffDirectory).toEqual({ retentionDays: 400, prune: true });
    expect(
      loadApiConfig({ ...complete, STAFF_DIRECTORY_RETENTION_DAYS: '90', STAFF_DIRECTORY_PRUNE: 'false' })
        .staffDirectory,
    ).toEqual({ retentionDays: 90, prune: false });
    for (const days of ['29', '3651', '1.5', 'forever']) {
      expect(() => loadApiConfig({ ...complete, STAFF_DIRECTORY_RETENTION_DAYS: days })).toThrow(
        expect.objectContaining({ variable: 'STAFF_DIRECTORY_RETENTION_DAYS' }),
      );
    }
  });
});

describe('webhook configuration', () => {
  it('applies the documented defaults', () => {
    expect(loadApiConfig(complete).webhooks).toEqual({
      dispatch: true,
      allowLoopback: false,
      pollIntervalMs: 1_000,
      timeoutMs: 10_000,
      leaseMs: 60_000,
      maxAttempts: 12,
      retryBaseMs: 30_000,
      retryMaxMs: 21_600_000,
      concurrency: 8,
      retentionDays: 30,
    });
  });

  it('reads the variables and refuses a lease shorter than two timeouts or a cap below the base', () => {
    expect(
      loadApiConfig({ ...complete, WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_DISPATCH: 'false' }).webhooks,
    ).toMatchObject({ allowLoopback: true, dispatch: false });
    expect(() => loadApiConfig({ ...complete, WEBHOOK_TIMEOUT_MS: '40000' })).toThrow(
      new ConfigError('WEBHOOK_LEASE_MS', 'must be at least twice WEBHOOK_TIMEOUT_MS (80000)'),
    );
    expect(() => loadApiConfig({ ...complete, WEBHOOK_RETRY_MAX_MS: '1000' })).toThrow(
      new ConfigError('WEBHOOK_RETRY_MAX_MS', 'must be at least WEBHOOK_RETRY_BASE_MS (30000)'),
    );
    expect(() => loadApiConfig({ ...complete, WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(
      expect.objectContaining({ variable: 'WEBHOOK_MAX_ATTEMPTS' }),
    );
    expect(loadApiConfig({ ...complete, WEBHOOK_RETENTION_DAYS: '7' }).webhooks.retentionDays).toBe(7);
    expect(() => loadApiConfig({ ...complete, WEBHOOK_RETENTION_DAYS: '0' })).toThrow(
      expect.objectContaining({ variable: 'WEBHOOK_RETENTION_DAYS' }),
    );
  });
});
