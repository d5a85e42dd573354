// `./fp test`: every check and test of the workspace against real services, started once here.
// Prints one summary line, "N passed, N failed", and exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, testStateDir } from './config.ts';
import { log, StackError } from './processes.ts';
import { startTestServices, type TestServices } from './test-services.ts';

/** Packages with tests, in the order they run (fast, low-level first). */
const testedPackages = [
  { name: '@finpersona/deploy', dir: 'deploy' },
  { name: '@finpersona/api-client', dir: 'platform/client' },
  { name: '@finpersona/plugin-sdk', dir: 'plugins/sdk' },
  { name: '@finpersona/insights-core', dir: 'plugins/insights-core' },
  { name: '@finpersona/catalogue-retail', dir: 'plugins/catalogue-retail' },
  { name: '@finpersona/model-propensity', dir: 'plugins/model-propensity' },
  { name: '@finpersona/compliance-eu', dir: 'plugins/compliance-eu' },
  { name: '@finpersona/compliance-uk', dir: 'plugins/compliance-uk' },
  { name: '@finpersona/compliance-us', dir: 'plugins/compliance-us' },
  { name: '@finpersona/connector-open-banking-uk', dir: 'plugins/connector-open-banking-uk' },
  { name: '@finpersona/connector-berlin-group', dir: 'plugins/connector-berlin-group' },
  { name: '@finpersona/connector-statements', dir: 'plugins/connector-statements' },
  { name: '@finpersona/connector-sandbox', dir: 'plugins/connector-sandbox' },
  { name: '@finpersona/platform', dir: 'platform' },
  { name: '@finpersona/workflows', dir: 'workflows' },
  { name: '@finpersona/admin', dir: 'admin' },
  { name: '@finpersona/customer-app', dir: 'tenant-templates/customer-app' },
];

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('exit', (code) => resolvePromise(code ?? 1));
    child.on('error', () => resolvePromise(1));
  });
}

async function step(title: string, command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<void> {
  const started = Date.now();
  log(`${title}: ${command} ${args.join(' ')}`);
  const code = await run(command, args, env);
  log(
    `${title}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (code !== 0) throw new StackError(`${title} failed`);
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

async function main(): Promise<number> {
  const started = Date.now();
  const resultsDir = join(testStateDir, 'results');
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });

  // Services start while the workspace is checked and built.
  const servicesStarting = startTestServices();
  servicesStarting.catch(() => {}); // observed below; avoid an unhandled rejection while checks run
  let services: TestServices | undefined;
  try {
    await step('Type check', 'pnpm', ['-r', 'typecheck']);
    await step('Lint', 'pnpm', ['lint']);
    await step('Format', 'pnpm', ['format:check']);
    await step('Build', 'pnpm', ['-r', 'build']);
    services = await servicesStarting;

    const totals = { passed: 0, failed: 0, skipped: 0 };
    const failedPackages: string[] = [];
    for (const pkg of testedPackages) {
      const outputFile = join(resultsDir, `${pkg.dir.replaceAll('/', '_')}.json`);
      const packageStarted = Date.now();
      log(`Testing ${pkg.name}`);
      const code = await run(
        'pnpm',
        [
          '--filter',
          pkg.name,
          'exec',
          'vitest',
          'run',
          '--reporter=default',
          '--reporter=json',
          `--outputFile=${outputFile}`,
        ],
        services.env,
      );
      let result: VitestJson | undefined;
      try {
        result = JSON.parse(readFileSync(outputFile, 'utf8')) as VitestJson;
      } catch {
        result = undefined;
      }
      const seconds = ((Date.now() - packageStarted) / 1000).toFixed(1);
      if (!result || code !== 0) failedPackages.push(pkg.name);
      if (result) {
        totals.passed += result.numPassedTests;
        totals.failed += result.numFailedTests;
        totals.skipped += result.numPendingTests + result.numTodoTests;
        log(`${pkg.name}: ${result.numPassedTests} passed, ${result.numFailedTests} failed in ${seconds} s`);
      } else {
        totals.failed += 1;
        log(`${pkg.name}: no results (vitest exit ${code}) in ${seconds} s`);
      }
    }
    log(`All tests finished in ${((Date.now() - started) / 1000 / 60).toFixed(1)} min`);
    if (failedPackages.length) log(`Failed: ${failedPackages.join(', ')}`);
    console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
    return totals.failed === 0 && failedPackages.length === 0 && totals.passed > 0 ? 0 : 1;
  } finally {
    services ??= await servicesStarting.catch(() => undefined);
    await services?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof StackError ? error.message : String((error as Error)?.stack ?? error));
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
