import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from './postgres.ts';
import { createTestDatabase, type TestDatabase } from './test-services.ts';

describe('test databases and roles', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('deploy');
  });
  afterAll(async () => {
    await database.drop();
  });

  it('connects the platform as a role that is neither superuser nor able to bypass row-level security', async () => {
    const rows = await withClient(database.appUrl, async (client) => {
      const result = await client.query<{
        user: string;
        rolsuper: boolean;
        rolbypassrls: boolean;
        rolcreaterole: boolean;
      }>(
        'select current_user as user, rolsuper, rolbypassrls, rolcreaterole from pg_roles where rolname = current_user',
      );
      return result.rows;
    });
    expect(rows).toEqual([
      { user: 'finpersona_app', rolsuper: false, rolbypassrls: false, rolcreaterole: false },
    ]);
  });

  it('lets the application role use but not create objects in the schema', async () => {
    await withClient(database.appUrl, async (client) => {
      await expect(client.query('create table intruder (id int)')).rejects.toThrow(/permission denied/);
    });
  });

  it('gives each suite a database of its own that the owner role owns', async () => {
    const other = await createTestDatabase('deploy');
    try {
      expect(other.name).not.toBe(database.name);
      const owner = await withClient(database.ownerUrl, async (client) => {
        const result = await client.query<{ owner: string }>(
          'select pg_get_userbyid(datdba) as owner from pg_database where datname = current_database()',
        );
        return result.rows[0]?.owner;
      });
      expect(owner).toBe('finpersona_owner');
    } finally {
      await other.drop();
    }
  });
});
