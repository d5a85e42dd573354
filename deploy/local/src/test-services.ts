// Real services for tests: started once by `./fp test` (which exports their addresses), or by a
// package's vitest globalSetup when that package's tests run on their own.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ports, testAppPortsInRealmFiles, testStateDir } from './config.ts';
import { startKeycloak } from './keycloak.ts';
import { dropDatabase, ensureDatabase, startPostgres, type DatabaseUrls } from './postgres.ts';
import { assertPortFree, log, StackError, stopAll } from './processes.ts';
import { startTemporalDevServer } from './temporal.ts';
import { ensureTemporalTestServer } from './temporal-test-server.ts';
import { ensureChromium } from './tools.ts';

export const testServiceVariables = [
  'TEST_DATABASE_ADMIN_URL',
  'KEYCLOAK_URL',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_TEST_SERVER_PATH',
  'CHROMIUM_PATH',
] as const;

export interface TestServices {
  env: Record<(typeof testServiceVariables)[number], string>;
  stop(): Promise<void>;
}

export async function startTestServices(): Promise<TestServices> {
  const dir = testStateDir;
  const logs = join(dir, 'logs');
  const port = ports.test;
  const started = Date.now();
  await Promise.all([
    assertPortFree(port.postgres, 'test PostgreSQL'),
    assertPortFree(port.keycloak, 'test Keycloak'),
    assertPortFree(port.keycloakManagement, 'test Keycloak management'),
    assertPortFree(port.temporal, 'test Temporal'),
  ]);
  const [postgres, keycloak, temporal, testServerPath, chromium] = await Promise.all([
    startPostgres({
      dataDir: join(dir, 'postgres'),
      port: port.postgres,
      logFile: join(logs, 'postgres.log'),
      fresh: true,
    }),
    startKeycloak({
      port: port.keycloak,
      managementPort: port.keycloakManagement,
      homeDir: join(dir, 'keycloak'),
      storage: 'memory',
      logFile: join(logs, 'keycloak.log'),
      appPortMoves: new Map([
        [testAppPortsInRealmFiles.admin, port.admin],
        [testAppPortsInRealmFiles.customerApp, port.customerApp],
      ]),
    }),
    startTemporalDevServer({ port: port.temporal, logFile: join(logs, 'temporal.log') }),
    ensureTemporalTestServer(),
    ensureChromium(),
  ]);
  log(`Test services up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    env: {
      TEST_DATABASE_ADMIN_URL: postgres.adminUrl,
      KEYCLOAK_URL: keycloak.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TEST_SERVER_PATH: testServerPath,
      CHROMIUM_PATH: chromium,
    },
    async stop() {
      await stopAll();
      await postgres.stop();
    },
  };
}

/**
 * For a vitest globalSetup: reuses the services `./fp test` started (their variables are set),
 * otherwise starts them and returns the function that stops them.
 */
export async function ensureTestServices(): Promise<() => Promise<void>> {
  if (testServiceVariables.every((name) => process.env[name])) return async () => {};
  const services = await startTestServices();
  Object.assign(process.env, services.env);
  return () => services.stop();
}

export interface TestDatabase extends DatabaseUrls {
  drop(): Promise<void>;
}

/** A fresh database of its own for one test suite (never shared, so no run drops another's tables). */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  if (!adminUrl) {
    throw new StackError(
      'TEST_DATABASE_ADMIN_URL is not set: run the tests with `./fp test`, or call ensureTestServices() in a globalSetup.',
    );
  }
  const safeLabel = label
    .toLowerCase()
    .replaceAll(/[^a-z0-9]/g, '_')
    .slice(0, 30);
  const name = `fp_${safeLabel}_${randomBytes(4).toString('hex')}`;
  const urls = await ensureDatabase(adminUrl, name);
  return { ...urls, drop: () => dropDatabase(adminUrl, name) };
}
