// The crash test's worker process (workflows/src/sync/sync-crash.int.test.ts): the production worker
// (`createWorker`, built `dist/`) over a platform context of its own, with the fixture data connector
// registered through the connector registry. The test compiles this file with SWC, starts it as a child
// process, kills it with SIGKILL at random points and starts it again.
//
// Environment: TEMPORAL_ADDRESS, CRASH_TASK_QUEUE, the worker's platform variables (APP_DATABASE_URL,
// CRYPTO_LOCAL_KEY_FILE, KEYCLOAK_URL and KEYCLOAK_ADMIN_*: validated, not called by a sync),
// CRASH_FIXTURE_SOURCE (JSON FixtureSource), CRASH_FIXTURE_MODULE and CRASH_WORKFLOWS_MODULE (compiled
// modules to load), CRASH_WORKFLOW_BUNDLE (prebuilt workflow bundle).
import { NativeConnection } from '@temporalio/worker';
import type * as FixtureModule from '@finpersona/platform/testing';
import type * as WorkflowsModule from '../src/index';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const fixture = (await import(required('CRASH_FIXTURE_MODULE'))) as typeof FixtureModule;
  const workflows = (await import(required('CRASH_WORKFLOWS_MODULE'))) as typeof WorkflowsModule;
  const { createPlatformContext } = await import('@finpersona/platform');
  // As the production worker: configuration from the environment (APP_DATABASE_URL, CRYPTO_*, KEYCLOAK_*).
  const platform = await createPlatformContext({ logger: ['error'] });
  const source = JSON.parse(required('CRASH_FIXTURE_SOURCE')) as FixtureModule.FixtureSource;
  workflows
    .connectorRegistryOf(platform)
    .register(fixture.FIXTURE_CONNECTOR_ID, () => fixture.createFixtureConnector(source));
  const connection = await NativeConnection.connect({ address: required('TEMPORAL_ADDRESS') });
  const worker = await workflows.createWorker({
    connection,
    platform,
    taskQueue: required('CRASH_TASK_QUEUE'),
    workflowBundle: { codePath: required('CRASH_WORKFLOW_BUNDLE') },
    // A killed worker's sticky queue would hold the next workflow task for 10 s.
    stickyQueueScheduleToStartTimeout: '1s',
  });
  console.log('crash-worker ready');
  await worker.run();
  await connection.close();
  await platform.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
