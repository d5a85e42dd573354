import { readFile, stat } from 'node:fs/promises';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOnboardingContext, createPlatformContext } from '../api';
import { AuditService } from '../audit';
import { ConfigError, type Env, loadCoreConfig, loadMigrationConfig, loadOnboardingConfig } from '../config';
import { FieldEncryptionService, KeyFileRejected } from '../crypto';
import { CustomersService } from '../customers';
import { migrateDatabase } from '../database';
import { isAppError } from '../errors';
import { PluginReleases, maxPluginBundleBytes } from '../plugins';
import { describeDemoBankSeed, OnboardingService, seedDemoBank } from '../onboarding';
import { runAsTenant, type TenantRef } from '../request-context';
import { Tenant, TenancyService, tenantRef } from '../tenancy';
import { evaluatePkdd99 } from './evaluate-pkdd99';
import { importPkdd99 } from './import-pkdd99';

export interface CliIo {
  env: Env;
  out(line: string): void;
  err(line: string): void;
}

export const usage = `Usage: node platform/dist/cli.js <command>

Commands:
  migrate     apply every pending migration (needs MIGRATION_DATABASE_URL, the owner role)
  seed-demo   onboard the demo bank through the onboarding workflow and wait for it
              (needs APP_DATABASE_URL and TEMPORAL_ADDRESS, and a worker polling the task queue)
  audit verify --tenant <slug> | --platform
              verify a bank's (or the platform's) audit chain end to end (needs APP_DATABASE_URL);
              exit 0 when intact, 1 with the first broken link otherwise
  crypto rotate-kek
              re-wrap every data key of every tenant with the current key-encryption key
              (CRYPTO_* names it; previous KEKs must still be configured); resumable
  crypto encrypt-customers
              encrypt customer rows stored before encryption at rest (resumable; run after migrate)
  import-pkdd99 --tenant <slug> [--data-dir <dir>] [--limit N] [--no-wait]
              import the PKDD'99 Czech bank dataset as the bank's own data: one customer without a
              login per account owner, a bank-import aggregation consent, one statement connection per
              owned account; waits for the syncs (needs APP_DATABASE_URL, CRYPTO_*, TEMPORAL_ADDRESS
              and a worker on the task queue); idempotent
  evaluate-pkdd99 [--data-dir <dir>] [--backend auto|native|wasm|cpu] [--section <name>]
                  [--split label-time|label-time-14m|label-time-17m|label-time-long|label-time-inner|covered-period]
              measure the platform's intelligence on the PKDD'99 data beside its baselines (propensity:
              the default model, popularity, logistic regression on a time split: by default on the
              label time) and print every section with its time; needs no database or service
  publish-plugin <bundle.cjs> [--by <name>]
              publish a third-party plugin release (needs APP_DATABASE_URL and CRYPTO_*): the bundle is
              loaded in the isolation sandbox to read its manifest, validated, stored and audited on the
              platform chain; the same bytes again change nothing, other bytes for a published version
              are refused (exit 1)`;

/**
 * The platform's operator commands. Returns the exit code: 0 done, 1 failed (configuration or the
 * command itself), 2 not a command.
 */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    (command ? io.out : io.err)(usage);
    return command ? 0 : 2;
  }
  if (command === 'audit') {
    return runCommand(command, io, () => audit(rest, io));
  }
  if (command === 'crypto') {
    return runCommand(command, io, () => crypto(rest, io));
  }
  if (command === 'import-pkdd99') {
    return runCommand(command, io, () => importPkdd99(rest, io, usage));
  }
  if (command === 'evaluate-pkdd99') {
    return runCommand(command, io, () => evaluatePkdd99(rest, io, usage));
  }
  if (command === 'publish-plugin') {
    return runCommand(command, io, () => publishPlugin(rest, io));
  }
  if (rest.length > 0) {
    io.err(`${command} takes no arguments (got: ${rest.join(' ')})\n\n${usage}`);
    return 2;
  }
  return runCommand(command, io, async () => {
    switch (command) {
      case 'migrate':
        return await migrate(io);
      case 'seed-demo':
        return await seedDemo(io);
      default:
        io.err(`Unknown command "${command}".\n\n${usage}`);
        return 2;
    }
  });
}

async function runCommand(command: string, io: CliIo, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    // Configuration problems and the platform's own errors carry a message written for the operator.
    if (error instanceof ConfigError || error instanceof KeyFileRejected) io.err(error.message);
    else if (isAppError(error)) io.err(`${command} refused (${error.code}): ${error.message}`);
    else
      io.err(`${command} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}

async function migrate(io: CliIo): Promise<number> {
  const { ownerUrl } = loadMigrationConfig(io.env);
  const applied = await migrateDatabase(ownerUrl);
  if (applied.length === 0) io.out('Database is up to date: no migration to apply.');
  else io.out(`Applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}`).join('\n')}`);
  return 0;
}

async function seedDemo(io: CliIo): Promise<number> {
  const config = loadOnboardingConfig(io.env);
  const context = await createOnboardingContext({ config, logger: ['error'] });
  try {
    const seed = await seedDemoBank(context.get(OnboardingService));
    io.out(describeDemoBankSeed(seed));
    return 0;
  } finally {
    await context.close();
  }
}

/**
 * `publish-plugin <bundle.cjs> [--by <name>]`: an operator publishes a third-party release. Who published
 * it is `--by`, else the shell's `USER` (recorded with the release and in the platform audit entry).
 */
async function publishPlugin(args: string[], io: CliIo): Promise<number> {
  const [file, option, name, ...extra] = args;
  const valid =
    file !== undefined &&
    !file.startsWith('--') &&
    extra.length === 0 &&
    (option === undefined || (option === '--by' && name !== undefined && name !== ''));
  if (!valid) {
    io.err(
      `publish-plugin takes "<bundle.cjs> [--by <name>]" (got: ${args.join(' ') || 'nothing'})\n\n${usage}`,
    );
    return 2;
  }
  const size = await stat(file).then(
    (info) => (info.isFile() ? info.size : null),
    () => null,
  );
  if (size === null) {
    io.err(`publish-plugin failed: ${file} is not a readable file`);
    return 1;
  }
  if (size > maxPluginBundleBytes) {
    io.err(
      `publish-plugin refused: ${file} is ${size} bytes; a bundle may be at most ${maxPluginBundleBytes} bytes`,
    );
    return 1;
  }
  const bytes = await readFile(file);
  const config = loadCoreConfig(io.env);
  const context = await createPlatformContext({ config, logger: ['error'] });
  try {
    const publishedBy = name ?? io.env.USER ?? 'operator';
    const result = await context.get(PluginReleases).publish(bytes, publishedBy);
    io.out(
      result.status === 'published'
        ? `Published ${result.pluginId}@${result.version} (sha256 ${result.sha256}) by ${publishedBy}.`
        : `${result.pluginId}@${result.version} is published already with the same content (sha256 ${result.sha256}): nothing changed.`,
    );
    return 0;
  } finally {
    await context.close();
  }
}

async function audit(args: string[], io: CliIo): Promise<number> {
  const [subcommand, option, slug, ...extra] = args;
  const valid =
    subcommand === 'verify' &&
    extra.length === 0 &&
    ((option === '--tenant' && slug !== undefined && slug !== '') ||
      (option === '--platform' && slug === undefined));
  if (!valid) {
    io.err(
      `audit takes "verify --tenant <slug>" or "verify --platform" (got: ${args.join(' ') || 'nothing'})\n\n${usage}`,
    );
    return 2;
  }
  const config = loadCoreConfig(io.env);
  const context = await createPlatformContext({ config, logger: ['error'] });
  try {
    let chain: Parameters<AuditService['verify']>[0] = 'platform';
    if (option === '--tenant') {
      const tenant = await context.get(TenancyService).findBySlug(slug!);
      if (!tenant) {
        io.err(`audit verify failed: no tenant with slug "${slug}"`);
        return 1;
      }
      chain = { tenant: tenantRef(tenant) };
    }
    const label = option === '--tenant' ? `tenant ${slug}` : 'platform';
    const result = await context.get(AuditService).verify(chain);
    if (result.intact) {
      io.out(
        `Audit chain of ${label} is intact: ${result.checked} entries` +
          (result.headSeq === null ? '.' : `, head ${result.headSeq} ${result.headHash}.`),
      );
      return 0;
    }
    const broken = result.firstBroken!;
    io.err(`Audit chain of ${label} is BROKEN at entry ${broken.seq}: ${broken.problem} (${broken.detail}).`);
    return 1;
  } finally {
    await context.close();
  }
}

async function crypto(args: string[], io: CliIo): Promise<number> {
  const [subcommand, ...extra] = args;
  if (extra.length > 0 || (subcommand !== 'rotate-kek' && subcommand !== 'encrypt-customers')) {
    io.err(
      `crypto takes "rotate-kek" or "encrypt-customers" (got: ${args.join(' ') || 'nothing'})\n\n${usage}`,
    );
    return 2;
  }
  const config = loadCoreConfig(io.env);
  const context = await createPlatformContext({ config, logger: ['error'] });
  try {
    return subcommand === 'rotate-kek' ? await rotateKek(context, io) : await encryptCustomers(context, io);
  } finally {
    await context.close();
  }
}

type PlatformContext = Awaited<ReturnType<typeof createPlatformContext>>;

/**
 * Every tenant, whatever its status, in slug order. The tenant directory is readable with no tenant set;
 * tenant-owned work then runs per tenant with `runAsTenant`, under row-level security like a request.
 */
async function allTenants(context: PlatformContext): Promise<TenantRef[]> {
  const tenants = await context
    .get(MikroORM)
    .em.fork()
    .find(Tenant, {}, { orderBy: { slug: 'asc' } });
  return tenants.map(tenantRef);
}

async function rotateKek(context: PlatformContext, io: CliIo): Promise<number> {
  const encryption = context.get(FieldEncryptionService);
  const totals = { rewrapped: 0, alreadyCurrent: 0 };
  const tenants = await allTenants(context);
  for (const tenant of tenants) {
    try {
      const report = await runAsTenant(tenant, () => encryption.rotateTenantKeys());
      totals.rewrapped += report.rewrapped;
      totals.alreadyCurrent += report.alreadyCurrent;
      io.out(
        `  ${tenant.slug}: ${report.rewrapped} re-wrapped, ${report.alreadyCurrent} already under the current KEK`,
      );
    } catch (error) {
      // Keys done so far stay done: re-running continues from where this stopped.
      io.err(
        `crypto rotate-kek failed at tenant ${tenant.slug}: ${error instanceof Error ? error.message : String(error)}\n` +
          'Keys re-wrapped so far stay re-wrapped; fix the cause (e.g. configure the previous KEK) and run it again.',
      );
      return 1;
    }
  }
  io.out(
    `Rotation to KEK ${encryption.currentKekId} complete: ${totals.rewrapped} data key(s) re-wrapped, ` +
      `${totals.alreadyCurrent} already current, in ${tenants.length} tenant(s). ` +
      'Every data key is now wrapped by the current KEK; previous KEKs are no longer needed.',
  );
  return 0;
}

async function encryptCustomers(context: PlatformContext, io: CliIo): Promise<number> {
  const customers = context.get(CustomersService);
  let total = 0;
  const tenants = await allTenants(context);
  for (const tenant of tenants) {
    const converted = await runAsTenant(tenant, () => customers.encryptPlaintextRows());
    if (converted > 0) io.out(`  ${tenant.slug}: ${converted} customer row(s) encrypted`);
    total += converted;
  }
  io.out(
    total === 0
      ? `Customer rows: all encrypted already (${tenants.length} tenant(s) checked).`
      : `Encrypted ${total} customer row(s) stored before encryption at rest, in ${tenants.length} tenant(s).`,
  );
  return 0;
}
