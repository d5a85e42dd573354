import { createOnboardingContext, createPlatformContext } from '../api';
import { AuditService } from '../audit';
import { ConfigError, type Env, loadCoreConfig, loadMigrationConfig, loadOnboardingConfig } from '../config';
import { migrateDatabase } from '../database';
import { describeDemoBankSeed, OnboardingService, seedDemoBank } from '../onboarding';
import { TenancyService, tenantRef } from '../tenancy';

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
              exit 0 when intact, 1 with the first broken link otherwise`;

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
    if (error instanceof ConfigError) io.err(error.message);
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
