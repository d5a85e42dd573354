import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomersService } from '../customers';
import { currentContext } from '../request-context';
import { TenancyService } from '../tenancy';
import { type ApiFixture, startApiFixture, tokensOf } from '../testing/api-fixture';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { demoBank, demoBankCustomers, generatedCustomers } from '../testing/seed';

interface Recorded {
  transactions: Map<string, string[]>;
  queries: { requestId: string | undefined; txId: string | undefined; connection: string; sql: string }[];
}

const customersQuery = `{ customers(first: 100) { totalCount edges { node { email } } } }`;
interface CustomersPage {
  customers: { totalCount: number; edges: { node: { email: string | null } }[] };
}

/**
 * The API over a pool of exactly two connections, with two banks whose administrators both have real
 * tokens: demo-bank (the realm imported into the test Keycloak) and a second bank whose realm this
 * suite creates in that Keycloak through its admin API.
 */
describe('one transaction per request, with the tenant set for row-level security', () => {
  let api: ApiFixture;
  let secondRealm: BankRealm;
  const recorded: Recorded = { transactions: new Map(), queries: [] };
  const banks = {
    demo: { slug: demoBank.slug, token: '', domain: '@demo-bank.example', count: demoBankCustomers.length },
    second: { slug: '', token: '', domain: '', count: 7 },
  };

  beforeAll(async () => {
    [api, secondRealm] = await Promise.all([
      startApiFixture({ overrides: { DATABASE_POOL_SIZE: '2' } }),
      createBankRealm('second-bank'),
    ]);
    banks.second.slug = secondRealm.realm;
    banks.second.domain = `@${secondRealm.realm}.example`;

    const tenancy = api.running.app.get(TenancyService);
    const customers = api.running.app.get(CustomersService);
    await tenancy.upsertTenant(demoBank);
    await tenancy.upsertTenant({
      slug: secondRealm.realm,
      name: 'Second Bank',
      region: 'EU',
      realm: secondRealm.realm,
      branding: {
        displayName: 'Second Bank',
        primaryColor: '#123456',
        accentColor: '#654321',
        logoUrl: null,
      },
    });
    await customers.upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    await customers.upsertDemoCustomers(
      secondRealm.realm,
      generatedCustomers(banks.second.count, `${secondRealm.realm}.example`),
    );
    [banks.demo.token, banks.second.token] = await Promise.all([
      tokensOf('bankAdmin').then((tokens) => tokens.accessToken),
      secondRealm.bankAdminToken(),
    ]);

    // Observe what the database sees, tagged with the request it belongs to.
    const orm = api.running.app.get(MikroORM);
    const note = (event: string) => () => {
      const requestId = currentContext()?.requestId;
      if (!requestId) return;
      recorded.transactions.set(requestId, [...(recorded.transactions.get(requestId) ?? []), event]);
    };
    orm.em.getEventManager().registerSubscriber({
      afterTransactionStart: note('start'),
      afterTransactionCommit: note('commit'),
      afterTransactionRollback: note('rollback'),
    });
    (orm.em as EntityManager)
      .getConnection()
      .getKnex()
      .on('query', (query: { __knexTxId?: string; __knexUid: string; sql: string }) => {
        recorded.queries.push({
          requestId: currentContext()?.requestId,
          txId: query.__knexTxId,
          connection: query.__knexUid,
          sql: query.sql,
        });
      });
  });
  afterAll(async () => {
    await api?.close();
    await secondRealm?.remove();
  });

  async function post<T>(
    query: string,
    options: { token?: string; tenant?: string; requestId?: string } = {},
  ): Promise<{ status: number; body: { data?: T | null; errors?: { extensions: { code: string } }[] } }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.tenant) headers['x-tenant'] = options.tenant;
    if (options.requestId) headers['x-request-id'] = options.requestId;
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query }),
    });
    return { status: response.status, body: (await response.json()) as never };
  }

  it('two root fields share one transaction: one BEGIN, one COMMIT, every query on it', async () => {
    const { body } = await post<{ a: { totalCount: number }; b: { totalCount: number } }>(
      `{ a: customers(first: 2) { totalCount } b: customers(first: 3) { totalCount } }`,
      { token: banks.demo.token, requestId: 'two-root-fields' },
    );
    expect(body.errors).toBeUndefined();
    expect([body.data?.a.totalCount, body.data?.b.totalCount]).toEqual([25, 25]);
    expect(recorded.transactions.get('two-root-fields')).toEqual(['start', 'commit']);

    // Identity resolves the token's tenant before the transaction opens; everything after runs in it.
    const queries = recorded.queries.filter((query) => query.requestId === 'two-root-fields');
    const onCustomers = queries.filter((query) => /\bcustomer\b/.test(query.sql));
    expect(onCustomers.length).toBeGreaterThanOrEqual(4); // a page and a count per root field
    const transactionIds = new Set(onCustomers.map((query) => query.txId));
    expect(transactionIds.size).toBe(1);
    const [transactionId] = transactionIds;
    expect(transactionId).toBeDefined();
    const inTransaction = queries.filter((query) => query.txId === transactionId).map((query) => query.sql);
    expect(inTransaction[0]).toMatch(/^begin/i);
    expect(inTransaction[1]).toMatch(/set_config\('app\.tenant_id'/);
    expect(inTransaction.at(-1)).toMatch(/^commit/i);
  });

  it('a request whose response carries an error is rolled back as a whole', async () => {
    const { body } = await post<{ customers: { totalCount: number } }>(
      `{ customers(first: 0) { totalCount } }`,
      { token: banks.demo.token, requestId: 'one-field-fails' },
    );
    expect(body.errors?.[0]?.extensions.code).toBe('INVALID');
    expect(recorded.transactions.get('one-field-fails')).toEqual(['start', 'rollback']);
  });

  it('answers a rolled-back request with no data, so no field looks done when another failed', async () => {
    const { body } = await post<{ me: { subject: string } | null }>(
      `{ me { subject } customers(first: 0) { totalCount } }`,
      { token: banks.demo.token, requestId: 'partial-failure' },
    );
    expect(body.errors?.[0]?.extensions.code).toBe('INVALID');
    expect(body.data).toBeNull();
    expect(recorded.transactions.get('partial-failure')).toEqual(['start', 'rollback']);
  });

  it('public queries without a tenant still work, in a transaction with no tenant set', async () => {
    const { body } = await post<{ tenantBranding: { branding: { displayName: string } } | null }>(
      `{ tenantBranding(slug: "${banks.second.slug}") { branding { displayName } } }`,
      { requestId: 'anonymous-branding' },
    );
    expect(body.data?.tenantBranding?.branding.displayName).toBe('Second Bank');
    expect(recorded.transactions.get('anonymous-branding')).toEqual(['start', 'commit']);
    const live = await fetch(`${api.url}/health/live`);
    expect(live.status).toBe(200);
  });

  it('1,000 interleaved requests of two banks over 2 connections: each sees exactly its own customers', async () => {
    const total = 1000;
    const concurrency = 16;
    const outcomes: { bank: 'demo' | 'second'; ok: boolean; detail?: string }[] = [];
    const requestBank = new Map<string, 'demo' | 'second'>();
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const index = next++;
        const bank = index % 2 === 0 ? 'demo' : 'second';
        const requestId = `interleaved-${index}`;
        requestBank.set(requestId, bank);
        const { status, body } = await post<CustomersPage>(customersQuery, {
          token: banks[bank].token,
          requestId,
        });
        const page = body.data?.customers;
        const emails = page?.edges.map((edge) => edge.node.email ?? '') ?? [];
        const ok =
          status === 200 &&
          page?.totalCount === banks[bank].count &&
          emails.length === banks[bank].count &&
          emails.every((email) => email.endsWith(banks[bank].domain));
        outcomes.push({ bank, ok, detail: ok ? undefined : JSON.stringify({ status, body }).slice(0, 300) });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));

    expect(outcomes).toHaveLength(total);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);

    // The two banks really shared both connections: the pool never had more than two, and each
    // connection served requests of both banks.
    const banksByConnection = new Map<string, Set<string>>();
    for (const query of recorded.queries) {
      const bank = query.requestId ? requestBank.get(query.requestId) : undefined;
      if (!bank) continue;
      banksByConnection.set(
        query.connection,
        (banksByConnection.get(query.connection) ?? new Set()).add(bank),
      );
    }
    expect(banksByConnection.size).toBe(2);
    for (const served of banksByConnection.values()) expect([...served].sort()).toEqual(['demo', 'second']);

    // Nothing of any request is left on the connections themselves.
    const knex = (api.running.app.get(MikroORM).em as EntityManager).getConnection().getKnex();
    const connections = await Promise.all([knex.client.acquireConnection(), knex.client.acquireConnection()]);
    try {
      for (const connection of connections) {
        const result = await connection.query(`select current_setting('app.tenant_id', true) as setting`);
        expect(result.rows[0].setting ?? '').toBe('');
      }
    } finally {
      for (const connection of connections) await knex.client.releaseConnection(connection);
    }
  });
});
