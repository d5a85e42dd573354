// The real API and this package's worker over one fresh database, for end-to-end suites that act through
// the API (or the platform's CLI) and let the worker run the workflows on the Temporal CLI dev server.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@finpersona/deploy';
import { createPlatformContext, migrateDatabase, startApi, type RunningApi } from '@finpersona/platform';
import { createWorker, type PlatformContext } from '../src/index';

export interface ApiAndWorker {
  database: TestDatabase;
  /** The database as the superuser (no row-level security): for counting and reading rows directly. */
  sql: pg.Pool;
  api: RunningApi;
  platform: PlatformContext;
  /** A Temporal client, for looking at the workflows the suite started. */
  temporal: { connection: Connection; client: Client };
  /** The suite's own task queue (also in `process.env.TEMPORAL_TASK_QUEUE`). */
  taskQueue: string;
  /**
   * A GraphQL call to the API with `token` (none: anonymous), addressed to `tenant` (`X-Tenant`) when given;
   * throws with the errors when the answer carries any.
   */
  graphql<T>(
    token: string | null,
    query: string,
    variables?: Record<string, unknown>,
    tenant?: string,
  ): Promise<T>;
  /** Stops the worker, the API and the connections, and drops the database. */
  close(): Promise<void>;
}

/**
 * Starts the API and a worker on a task queue of their own (so other suites' workers on the shared dev
 * server never pick up these runs), over a fresh migrated database `<label>_…`. The environment the API,
 * the worker and the platform's CLI read is set in `process.env`: the database, the queue, one
 * key-encryption key for all of them, and the dev client's password grant accepted.
 */
export async function startApiAndWorker(label: string): Promise<ApiAndWorker> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const database = await createTestDatabase(label);
  await migrateDatabase(database.ownerUrl);
  const taskQueue = `finpersona-${label}-${randomBytes(4).toString('hex')}`;
  Object.assign(process.env, {
    APP_DATABASE_URL: database.appUrl,
    TEMPORAL_TASK_QUEUE: taskQueue,
    IDENTITY_ALLOW_DEV_CLIENT: 'true',
    CRYPTO_LOCAL_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'finpersona-kek-')), 'kek'),
    CRYPTO_LOCAL_CREATE_KEY_FILE: 'true',
  });
  // The local Keycloak's bootstrap admin (development and tests only): the worker's platform needs it.
  process.env.KEYCLOAK_ADMIN_USERNAME ??= 'admin';
  process.env.KEYCLOAK_ADMIN_PASSWORD ??= 'admin';
  const superuserUrl = new URL(process.env.TEST_DATABASE_ADMIN_URL!);
  superuserUrl.pathname = `/${database.name}`;
  const sql = new pg.Pool({ connectionString: superuserUrl.toString(), max: 2 });

  const api = await startApi({ port: 0, logger: ['error', 'warn'] });
  const platform = await createPlatformContext();
  const workerConnection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker: Worker = await createWorker({ connection: workerConnection, platform, taskQueue });
  const workerRun = worker.run();
  const clientConnection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const temporal = { connection: clientConnection, client: new Client({ connection: clientConnection }) };
  return {
    database,
    sql,
    api,
    platform,
    temporal,
    taskQueue,
    async graphql<T>(
      token: string | null,
      query: string,
      variables: Record<string, unknown> = {},
      tenant?: string,
    ) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (tenant) headers['x-tenant'] = tenant;
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: unknown[] };
      if (!response.ok || body.errors?.length || !body.data) {
        throw new Error(
          `GraphQL request failed (HTTP ${response.status}): ${JSON.stringify(body.errors ?? body)}`,
        );
      }
      return body.data;
    },
    async close() {
      await temporal.connection.close();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
      await workerConnection.close();
      await platform.close();
      await api.close();
      await sql.end();
      await database.drop();
      rmSync(dirname(process.env.CRYPTO_LOCAL_KEY_FILE!), { recursive: true, force: true });
    },
  };
}
