import { migrationsList } from '@finpersona/migrations';
import { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';

/**
 * Applies every pending migration of `@finpersona/migrations`, connected as the schema owner
 * (never as the application role). Returns the names of the migrations it applied.
 */
export async function migrateDatabase(ownerUrl: string): Promise<string[]> {
  const orm = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: ownerUrl,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    allowGlobalContext: true,
    migrations: {
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
      // The default would switch session_replication_role, which only a superuser may do.
      disableForeignKeys: false,
    },
    pool: { min: 0, max: 1 },
  });
  try {
    const applied = await orm.getMigrator().up();
    return applied.map((migration) => migration.name);
  } finally {
    await orm.close(true);
  }
}
