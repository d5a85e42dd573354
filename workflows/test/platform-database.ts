// What the workflow tests' platform context runs on: a fresh migrated database of the test file's own,
// a key-encryption key of its own, the local Keycloak's admin for realm provisioning, and a superuser
// pool for checks (what is really stored, whatever row-level security shows the application).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@finpersona/deploy';
import { migrateDatabase } from '@finpersona/platform';

export interface PlatformDatabase {
  database: TestDatabase;
  sql: pg.Pool;
  cleanup(): Promise<void>;
}

/** Creates the database and sets the environment `createPlatformContext()` reads. */
export async function preparePlatformDatabase(): Promise<PlatformDatabase> {
  const database = await createTestDatabase('workflows');
  await migrateDatabase(database.ownerUrl);
  process.env.APP_DATABASE_URL = database.appUrl;
  // A key-encryption key of this run's own (created 0600 on first use), as `./fp up` does.
  const keyFile = join(mkdtempSync(join(tmpdir(), 'finpersona-kek-')), 'kek');
  process.env.CRYPTO_LOCAL_KEY_FILE = keyFile;
  process.env.CRYPTO_LOCAL_CREATE_KEY_FILE = 'true';
  // The local Keycloak's bootstrap admin (development and tests only), for realm provisioning.
  process.env.KEYCLOAK_ADMIN_USERNAME ??= 'admin';
  process.env.KEYCLOAK_ADMIN_PASSWORD ??= 'admin';
  const superuserUrl = new URL(process.env.TEST_DATABASE_ADMIN_URL!);
  superuserUrl.pathname = `/${database.name}`;
  const sql = new pg.Pool({ connectionString: superuserUrl.toString(), max: 2 });
  return {
    database,
    sql,
    async cleanup() {
      rmSync(dirname(keyFile), { recursive: true, force: true });
      await sql.end();
      await database.drop();
    },
  };
}
