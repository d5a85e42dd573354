// The crash test of issue 5: a 10,000-transaction sync on the real Temporal dev server while its worker —
// a separate process running the built worker (`dist/`) with the fixture connector — is killed with
// SIGKILL at random points 20 times and started again. At the end: exactly the source's 10,000
// transactions, none duplicated, none missing, and the run `succeeded`. Needs `pnpm -r build` first
// (`./fp test` builds before testing).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { transformFile } from '@swc/core';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@finpersona/deploy';
import {
  createPlatformContext,
  migrateDatabase,
  syncScheduleId,
  type SyncConnectionInput,
  type SyncResult,
} from '@finpersona/platform';
import {
  createSyncConnection,
  FIXTURE_CONNECTOR_ID,
  fixtureSourceIds,
  syncTestBank,
  temporaryKeyFile,
  type FixtureSource,
  type SyncFixtureConnection,
} from '@finpersona/platform/testing';
import { quietBundlerLogger } from '../../test/time-skipping';
import { workflowsPath, type PlatformContext } from '../index';

const packageDir = resolve(__dirname, '../..');
const repositoryDir = resolve(packageDir, '..');
/** Compiled test-only modules live under node_modules (ignored by git), so they resolve the workspace's packages. */
const buildDir = join(packageDir, 'node_modules', '.crash-test');

const source: FixtureSource = {
  accounts: 4,
  transactionsPerAccount: 2_500,
  pageSize: 50,
  // Slow enough that the whole sync outlasts the 20 kills (about 20 × 3 s plus restarts) on a fast
  // machine too: every kill must land while rows are still missing (asserted below).
  delayPerPageMs: 400,
};
const kills = 20;

let database: TestDatabase;
let sql: pg.Pool;
let platform: PlatformContext;
let temporal: Connection;
let client: Client;
let kek: Awaited<ReturnType<typeof temporaryKeyFile>>;
let fixture: SyncFixtureConnection;
let workerEnv: NodeJS.ProcessEnv;
let current: ChildProcess | undefined;

beforeAll(async () => {
  for (const built of ['platform/dist/index.js', 'workflows/dist/index.js', 'plugins/sdk/dist/index.js']) {
    const path = join(repositoryDir, built);
    if (!existsSync(path))
      throw new Error(`${built} is missing: run \`pnpm -r build\` before the crash test`);
  }
  if (
    statSync(join(repositoryDir, 'workflows/dist/sync/activities.js')).mtimeMs <
    statSync(join(packageDir, 'src/sync/activities.ts')).mtimeMs
  ) {
    throw new Error('workflows/dist is older than its sources: run `pnpm -r build` before the crash test');
  }
  database = await createTestDatabase('workflows_crash');
  await migrateDatabase(database.ownerUrl);
  kek = await temporaryKeyFile();
  const superuserUrl = new URL(process.env.TEST_DATABASE_ADMIN_URL!);
  superuserUrl.pathname = `/${database.name}`;
  sql = new pg.Pool({ connectionString: superuserUrl.toString(), max: 2 });
  platform = await createPlatformContext({
    config: { database: { appUrl: database.appUrl, poolSize: 2 }, crypto: kek.crypto },
    logger: false,
  });
  fixture = await createSyncConnection(platform, syncTestBank(`crash-${randomBytes(3).toString('hex')}`), {
    connector: FIXTURE_CONNECTOR_ID,
  });
  temporal = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  client = new Client({ connection: temporal });

  // The test-only modules the worker process loads: the fixture connector and the worker entry.
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  const compile = async (from: string, to: string) => {
    const output = await transformFile(from, {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
      module: { type: 'commonjs' },
    });
    writeFileSync(join(buildDir, to), output.code);
  };
  await compile(join(repositoryDir, 'platform/src/testing/fixture-connector.ts'), 'fixture-connector.js');
  await compile(join(packageDir, 'test/crash-worker.ts'), 'crash-worker.js');
  const bundle = await bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
  writeFileSync(join(buildDir, 'workflow-bundle.js'), bundle.code);

  workerEnv = {
    PATH: process.env.PATH,
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
    CRASH_TASK_QUEUE: `sync-crash-${randomBytes(4).toString('hex')}`,
    APP_DATABASE_URL: database.appUrl,
    CRYPTO_LOCAL_KEY_FILE: kek.path,
    // The worker validates its realm-provisioning settings at start-up; a sync never calls Keycloak.
    KEYCLOAK_URL: process.env.KEYCLOAK_URL,
    KEYCLOAK_ADMIN_USERNAME: 'admin',
    KEYCLOAK_ADMIN_PASSWORD: 'admin',
    CRASH_FIXTURE_SOURCE: JSON.stringify(source),
    CRASH_FIXTURE_MODULE: join(buildDir, 'fixture-connector.js'),
    CRASH_WORKFLOWS_MODULE: join(repositoryDir, 'workflows/dist/index.js'),
    CRASH_WORKFLOW_BUNDLE: join(buildDir, 'workflow-bundle.js'),
  };
});

afterAll(async () => {
  current?.kill('SIGKILL');
  if (fixture)
    await client?.schedule
      .getHandle(syncScheduleId(fixture.connectionId))
      .delete()
      .catch(() => undefined);
  await temporal?.close();
  await platform?.close();
  await sql?.end();
  await database?.drop();
  kek?.remove();
  rmSync(buildDir, { recursive: true, force: true });
});

/** Starts the worker process and resolves once it polls (it prints a line then). */
function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(buildDir, 'crash-worker.js')], {
    cwd: dirname(buildDir),
    env: workerEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  current = child;
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  return new Promise((resolvePromise, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('crash-worker ready')) resolvePromise(child);
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`worker exited before it was ready (${code ?? signal}): ${errors}`)),
    );
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolvePromise();
    child.once('exit', () => resolvePromise());
    child.kill('SIGKILL');
  });
}

describe('account sync crash test', () => {
  it(`survives ${kills} kill -9 of its worker: exactly the source's transactions, none lost, none duplicated`, async () => {
    const started = Date.now();
    const input: SyncConnectionInput = {
      tenantId: fixture.tenantId,
      connectionId: fixture.connectionId,
      trigger: 'initial',
    };
    const handle = await client.workflow.start('syncConnection', {
      taskQueue: workerEnv.CRASH_TASK_QUEUE!,
      workflowId: `sync-crash-${randomBytes(4).toString('hex')}`,
      args: [input],
      // A workflow task held by a killed worker is handed to the next one after this (default 10 s).
      workflowTaskTimeout: '2s',
    });
    const storedAtKill: number[] = [];
    for (let kill = 0; kill < kills; kill += 1) {
      const worker = await startWorker();
      // Random points: during a page's fetch, its storage, a workflow task, or between them. Long enough
      // on average for the work a killed worker held to time out (heartbeat 5 s) and move on.
      await new Promise((resolveDelay) => setTimeout(resolveDelay, randomInt(1_000, 5_000)));
      await killHard(worker);
      storedAtKill.push(await storedCount());
    }
    const worker = await startWorker();
    const result = (await handle.result()) as SyncResult;
    worker.kill('SIGTERM');
    const seconds = ((Date.now() - started) / 1000).toFixed(1);

    const { rows } = await sql.query<{ source_id: string; copies: string }>(
      `select a.source_id || '/' || t.source_id as source_id, count(*) as copies
         from account_transaction t join account a on a.id = t.account_id
        where t.tenant_id = $1 group by 1`,
      [fixture.tenantId],
    );
    const expected = [...fixtureSourceIds(source).entries()]
      .flatMap(([account, ids]) => ids.map((id) => `${account}/${id}`))
      .sort();
    const stored = rows.map((row) => row.source_id).sort();
    const duplicated = rows.filter((row) => Number(row.copies) > 1).length;
    const missing = expected.filter((id) => !new Set(stored).has(id)).length;
    console.log(
      `crash test: ${kills} kills (rows stored at each kill: ${storedAtKill.join(', ')}), ${stored.length} rows, ` +
        `${duplicated} duplicated, ${missing} missing, run ${result.status}, ${seconds} s`,
    );

    expect(result.status).toBe('succeeded');
    expect(duplicated).toBe(0);
    expect(missing).toBe(0);
    expect(stored).toEqual(expected);
    expect(stored).toHaveLength(10_000);
    const { rows: runs } = await sql.query<{ status: string }>(`select status from sync_run where id = $1`, [
      result.runId,
    ]);
    expect(runs[0]!.status).toBe('succeeded');
    // Every kill happened during the sync (rows still missing), and the sync made progress between them.
    expect(storedAtKill.every((count) => count < 10_000)).toBe(true);
    expect(storedAtKill.some((count) => count > 0)).toBe(true);
  }, 600_000);
});

async function storedCount(): Promise<number> {
  const { rows } = await sql.query<{ n: string }>(
    `select count(*) as n from account_transaction where tenant_id = $1`,
    [fixture.tenantId],
  );
  return Number(rows[0]!.n);
}
