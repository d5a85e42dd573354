import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformContext } from '../api';
import { createTestDatabase } from '../testing/deploy';
import { runCli } from './run-cli';
import { temporaryKeyFile } from '../testing/key-file';

describe('cli migrate on a fresh database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const out: string[] = [];
  const err: string[] = [];
  const run = () =>
    runCli(['migrate'], {
      env: { MIGRATION_DATABASE_URL: database.ownerUrl },
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });

  beforeAll(async () => {
    database = await createTestDatabase('platform_cli');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('applies every migration as the owner, prints what it applied, and the tables exist', async () => {
    expect(await run()).toBe(0);
    expect(err).toEqual([]);
    expect(out).toEqual([
      'Applied 29 migration(s):\n  Migration20261124080000TenantsAndCustomers\n  Migration20261124090000TenantProvisioningStatus\n  Migration20261124100000RowLevelSecurity\n  Migration20261124110000AuditTrail\n  Migration20261125100000EncryptionAtRest\n  Migration20261125110000TenantLifecycle\n  Migration20261126100000CustomerData\n  Migration20261126120000IngestFingerprints\n  Migration20261126140000NotificationOnce\n  Migration20261126150000DataSubjectRequests\n  Migration20261126160000StatementUploads\n  Migration20261126170000PluginInstallations\n  Migration20261126180000BankImport\n  Migration20261126190000Webhooks\n  Migration20261126200000PluginReleases\n  Migration20261126210000Enrichment\n  Migration20261126211000Behaviour\n  Migration20261126212000ModelRegistry\n  Migration20261126213000Recommendations\n  Migration20261126214000Insights\n  Migration20261126215000CustomerTools\n  Migration20261126220000CustomerRules\n  Migration20261126221000Surveys\n  Migration20261126222000InsightFeedback\n  Migration20261126230000SurveyMinimumAudience\n  Migration20261127100000StaffDirectory\n  Migration20261127110000ErasureSuppression\n  Migration20261127120000AuditTrailFilters\n  Migration20261127130000StaffRecordedRequests',
    ]);

    const keyFile = await temporaryKeyFile();
    const context = await createPlatformContext({
      config: { database: { appUrl: database.appUrl, poolSize: 10 }, crypto: keyFile.crypto },
      logger: false,
    });
    keyFile.remove(); // read once at start-up
    try {
      const rows = await (context.get(MikroORM).em.fork() as EntityManager).execute(
        `select tablename as table_name from pg_catalog.pg_tables where schemaname = 'public' order by tablename`,
      );
      expect(rows.map((row) => row.table_name)).toEqual(
        expect.arrayContaining(['audit_entry', 'customer', 'data_key', 'mikro_orm_migrations', 'tenant']),
      );
    } finally {
      await context.close();
    }
  });

  it('run again, it applies nothing and says the database is up to date', async () => {
    out.length = 0;
    expect(await run()).toBe(0);
    expect(out).toEqual(['Database is up to date: no migration to apply.']);
  });

  it('an unreachable database fails with exit code 1 and a message', async () => {
    const errors: string[] = [];
    const code = await runCli(['migrate'], {
      env: { MIGRATION_DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none' },
      out: () => undefined,
      err: (line) => errors.push(line),
    });
    expect(code).toBe(1);
    expect(errors[0]).toMatch(/^migrate failed: .*ECONNREFUSED/s);
  });
});
