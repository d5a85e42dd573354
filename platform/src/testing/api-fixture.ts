import { inject } from 'vitest';
import { createTestDatabase, DEMO, passwordGrant, totpNow } from './deploy';
import { startApi, type RunningApi } from '../api';
import { generateVAPIDKeys } from 'web-push';
import { loadApiConfig } from '../config';
import { migrateDatabase } from '../database';
import type { Clock } from '../identity';
import { temporaryKeyFile } from './key-file';

export { DEMO };

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  body: {
    data?: T | null;
    errors?: {
      message: string;
      path?: string[];
      extensions: { code: string; requestId?: string } & Record<string, unknown>;
    }[];
  };
}

export interface ApiFixture {
  url: string;
  running: RunningApi;
  /** Connection URLs of this suite's own database (ownerUrl for direct checks). */
  database: { appUrl: string; ownerUrl: string; name: string };
  /** The local key-encryption key file the API uses. */
  keyFilePath: string;
  graphql<T = Record<string, unknown>>(
    query: string,
    options?: {
      variables?: Record<string, unknown>;
      token?: string;
      tenant?: string;
      /** Sent as `Accept-Language` (the request locale); none by default. */
      acceptLanguage?: string;
    },
  ): Promise<GraphqlResponse<T>>;
  close(): Promise<void>;
}

/**
 * A real API on a free port over a fresh, migrated database of its own, talking to the real Keycloak
 * and Temporal of the test run. `overrides` replace parts of the environment (e.g. an unreachable Temporal).
 * `sharing`: a second API process over another fixture's database and key (e.g. a restart, or the same
 * platform with Temporal down); its `close()` stops only the API, the database stays the other's.
 */
export async function startApiFixture(
  options: { overrides?: Record<string, string>; clock?: Clock; sharing?: ApiFixture } = {},
): Promise<ApiFixture> {
  const services = inject('services');
  const shared = options.sharing;
  const database = shared
    ? { ...shared.database, drop: async () => undefined }
    : await createTestDatabase('platform');
  // A KEK of its own per fixture: no two suites share data keys.
  const keyFile = shared ? { path: shared.keyFilePath, remove: () => undefined } : await temporaryKeyFile();
  if (!shared) await migrateDatabase(database.ownerUrl);
  const vapid = generateVAPIDKeys();
  const config = loadApiConfig({
    APP_DATABASE_URL: database.appUrl,
    KEYCLOAK_URL: services.KEYCLOAK_URL,
    TEMPORAL_ADDRESS: services.TEMPORAL_ADDRESS,
    // Tests get their tokens from the password grant of `finpersona-dev-cli`.
    IDENTITY_ALLOW_DEV_CLIENT: 'true',
    CRYPTO_LOCAL_KEY_FILE: keyFile.path,
    // No webhook delivery unless a suite asks for it: a dispatcher writing delivery rows in the
    // background would move rows the generated suites compare before and after each call.
    WEBHOOK_DISPATCH: 'false',
    // Nor staff-directory pruning in the background (suites call `StaffDirectoryRetention` themselves).
    STAFF_DIRECTORY_PRUNE: 'false',
    // Web push offered (a VAPID key pair of its own), so customers can subscribe browsers; nothing is
    // sent unless a suite's customer turns push on and a notification goes out.
    WEB_PUSH_VAPID_PUBLIC_KEY: vapid.publicKey,
    WEB_PUSH_VAPID_PRIVATE_KEY: vapid.privateKey,
    WEB_PUSH_SUBJECT: 'mailto:push@finpersona.test',
    ...options.overrides,
  });
  const running = await startApi({
    config,
    port: 0,
    host: '127.0.0.1',
    clock: options.clock,
    logger: ['error'],
  });
  return {
    url: running.url,
    running,
    database,
    keyFilePath: keyFile.path,
    async graphql(query, { variables, token, tenant, acceptLanguage } = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (tenant) headers['x-tenant'] = tenant;
      if (acceptLanguage) headers['accept-language'] = acceptLanguage;
      const response = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphqlResponse['body'] } as never;
    },
    async close() {
      await running.close();
      await database.drop();
      keyFile.remove();
    },
  };
}

type DemoUser = 'operator' | 'bankAdmin' | 'complianceOfficer' | 'customer';

/** A real access token (and id token) of a demo user, from the password grant of `finpersona-dev-cli`. */
export async function tokensOf(user: DemoUser): Promise<{ accessToken: string; idToken: string }> {
  const keycloakUrl = inject('services').KEYCLOAK_URL;
  const account =
    user === 'operator'
      ? { realm: DEMO.platform.realm, ...DEMO.platform.operator }
      : user === 'bankAdmin'
        ? { realm: DEMO.bank.realm, ...DEMO.bank.admin }
        : user === 'complianceOfficer'
          ? { realm: DEMO.bank.realm, ...DEMO.bank.complianceOfficer }
          : { realm: DEMO.bank.realm, ...DEMO.bank.customer };
  const response = await passwordGrant({
    keycloakUrl,
    realm: account.realm,
    username: account.username,
    password: account.password,
    ...(account.otp ? { totp: totpNow(DEMO.otpSecret) } : {}),
  });
  return { accessToken: response.access_token, idToken: response.id_token };
}
