// The account-sync workflow on Temporal's real time-skipping test server, with the real platform-backed
// activities writing to a real PostgreSQL database of its own, over a fixture data connector (a real
// DataConnector over generated data that counts every call reaching it). The time-skipping server has no
// Schedules, so schedules are created on the real dev server of the test run (`fixture.devServer()`).
import { randomBytes } from 'node:crypto';
import { type Client, WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectionGrant, ConnectorError } from '@finpersona/plugin-sdk';
import {
  ConnectorRegistry,
  FieldEncryptionService,
  runAsTenant,
  SyncService,
  syncScheduleId,
  tenantRef,
  type SyncConnectionInput,
  type SyncResult,
} from '@finpersona/platform';
import {
  createFixtureConnector,
  createSyncConnection,
  FIXTURE_CONNECTOR_ID,
  fixtureSourceIds,
  revokeConsent,
  syncTestBank,
  type FixtureCall,
  type FixtureControls,
  type FixtureSource,
  type SyncFixtureConnection,
} from '@finpersona/platform/testing';
import { runSync } from '../../test/sync-run';
import { startTimeSkippingFixture, type TimeSkippingFixture } from '../../test/time-skipping';
import type { PlatformContext } from '../index';

let fixture: TimeSkippingFixture;
let sql: pg.Pool;
let platform: PlatformContext;
let environment: TestWorkflowEnvironment;
let devClient: Client;

beforeAll(async () => {
  fixture = await startTimeSkippingFixture();
  ({ sql, platform, environment } = fixture);
  devClient = await fixture.devServer();
});

afterAll(async () => {
  await fixture?.close();
});

const smallSource: FixtureSource = { accounts: 3, transactionsPerAccount: 25, pageSize: 10 };

describe('syncConnection', () => {
  it('stores every account, balance and transaction, encrypted, reports and audits the run, and schedules the next', async () => {
    const fixture = await connection('EU');
    const controls = fixtureControls();

    const result = await sync(fixture, smallSource, controls);

    expect(result.status).toBe('succeeded');
    expect(await storedSourceIds(fixture)).toEqual(expectedSourceIds(smallSource));
    expect(await count('account', fixture)).toBe(3);
    expect(await count('balance', fixture)).toBe(6);
    expect(result.report?.accounts).toMatchObject({
      listed: 3,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    const perAccount = Object.values(result.report!.perAccount);
    expect(perAccount.map((account) => [account.pages, account.inserted, account.error])).toEqual([
      [3, 25, null],
      [3, 25, null],
      [3, 25, null],
    ]);
    // Personal fields are ciphertext in the table and read back through the customer's key.
    const { rows } = await sql.query<{ id: string; counterparty_enc: string; description_enc: string }>(
      `select id, counterparty_enc, description_enc from account_transaction where tenant_id = $1 and source_id = 'tx-0-3'`,
      [fixture.tenantId],
    );
    expect(rows[0]!.description_enc).not.toContain('Card payment');
    expect(rows[0]!.counterparty_enc).not.toContain('Shop');
    const plaintext = await runAsTenant(tenantRef(fixture.tenant), () =>
      platform.get(FieldEncryptionService).decrypt(rows[0]!.description_enc, {
        table: 'account_transaction',
        column: 'description_enc',
        rowId: rows[0]!.id,
      }),
    );
    expect(plaintext).toBe('Card payment 3');
    const { rows: accounts } = await sql.query<{ identifiers_enc: string; masked_identifier: string }>(
      `select identifiers_enc, masked_identifier from account where tenant_id = $1 order by source_id`,
      [fixture.tenantId],
    );
    expect(accounts[0]!.masked_identifier).toBe('•••• 0000');
    expect(accounts[0]!.identifiers_enc).not.toContain('SI56');
    // The run, the connection's last sync and its cursors (a finished pass leaves them null).
    const run = await syncRun(result.runId!);
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'customer' });
    expect(run.finished_at).not.toBeNull();
    const connectionRow = await connectionOf(fixture);
    expect(connectionRow).toMatchObject({ last_sync_status: 'succeeded', status: 'active' });
    expect(connectionRow.sync_cursor).toEqual({ 'acc-0': null, 'acc-1': null, 'acc-2': null });
    // Audited without personal data.
    const audit = await auditOf(fixture, 'sync.finished');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toMatchObject({ status: 'succeeded', inserted: 75, pages: 9, accounts: 3 });
    expect(JSON.stringify(audit[0]!.changes)).not.toMatch(/Ana|Shop|SI56|Card payment/);
    // One schedule per connection, every 6 hours (EU: 4 unattended refreshes a day).
    const schedule = await devClient.schedule.getHandle(syncScheduleId(fixture.connectionId)).describe();
    expect(schedule.spec.intervals?.map((interval) => interval.every)).toEqual([6 * 3_600_000]);
    expect(schedule.action).toMatchObject({
      workflowType: 'syncConnection',
      args: [{ ...input(fixture, 'schedule') }],
    });
  });

  it('a US bank (no unattended cap) is refreshed daily', async () => {
    const fixture = await connection('US');

    await sync(fixture, { accounts: 1, transactionsPerAccount: 2, pageSize: 10 }, fixtureControls());

    const schedule = await devClient.schedule.getHandle(syncScheduleId(fixture.connectionId)).describe();
    expect(schedule.spec.intervals?.map((interval) => interval.every)).toEqual([24 * 3_600_000]);
  });

  it('running it again over the same data changes nothing: 0 inserted, 0 updated, every row identical', async () => {
    const fixture = await connection('EU');
    await sync(fixture, smallSource, fixtureControls());
    const before = await checksum(fixture);

    const again = await sync(fixture, smallSource, fixtureControls());

    expect(again.status).toBe('succeeded');
    const totals = Object.values(again.report!.perAccount);
    expect(totals.reduce((sum, account) => sum + account.inserted + account.updated, 0)).toBe(0);
    // The fresh pass re-reads the last days of each account (the overlap), all of it unchanged.
    expect(totals.reduce((sum, account) => sum + account.unchanged, 0)).toBeGreaterThan(0);
    expect(again.report!.accounts).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await checksum(fixture)).toEqual(before);
  });

  it("recomputes the customer's behaviour after a run that stored data, and not after one that changed nothing", async () => {
    const fixture = await connection('EU');
    await sync(fixture, smallSource, fixtureControls());
    const first = await behaviourRows(fixture);
    expect(first.features).toHaveLength(1);
    expect(first.features[0]!.features).toHaveProperty('transactions.monthly');
    expect(first.features[0]!.computation_ms).toBeGreaterThanOrEqual(0);

    const again = await sync(fixture, smallSource, fixtureControls());

    expect(again.status).toBe('succeeded');
    expect((await behaviourRows(fixture)).features[0]!.computed_at).toEqual(first.features[0]!.computed_at);
  });

  it('a source correcting its data updates exactly those rows and re-encrypts them', async () => {
    const fixture = await connection('EU');
    await sync(fixture, smallSource, fixtureControls());

    const corrected = await sync(fixture, { ...smallSource, revision: 1 }, fixtureControls());

    const totals = Object.values(corrected.report!.perAccount);
    const updated = totals.reduce((sum, account) => sum + account.updated, 0);
    expect(updated).toBeGreaterThan(0);
    expect(totals.reduce((sum, account) => sum + account.inserted, 0)).toBe(0);
    expect(updated).toBe(
      totals.reduce((sum, account) => sum + account.inserted + account.updated + account.unchanged, 0),
    );
    expect(await count('account_transaction', fixture)).toBe(75);
  });

  it('retries a page after SOURCE_UNAVAILABLE and stores it once', async () => {
    const fixture = await connection('EU');
    const controls = fixtureControls((call) => {
      if (
        call.method === 'listTransactions' &&
        call.sourceAccountId === 'acc-1' &&
        call.cursor === '|10' &&
        call.attempt < 3
      ) {
        throw new ConnectorError('SOURCE_UNAVAILABLE', 'HTTP 503 from the source');
      }
    });

    const result = await sync(fixture, smallSource, controls);

    expect(result.status).toBe('succeeded');
    expect(pageCalls(controls, 'acc-1', '|10')).toBe(3);
    expect(await storedSourceIds(fixture)).toEqual(expectedSourceIds(smallSource));
  });

  it('waits as long as RATE_LIMITED asks (Retry-After), not the shorter backoff', async () => {
    const fixture = await connection('EU');
    const scheduledAt: number[] = [];
    const controls = fixtureControls(async (call) => {
      if (call.method === 'listTransactions' && call.sourceAccountId === 'acc-0' && call.cursor === '|20') {
        // The test server's clock, which time skipping moves.
        scheduledAt.push(await environment.currentTimeMs());
        if (call.attempt === 1) throw new ConnectorError('RATE_LIMITED', 'HTTP 429', 90_000);
      }
    });

    const result = await sync(fixture, smallSource, controls);

    expect(result.status).toBe('succeeded');
    expect(scheduledAt).toHaveLength(2);
    expect(scheduledAt[1]! - scheduledAt[0]!).toBeGreaterThanOrEqual(90_000);
    expect(await count('account_transaction', fixture)).toBe(75);
  });

  it('one account failing does not stop the others: the run is partial, the report says which and why', async () => {
    const fixture = await connection('EU');
    const controls = fixtureControls((call) => {
      if (call.method === 'listTransactions' && call.sourceAccountId === 'acc-1' && call.cursor === '|10') {
        throw new ConnectorError('BAD_SOURCE_DATA', 'The source sent a page that breaks its schema');
      }
    });

    const result = await sync(fixture, smallSource, controls);

    expect(result.status).toBe('partial');
    expect(pageCalls(controls, 'acc-1', '|10')).toBe(1);
    const failed = Object.values(result.report!.perAccount).filter((account) => account.error);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ pages: 1, inserted: 10, error: { code: 'BAD_SOURCE_DATA' } });
    expect(await count('account_transaction', fixture)).toBe(25 + 10 + 25);
    // The failed account resumes from its stored cursor next time.
    expect((await connectionOf(fixture)).sync_cursor).toEqual({
      'acc-0': null,
      'acc-1': '|10',
      'acc-2': null,
    });
    expect((await syncRun(result.runId!)).status).toBe('partial');
    expect((await auditOf(fixture, 'sync.finished'))[0]!.changes).toMatchObject({
      status: 'partial',
      failedAccounts: 1,
    });

    const resumed = await sync(fixture, smallSource, fixtureControls());
    expect(resumed.status).toBe('succeeded');
    expect(await storedSourceIds(fixture)).toEqual(expectedSourceIds(smallSource));
  });

  it('consent revoked mid-sync: the run stops, no further call reaches the source, the page in flight is not stored', async () => {
    const fixture = await connection('EU');
    let callsAtRevocation = -1;
    const controls: FixtureControls = { calls: [] };
    controls.intercept = async (call) => {
      if (call.method === 'listTransactions' && call.sourceAccountId === 'acc-1' && call.cursor === '|10') {
        await revokeConsent(platform, fixture);
        callsAtRevocation = controls.calls.length;
      }
    };

    const result = await sync(fixture, smallSource, controls);

    expect(result.status).toBe('stopped');
    expect(result.reason).toBe('consent-not-live');
    expect(callsAtRevocation).toBeGreaterThan(0);
    expect(controls.calls).toHaveLength(callsAtRevocation);
    expect(await count('account_transaction', fixture)).toBe(25 + 10);
    expect((await syncRun(result.runId!)).status).toBe('stopped');
    await expect(
      devClient.schedule.getHandle(syncScheduleId(fixture.connectionId)).describe(),
    ).rejects.toThrow();
  });

  it('consent revoked while a page waits for its retry: the retry makes no source call', async () => {
    const fixture = await connection('EU');
    let callsAtRevocation = -1;
    const controls: FixtureControls = { calls: [] };
    controls.intercept = async (call) => {
      if (call.method === 'listTransactions' && call.sourceAccountId === 'acc-0' && call.cursor === '|10') {
        await revokeConsent(platform, fixture);
        callsAtRevocation = controls.calls.length;
        throw new ConnectorError('SOURCE_UNAVAILABLE', 'HTTP 503 from the source');
      }
    };

    const result = await sync(fixture, smallSource, controls);

    expect(result).toMatchObject({ status: 'stopped', reason: 'consent-not-live' });
    expect(controls.calls).toHaveLength(callsAtRevocation);
    expect(await count('account_transaction', fixture)).toBe(10);
  });

  it('the source saying its consent was revoked ends the connection and stops the run', async () => {
    const fixture = await connection('EU');
    const controls = fixtureControls((call) => {
      if (call.method === 'listBalances' && call.sourceAccountId === 'acc-1') {
        throw new ConnectorError('CONSENT_REVOKED', 'HTTP 403: consent revoked by the PSU');
      }
    });

    const result = await sync(fixture, smallSource, controls);

    expect(result.status).toBe('stopped');
    expect(result.reason).toBe('source-consent-revoked');
    expect(controls.calls.at(-1)).toMatchObject({ method: 'listBalances', sourceAccountId: 'acc-1' });
    expect(await connectionOf(fixture)).toMatchObject({ status: 'revoked', error_code: 'CONSENT_REVOKED' });
    expect(await auditOf(fixture, 'connection.end')).toHaveLength(1);
  });

  it('a source that rotates its credentials: each new grant is saved (encrypted, audited) before the next call, so a sync and the next one run on one chain', async () => {
    const fixture = await connection('EU');
    const controls: FixtureControls = { calls: [], rotation: { generation: 0, saves: 0 }, presence: [] };

    const first = await sync(fixture, smallSource, controls, 'schedule');

    expect(first.status).toBe('succeeded');
    expect(await storedSourceIds(fixture)).toEqual(expectedSourceIds(smallSource));
    // 3 accounts × 3 pages: one refresh each, every one saved before the next page used it.
    expect(controls.rotation).toEqual({ generation: 9, saves: 9 });
    expect((await storedGrant(fixture)).credentials).toEqual({ fixture: true, generation: 9 });
    const { rows } = await sql.query<{ grant_enc: string }>(
      `select grant_enc from connection where id = $1`,
      [fixture.connectionId],
    );
    expect(rows[0]!.grant_enc).not.toContain('generation');
    const renewed = await auditOf(fixture, 'connection.grant-renewed');
    expect(renewed).toHaveLength(9);
    expect(renewed.every((entry) => Object.keys(entry.changes).join() === 'sourceExpiresAt')).toBe(true);
    // A worker sync runs without the customer: no call claimed their presence.
    expect(controls.presence!.length).toBe(controls.calls.length);
    expect(controls.presence!.every((entry) => entry.customer.present === false)).toBe(true);

    // The next run starts from the saved grant (a stale one would be refused by the source).
    const second = await sync(fixture, smallSource, controls, 'schedule');
    expect(second.status).toBe('succeeded');
    expect(controls.rotation).toEqual({ generation: 18, saves: 18 });
    expect((await storedGrant(fixture)).credentials).toEqual({ fixture: true, generation: 18 });
  });

  it('a grant saved after the consent ended is not stored: the run stops for that reason, not as a revocation at the source', async () => {
    const fixture = await connection('EU');
    let callsAtRevocation = -1;
    const controls: FixtureControls = { calls: [], rotation: { generation: 0, saves: 0 } };
    controls.intercept = async (call) => {
      if (call.method === 'listTransactions' && call.sourceAccountId === 'acc-1' && call.cursor === '|10') {
        await revokeConsent(platform, fixture);
        callsAtRevocation = controls.calls.length;
      }
    };

    const result = await sync(fixture, smallSource, controls);

    expect(result).toMatchObject({ status: 'stopped', reason: 'consent-not-live' });
    expect(controls.calls).toHaveLength(callsAtRevocation);
    // acc-0's 3 pages and acc-1's first were saved; the refresh of the page in flight was refused.
    expect(controls.rotation).toEqual({ generation: 5, saves: 4 });
    expect((await storedGrant(fixture)).credentials).toEqual({ fixture: true, generation: 4 });
    expect(await auditOf(fixture, 'connection.grant-renewed')).toHaveLength(4);
    expect(await count('account_transaction', fixture)).toBe(25 + 10);
    expect(await connectionOf(fixture)).toMatchObject({ status: 'active', error_code: null });
    expect(await auditOf(fixture, 'connection.end')).toHaveLength(0);
  });

  it('saving the grant already stored changes nothing; a grant for another source consent is refused', async () => {
    const fixture = await connection('EU');
    platform.get(ConnectorRegistry).register(FIXTURE_CONNECTOR_ID, () => createFixtureConnector(smallSource));
    const service = platform.get(SyncService);
    const stored = await storedGrant(fixture);
    const save = (grant: ConnectionGrant) =>
      service.asTenant(fixture.tenantId, () => service.saveGrant(fixture.connectionId, stored, grant));
    const before = await connectionOf(fixture);
    expect(await save({ ...stored })).toEqual({ saved: true, changed: false });
    const renewed = { ...stored, credentials: { ...stored.credentials, generation: 1 } };
    expect(await save(renewed)).toEqual({ saved: true, changed: true });
    expect(await save(renewed)).toEqual({ saved: true, changed: false });
    expect(await auditOf(fixture, 'connection.grant-renewed')).toHaveLength(1);
    await expect(save({ ...renewed, sourceConsentId: 'another-consent' })).rejects.toMatchObject({
      code: 'INVALID',
    });
    expect((await storedGrant(fixture)).credentials).toEqual({ fixture: true, generation: 1 });
    expect((await connectionOf(fixture)).status).toBe(before.status);
  });

  it('scheduled runs beyond the region cap in 24 h are skipped; customer-triggered runs do not count', async () => {
    const fixture = await connection('EU');
    const source = { accounts: 1, transactionsPerAccount: 3, pageSize: 10 };
    // Runs older than 24 hours do not count either.
    for (let index = 0; index < 4; index += 1) {
      await sql.query(
        `insert into sync_run (id, tenant_id, customer_id, connection_id, trigger, status, started_at)
         values (gen_random_uuid(), $1, $2, $3, 'schedule', 'succeeded', now() - interval '25 hours')`,
        [fixture.tenantId, fixture.customerId, fixture.connectionId],
      );
    }
    for (let run = 0; run < 4; run += 1) {
      expect((await sync(fixture, source, fixtureControls(), 'schedule')).status).toBe('succeeded');
    }
    expect((await sync(fixture, source, fixtureControls(), 'customer')).status).toBe('succeeded');

    const controls = fixtureControls();
    const capped = await sync(fixture, source, controls, 'schedule');

    expect(capped).toMatchObject({ status: 'skipped', reason: 'unattended-cap', runId: null });
    expect(controls.calls).toHaveLength(0);
    // Nothing ran, but the trail says why.
    expect(await auditOf(fixture, 'sync.skipped')).toEqual([
      { changes: { trigger: 'schedule', reason: 'unattended-cap' } },
    ]);
    expect((await sync(fixture, source, fixtureControls(), 'staff')).status).toBe('succeeded');
  });

  it('a scheduled run of a connection that is no longer active deletes its schedule and calls nothing', async () => {
    const fixture = await connection('EU');
    await sync(fixture, { accounts: 1, transactionsPerAccount: 2, pageSize: 10 }, fixtureControls());
    await devClient.schedule.getHandle(syncScheduleId(fixture.connectionId)).describe();
    await sql.query(`update connection set status = 'disconnected' where id = $1`, [fixture.connectionId]);
    const controls = fixtureControls();

    const result = await sync(fixture, smallSource, controls, 'schedule');

    expect(result).toMatchObject({ status: 'not-active', reason: 'connection-disconnected' });
    expect(controls.calls).toHaveLength(0);
    await expect(
      devClient.schedule.getHandle(syncScheduleId(fixture.connectionId)).describe(),
    ).rejects.toThrow(/not found/i);
  });

  it("a sync for bank A never touches bank B's rows, and cannot reach B's connection", async () => {
    const bankA = await connection('EU');
    const bankB = await connection('UK');
    await sync(bankB, smallSource, fixtureControls());
    const before = await checksum(bankB);

    await sync(bankA, smallSource, fixtureControls());
    const controls = fixtureControls();
    const crossing = await sync({ ...bankA, connectionId: bankB.connectionId }, smallSource, controls).catch(
      (error: unknown) => error,
    );

    expect(crossing).toBeInstanceOf(WorkflowFailedError);
    expect(controls.calls).toHaveLength(0);
    expect(await checksum(bankB)).toEqual(before);
    expect(await count('account_transaction', bankA)).toBe(75);
  });
});

// --- helpers ---------------------------------------------------------------------------------------

async function connection(region: 'EU' | 'UK' | 'US'): Promise<SyncFixtureConnection> {
  return createSyncConnection(platform, syncTestBank(`sync-${randomBytes(4).toString('hex')}`, region), {
    connector: FIXTURE_CONNECTOR_ID,
  });
}

function fixtureControls(intercept?: FixtureControls['intercept']): FixtureControls {
  return { calls: [], ...(intercept ? { intercept } : {}) };
}

function input(fixture: SyncFixtureConnection, trigger: SyncConnectionInput['trigger']): SyncConnectionInput {
  return { tenantId: fixture.tenantId, connectionId: fixture.connectionId, trigger };
}

/** Runs one sync to its end on a worker with the real activities, over `source` (`test/sync-run.ts`). */
async function sync(
  connection: SyncFixtureConnection,
  source: FixtureSource,
  controls: FixtureControls,
  trigger: SyncConnectionInput['trigger'] = 'customer',
): Promise<SyncResult> {
  return runSync(fixture, connection, { source, controls, trigger });
}

function pageCalls(controls: FixtureControls, sourceAccountId: string, cursor: string): number {
  return controls.calls.filter(
    (call: FixtureCall) =>
      call.method === 'listTransactions' &&
      call.sourceAccountId === sourceAccountId &&
      call.cursor === cursor,
  ).length;
}

function expectedSourceIds(source: FixtureSource): string[] {
  return [...fixtureSourceIds(source).values()].flat().sort();
}

async function storedSourceIds(fixture: SyncFixtureConnection): Promise<string[]> {
  const { rows } = await sql.query<{ source_id: string }>(
    `select source_id from account_transaction where tenant_id = $1 order by source_id`,
    [fixture.tenantId],
  );
  return rows.map((row) => row.source_id).sort();
}

async function count(table: string, fixture: SyncFixtureConnection): Promise<number> {
  const { rows } = await sql.query<{ n: string }>(`select count(*) as n from ${table} where tenant_id = $1`, [
    fixture.tenantId,
  ]);
  return Number(rows[0]!.n);
}

/** Every column of every stored account, balance and transaction of the bank, as one digest. */
async function checksum(fixture: SyncFixtureConnection): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of ['account', 'balance', 'account_transaction']) {
    const { rows } = await sql.query<{ digest: string }>(
      `select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t.id)), '') as digest
         from ${table} t where tenant_id = $1`,
      [fixture.tenantId],
    );
    digests[table] = rows[0]!.digest;
  }
  return digests;
}

async function behaviourRows(fixture: SyncFixtureConnection) {
  const { rows } = await sql.query<{
    features: Record<string, number | null>;
    computed_at: Date;
    computation_ms: number;
  }>(`select features, computed_at, computation_ms from customer_features where tenant_id = $1`, [
    fixture.tenantId,
  ]);
  return { features: rows };
}

async function syncRun(id: string) {
  const { rows } = await sql.query<{
    status: string;
    trigger: string;
    finished_at: Date | null;
    report: unknown;
  }>(`select status, trigger, finished_at, report from sync_run where id = $1`, [id]);
  return rows[0]!;
}

async function connectionOf(fixture: SyncFixtureConnection) {
  const { rows } = await sql.query<{
    status: string;
    last_sync_status: string | null;
    sync_cursor: Record<string, string | null>;
    error_code: string | null;
  }>(`select status, last_sync_status, sync_cursor, error_code from connection where id = $1`, [
    fixture.connectionId,
  ]);
  return rows[0]!;
}

/** The connection's grant as stored (decrypted through the platform, as a sync reads it). */
async function storedGrant(fixture: SyncFixtureConnection): Promise<ConnectionGrant> {
  const service = platform.get(SyncService);
  const { grant } = await service.asTenant(fixture.tenantId, (tenant) =>
    service.connectorOf(fixture.connectionId, tenant.region),
  );
  return grant;
}

async function auditOf(fixture: SyncFixtureConnection, action: string) {
  const { rows } = await sql.query<{ changes: Record<string, unknown> }>(
    `select changes from audit_entry where tenant_id = $1 and action = $2 order by seq`,
    [fixture.tenantId, action],
  );
  return rows;
}
