// `./fp up`: the whole stack on this machine with a seeded demo bank. Ctrl-C stops everything.
import { execFile as execFileCallback } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { localDir, ports, repoRoot } from './config.ts';
import { seedDemoData } from './demo-data.ts';
import { startKeycloak } from './keycloak.ts';
import { ensureDatabase, startPostgres } from './postgres.ts';
import {
  assertPortFree,
  httpOk,
  log,
  StackError,
  startProcess,
  stopAll,
  waitFor,
  type ManagedProcess,
} from './processes.ts';
import { startTemporalDevServer } from './temporal.ts';

const execFile = promisify(execFileCallback);
const port = ports.stack;
const dir = join(localDir, 'stack');
const logs = join(dir, 'logs');
// The stack's key-encryption key, outside `stack/` so that wiping the stack's state (or using an external
// DATABASE_URL) never separates data from its key by accident; without it encrypted fields are lost.
const keyFile = join(localDir, 'keys', 'stack.kek');

async function main(): Promise<void> {
  const started = Date.now();
  for (const [what, number] of Object.entries(port)) await assertPortFree(number, what);

  log('Building the workspace packages');
  await execFile(
    'pnpm',
    ['-r', '--filter', '!@finpersona/admin', '--filter', '!@finpersona/customer-app', 'build'],
    {
      cwd: repoRoot,
      maxBuffer: 64 * 1024 * 1024,
    },
  ).catch((error: { stdout?: string; stderr?: string }) => {
    throw new StackError(`Build failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  });

  const [postgres, keycloak, temporal] = await Promise.all([
    startPostgres({
      dataDir: join(dir, 'postgres'),
      port: port.postgres,
      logFile: join(logs, 'postgres.log'),
    }),
    startKeycloak({
      port: port.keycloak,
      managementPort: port.keycloakManagement,
      homeDir: join(localDir, 'keycloak-stack'),
      storage: 'file',
      logFile: join(logs, 'keycloak.log'),
    }),
    startTemporalDevServer({
      port: port.temporal,
      uiPort: port.temporalUi,
      databaseFile: join(dir, 'temporal.sqlite'),
      logFile: join(logs, 'temporal.log'),
    }),
  ]);
  const database = await ensureDatabase(postgres.adminUrl, 'finpersona');
  const platformEnv = {
    APP_DATABASE_URL: database.appUrl,
    MIGRATION_DATABASE_URL: database.ownerUrl,
    KEYCLOAK_URL: keycloak.url,
    TEMPORAL_ADDRESS: temporal.address,
    API_PORT: String(port.api),
    CORS_ORIGINS: `http://localhost:${port.admin},http://localhost:${port.customerApp}`,
    // The local stack only: lets GraphQL tools read the schema (off everywhere else, see platform/README.md).
    GRAPHQL_INTROSPECTION: 'true',
    // The local stack only: tokens of the password-grant client `finpersona-dev-cli` are accepted.
    IDENTITY_ALLOW_DEV_CLIENT: 'true',
    CRYPTO_KEY_PROVIDER: 'local',
    CRYPTO_LOCAL_KEY_FILE: keyFile,
    // Third-party plugin sandboxes get no network of their own where this machine allows it.
    PLUGIN_SANDBOX_NETWORK: await sandboxNetwork(),
  };

  log('Running migrations');
  await runPlatformCli(['migrate'], platformEnv);

  // Rows stored before encryption at rest (an older stack's state) are encrypted now, before anything
  // serves them; a no-op once done. The first start creates the KEK here (mode 0600), before the API
  // and the worker start: they never create one, so a missing key file stops them instead.
  log('Encrypting customer rows stored before encryption at rest (if any)');
  await mkdir(join(localDir, 'keys'), { recursive: true, mode: 0o700 });
  await runPlatformCli(['crypto', 'encrypt-customers'], {
    ...platformEnv,
    CRYPTO_LOCAL_CREATE_KEY_FILE: 'true',
  });

  const api = startProcess({
    name: 'api',
    command: process.execPath,
    args: [join(repoRoot, 'platform', 'dist', 'main.js')],
    logFile: join(logs, 'api.log'),
    env: platformEnv,
  });
  const worker = startProcess({
    name: 'worker',
    command: process.execPath,
    args: [join(repoRoot, 'workflows', 'dist', 'worker.js')],
    logFile: join(logs, 'worker.log'),
    // Realm provisioning as the local Keycloak's bootstrap admin (set by keycloak.ts); only the worker gets it.
    env: { ...platformEnv, KEYCLOAK_ADMIN_USERNAME: 'admin', KEYCLOAK_ADMIN_PASSWORD: 'admin' },
  });
  const apiUrl = `http://localhost:${port.api}`;
  await waitFor('API', httpOk(`http://127.0.0.1:${port.api}/health/live`), {
    timeoutMs: 60_000,
    process: api,
  });

  log('Seeding the demo bank through the onboarding workflow');
  await runPlatformCli(['seed-demo'], platformEnv);
  log("Seeding the demo customers' consents, sandbox accounts and a data export through the API");
  await seedDemoData({
    apiUrl,
    keycloakUrl: keycloak.url,
    customerAppUrl: `http://localhost:${port.customerApp}`,
  });

  const frontEnd = { VITE_API_URL: apiUrl, VITE_KEYCLOAK_URL: keycloak.url };
  const admin = startProcess({
    name: 'admin',
    command: 'pnpm',
    args: ['--filter', '@finpersona/admin', 'exec', 'vite', '--port', String(port.admin), '--strictPort'],
    cwd: repoRoot,
    logFile: join(logs, 'admin.log'),
    env: frontEnd,
  });
  const customerApp = startProcess({
    name: 'customer-app',
    command: 'pnpm',
    args: [
      '--filter',
      '@finpersona/customer-app',
      'exec',
      'vite',
      '--port',
      String(port.customerApp),
      '--strictPort',
    ],
    cwd: repoRoot,
    logFile: join(logs, 'customer-app.log'),
    env: frontEnd,
  });
  await Promise.all([
    waitFor('admin portal', httpOk(`http://127.0.0.1:${port.admin}/`), { timeoutMs: 60_000, process: admin }),
    waitFor('customer app', httpOk(`http://127.0.0.1:${port.customerApp}/`), {
      timeoutMs: 60_000,
      process: customerApp,
    }),
    waitFor('worker', async () => worker.child.exitCode === null, { timeoutMs: 5_000, process: worker }),
  ]);

  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`
FinPersona is up (${seconds} s). Logs: ${logs}

  Customer app   http://localhost:${port.customerApp}     ana.novak / Customer-demo-1
  Admin portal   http://localhost:${port.admin}     bank.admin / Admin-demo-1  (bank: demo-bank)
                                             compliance.officer / Compliance-demo-1
                                             operator / Operator-demo-1  (platform operator)
                 Staff sign-ins ask for a one-time code: any TOTP app with the secret in README.md
  GraphQL API    ${apiUrl}/graphql   health: ${apiUrl}/health
  Keycloak       ${keycloak.url}        admin console: admin / admin
  Temporal UI    ${temporal.uiUrl}
  PostgreSQL     ${postgres.external ? '(external, DATABASE_URL)' : `127.0.0.1:${port.postgres}`}  database ${database.name}

Press Ctrl-C to stop everything.
`);

  const crashed = (managed: ManagedProcess) =>
    managed.exited.then((code) => ({ name: managed.name, code, logFile: managed.logFile }));
  const stopRequested = new Promise<'signal'>((resolvePromise) => {
    process.once('SIGINT', () => resolvePromise('signal'));
    process.once('SIGTERM', () => resolvePromise('signal'));
  });
  const reason = await Promise.race([
    stopRequested,
    ...[api, worker, admin, customerApp, keycloak.process, temporal.process].map(crashed),
  ]);
  if (reason !== 'signal') {
    log(
      `${reason.name} stopped unexpectedly (exit ${reason.code}); see ${reason.logFile}. Stopping the stack.`,
    );
  }
  log('Stopping…');
  await stopAll();
  await postgres.stop();
  log('Stopped.');
  process.exit(reason === 'signal' ? 0 : 1);
}

/**
 * `none` (each plugin sandbox process in a network namespace of its own, `unshare --net`) when this machine
 * lets us create one; otherwise `host`, said out loud: the sandboxes then share this machine's network.
 */
async function sandboxNetwork(): Promise<'none' | 'host'> {
  const args = process.getuid?.() === 0 ? ['--net', 'true'] : ['--net', '--map-root-user', 'true'];
  try {
    await execFile('unshare', args);
    log('Plugin sandboxes: no network (each in its own network namespace)');
    return 'none';
  } catch {
    log(
      'Plugin sandboxes: WARNING "unshare --net" is not available here, so they share this machine\'s network',
    );
    return 'host';
  }
}

async function runPlatformCli(args: string[], env: Record<string, string>): Promise<void> {
  try {
    await execFile(process.execPath, [join(repoRoot, 'platform', 'dist', 'cli.js'), ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    throw new StackError(
      `platform ${args.join(' ')} failed:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`,
    );
  }
}

main().catch(async (error: unknown) => {
  log(error instanceof StackError ? error.message : String((error as Error)?.stack ?? error));
  await stopAll();
  process.exit(1);
});
