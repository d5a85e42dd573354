import { EntityManager } from '@mikro-orm/postgresql';
import { ConnectorError, type SourceTransaction } from '@finpersona/plugin-sdk';
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConsentHooks } from '../consents';
import { CustomersService } from '../customers';
import { DEMO_CUSTOMER_SUBJECT } from '../onboarding';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import {
  connectionIdsOf,
  grantAggregationConsent,
  sampleAccounts,
  seedSourceData,
  terminateSyncWorkflows,
} from '../testing/customer-data';
import { demoAccessTokens } from '../testing/demo-tokens';
import { FixtureConnector, type FixtureControls } from '../testing/fixture-connector';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';
import { syncRequestsReceived } from '../testing/sync-fixture';
import { rowsAsTenant } from '../testing/tenant-rows';
import { ConnectorRegistry } from './connector-registry';
import { withRulePack } from '../testing/rule-packs';

const customerApp = 'http://localhost:15174';
const redirectUri = `${customerApp}/connections/callback`;

const connectMutation = `mutation($input: ConnectSourceInput!) {
  connectSource(input: $input) { authorisationUrl connection { id status connector consentId sourceExpiresAt } }
}`;
const completeMutation = `mutation($input: CompleteConnectionInput!) {
  completeConnection(input: $input) { id status errorCode sourceExpiresAt }
}`;
const disconnectMutation = `mutation($id: ID!) { disconnectConnection(id: $id) { id status } }`;
const syncMutation = `mutation($id: ID!) { syncConnection(id: $id) { id status } }`;
const connectionsQuery = `query($customerId: ID) { connections(customerId: $customerId) { id status connector lastSyncAt lastSyncStatus errorCode } }`;
const accountsQuery = `query($customerId: ID, $connectionId: ID) {
  accounts(customerId: $customerId, connectionId: $connectionId) {
    id connectionId type currency name maskedIdentifier balances { type amount { minor currency } asOf creditLimit { minor currency } }
  }
}`;
const transactionsQuery = `query($customerId: ID, $filter: TransactionFilter, $first: Int, $after: String) {
  transactions(customerId: $customerId, filter: $filter, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id accountId amount { minor currency } direction status bookingDate valueDate
      counterparty { name account } description merchantName mcc } }
  }
}`;

type TransactionNode = {
  id: string;
  accountId: string;
  amount: { minor: string; currency: string };
  direction: string;
  status: string;
  bookingDate: string;
  counterparty: { name: string | null; account: string | null } | null;
  description: string | null;
};
type TransactionsData = {
  transactions: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: TransactionNode }[];
  };
};

/** 60 transactions over two accounts and 20 days: three a day, some on the same day (ties on the date). */
function fixtureTransactions(): SourceTransaction[] {
  return Array.from({ length: 60 }, (_, index) => {
    const day = String(1 + (index % 20)).padStart(2, '0');
    const debit = index % 3 !== 0;
    return {
      sourceId: `tx-${index}`,
      sourceAccountId: index % 2 === 0 ? 'acc-current' : 'acc-savings',
      amount: { minor: String(100 * (index + 1)), currency: 'EUR' },
      direction: debit ? 'debit' : 'credit',
      status: index % 10 === 9 ? 'pending' : 'booked',
      bookingDate: `2026-10-${day}`,
      counterparty: {
        name: `Counterparty ${index}`,
        account: `SI56 0000 0000 0000 ${String(index).padStart(3, '0')}`,
      },
      description: `Statement text ${index}`,
      ...(debit ? { merchant: { name: `Shop ${index}`, mcc: '5411' } } : {}),
    } satisfies SourceTransaction;
  });
}

describe('connections, accounts and transactions through the API', () => {
  let api: ApiFixture;
  let realm: BankRealm;
  let bankA: TenantRef;
  let bankB: TenantRef;
  let anaId: string;
  let customerB1: { id: string; token: string };
  let customerB2: { id: string; token: string };
  let tokens: Awaited<ReturnType<typeof demoAccessTokens>>;
  let adminB: string;
  let redirecting: FixtureConnector;
  let ready: FixtureConnector;
  let temporal: { connection: TemporalConnection; client: Client };

  const connectionRow = (tenant: TenantRef, id: string) =>
    rowsAsTenant<Record<string, unknown>>(
      api.database.ownerUrl,
      tenant.id,
      'select * from connection where id = $1',
      [id],
    ).then((rows) => rows[0]);
  const count = (tenant: TenantRef, table: string) =>
    rowsAsTenant<{ n: string }>(api.database.ownerUrl, tenant.id, `select count(*) as n from ${table}`).then(
      (rows) => Number(rows[0]!.n),
    );
  /**
   * Sync workflows of a connection (id `sync-<connectionId>`) from Temporal's visibility store, with the
   * trigger that started each (its memo); `trigger` keeps only those.
   */
  const syncsOf = async (connectionId: string, trigger?: string) => {
    const found: string[] = [];
    for await (const workflow of temporal.client.workflow.list({
      query: `WorkflowType = 'syncConnection' AND WorkflowId = 'sync-${connectionId}'`,
    })) {
      if (trigger === undefined || workflow.memo?.trigger === trigger) found.push(workflow.workflowId);
    }
    return found;
  };
  const connectAs = async (token: string, consentId: string, connector = 'fixture-redirect') =>
    api.graphql<{
      connectSource: {
        authorisationUrl: string | null;
        connection: { id: string; status: string; sourceExpiresAt: string };
      };
    }>(connectMutation, { token, variables: { input: { connector, consentId, redirectUri } } });
  const callbackOf = (parameters: Record<string, string>) =>
    Object.entries(parameters).map(([name, value]) => ({ name, value }));

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '10000' } });
    const tenancy = api.running.app.get(TenancyService);
    const customers = api.running.app.get(CustomersService);
    bankA = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(demoBank)));
    await customers.upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    // Bank B: its staff sign in without a second factor (step-up is refused them), two customers.
    realm = await createBankRealm('conn', {
      staffSecondFactor: false,
      customers: ['customer1', 'customer2'],
    });
    bankB = tenantRef(
      await withRulePack(
        api.running.app,
        tenancy.upsertTenant({
          ...otherBank,
          region: 'EU',
          slug: realm.realm,
          realm: realm.realm,
          name: 'Connections Bank',
          appOrigins: { admin: [], customer: [customerApp] },
        }),
      ),
    );
    await customers.upsertDemoCustomers(
      realm.realm,
      realm.customers.map((customer, index) => ({
        subject: customer.subject,
        displayName: `B customer ${index + 1}`,
        email: `b${index + 1}@${realm.realm}.example`,
      })),
    );
    const ids = await rowsAsTenant<{ id: string; subject: string }>(
      api.database.ownerUrl,
      bankB.id,
      'select id, subject from customer',
    );
    const idOf = (subject: string) => ids.find((row) => row.subject === subject)!.id;
    customerB1 = { id: idOf(realm.customers[0]!.subject), token: await realm.customers[0]!.token() };
    customerB2 = { id: idOf(realm.customers[1]!.subject), token: await realm.customers[1]!.token() };
    anaId = (
      await rowsAsTenant<{ id: string }>(
        api.database.ownerUrl,
        bankA.id,
        'select id from customer where subject = $1',
        [DEMO_CUSTOMER_SUBJECT],
      )
    )[0]!.id;
    tokens = await demoAccessTokens();
    adminB = await realm.bankAdminToken();
    redirecting = new FixtureConnector({ id: 'fixture-redirect', mode: 'redirect' });
    ready = new FixtureConnector({ id: 'fixture-ready', mode: 'ready' });
    const registry = api.running.app.get(ConnectorRegistry);
    registry.register(redirecting.id, () => redirecting);
    registry.register(ready.id, () => ready);
    const connection = await TemporalConnection.connect({ address: inject('services').TEMPORAL_ADDRESS });
    temporal = { connection, client: new Client({ connection }) };
  });

  afterAll(async () => {
    // No worker runs sync workflows here: end the ones the tests started.
    await terminateSyncWorkflows(
      temporal?.client,
      await connectionIdsOf(api.database.ownerUrl, [bankA.id, bankB.id]).catch(() => []),
    );
    await temporal?.connection.close();
    await realm?.remove().catch(() => undefined);
    await api?.close();
  });

  it('a customer connects through the source and completes; the state is kept only as a blind index; the first sync starts after commit', async () => {
    const consentId = await grantAggregationConsent(api.running.app, bankB, customerB1.id);
    const begun = await connectAs(customerB1.token, consentId);
    expect(begun.body.errors).toBeUndefined();
    const { authorisationUrl, connection } = begun.body.data!.connectSource;
    expect(connection).toMatchObject({ status: 'PENDING', connector: 'fixture-redirect' });
    const state = new URL(authorisationUrl!).searchParams.get('state')!;
    expect(state.length).toBeGreaterThanOrEqual(43);
    const pendingRow = await connectionRow(bankB, connection.id);
    expect(pendingRow).toMatchObject({
      status: 'pending',
      customer_id: customerB1.id,
      consent_id: consentId,
    });
    expect(pendingRow!.state_index).toEqual(expect.any(String));
    expect(JSON.stringify(pendingRow)).not.toContain(state);

    const parameters = redirecting.authorise(authorisationUrl!);
    expect(JSON.stringify(pendingRow)).not.toContain(parameters.code);
    const completed = await api.graphql<{
      completeConnection: { id: string; status: string; sourceExpiresAt: string };
    }>(completeMutation, {
      token: customerB1.token,
      variables: { input: { state, callback: callbackOf(parameters) } },
    });
    expect(completed.body.errors).toBeUndefined();
    expect(completed.body.data!.completeConnection).toMatchObject({ id: connection.id, status: 'ACTIVE' });
    const activeRow = await connectionRow(bankB, connection.id);
    expect(activeRow).toMatchObject({ status: 'active', state_index: null, pending_enc: null });
    expect(activeRow!.grant_enc).toEqual(expect.any(String));
    expect(String(activeRow!.grant_enc)).not.toContain('accessToken');
    // The source's consent ends no later than the consent (90 days here) and the EU cap (180 days).
    const sourceEnd = new Date(completed.body.data!.completeConnection.sourceExpiresAt).getTime();
    expect(sourceEnd).toBeLessThanOrEqual(Date.now() + 90 * 86_400_000);
    expect(sourceEnd).toBeGreaterThan(Date.now() + 89 * 86_400_000);
    await expect.poll(() => syncsOf(connection.id, 'initial'), { timeout: 10_000 }).toHaveLength(1);

    // Replaying the redirect back: the state is used up.
    const replay = await api.graphql(completeMutation, {
      token: customerB1.token,
      variables: { input: { state, callback: callbackOf(parameters) } },
    });
    expect(replay.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(await connectionRow(bankB, connection.id)).toEqual(activeRow);
  });

  it("calls made on the customer's request tell the connector the customer is present, with the request's client IP; no grant can be saved during them", async () => {
    const consentId = await grantAggregationConsent(api.running.app, bankB, customerB1.id);
    const presence: NonNullable<FixtureControls['presence']> = [];
    redirecting.controls.presence = presence;
    const begun = (await connectAs(customerB1.token, consentId)).body.data!.connectSource;
    const parameters = redirecting.authorise(begun.authorisationUrl!);
    const completed = await api.graphql(completeMutation, {
      token: customerB1.token,
      variables: { input: { state: parameters.state, callback: callbackOf(parameters) } },
    });
    expect(completed.body.errors).toBeUndefined();
    const probes: NonNullable<FixtureControls['saveGrantProbes']> = [];
    redirecting.controls.saveGrantProbes = probes;
    try {
      const done = await api.graphql<{ disconnectConnection: { status: string } }>(disconnectMutation, {
        token: customerB1.token,
        variables: { id: begun.connection.id },
      });
      expect(done.body.data?.disconnectConnection.status).toBe('DISCONNECTED');
    } finally {
      delete redirecting.controls.presence;
      delete redirecting.controls.saveGrantProbes;
    }
    // The test reaches the API over loopback: the TCP peer, IPv4 (not the socket's ::ffff: form).
    expect(presence).toEqual([
      { method: 'beginConnection', customer: { present: true, ipAddress: '127.0.0.1' } },
      { method: 'completeConnection', customer: { present: true, ipAddress: '127.0.0.1' } },
      { method: 'revoke', customer: { present: true, ipAddress: '127.0.0.1' } },
    ]);
    // A save while the connection is ending is refused, and the call's signal aborted; the disconnect went on.
    expect(probes).toEqual([
      {
        refusedWith: 'CONSENT_REVOKED',
        signalAborted: true,
      },
    ]);
    expect(await connectionRow(bankB, begun.connection.id)).toMatchObject({
      status: 'disconnected',
      grant_enc: null,
    });
  });

  it("another customer cannot complete with someone else's state (nothing changes), and the owner still can", async () => {
    const consentId = await grantAggregationConsent(api.running.app, bankB, customerB1.id);
    const begun = await connectAs(customerB1.token, consentId);
    const { authorisationUrl, connection } = begun.body.data!.connectSource;
    const parameters = redirecting.authorise(authorisationUrl!);
    const input = { state: parameters.state, callback: callbackOf(parameters) };
    const before = await connectionRow(bankB, connection.id);
    const completeCalls = redirecting.count('completeConnection');
    const foreign = await api.graphql(completeMutation, { token: customerB2.token, variables: { input } });
    expect(foreign.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    // A customer of another bank: their bank's blind index never matches, and addressing this bank is refused.
    const otherBankCustomer = await api.graphql(completeMutation, {
      token: tokens.customer,
      variables: { input },
    });
    expect(otherBankCustomer.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const addressed = await api.graphql(completeMutation, {
      token: tokens.customer,
      tenant: bankB.slug,
      variables: { input },
    });
    expect(addressed.status).toBe(403);
    expect(await connectionRow(bankB, connection.id)).toEqual(before);
    expect(redirecting.count('completeConnection')).toBe(completeCalls);
    const own = await api.graphql<{ completeConnection: { status: string } }>(completeMutation, {
      token: customerB1.token,
      variables: { input },
    });
    expect(own.body.data?.completeConnection.status).toBe('ACTIVE');
  });

  it('a refusal at the source ends the connection FAILED with its reason, and the state cannot be used again', async () => {
    const consentId = await grantAggregationConsent(api.running.app, bankB, customerB1.id);
    const { authorisationUrl, connection } = (await connectAs(customerB1.token, consentId)).body.data!
      .connectSource;
    const parameters = redirecting.authorise(authorisationUrl!, 'refuse');
    const input = { state: parameters.state, callback: callbackOf(parameters) };
    const refused = await api.graphql<{ completeConnection: { status: string; errorCode: string } }>(
      completeMutation,
      {
        token: customerB1.token,
        variables: { input },
      },
    );
    expect(refused.body.data?.completeConnection).toMatchObject({
      status: 'FAILED',
      errorCode: 'CONSENT_REVOKED',
    });
    expect(await connectionRow(bankB, connection.id)).toMatchObject({
      status: 'failed',
      grant_enc: null,
      state_index: null,
    });
    const again = await api.graphql(completeMutation, { token: customerB1.token, variables: { input } });
    expect(again.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('a source that needs no customer step is active at once and starts its first sync', async () => {
    const consentId = await grantAggregationConsent(api.running.app, bankB, customerB1.id);
    const { body } = await connectAs(customerB1.token, consentId, 'fixture-ready');
    expect(body.errors).toBeUndefined();
    expect(body.data!.connectSource).toMatchObject({
      authorisationUrl: null,
      connection: { status: 'ACTIVE' },
    });
    await expect
      .poll(() => syncsOf(body.data!.connectSource.connection.id, 'initial'), { timeout: 10_000 })
      .toHaveLength(1);
  });

  it('connecting is refused without a live aggregation consent of your own, and bad input names its fields; nothing is written', async () => {
    const revoked = await grantAggregationConsent(api.running.app, bankB, customerB1.id, {
      status: 'revoked',
      revokedAt: new Date(),
    });
    const marketing = await grantAggregationConsent(api.running.app, bankB, customerB1.id, {
      purpose: 'marketing',
    });
    const renewalMissed = await grantAggregationConsent(api.running.app, bankB, customerB1.id, {
      renewalDueAt: new Date(Date.now() - 1000),
    });
    const someoneElses = await grantAggregationConsent(api.running.app, bankB, customerB2.id);
    const before = await count(bankB, 'connection');
    const beginCalls = redirecting.count('beginConnection');
    const codeOf = async (consentId: string) =>
      (await connectAs(customerB1.token, consentId)).body.errors?.[0]?.extensions.code;
    expect(await codeOf(revoked)).toBe('CONFLICT');
    expect(await codeOf(renewalMissed)).toBe('CONFLICT');
    expect(await codeOf(marketing)).toBe('INVALID');
    expect(await codeOf(someoneElses)).toBe('NOT_FOUND');
    const bad = await api.graphql(connectMutation, {
      token: customerB1.token,
      variables: {
        input: {
          connector: 'no-such-connector',
          consentId: 'not-a-uuid',
          redirectUri: 'https://evil.example/connections/callback',
        },
      },
    });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [
        { field: 'input.connector', problem: expect.any(String) },
        { field: 'input.consentId', problem: expect.any(String) },
        { field: 'input.redirectUri', problem: expect.any(String) },
      ],
    });
    const badCallback = await api.graphql(completeMutation, {
      token: customerB1.token,
      variables: { input: { state: '', callback: [{ name: 'state', value: 'other' }] } },
    });
    expect(badCallback.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [{ field: 'input.state' }, { field: 'input.callback' }],
    });
    // The source is down: CONFLICT "try again", nothing stored.
    const consentId = await grantAggregationConsent(api.running.app, bankB, customerB1.id);
    redirecting.failNextWith = new ConnectorError('SOURCE_UNAVAILABLE', 'down');
    expect(await codeOf(consentId)).toBe('CONFLICT');
    expect(await count(bankB, 'connection')).toBe(before);
    // Only the last attempt reached the source: refusals happen before any source call.
    expect(redirecting.count('beginConnection')).toBe(beginCalls + 1);
  });

  it('syncConnection syncs an active connection (a request to a running sync reaches it); a pending one is a CONFLICT', async () => {
    const consentId = await grantAggregationConsent(api.running.app, bankB, customerB1.id);
    const active = (await connectAs(customerB1.token, consentId, 'fixture-ready')).body.data!.connectSource
      .connection;
    const synced = await api.graphql<{ syncConnection: { status: string } }>(syncMutation, {
      token: customerB1.token,
      variables: { id: active.id },
    });
    expect(synced.body.data?.syncConnection.status).toBe('ACTIVE');
    // No worker runs here, so the initial sync is still running: the customer's request reaches it as a
    // `syncRequested` signal (one sync of a connection at a time; the workflow decides on a follow-up run)
    // rather than starting a second.
    await expect.poll(() => syncsOf(active.id), { timeout: 10_000 }).toHaveLength(1);
    await expect
      .poll(() => syncRequestsReceived(temporal.client, active.id), { timeout: 10_000 })
      .toEqual(['initial', 'customer']);
    const pending = (await connectAs(customerB1.token, consentId)).body.data!.connectSource.connection;
    const refused = await api.graphql(syncMutation, {
      token: customerB1.token,
      variables: { id: pending.id },
    });
    expect(refused.body.errors?.[0]?.extensions.code).toBe('CONFLICT');
    const foreign = await api.graphql(syncMutation, {
      token: customerB2.token,
      variables: { id: active.id },
    });
    expect(foreign.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('disconnecting revokes at the source, deletes the data (EU: at once), and a second time is a CONFLICT', async () => {
    const consentId = await grantAggregationConsent(api.running.app, bankB, customerB1.id);
    const seeded = await seedSourceData(api.running.app, bankB, customerB1.id, consentId, {
      connector: 'fixture-ready',
      accounts: [
        {
          sourceId: 'acc-1',
          type: 'current',
          currency: 'EUR',
          identifiers: [{ scheme: 'IBAN', value: 'SI56191000000123438' }],
        },
      ],
      transactions: fixtureTransactions()
        .slice(0, 2)
        .map((tx) => ({ ...tx, sourceAccountId: 'acc-1' })),
    });
    // The seeded connection has no grant (nothing to revoke); connect one that has.
    const active = (await connectAs(customerB1.token, consentId, 'fixture-ready')).body.data!.connectSource
      .connection;
    const revokes = ready.count('revoke');
    const foreign = await api.graphql(disconnectMutation, {
      token: customerB2.token,
      variables: { id: active.id },
    });
    expect(foreign.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const done = await api.graphql<{ disconnectConnection: { status: string } }>(disconnectMutation, {
      token: customerB1.token,
      variables: { id: active.id },
    });
    expect(done.body.data?.disconnectConnection.status).toBe('DISCONNECTED');
    expect(ready.count('revoke')).toBe(revokes + 1);
    expect(await connectionRow(bankB, active.id)).toMatchObject({ status: 'disconnected', grant_enc: null });
    const second = await api.graphql(disconnectMutation, {
      token: customerB1.token,
      variables: { id: active.id },
    });
    expect(second.body.errors?.[0]?.extensions.code).toBe('CONFLICT');

    const accountsBefore = await count(bankB, 'account');
    await api.graphql(disconnectMutation, {
      token: customerB1.token,
      variables: { id: seeded.connectionId },
    });
    expect(await count(bankB, 'account')).toBe(accountsBefore - 1);
    const left = await rowsAsTenant(
      api.database.ownerUrl,
      bankB.id,
      'select id from account_transaction where id = any($1)',
      [seeded.transactionIds],
    );
    expect(left).toEqual([]);
  });

  it('when an aggregation consent ends, every connection under it stops in the same transaction (rolled back with it)', async () => {
    const consentId = await grantAggregationConsent(api.running.app, bankB, customerB2.id);
    const first = (await connectAs(customerB2.token, consentId, 'fixture-ready')).body.data!.connectSource
      .connection;
    const second = (await connectAs(customerB2.token, consentId)).body.data!.connectSource.connection;
    const otherConsent = await grantAggregationConsent(api.running.app, bankB, customerB2.id);
    const untouched = (await connectAs(customerB2.token, otherConsent, 'fixture-ready')).body.data!
      .connectSource.connection;
    const hooks = api.running.app.get(ConsentHooks);
    const em = api.running.app.get(EntityManager);
    const event = { consentId, customerId: customerB2.id, purpose: 'aggregation' as const, at: new Date() };
    // The consent's own transaction fails after the hooks ran: nothing of the stop stays.
    await expect(
      runAsTenant(bankB, () =>
        em.transactional(async () => {
          await hooks.consentEnded({ ...event, reason: 'revoked' });
          throw new Error('the revocation failed');
        }),
      ),
    ).rejects.toThrow('the revocation failed');
    expect((await connectionRow(bankB, first.id))!.status).toBe('active');
    await runAsTenant(bankB, () =>
      em.transactional(() => hooks.consentEnded({ ...event, reason: 'renewal-missed' })),
    );
    expect((await connectionRow(bankB, first.id))!.status).toBe('expired');
    expect(await connectionRow(bankB, second.id)).toMatchObject({ status: 'expired', state_index: null });
    expect((await connectionRow(bankB, untouched.id))!.status).toBe('active');
    const sync = await api.graphql(syncMutation, { token: customerB2.token, variables: { id: first.id } });
    expect(sync.body.errors?.[0]?.extensions.code).toBe('CONFLICT');
  });

  describe('reading accounts and transactions', () => {
    let seeded: Awaited<ReturnType<typeof seedSourceData>>;
    const all: SourceTransaction[] = fixtureTransactions();

    beforeAll(async () => {
      const consentId = await grantAggregationConsent(api.running.app, bankA, anaId);
      seeded = await seedSourceData(api.running.app, bankA, anaId, consentId, {
        accounts: sampleAccounts,
        balances: [
          {
            sourceAccountId: 'acc-current',
            type: 'booked',
            amount: { minor: '100000', currency: 'EUR' },
            asOf: '2026-10-01T00:00:00Z',
          },
          {
            sourceAccountId: 'acc-current',
            type: 'booked',
            amount: { minor: '-2550', currency: 'EUR' },
            asOf: '2026-10-20T00:00:00Z',
            creditLimit: { minor: '50000', currency: 'EUR' },
          },
          {
            sourceAccountId: 'acc-current',
            type: 'available',
            amount: { minor: '47450', currency: 'EUR' },
            asOf: '2026-10-20T00:00:00Z',
          },
        ],
        transactions: all,
      });
    });

    it('accounts show latest balances as money strings and the masked identifier only, never the full one', async () => {
      const { body } = await api.graphql<{ accounts: Record<string, unknown>[] }>(accountsQuery, {
        token: tokens.customer,
      });
      expect(body.errors).toBeUndefined();
      const current = body.data!.accounts.find((account) => account.name === 'Classic current account');
      expect(current).toMatchObject({
        type: 'current',
        currency: 'EUR',
        maskedIdentifier: '•••• 3438',
        balances: [
          { type: 'available', amount: { minor: '47450', currency: 'EUR' }, creditLimit: null },
          {
            type: 'booked',
            amount: { minor: '-2550', currency: 'EUR' },
            creditLimit: { minor: '50000', currency: 'EUR' },
          },
        ],
      });
      expect(JSON.stringify(body)).not.toContain('0123 438');
      expect(JSON.stringify(body)).not.toContain('Ana Novak');
      const connections = await api.graphql<{ connections: { id: string }[] }>(connectionsQuery, {
        token: tokens.customer,
      });
      expect(connections.body.data!.connections.map((row) => row.id)).toContain(seeded.connectionId);
    });

    it('transactions page newest first with no gaps or duplicates, and decrypt counterparty and description', async () => {
      const seen: TransactionNode[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const response: { body: { data?: TransactionsData | null; errors?: unknown } } =
          await api.graphql<TransactionsData>(transactionsQuery, {
            token: tokens.customer,
            variables: { first: 7, after },
          });
        expect(response.body.errors).toBeUndefined();
        const page = response.body.data!.transactions;
        seen.push(...page.edges.map((edge) => edge.node));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        pages += 1;
      } while (after);
      expect(pages).toBe(9);
      expect(seen).toHaveLength(60);
      expect(new Set(seen.map((node) => node.id)).size).toBe(60);
      expect(new Set(seen.map((node) => node.id))).toEqual(new Set(seeded.transactionIds));
      const order = seen.map((node) => `${node.bookingDate}|${node.id}`);
      expect(order).toEqual([...order].sort().reverse());
      const first = seen.find((node) => node.description === 'Statement text 3');
      expect(first).toMatchObject({
        amount: { minor: '400', currency: 'EUR' },
        direction: 'CREDIT',
        counterparty: { name: 'Counterparty 3', account: 'SI56 0000 0000 0000 003' },
      });
    });

    it.each([
      [{ direction: 'DEBIT' }, (tx: SourceTransaction) => tx.direction === 'debit'],
      [{ status: 'PENDING' }, (tx: SourceTransaction) => tx.status === 'pending'],
      [
        { bookedFrom: '2026-10-05', bookedTo: '2026-10-07' },
        (tx: SourceTransaction) => tx.bookingDate >= '2026-10-05' && tx.bookingDate <= '2026-10-07',
      ],
      [
        { minAmountMinor: '1000', maxAmountMinor: '2000' },
        (tx: SourceTransaction) => Number(tx.amount.minor) >= 1000 && Number(tx.amount.minor) <= 2000,
      ],
    ] as const)('filter %j returns exactly the matching transactions', async (filter, matches) => {
      const { body } = await api.graphql<TransactionsData>(transactionsQuery, {
        token: tokens.customer,
        variables: { filter, first: 100 },
      });
      expect(body.errors).toBeUndefined();
      const returned = body.data!.transactions.edges.map((edge) => edge.node.description).sort();
      const expected = all
        .filter((tx) => matches(tx))
        .map((tx) => tx.description)
        .sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(returned).toEqual(expected);
    });

    it('an account filter returns that account’s transactions only', async () => {
      const { body } = await api.graphql<TransactionsData>(transactionsQuery, {
        token: tokens.customer,
        variables: { filter: { accountId: seeded.accountIds[1] }, first: 100 },
      });
      expect(body.data!.transactions.edges).toHaveLength(30);
      expect(new Set(body.data!.transactions.edges.map((edge) => edge.node.accountId))).toEqual(
        new Set([seeded.accountIds[1]]),
      );
    });

    it('bad filters, page sizes and cursors are INVALID naming each field', async () => {
      const { body } = await api.graphql(transactionsQuery, {
        token: tokens.customer,
        variables: {
          first: 101,
          filter: {
            accountId: 'x',
            bookedFrom: '2026-02-30',
            bookedTo: '2026-13-01',
            minAmountMinor: '-5',
            maxAmountMinor: '1.50',
          },
        },
      });
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'INVALID',
        fields: [
          { field: 'filter.accountId' },
          { field: 'filter.bookedFrom' },
          { field: 'filter.bookedTo' },
          { field: 'filter.minAmountMinor' },
          { field: 'filter.maxAmountMinor' },
          { field: 'first' },
        ],
      });
      const ranges = await api.graphql(transactionsQuery, {
        token: tokens.customer,
        variables: {
          filter: {
            bookedFrom: '2026-10-07',
            bookedTo: '2026-10-05',
            minAmountMinor: '9',
            maxAmountMinor: '8',
          },
        },
      });
      expect(ranges.body.errors?.[0]?.extensions).toMatchObject({
        code: 'INVALID',
        fields: [{ field: 'filter.bookedTo' }, { field: 'filter.maxAmountMinor' }],
      });
      const cursor = await api.graphql(transactionsQuery, {
        token: tokens.customer,
        variables: { after: 'bogus' },
      });
      expect(cursor.body.errors?.[0]?.extensions).toMatchObject({
        code: 'INVALID',
        fields: [{ field: 'after' }],
      });
    });

    it('bank staff read a named customer’s connections and accounts (audited); transactions need a recent second factor', async () => {
      const auditRows = () =>
        rowsAsTenant<{ action: string; resource_id: string }>(
          api.database.ownerUrl,
          bankA.id,
          `select action, resource_id from audit_entry where action in ('connection.list', 'account.list', 'transaction.list') order by seq`,
        );
      const before = (await auditRows()).length;
      const accounts = await api.graphql<{ accounts: unknown[] }>(accountsQuery, {
        token: tokens.bankAdmin,
        variables: { customerId: anaId },
      });
      expect(accounts.body.data?.accounts).toHaveLength(2);
      const connections = await api.graphql<{ connections: unknown[] }>(connectionsQuery, {
        token: tokens.complianceOfficer,
        variables: { customerId: anaId },
      });
      expect(connections.body.errors).toBeUndefined();
      // Demo bank staff signed in with their one-time code: step-up holds.
      const transactions = await api.graphql<TransactionsData>(transactionsQuery, {
        token: tokens.bankAdmin,
        variables: { customerId: anaId, first: 5 },
      });
      expect(transactions.body.data?.transactions.edges).toHaveLength(5);
      expect((await auditRows()).slice(before)).toEqual([
        { action: 'account.list', resource_id: anaId },
        { action: 'connection.list', resource_id: anaId },
        { action: 'transaction.list', resource_id: anaId },
      ]);
      // Staff must name the customer.
      const unnamed = await api.graphql(accountsQuery, { token: tokens.bankAdmin });
      expect(unnamed.body.errors?.[0]?.extensions).toMatchObject({
        code: 'INVALID',
        fields: [{ field: 'customerId' }],
      });
      // Bank B's administrator signed in without a second factor.
      const ownCustomer = await api.graphql(transactionsQuery, {
        token: adminB,
        variables: { customerId: customerB1.id },
      });
      expect(ownCustomer.body.errors?.[0]?.extensions).toMatchObject({
        code: 'STEP_UP_REQUIRED',
        acrValues: 'mfa',
      });
      const ownAccounts = await api.graphql(accountsQuery, {
        token: adminB,
        variables: { customerId: customerB1.id },
      });
      expect(ownAccounts.body.errors).toBeUndefined();
    });

    it("no one reads another bank's or another customer's data: the same NOT_FOUND as an id of nobody", async () => {
      for (const document of [connectionsQuery, accountsQuery]) {
        // Bank B's administrator names Ana (bank A); bank A's administrator names B's customer.
        const fromB = await api.graphql(document, { token: adminB, variables: { customerId: anaId } });
        const fromA = await api.graphql(document, {
          token: tokens.bankAdmin,
          variables: { customerId: customerB1.id },
        });
        const nobody = await api.graphql(document, {
          token: tokens.bankAdmin,
          variables: { customerId: '00000000-0000-4000-8000-00000000dead' },
        });
        for (const response of [fromB, fromA, nobody]) {
          expect(response.body.errors?.[0]?.extensions.code, document).toBe('NOT_FOUND');
        }
        expect(fromA.body.errors?.[0]?.message).toBe(nobody.body.errors?.[0]?.message);
        // A customer naming another customer of their own bank.
        const sibling = await api.graphql(document, {
          token: customerB2.token,
          variables: { customerId: customerB1.id },
        });
        expect(sibling.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
        // Addressing the other bank with one's own token is refused at the edge.
        const addressed = await api.graphql(document, { token: tokens.customer, tenant: bankB.slug });
        expect(addressed.status).toBe(403);
      }
      const ownOfB = await api.graphql<TransactionsData>(transactionsQuery, {
        token: customerB1.token,
        variables: { first: 100 },
      });
      const anaTransactionIds = new Set(seeded.transactionIds);
      expect(ownOfB.body.data!.transactions.edges.some((edge) => anaTransactionIds.has(edge.node.id))).toBe(
        false,
      );
      const filtered = await api.graphql<TransactionsData>(transactionsQuery, {
        token: customerB1.token,
        variables: { filter: { accountId: seeded.accountIds[0] }, first: 100 },
      });
      expect(filtered.body.data!.transactions.edges).toEqual([]);
    });

    it('wrong roles are refused: the operator everything, staff every change, anonymous callers must sign in', async () => {
      const calls: [string, Record<string, unknown>][] = [
        [connectionsQuery, { customerId: anaId }],
        [accountsQuery, { customerId: anaId }],
        [transactionsQuery, { customerId: anaId }],
        [connectMutation, { input: { connector: 'fixture-ready', consentId: anaId, redirectUri } }],
        [completeMutation, { input: { state: 'x', callback: [] } }],
        [disconnectMutation, { id: seeded.connectionId }],
        [syncMutation, { id: seeded.connectionId }],
      ];
      for (const [document, variables] of calls) {
        const operator = await api.graphql(document, { token: tokens.operator, variables });
        expect(operator.body.errors?.[0]?.extensions.code, document).toBe('FORBIDDEN');
        const anonymous = await api.graphql(document, { variables, tenant: bankA.slug });
        expect(anonymous.body.errors?.[0]?.extensions.code, document).toBe('UNAUTHENTICATED');
      }
      for (const [document, variables] of calls.slice(3)) {
        for (const token of [tokens.bankAdmin, tokens.complianceOfficer]) {
          const staff = await api.graphql(document, { token, variables });
          expect(staff.body.errors?.[0]?.extensions.code, document).toBe('FORBIDDEN');
        }
      }
      expect((await connectionRow(bankA, seeded.connectionId))!.status).toBe('active');
    });
  });
});
