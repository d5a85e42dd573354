import { createOnboardingContext } from '../api';
import { ConfigError, type Env, loadMigrationConfig, loadOnboardingConfig } from '../config';
import { migrateDatabase } from '../database';
import { describeDemoBankSeed, OnboardingService, seedDemoBank } from '../onboarding';

export interface CliIo {
  env: Env;
  out(line: string): void;
  err(line: string): void;
}

export const usage = `Usage: node platform/dist/cli.js <command>

Commands:
  migrate     apply every pending migration (needs MIGRATION_DATABASE_URL, the owner role)
  seed-demo   onboard the demo bank through the onboarding workflow and wait for it
              (needs APP_DATABASE_URL and TEMPORAL_ADDRESS, and a worker polling the task queue)`;

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
  if (rest.length > 0) {
    io.err(`${command} takes no arguments (got: ${rest.join(' ')})\n\n${usage}`);
    return 2;
  }
  try {
    switch (command) {
      case 'migrate':
        return await migrate(io);
      case 'seed-demo':
        return await seedDemo(io);
      default:
        io.err(`Unknown command "${command}".\n\n${usage}`);
        return 2;
    }
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
