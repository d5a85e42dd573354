// Outbound webhooks end to end (issue 4, item 6): the real API (with its dispatcher on), PostgreSQL and
// Keycloak, and a loopback HTTP subscriber. What the acceptance asks ("signatures verify with the
// subscriber's secret"; order kept per tenant) plus the outbox's transaction semantics, the delivery log,
// replay and access. The restart case is `webhook-restart.int.test.ts`.
import { EntityManager } from '@mikro-orm/postgresql';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConsentsService, consentLifecycleWorkflowId } from '../consents';
import { CustomersService } from '../customers';
import { DEMO_CUSTOMER_SUBJECT } from '../onboarding';
import { PluginCatalogue } from '../plugins';
import { runAsTenant, type TenantRef } from '../request-context';
import { SyncService } from '../accounts';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, type GraphqlResponse, startApiFixture } from '../testing/api-fixture';
import { auditRows } from '../testing/audit-rows';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { customerPrincipal, seedConsent } from '../testing/consent-seed';
import { grantAggregationConsent } from '../testing/customer-data';
import { demoAccessTokens } from '../testing/demo-tokens';
import { fixturePlugin } from '../testing/plugin-fixtures';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';
import { createSyncConnection, syncTestBank } from '../testing/sync-fixture';
import { withRulePack } from '../testing/rule-packs';
import { rowsAsTenant } from '../testing/tenant-rows';
import { startWebhookSubscriber, waitUntil, type WebhookSubscriber } from '../testing/webhook-subscriber';
import { OutboxService } from './outbox.service';
import { signatureHeader, verifyWebhookSignature } from './webhook-signature';

const maxAttempts = 4;

const createMutation = `mutation($url: String!, $eventTypes: [WebhookEventType!]!, $description: String) {
  createWebhookSubscription(url: $url, eventTypes: $eventTypes, description: $description) {
    secret subscription { id url eventTypes enabled description }
  } }`;
const subscriptionsQuery = `{ webhookSubscriptions { id url eventTypes enabled previousSecretValidUntil } }`;
const deliveriesQuery = `query($first: Int, $after: String, $subscriptionId: ID, $status: WebhookDeliveryStatus, $eventType: WebhookEventType) {
  webhookDeliveries(first: $first, after: $after, subscriptionId: $subscriptionId, status: $status, eventType: $eventType) {
    edges { cursor node { id subscriptionId eventId eventType eventSequence status attempts lastStatusCode lastError deliveredAt } }
    pageInfo { hasNextPage endCursor }
  } }`;

interface DeliveryPage {
  edges: { cursor: string; node: DeliveryNode }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface DeliveryNode {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  eventSequence: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
}

describe('outbound webhooks', () => {
  let api: ApiFixture;
  let subscriber: WebhookSubscriber;
  let bankA: TenantRef;
  let bankB: TenantRef;
  let realmB: BankRealm;
  let noOtpRealm: BankRealm;
  let tokens: { adminA: string; officerA: string; customerA: string; adminB: string };
  let temporal: { connection: Connection; client: Client };
  const workflows: string[] = [];
  /** Paths the subscriber fails (500) on, and how many more times. */
  const failures = new Map<string, number>();

  const gql = <T = Record<string, unknown>>(
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ) => api.graphql<T>(query, { token, variables });

  async function subscribe(token: string, path: string, eventTypes: string[]) {
    const { body } = await gql<{
      createWebhookSubscription: { secret: string; subscription: { id: string } };
    }>(token, createMutation, { url: subscriber.url(path), eventTypes });
    expect(body.errors).toBeUndefined();
    return {
      id: body.data!.createWebhookSubscription.subscription.id,
      secret: body.data!.createWebhookSubscription.secret,
    };
  }

  /** Records `count` events of `bank`, each in its own transaction (as separate changes would). */
  async function emit(bank: TenantRef, count: number, label: string): Promise<number[]> {
    const em = api.running.app.get(EntityManager);
    const outbox = api.running.app.get(OutboxService);
    const sequences: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const event = await runAsTenant(bank, () =>
        em.transactional(() =>
          outbox.record('plugin.changed', {
            installationId: `${label}-${index}`,
            pluginId: `${label}-plugin`,
            change: 'configure',
            version: '1.0.0',
            fromVersion: null,
            status: 'enabled',
          }),
        ),
      );
      sequences.push(event.sequence);
    }
    return sequences;
  }

  const eventsOf = async (bank: TenantRef) =>
    rowsAsTenant<{ sequence: string; type: string; payload: Record<string, unknown> }>(
      api.database.ownerUrl,
      bank.id,
      'select sequence, type, payload from outbox_event order by sequence',
    );

  beforeAll(async () => {
    subscriber = await startWebhookSubscriber();
    subscriber.respond = (path) => {
      const left = failures.get(path) ?? 0;
      if (left > 0) {
        failures.set(path, left - 1);
        return { status: 500 };
      }
      return { status: 200 };
    };
    api = await startApiFixture({
      overrides: {
        RATE_LIMIT_MAX: '10000',
        WEBHOOK_DISPATCH: 'true',
        WEBHOOK_ALLOW_LOOPBACK: 'true',
        WEBHOOK_POLL_INTERVAL_MS: '100',
        WEBHOOK_TIMEOUT_MS: '2000',
        WEBHOOK_LEASE_MS: '5000',
        WEBHOOK_MAX_ATTEMPTS: String(maxAttempts),
        WEBHOOK_RETRY_BASE_MS: '40',
        WEBHOOK_RETRY_MAX_MS: '200',
      },
    });
    const tenancy = api.running.app.get(TenancyService);
    bankA = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(demoBank)));
    await api.running.app.get(CustomersService).upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    [realmB, noOtpRealm] = await Promise.all([
      createBankRealm('hooks'),
      createBankRealm('hooks-nootp', { staffSecondFactor: false }),
    ]);
    bankB = tenantRef(
      await tenancy.upsertTenant({
        ...otherBank,
        slug: realmB.realm,
        realm: realmB.realm,
        name: 'Hooks Bank B',
      }),
    );
    await tenancy.upsertTenant({
      ...otherBank,
      slug: noOtpRealm.realm,
      realm: noOtpRealm.realm,
      name: 'Hooks No OTP Bank',
    });
    const demo = await demoAccessTokens();
    tokens = {
      adminA: demo.bankAdmin,
      officerA: demo.complianceOfficer,
      customerA: demo.customer,
      adminB: await realmB.bankAdminToken(),
    };
    const connection = await Connection.connect({ address: inject('services').TEMPORAL_ADDRESS });
    temporal = { connection, client: new Client({ connection }) };
  });

  afterAll(async () => {
    for (const workflowId of workflows) {
      await temporal?.client.workflow
        .getHandle(workflowId)
        .terminate('test finished')
        .catch(() => undefined);
    }
    await temporal?.connection.close();
    await api?.close();
    await subscriber?.close();
    await realmB?.remove().catch(() => undefined);
    await noOtpRealm?.remove().catch(() => undefined);
  });

  it('a bank administrator subscribes: the secret is returned once, stored only encrypted, never listed; bad input is refused field by field and writes nothing', async () => {
    const refused = await gql(tokens.adminA, createMutation, {
      url: 'https://10.0.0.8/hooks',
      eventTypes: ['CONSENT_GRANTED'],
    });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [
        {
          field: 'url',
          problem: 'points at a private, link-local or reserved address; give a public address',
        },
      ],
    });
    const plainHttp = await gql(tokens.adminA, createMutation, {
      url: 'http://hooks.bank.example/x',
      eventTypes: ['CONSENT_GRANTED'],
    });
    expect(plainHttp.body.errors?.[0]?.message).toContain('must use https://');
    const count = async () =>
      (await rowsAsTenant(api.database.ownerUrl, bankA.id, 'select id from webhook_subscription')).length;
    expect(await count()).toBe(0);

    const created = await subscribe(tokens.adminA, '/first', ['CONSENT_GRANTED', 'CONSENT_REVOKED']);
    expect(created.secret).toMatch(/^whsec_/);
    const listed = await gql<{ webhookSubscriptions: Record<string, unknown>[] }>(
      tokens.adminA,
      subscriptionsQuery,
    );
    expect(listed.body.data?.webhookSubscriptions).toEqual([
      {
        id: created.id,
        url: subscriber.url('/first'),
        eventTypes: ['CONSENT_GRANTED', 'CONSENT_REVOKED'],
        enabled: true,
        previousSecretValidUntil: null,
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(created.secret);
    const [row] = await rowsAsTenant<Record<string, unknown>>(
      api.database.ownerUrl,
      bankA.id,
      'select * from webhook_subscription where id = $1',
      [created.id],
    );
    expect(JSON.stringify(row)).not.toContain(created.secret.slice(6));
    const audit = await auditRows(api.database.ownerUrl, bankA.id);
    expect(audit.map((entry) => entry.action)).toContain('webhook-subscription.create');
    expect(JSON.stringify(audit)).not.toContain(created.secret.slice(6));
    // Not wanted any more: nothing should go there in the tests below.
    await gql(tokens.adminA, `mutation($id: ID!) { deleteWebhookSubscription(subscriptionId: $id) { id } }`, {
      id: created.id,
    });
    expect(await count()).toBe(0);
  });

  it("a plugin change reaches the endpoint as a signed plugin.changed event: the signature verifies with the subscriber's secret and not with another", async () => {
    const own = await subscribe(tokens.adminA, '/plugins', ['PLUGIN_CHANGED']);
    const other = await subscribe(tokens.adminA, '/other', ['SYNC_FINISHED']);
    api.running.app.get(PluginCatalogue).register(fixturePlugin('hooks-fixture', '1.0.0'));
    const installed = await gql<{ installPlugin: { id: string } }>(
      tokens.adminA,
      `mutation { installPlugin(pluginId: "hooks-fixture") { id } }`,
    );
    expect(installed.body.errors).toBeUndefined();
    await waitUntil('the plugin event arrives', () =>
      subscriber.received.some((request) => request.path === '/plugins'),
    );
    const [request] = subscriber.received.filter((received) => received.path === '/plugins');
    expect(request!.event).toMatchObject({
      type: 'plugin.changed',
      tenantId: bankA.id,
      data: {
        installationId: installed.body.data!.installPlugin.id,
        pluginId: 'hooks-fixture',
        change: 'install',
        version: '1.0.0',
        status: 'disabled',
      },
    });
    expect(request!.headers['finpersona-event-id']).toBe(request!.event.id);
    expect(request!.headers['finpersona-event-type']).toBe('plugin.changed');
    const header = request!.headers[signatureHeader] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ header, body: request!.body, secret: own.secret })).toBe(true);
    expect(verifyWebhookSignature({ header, body: request!.body, secret: other.secret })).toBe(false);
    expect(subscriber.received.some((received) => received.path === '/other')).toBe(false);

    await waitUntil('the log shows it delivered', async () => {
      const { body } = await gql<{ webhookDeliveries: { edges: { node: DeliveryNode }[] } }>(
        tokens.adminA,
        deliveriesQuery,
        { subscriptionId: own.id },
      );
      return body.data?.webhookDeliveries.edges[0]?.node.status === 'DELIVERED';
    });
    const { body } = await gql<{ webhookDeliveries: { edges: { node: DeliveryNode }[] } }>(
      tokens.adminA,
      deliveriesQuery,
      { subscriptionId: own.id },
    );
    expect(body.data?.webhookDeliveries.edges.map((edge) => edge.node)).toEqual([
      expect.objectContaining({
        eventId: request!.event.id,
        eventType: 'PLUGIN_CHANGED',
        status: 'DELIVERED',
        attempts: 1,
        lastStatusCode: 200,
        lastError: null,
      }),
    ]);
    for (const id of [own.id, other.id]) {
      await gql(
        tokens.adminA,
        `mutation($id: ID!) { deleteWebhookSubscription(subscriptionId: $id) { id } }`,
        {
          id,
        },
      );
    }
  });

  it('a change that rolls back writes no event (a request whose second root field fails; a service transaction that throws)', async () => {
    const before = (await eventsOf(bankA)).length;
    const { body } = await gql(
      tokens.adminA,
      `mutation { a: enablePlugin(pluginId: "hooks-fixture") { id } b: enablePlugin(pluginId: "no-such-plugin") { id } }`,
    );
    expect(body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const em = api.running.app.get(EntityManager);
    const outbox = api.running.app.get(OutboxService);
    await expect(
      runAsTenant(bankA, () =>
        em.transactional(async () => {
          await outbox.record('plugin.changed', {
            installationId: 'rolled-back',
            pluginId: 'rolled-back',
            change: 'configure',
            version: '1.0.0',
            fromVersion: null,
            status: 'enabled',
          });
          throw new Error('the change fails after its event was recorded');
        }),
      ),
    ).rejects.toThrow('the change fails');
    expect((await eventsOf(bankA)).length).toBe(before);
    // And outside a transaction the outbox refuses outright (an event must ride on its change).
    await expect(
      runAsTenant(bankA, () =>
        outbox.record('plugin.changed', {
          installationId: 'x',
          pluginId: 'x',
          change: 'configure',
          version: '1.0.0',
          fromVersion: null,
          status: 'enabled',
        }),
      ),
    ).rejects.toThrow('inside the transaction');
    // The same request without the failing field does write it.
    await gql(tokens.adminA, `mutation { enablePlugin(pluginId: "hooks-fixture") { id } }`);
    const after = await eventsOf(bankA);
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ type: 'plugin.changed', payload: { change: 'enable' } });
  });

  it('consents (granted, revoked, expired) and sync runs write their events with ids and codes only', async () => {
    const consents = api.running.app.get(ConsentsService);
    const before = (await eventsOf(bankA)).length;
    const granted = await seedConsent(api.running.app, api.database.ownerUrl, bankA, DEMO_CUSTOMER_SUBJECT, {
      purpose: 'analytics',
    });
    workflows.push(consentLifecycleWorkflowId(granted.consentId));
    await runAsTenant(bankA, () => consents.revoke(granted.consentId), {
      principal: customerPrincipal(bankA, DEMO_CUSTOMER_SUBJECT),
    });
    const [ana] = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      bankA.id,
      'select id from customer where subject = $1',
      [DEMO_CUSTOMER_SUBJECT],
    );
    const deadline = new Date(Date.now() - 60_000);
    const expiring = await grantAggregationConsent(api.running.app, bankA, ana!.id, {
      expiresAt: deadline,
      renewalDueAt: new Date(Date.now() + 86_400_000),
    });
    expect(await runAsTenant(bankA, () => consents.expire(expiring, deadline.toISOString()))).toEqual({
      expired: true,
      reason: 'expired',
    });
    const events = (await eventsOf(bankA)).slice(before);
    expect(events.map((event) => [event.type, event.payload.consentId])).toEqual([
      ['consent.granted', granted.consentId],
      ['consent.revoked', granted.consentId],
      ['consent.expired', expiring],
    ]);
    expect(events[1]!.payload).toMatchObject({
      customerId: ana!.id,
      purpose: 'analytics',
      reason: 'revoked',
    });
    expect(events[2]!.payload).toMatchObject({ reason: 'expired', expiredAt: deadline.toISOString() });
    // Sequences continue without gaps (the rolled-back attempts above took none).
    const all = await eventsOf(bankA);
    expect(all.map((event) => Number(event.sequence))).toEqual(all.map((_, index) => index + 1));

    // A sync run of a bank of its own finishing: sync.finished with counts.
    const fixture = await createSyncConnection(api.running.app, syncTestBank(`hooks-sync-${Date.now()}`), {
      connector: 'fixture',
    });
    const syncBank = tenantRef(fixture.tenant);
    // The bank's rule pack was installed as it was created (plugin.changed events): the run's event follows.
    const packEvents = await eventsOf(syncBank);
    expect(packEvents.every((event) => event.type === 'plugin.changed')).toBe(true);
    const sync = api.running.app.get(SyncService);
    const start = await runAsTenant(syncBank, () => sync.startRun(fixture.connectionId, 'staff', 'ACTIVE'));
    expect(start.kind).toBe('started');
    const runId = start.kind === 'started' ? start.runId : '';
    await runAsTenant(syncBank, () =>
      sync.finishRun(runId, 'succeeded', {
        accounts: { listed: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 },
        perAccount: {},
        stoppedReason: null,
        error: null,
      }),
    );
    const syncEvents = (await eventsOf(syncBank)).slice(packEvents.length);
    expect(syncEvents).toEqual([
      {
        sequence: String(packEvents.length + 1),
        type: 'sync.finished',
        payload: expect.objectContaining({
          syncRunId: runId,
          connectionId: fixture.connectionId,
          customerId: fixture.customerId,
          status: 'succeeded',
          trigger: 'staff',
          errorCode: null,
        }),
      },
    ]);
    // No personal data in clear in any payload (the fixtures' names and e-mails).
    const payloads = JSON.stringify([...all, ...syncEvents]);
    for (const customer of demoBankCustomers) {
      expect(payloads).not.toContain(customer.displayName);
      if (customer.email) expect(payloads).not.toContain(customer.email);
    }
    expect(payloads).not.toContain('Ana Novak');
  });

  it('order per tenant and subscription is kept while the endpoints answer 500 for a while (retried with backoff)', async () => {
    const a = await subscribe(tokens.adminA, '/order-a', ['PLUGIN_CHANGED']);
    const b = await subscribe(tokens.adminB, '/order-b', ['PLUGIN_CHANGED']);
    failures.set('/order-a', 3);
    failures.set('/order-b', 2);
    const [sequencesA, sequencesB] = await Promise.all([
      emit(bankA, 12, 'order-a'),
      emit(bankB, 12, 'order-b'),
    ]);
    const delivered = (path: string) =>
      subscriber.received.filter((request) => request.path === path && request.status === 200);
    await waitUntil('both endpoints have every event', () => {
      const ids = (path: string) => new Set(delivered(path).map((request) => request.event.id));
      return ids('/order-a').size === 12 && ids('/order-b').size === 12;
    });
    for (const [path, sequences, tenant] of [
      ['/order-a', sequencesA, bankA],
      ['/order-b', sequencesB, bankB],
    ] as const) {
      const requests = subscriber.received.filter((request) => request.path === path);
      // Every request (failed ones included) in non-decreasing sequence: n+1 never before n is delivered.
      const attempted = requests.map((request) => request.event.sequence);
      expect(attempted).toEqual([...attempted].sort((x, y) => x - y));
      // First deliveries in exactly the order of the events.
      const firstDeliveries: number[] = [];
      for (const request of delivered(path)) {
        if (!firstDeliveries.includes(request.event.sequence)) firstDeliveries.push(request.event.sequence);
      }
      expect(firstDeliveries).toEqual(sequences);
      expect(requests.filter((request) => request.status === 500).length).toBe(path === '/order-a' ? 3 : 2);
      expect(requests.every((request) => request.event.tenantId === tenant.id)).toBe(true);
    }
    const { body } = await gql<{ webhookDeliveries: { edges: { node: DeliveryNode }[] } }>(
      tokens.adminA,
      deliveriesQuery,
      { subscriptionId: a.id, first: 100 },
    );
    const nodes = body.data!.webhookDeliveries.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(12);
    expect(nodes.every((node) => node.status === 'DELIVERED')).toBe(true);
    // The first event took the 3 failures (fewer than the 4 attempts allowed), the rest one attempt each.
    expect(nodes.map((node) => node.attempts).reduce((sum, attempts) => sum + attempts, 0)).toBe(12 + 3);
    await gql(tokens.adminA, `mutation($id: ID!) { deleteWebhookSubscription(subscriptionId: $id) { id } }`, {
      id: a.id,
    });
    await gql(tokens.adminB, `mutation($id: ID!) { deleteWebhookSubscription(subscriptionId: $id) { id } }`, {
      id: b.id,
    });
  });
  it('a delivery that keeps failing is dead after the last attempt, does not hold back the next event, and replays once the endpoint works', async () => {
    const dead = await subscribe(tokens.adminA, '/dead', ['PLUGIN_CHANGED']);
    failures.set('/dead', 2 * maxAttempts);
    const sequences = await emit(bankA, 2, 'dead');
    const statusesOf = async (status?: string) => {
      const { body } = await gql<{ webhookDeliveries: { edges: { node: DeliveryNode }[] } }>(
        tokens.adminA,
        deliveriesQuery,
        { subscriptionId: dead.id, ...(status ? { status } : {}) },
      );
      return body.data!.webhookDeliveries.edges.map((edge) => edge.node);
    };
    await waitUntil('both deliveries are dead', async () => (await statusesOf('DEAD')).length === 2);
    const nodes = await statusesOf();
    expect(
      nodes.map((node) => [node.eventSequence, node.status, node.attempts, node.lastStatusCode]),
    ).toEqual([
      [String(sequences[1]), 'DEAD', maxAttempts, 500],
      [String(sequences[0]), 'DEAD', maxAttempts, 500],
    ]);
    expect(nodes[0]!.lastError).toBe('HTTP 500');
    const requests = subscriber.received.filter((request) => request.path === '/dead');
    expect(requests.map((request) => request.event.sequence)).toEqual([
      ...Array(maxAttempts).fill(sequences[0]),
      ...Array(maxAttempts).fill(sequences[1]),
    ]);

    // The endpoint works again: replay every dead delivery of the subscription, in order.
    const replayed = await gql<{ replayDeadWebhookDeliveries: number }>(
      tokens.adminA,
      `mutation($id: ID!) { replayDeadWebhookDeliveries(subscriptionId: $id) }`,
      { id: dead.id },
    );
    expect(replayed.body.data?.replayDeadWebhookDeliveries).toBe(2);
    await waitUntil('both are delivered', async () => (await statusesOf('DELIVERED')).length === 2);
    const delivered = subscriber.received.filter(
      (request) => request.path === '/dead' && request.status === 200,
    );
    expect(delivered.map((request) => request.event.sequence)).toEqual(sequences);

    // One delivered delivery sent again on request: the same event (id) again — subscribers dedupe by it.
    const one = (await statusesOf('DELIVERED'))[0]!;
    const again = await gql<{ replayWebhookDelivery: { status: string } }>(
      tokens.adminA,
      `mutation($id: ID!) { replayWebhookDelivery(deliveryId: $id) { status } }`,
      { id: one.id },
    );
    expect(again.body.data?.replayWebhookDelivery.status).toBe('PENDING');
    await waitUntil(
      'the replayed event arrives again',
      () =>
        subscriber.received.filter((request) => request.path === '/dead' && request.event.id === one.eventId)
          .length ===
        maxAttempts + 2,
    );
    // Replaying what is still being attempted is a conflict.
    failures.set('/dead', 1_000);
    const [pending] = await emit(bankA, 1, 'dead-pending');
    const open = (await statusesOf()).find((node) => node.eventSequence === String(pending));
    const conflict = await gql(
      tokens.adminA,
      `mutation($id: ID!) { replayWebhookDelivery(deliveryId: $id) { id } }`,
      {
        id: open!.id,
      },
    );
    expect(conflict.body.errors?.[0]?.extensions.code).toBe('CONFLICT');
    const actions = (await auditRows(api.database.ownerUrl, bankA.id)).map((entry) => entry.action);
    expect(actions.filter((action) => action === 'webhook-delivery.replay')).toHaveLength(2);
    await gql(tokens.adminA, `mutation($id: ID!) { deleteWebhookSubscription(subscriptionId: $id) { id } }`, {
      id: dead.id,
    });
    failures.delete('/dead');
  });

  it('the delivery log pages with an opaque cursor, newest event first, and filters by status and event type', async () => {
    const log = await subscribe(tokens.adminA, '/log', ['PLUGIN_CHANGED', 'CONSENT_GRANTED']);
    const sequences = await emit(bankA, 5, 'log');
    await waitUntil(
      'all five are delivered',
      () => subscriber.received.filter((request) => request.path === '/log').length >= 5,
    );
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page += 1) {
      const response: GraphqlResponse<{ webhookDeliveries: DeliveryPage }> = await gql(
        tokens.adminA,
        deliveriesQuery,
        { subscriptionId: log.id, first: 2, after },
      );
      const connection: DeliveryPage = response.body.data!.webhookDeliveries;
      seen.push(...connection.edges.map((edge) => edge.node.eventSequence));
      expect(connection.pageInfo.hasNextPage).toBe(page < 2);
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual([...sequences].reverse().map(String));
    expect(after).not.toContain(log.id);
    const byType = await gql<{ webhookDeliveries: { edges: unknown[] } }>(tokens.adminA, deliveriesQuery, {
      subscriptionId: log.id,
      eventType: 'CONSENT_GRANTED',
    });
    expect(byType.body.data?.webhookDeliveries.edges).toEqual([]);
    const byStatus = await gql<{ webhookDeliveries: { edges: unknown[] } }>(tokens.adminA, deliveriesQuery, {
      subscriptionId: log.id,
      status: 'DELIVERED',
      first: 100,
    });
    expect(byStatus.body.data?.webhookDeliveries.edges).toHaveLength(5);
    const badCursor = await gql(tokens.adminA, deliveriesQuery, { after: 'not-a-cursor' });
    expect(badCursor.body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID' });
    await gql(tokens.adminA, `mutation($id: ID!) { deleteWebhookSubscription(subscriptionId: $id) { id } }`, {
      id: log.id,
    });
  });

  it("rotation returns a new secret once; events then carry both signatures until the previous one's grace period ends", async () => {
    const rotating = await subscribe(tokens.adminA, '/rotate', ['PLUGIN_CHANGED']);
    const rotated = await gql<{
      rotateWebhookSecret: { secret: string; subscription: { previousSecretValidUntil: string } };
    }>(
      tokens.adminA,
      `mutation($id: ID!) { rotateWebhookSecret(subscriptionId: $id) { secret subscription { previousSecretValidUntil } } }`,
      { id: rotating.id },
    );
    const fresh = rotated.body.data!.rotateWebhookSecret;
    expect(fresh.secret).not.toBe(rotating.secret);
    expect(new Date(fresh.subscription.previousSecretValidUntil).getTime()).toBeGreaterThan(
      Date.now() + 23 * 3_600_000,
    );
    await emit(bankA, 1, 'rotate');
    await waitUntil('the event arrives', () =>
      subscriber.received.some((request) => request.path === '/rotate'),
    );
    const request = subscriber.received.find((received) => received.path === '/rotate')!;
    const header = request.headers[signatureHeader] as string;
    expect(header.split(',').filter((part) => part.startsWith('v1='))).toHaveLength(2);
    expect(verifyWebhookSignature({ header, body: request.body, secret: fresh.secret })).toBe(true);
    expect(verifyWebhookSignature({ header, body: request.body, secret: rotating.secret })).toBe(true);
    await gql(tokens.adminA, `mutation($id: ID!) { deleteWebhookSubscription(subscriptionId: $id) { id } }`, {
      id: rotating.id,
    });
  });

  it("another bank's administrator, a compliance officer and a customer get nothing; a change without a second factor is STEP_UP_REQUIRED", async () => {
    const mine = await subscribe(tokens.adminA, '/mine', ['PLUGIN_CHANGED']);
    await emit(bankA, 1, 'mine');
    await waitUntil('delivered', () => subscriber.received.some((request) => request.path === '/mine'));
    const [delivery] = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      bankA.id,
      'select id from webhook_delivery where subscription_id = $1',
      [mine.id],
    );
    const before = await rowsAsTenant(
      api.database.ownerUrl,
      bankA.id,
      'select * from webhook_subscription order by id',
    );
    // B's administrator: A's ids are NOT_FOUND, lists hold only B's rows.
    for (const [query, variables] of [
      [
        `mutation($id: ID!) { updateWebhookSubscription(subscriptionId: $id, enabled: false) { id } }`,
        { id: mine.id },
      ],
      [`mutation($id: ID!) { rotateWebhookSecret(subscriptionId: $id) { secret } }`, { id: mine.id }],
      [`mutation($id: ID!) { deleteWebhookSubscription(subscriptionId: $id) { id } }`, { id: mine.id }],
      [`mutation($id: ID!) { replayDeadWebhookDeliveries(subscriptionId: $id) }`, { id: mine.id }],
      [`mutation($id: ID!) { replayWebhookDelivery(deliveryId: $id) { id } }`, { id: delivery!.id }],
    ] as const) {
      for (const tenant of [undefined, bankA.slug]) {
        const { body } = await api.graphql(query, { token: tokens.adminB, variables, tenant });
        expect(body.errors?.[0]?.extensions.code, query).toBe(tenant ? 'FORBIDDEN' : 'NOT_FOUND');
      }
    }
    const listedByB = await gql<{ webhookSubscriptions: { id: string }[] }>(
      tokens.adminB,
      subscriptionsQuery,
    );
    expect(listedByB.body.data?.webhookSubscriptions.map((row) => row.id)).not.toContain(mine.id);
    const logOfB = await gql<{ webhookDeliveries: { edges: unknown[] } }>(tokens.adminB, deliveriesQuery, {
      subscriptionId: mine.id,
    });
    expect(logOfB.body.data?.webhookDeliveries.edges).toEqual([]);
    expect(
      await rowsAsTenant(api.database.ownerUrl, bankA.id, 'select * from webhook_subscription order by id'),
    ).toEqual(before);
    // Wrong roles.
    for (const token of [tokens.officerA, tokens.customerA]) {
      for (const query of [subscriptionsQuery, `{ webhookDeliveries { edges { cursor } } }`]) {
        expect((await gql(token, query)).body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      }
      const create = await gql(token, createMutation, {
        url: subscriber.url('/x'),
        eventTypes: ['SYNC_FINISHED'],
      });
      expect(create.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    // A bank administrator whose token shows no second factor may read, not change.
    const adminWithoutOtp = await noOtpRealm.bankAdminToken();
    expect((await gql(adminWithoutOtp, subscriptionsQuery)).body.errors).toBeUndefined();
    const refused = await gql(adminWithoutOtp, createMutation, {
      url: subscriber.url('/x'),
      eventTypes: ['SYNC_FINISHED'],
    });
    expect(refused.body.errors?.[0]?.extensions.code).toBe('STEP_UP_REQUIRED');
    await gql(tokens.adminA, `mutation($id: ID!) { deleteWebhookSubscription(subscriptionId: $id) { id } }`, {
      id: mine.id,
    });
  });
}, 240_000);
