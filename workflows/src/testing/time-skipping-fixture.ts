// What the time-skipping workflow tests share: a migrated database of their own, the platform's services
// over it (worker configuration: realm provisioning included), Temporal's time-skipping test server, the
// bundled workflows and the Keycloak admin API of the test run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundle } from '@temporalio/worker';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@finpersona/deploy';
import {
  createPlatformContext,
  KeycloakAdminApi,
  loadKeycloakAdminConfig,
  migrateDatabase,
} from '@finpersona/platform';
import { type PlatformContext, workflowsPath } from '../index';

export interface TimeSkippingFixture {
  database: TestDatabase;
  /** The test database as the superuser: what is really stored, whatever row-level security shows. */
  sql: pg.Pool;
  platform: PlatformContext;
  environment: TestWorkflowEnvironment;
  workflowBundle: WorkflowBundle;
  keycloak: KeycloakAdminApi;
  /** Realms the tests created, deleted by `close` (Keycloak keeps them in memory for the run). */
  realmsToDelete: Set<string>;
  close(): Promise<void>;
}

export const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };

export async function startTimeSkippingFixture(): Promise<TimeSkippingFixture> {
  // Retry tests fail activities on purpose: keep the SDK's per-attempt warnings out of the output.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
  const testServer = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!testServer) throw new Error('TEMPORAL_TEST_SERVER_PATH is not set (the global setup provides it)');
  const database = await createTestDatabase('workflows');
  await migrateDatabase(database.ownerUrl);
  process.env.APP_DATABASE_URL = database.appUrl;
  // A key-encryption key of this run's own (created 0600 on first use), as `./fp up` does.
  process.env.CRYPTO_LOCAL_KEY_FILE = join(mkdtempSync(join(tmpdir(), 'finpersona-kek-')), 'kek');
  process.env.CRYPTO_LOCAL_CREATE_KEY_FILE = 'true';
  // The local Keycloak's bootstrap admin (development and tests only), for realm provisioning.
  process.env.KEYCLOAK_ADMIN_USERNAME ??= 'admin';
  process.env.KEYCLOAK_ADMIN_PASSWORD ??= 'admin';
  const keycloak = new KeycloakAdminApi(loadKeycloakAdminConfig());
  const superuserUrl = new URL(process.env.TEST_DATABASE_ADMIN_URL!);
  superuserUrl.pathname = `/${database.name}`;
  const sql = new pg.Pool({ connectionString: superuserUrl.toString(), max: 2 });
  const [platform, environment, workflowBundle] = await Promise.all([
    createPlatformContext(),
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: testServer } },
    }),
    bundleWorkflowCode({ workflowsPath, logger: quietLogger }),
  ]);
  const realmsToDelete = new Set<string>();
  return {
    database,
    sql,
    platform,
    environment,
    workflowBundle,
    keycloak,
    realmsToDelete,
    async close() {
      for (const realm of realmsToDelete) {
        await keycloak.request('DELETE', `/${realm}`, { accept: [404] }).catch(() => undefined);
      }
      await environment.teardown();
      await platform.close();
      rmSync(dirname(process.env.CRYPTO_LOCAL_KEY_FILE!), { recursive: true, force: true });
      await sql.end();
      await database.drop();
    },
  };
}
