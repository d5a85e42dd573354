import { describe, expect, it } from 'vitest';
import { parseImportPkdd99Args } from './import-pkdd99';
import { runCli } from './run-cli';

function io(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { env, out: (line: string) => out.push(line), err: (line: string) => err.push(line) },
    out,
    err,
  };
}

describe('cli', () => {
  it('without a command prints the usage to stderr and exits 2', async () => {
    const run = io();
    expect(await runCli([], run.io)).toBe(2);
    expect(run.err.join('\n')).toMatch(/Usage: node platform\/dist\/cli.js <command>/);
    expect(run.out).toEqual([]);
  });

  it('--help prints the usage to stdout and exits 0', async () => {
    const run = io();
    expect(await runCli(['--help'], run.io)).toBe(0);
    expect(run.out.join('\n')).toMatch(/migrate .*\n.*seed-demo/s);
  });

  it('an unknown command is named, with the usage, and exits 2', async () => {
    const run = io();
    expect(await runCli(['seed'], run.io)).toBe(2);
    expect(run.err.join('\n')).toMatch(/^Unknown command "seed"\.\n\nUsage:/);
  });

  it('a command given arguments it does not take exits 2', async () => {
    const run = io();
    expect(await runCli(['migrate', '--force'], run.io)).toBe(2);
    expect(run.err.join('\n')).toMatch(/migrate takes no arguments \(got: --force\)/);
  });

  it('crypto takes rotate-kek or encrypt-customers, nothing else (exit 2)', async () => {
    for (const args of [['crypto'], ['crypto', 'rotate'], ['crypto', 'rotate-kek', '--now']]) {
      const run = io();
      expect(await runCli(args, run.io)).toBe(2);
      expect(run.err.join('\n')).toMatch(/^crypto takes "rotate-kek" or "encrypt-customers"/);
    }
  });

  it('crypto rotate-kek without a key-encryption key configured names the variable and exits 1', async () => {
    const run = io({ APP_DATABASE_URL: 'postgres://app@127.0.0.1:1/x' });
    expect(await runCli(['crypto', 'rotate-kek'], run.io)).toBe(1);
    expect(run.err).toEqual(['Invalid configuration: CRYPTO_LOCAL_KEY_FILE is not set']);
  });

  it('crypto with a key file that does not exist names the file, without a stack trace, and exits 1', async () => {
    const run = io({
      APP_DATABASE_URL: 'postgres://app@127.0.0.1:1/x',
      CRYPTO_LOCAL_KEY_FILE: '/nonexistent/finpersona.kek',
    });
    expect(await runCli(['crypto', 'encrypt-customers'], run.io)).toBe(1);
    expect(run.err).toEqual(['Key file /nonexistent/finpersona.kek cannot be read (ENOENT).']);
  });

  it('migrate without MIGRATION_DATABASE_URL says so, without a stack trace, and exits 1', async () => {
    const run = io({ APP_DATABASE_URL: 'postgres://app@127.0.0.1:1/x' });
    expect(await runCli(['migrate'], run.io)).toBe(1);
    expect(run.err).toEqual(['Invalid configuration: MIGRATION_DATABASE_URL is not set']);
  });

  it('migrate with a MIGRATION_DATABASE_URL that is not a postgres URL exits 1', async () => {
    const run = io({ MIGRATION_DATABASE_URL: 'http://example.test/db' });
    expect(await runCli(['migrate'], run.io)).toBe(1);
    expect(run.err[0]).toMatch(
      /^Invalid configuration: MIGRATION_DATABASE_URL must use postgres: or postgresql:/,
    );
  });

  it.each([
    [{ TEMPORAL_ADDRESS: '127.0.0.1:7233' }, 'APP_DATABASE_URL'],
    [{ APP_DATABASE_URL: 'postgres://app@127.0.0.1:1/x' }, 'TEMPORAL_ADDRESS'],
  ])('seed-demo names a missing variable and exits 1 (%j)', async (env, variable) => {
    const run = io(env);
    expect(await runCli(['seed-demo'], run.io)).toBe(1);
    expect(run.err).toEqual([`Invalid configuration: ${variable} is not set`]);
  });
});

describe('cli import-pkdd99 options', () => {
  it('reads --tenant, --data-dir, --limit and --no-wait in any order', () => {
    expect(
      parseImportPkdd99Args([
        '--limit',
        '12',
        '--no-wait',
        '--data-dir',
        '/data/pkdd99',
        '--tenant',
        'czech',
      ]),
    ).toEqual({ tenant: 'czech', dataDir: '/data/pkdd99', limit: 12, wait: false });
    expect(parseImportPkdd99Args(['--tenant', 'czech'])).toEqual({
      tenant: 'czech',
      dataDir: undefined,
      limit: undefined,
      wait: true,
    });
  });

  it.each([
    [[], 'needs --tenant <slug>'],
    [['--tenant'], '--tenant needs a value'],
    [['--tenant', '--limit', '3'], '--tenant needs a value'],
    [
      ['--tenant', 'czech', '--limit', '-1'],
      '--limit must be a whole number of customers, at least 1 (got "-1")',
    ],
    [
      ['--tenant', 'czech', '--limit', '2.5'],
      '--limit must be a whole number of customers, at least 1 (got "2.5")',
    ],
    [['--tenant', 'czech', 'extra'], 'does not take "extra"'],
  ])('%j is refused: %s', (args, problem) => {
    expect(parseImportPkdd99Args(args)).toEqual({ problem });
  });

  it('is listed in the usage, and bad options exit 2 with the usage before anything is read', async () => {
    const run = io();
    expect(await runCli(['import-pkdd99', '--limit', '0'], run.io)).toBe(2);
    expect(run.err.join('\n')).toMatch(
      /^import-pkdd99 --limit must be a whole number.*\n\nUsage:[\s\S]*import-pkdd99 --tenant <slug>/,
    );
  });
});
