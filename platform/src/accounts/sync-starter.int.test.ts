// startSync against the real Temporal dev server and PostgreSQL: the workflow is started for the current
// bank with the contract's id and argument, each request reaches it as signal `syncRequested` (a second one
// while it runs signals that run instead of starting another: the workflow decides on a follow-up), and each
// request is audited.
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnboardingContext, createPlatformContext } from '../api';
import { migrateDatabase } from '../database';
import { isAppError } from '../errors';
import { runAsTenant } from '../request-context';
import { tenantRef } from '../tenancy';
import { createTestDatabase, withClient } from '../testing/deploy';
import { temporaryKeyFile } from '../testing/key-file';
import {
  createSyncConnection,
  syncRequestsReceived,
  syncTestBank,
  type SyncFixtureConnection,
} from '../testing/sync-fixture';
import { SyncStarter } from './sync-starter';

describe('startSync', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let kek: Awaited<ReturnType<typeof temporaryKeyFile>>;
  let platform: Awaited<ReturnType<typeof createPlatformContext>>;
  let starterContext: Awaited<ReturnType<typeof createOnboardingContext>>;
  let temporal: Connection;
  let client: Client;
  let fixture: SyncFixtureConnection;
  let createSyncConnectionIn: (slug: string) => Promise<SyncFixtureConnection>;
  const taskQueue = `sync-starter-test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    database = await createTestDatabase('platform');
    await migrateDatabase(database.ownerUrl);
    kek = await temporaryKeyFile();
    platform = await createPlatformContext({
      config: { database: { appUrl: database.appUrl, poolSize: 2 }, crypto: kek.crypto },
      logger: false,
    });
    createSyncConnectionIn = (slug) =>
      createSyncConnection(platform, syncTestBank(slug), { connector: 'fixture' });
    fixture = await createSyncConnectionIn('starter-bank');
    const address = process.env.TEMPORAL_ADDRESS!;
    starterContext = await createOnboardingContext({
      config: {
        database: { appUrl: database.appUrl, poolSize: 2 },
        temporal: { address, namespace: 'default', taskQueue },
      },
      logger: false,
    });
    temporal = await Connection.connect({ address });
    client = new Client({ connection: temporal });
  });

  afterAll(async () => {
    await client?.workflow
      .getHandle(`sync-${fixture?.connectionId}`)
      .terminate('test over')
      .catch(() => undefined);
    await temporal?.close();
    await starterContext?.close();
    await platform?.close();
    await database?.drop();
    kek?.remove();
  });

  it('starts syncConnection for the current bank as sync-<connectionId>; a second request signals the running one', async () => {
    const starter = starterContext.get(SyncStarter);

    const first = await runAsTenant(tenantRef(fixture.tenant), () =>
      starter.startSync(fixture.connectionId, 'customer'),
    );
    const second = await runAsTenant(tenantRef(fixture.tenant), () =>
      starter.startSync(fixture.connectionId, 'staff'),
    );

    expect(first.workflowId).toBe(`sync-${fixture.connectionId}`);
    expect(second).toEqual(first);
    const described = await client.workflow.getHandle(first.workflowId).describe();
    expect(described).toMatchObject({ type: 'syncConnection', taskQueue, status: { name: 'RUNNING' } });
    const history = await client.workflow.getHandle(first.workflowId).fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    const args = started?.input?.payloads?.map((payload) =>
      JSON.parse(Buffer.from(payload.data!).toString()),
    );
    expect(args).toEqual([
      { tenantId: fixture.tenantId, connectionId: fixture.connectionId, trigger: 'customer' },
    ]);
    // Both requests reached the one run as signals, each with its trigger (the follow-up's, if one is due).
    expect(await syncRequestsReceived(client, fixture.connectionId)).toEqual(['customer', 'staff']);
    const url = new URL(process.env.TEST_DATABASE_ADMIN_URL!);
    url.pathname = `/${database.name}`;
    const audited = await withClient(
      url.toString(),
      async (sql) =>
        (
          await sql.query(
            `select resource_id, changes from audit_entry where action = 'sync.request' order by seq`,
          )
        ).rows,
    );
    expect(audited).toEqual([
      { resource_id: fixture.connectionId, changes: { trigger: 'customer' } },
      { resource_id: fixture.connectionId, changes: { trigger: 'staff' } },
    ]);
  });

  it("bank B cannot start a sync of bank A's connection: NOT_FOUND, no workflow", async () => {
    const starter = starterContext.get(SyncStarter);
    const bankB = (await createSyncConnectionIn('starter-bank-b')).tenant;
    const notStarted = await createSyncConnectionIn('starter-bank');

    const refused = await runAsTenant(tenantRef(bankB), () =>
      starter.startSync(notStarted.connectionId, 'customer'),
    ).catch((error: unknown) => error);

    expect(isAppError(refused) && refused.code).toBe('NOT_FOUND');
    await expect(client.workflow.getHandle(`sync-${notStarted.connectionId}`).describe()).rejects.toThrow(
      /not found/i,
    );
  });
});
