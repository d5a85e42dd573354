// The one harness of the workflow tests on Temporal's time-skipping test server: a fresh migrated database of
// the test file's own, the platform's services over it (worker configuration: realm provisioning included),
// the Java test server started by the harness, the bundled workflows, the local Keycloak's admin API and a
// client of the test run's dev server (for Temporal Schedules, which the test server does not have).
//
// Why the test server is spawned here rather than by `TestWorkflowEnvironment.createTimeSkipping({ server:
// { executable } })`: the SDK's core waits a fixed 5 s for the server's port, and on the shared 2-core
// machine under load the JVM needs longer ("ephemeral server … did not start within 5s"). Here the server is
// spawned with the same wrapper script (port as first argument), given up to two minutes, and the
// environment is built on it with time skipping on — through the SDK's own factory `create`, private in
// its typings (1.24.0).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer, Socket } from 'node:net';
import { Client, Connection } from '@temporalio/client';
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
import { type PlatformContext, workflowsPath as productionWorkflows } from '../src/index';

/** For bundleWorkflowCode: errors only. */
export const quietBundlerLogger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error: console.error,
  log() {},
};

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
  /** A client of the test run's dev server (TEMPORAL_ADDRESS), connected on first use: where Schedules live. */
  devServer(): Promise<Client>;
  /** Schedules the tests created on the dev server, deleted by `close`. */
  schedulesToDelete: Set<string>;
  close(): Promise<void>;
}

export interface TimeSkippingOptions {
  /** The workflows module to bundle; default the worker's (`workflowsPath`). */
  workflowsPath?: string;
}

/**
 * Starts everything a time-skipping workflow test needs; `close()` in `afterAll` stops and removes it all.
 * Sets the environment `createPlatformContext()` reads (APP_DATABASE_URL, CRYPTO_LOCAL_*, KEYCLOAK_ADMIN_*).
 */
export async function startTimeSkippingFixture(
  options: TimeSkippingOptions = {},
): Promise<TimeSkippingFixture> {
  // Retry tests fail activities on purpose: keep the SDK's per-attempt warnings out of the output.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
  const testServer = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!testServer) throw new Error('TEMPORAL_TEST_SERVER_PATH is not set (the global setup provides it)');
  // The JVM first: it is the slowest to start, and it starts while the database is migrated.
  const server = startTestServer(testServer);
  const database = await createTestDatabase('workflows');
  await migrateDatabase(database.ownerUrl);
  process.env.APP_DATABASE_URL = database.appUrl;
  // A key-encryption key of this run's own (created 0600 on first use), as `./fp up` does.
  const keyFile = join(mkdtempSync(join(tmpdir(), 'finpersona-kek-')), 'kek');
  process.env.CRYPTO_LOCAL_KEY_FILE = keyFile;
  process.env.CRYPTO_LOCAL_CREATE_KEY_FILE = 'true';
  // The local Keycloak's bootstrap admin (development and tests only), for realm provisioning.
  process.env.KEYCLOAK_ADMIN_USERNAME ??= 'admin';
  process.env.KEYCLOAK_ADMIN_PASSWORD ??= 'admin';
  const keycloak = new KeycloakAdminApi(loadKeycloakAdminConfig());
  const superuserUrl = new URL(process.env.TEST_DATABASE_ADMIN_URL!);
  superuserUrl.pathname = `/${database.name}`;
  const sql = new pg.Pool({ connectionString: superuserUrl.toString(), max: 2 });
  const [platform, started, workflowBundle] = await Promise.all([
    createPlatformContext(),
    server,
    bundleWorkflowCode({
      workflowsPath: options.workflowsPath ?? productionWorkflows,
      logger: quietBundlerLogger,
    }),
  ]);
  const realmsToDelete = new Set<string>();
  const schedulesToDelete = new Set<string>();
  let dev: { connection: Connection; client: Client } | undefined;
  return {
    database,
    sql,
    platform,
    environment: started.environment,
    workflowBundle,
    keycloak,
    realmsToDelete,
    schedulesToDelete,
    async devServer() {
      if (!dev) {
        const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
        dev = { connection, client: new Client({ connection }) };
      }
      return dev.client;
    },
    async close() {
      for (const realm of realmsToDelete) {
        await keycloak.request('DELETE', `/${realm}`, { accept: [404] }).catch(() => undefined);
      }
      for (const id of schedulesToDelete) {
        await dev?.client.schedule
          .getHandle(id)
          .delete()
          .catch(() => undefined);
      }
      await dev?.connection.close();
      await started.teardown();
      await platform.close();
      rmSync(dirname(keyFile), { recursive: true, force: true });
      await sql.end();
      await database.drop();
    },
  };
}

interface TestServer {
  environment: TestWorkflowEnvironment;
  teardown(): Promise<void>;
}

async function startTestServer(serverPath: string, startTimeoutMs = 120_000): Promise<TestServer> {
  const port = await freePort();
  const server: ChildProcess = spawn(serverPath, [String(port)], { stdio: 'ignore' });
  try {
    await waitForPort(port, startTimeoutMs, server);
    const create = (
      TestWorkflowEnvironment as unknown as {
        create(options: Record<string, unknown>): Promise<TestWorkflowEnvironment>;
      }
    ).create.bind(TestWorkflowEnvironment);
    const environment = await create({
      server: { type: 'existing' },
      address: `127.0.0.1:${port}`,
      namespace: 'default',
      supportsTimeSkipping: true,
    });
    return {
      environment,
      async teardown() {
        await environment.teardown().catch(() => undefined);
        server.kill('SIGTERM');
      },
    };
  } catch (error) {
    server.kill('SIGKILL');
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForPort(port: number, timeoutMs: number, server: ChildProcess): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null)
      throw new Error(`The Temporal test server exited with code ${server.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The Temporal test server did not listen on port ${port} within ${timeoutMs / 1000} s`);
}
