import {
  ConnectorError,
  type ConnectionGrant,
  type ConnectorContext,
  type DataConnector,
  type SourceTransaction,
} from '@finpersona/plugin-sdk';
import { describe, expect, it, vi } from 'vitest';
import {
  createSandboxConnector,
  finalBalances,
  generateCustomer,
  type SandboxConnectorSettings,
} from './index';

function context(signal: AbortSignal = new AbortController().signal) {
  const heartbeat = vi.fn();
  const value: ConnectorContext = {
    signal,
    heartbeat,
    fetch: () => Promise.reject(new Error('the sandbox bank makes no HTTP calls')),
    now: () => new Date('2026-01-01T00:00:00Z'),
    customer: { present: false },
    saveGrant: () => Promise.reject(new Error('the sandbox bank never saves a grant')),
  };
  return { context: value, heartbeat };
}

const begin = {
  redirectUri: 'https://app.example/callback',
  state: 'state-1',
  validUntil: '2026-06-01T00:00:00Z',
  includeHistory: true,
};

async function connect(
  settings: SandboxConnectorSettings = {},
): Promise<{ connector: DataConnector; grant: ConnectionGrant }> {
  const connector = createSandboxConnector({
    seed: 'connector',
    index: 5,
    options: { years: 1 },
    ...settings,
  });
  const result = await connector.beginConnection(begin, context().context);
  if (result.kind !== 'ready') throw new Error('expected a ready grant');
  return { connector, grant: result.grant };
}

async function fetchAll(
  connector: DataConnector,
  grant: ConnectionGrant,
  accountId: string,
  fromDate?: string,
) {
  const { context: ctx, heartbeat } = context();
  const transactions: SourceTransaction[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await connector.listTransactions(
      grant,
      accountId,
      { cursor, ...(fromDate ? { fromDate } : {}) },
      ctx,
    );
    transactions.push(...page.transactions);
    cursor = page.nextCursor;
    pages++;
  } while (cursor !== null);
  return { transactions, pages, heartbeats: heartbeat.mock.calls.length };
}

describe('sandbox connector', () => {
  it('is ready at once with a JSON-serialisable grant naming seed, index and options', async () => {
    const { connector, grant } = await connect();
    expect(connector.id).toBe('sandbox');
    expect(grant.credentials).toEqual({ seed: 'connector', index: 5, options: { years: 1 } });
    expect(JSON.parse(JSON.stringify(grant))).toEqual(grant);
    expect(await connector.consentStatus(grant, context().context)).toBe('valid');
    await expect(connector.revoke(grant, context().context)).resolves.toBeUndefined();
    await expect(
      connector.completeConnection({ pending: {}, callback: {}, redirectUri: '' }, context().context),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('derives a customer from the connection state when no index is configured', async () => {
    const connector = createSandboxConnector({ seed: 'demo', customers: 1000 });
    const first = await connector.beginConnection(begin, context().context);
    const again = await connector.beginConnection(begin, context().context);
    const other = await connector.beginConnection({ ...begin, state: 'state-2' }, context().context);
    const indexOf = (result: typeof first) =>
      result.kind === 'ready' ? result.grant.credentials.index : undefined;
    expect(indexOf(first)).toBe(indexOf(again));
    expect(indexOf(first)).not.toBe(indexOf(other));
    expect(indexOf(first)).toBeLessThan(1000);
  });

  it('lists the generated customer’s accounts as plain source accounts', async () => {
    const { connector, grant } = await connect();
    const accounts = await connector.listAccounts(grant, context().context);
    const customer = generateCustomer('connector', 5, { years: 1 });
    expect(accounts.map((account) => account.sourceId)).toEqual(
      customer.accounts.map((account) => account.sourceId),
    );
    for (const account of accounts) {
      expect(account).not.toHaveProperty('openingBalance');
      expect(account.sourceId).toMatch(/^sb-/);
    }
  });

  it('pages every transaction exactly once, with stable ids, a heartbeat per page and the final balance', async () => {
    const { connector, grant } = await connect({ pageSize: 37 });
    const customer = generateCustomer('connector', 5, { years: 1 });
    const expected = new Map<string, SourceTransaction[]>();
    for (const { transaction } of customer.transactions()) {
      expected.set(transaction.sourceAccountId, [
        ...(expected.get(transaction.sourceAccountId) ?? []),
        transaction,
      ]);
    }
    const balances = finalBalances(customer);
    for (const account of customer.accounts) {
      const { transactions, pages, heartbeats } = await fetchAll(connector, grant, account.sourceId);
      expect(transactions).toEqual(expected.get(account.sourceId) ?? []);
      expect(new Set(transactions.map((transaction) => transaction.sourceId)).size).toBe(transactions.length);
      expect(pages).toBe(Math.max(1, Math.ceil(transactions.length / 37)));
      expect(heartbeats).toBe(pages);
      const [booked] = await connector.listBalances(grant, account.sourceId, context().context);
      expect(booked).toMatchObject({ type: 'booked', amount: balances.get(account.sourceId) });
    }
    // A fresh connector (another worker, after a restart) yields the same ids.
    const again = await connect({ pageSize: 50, cacheSize: 0 });
    const current = customer.accounts[0]!.sourceId;
    const refetched = await fetchAll(again.connector, again.grant, current);
    expect(refetched.transactions.map((t) => t.sourceId)).toEqual(
      expected.get(current)!.map((t) => t.sourceId),
    );
  });

  it('filters by fromDate and refuses a cursor issued for another account or query', async () => {
    const { connector, grant } = await connect({ pageSize: 20 });
    const current = generateCustomer('connector', 5, { years: 1 }).accounts[0]!.sourceId;
    const all = await fetchAll(connector, grant, current);
    const recent = await fetchAll(connector, grant, current, '2025-07-01');
    expect(recent.transactions).toEqual(
      all.transactions.filter((transaction) => transaction.bookingDate >= '2025-07-01'),
    );
    expect(recent.transactions.length).toBeGreaterThan(0);
    const page = await connector.listTransactions(grant, current, { cursor: null }, context().context);
    await expect(
      connector.listTransactions(grant, `${current}x`, { cursor: page.nextCursor }, context().context),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(
      connector.listTransactions(
        grant,
        current,
        { cursor: page.nextCursor, fromDate: '2025-01-01' },
        context().context,
      ),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(
      connector.listTransactions(grant, current, { cursor: 'not-a-cursor' }, context().context),
    ).rejects.toBeInstanceOf(ConnectorError);
    await expect(connector.listBalances(grant, 'sb-unknown', context().context)).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });

  it('rejects a grant it did not issue', async () => {
    const connector = createSandboxConnector();
    const bad = { credentials: { seed: 'x', index: -1 } };
    await expect(connector.listAccounts(bad, context().context)).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    await expect(
      connector.listAccounts(
        { credentials: { seed: 'x', index: 0, options: { years: 99 } } },
        context().context,
      ),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('fails an injected page once with a retryable SOURCE_UNAVAILABLE, then serves it', async () => {
    const { connector, grant } = await connect({ pageSize: 25, failPagesOnce: [2] });
    const current = generateCustomer('connector', 5, { years: 1 }).accounts[0]!.sourceId;
    const first = await connector.listTransactions(grant, current, { cursor: null }, context().context);
    const failure = await connector
      .listTransactions(grant, current, { cursor: first.nextCursor }, context().context)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ code: 'SOURCE_UNAVAILABLE', retryable: true });
    const retried = await connector.listTransactions(
      grant,
      current,
      { cursor: first.nextCursor },
      context().context,
    );
    expect(retried.transactions.length).toBe(25);
    expect(retried.transactions[0]!.sourceId).not.toBe(first.transactions[0]!.sourceId);
  });

  it('stops when the platform aborts, including during a slow page', async () => {
    const { connector, grant } = await connect({ pageDelayMs: 5_000 });
    const current = generateCustomer('connector', 5, { years: 1 }).accounts[0]!.sourceId;
    const aborted = new AbortController();
    aborted.abort();
    await expect(connector.listAccounts(grant, context(aborted.signal).context)).rejects.toThrow();
    const controller = new AbortController();
    const started = Date.now();
    const pending = connector.listTransactions(
      grant,
      current,
      { cursor: null },
      context(controller.signal).context,
    );
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('serves a 10,000-transaction account (the crash-test size) in complete, non-overlapping pages', async () => {
    const options = { years: 6, activity: 6 };
    const { connector, grant } = await connect({ index: 2, options, pageSize: 500 });
    const current = generateCustomer('connector', 2, options).accounts[0]!.sourceId;
    const { transactions, pages } = await fetchAll(connector, grant, current);
    expect(transactions.length).toBeGreaterThanOrEqual(10_000);
    expect(new Set(transactions.map((transaction) => transaction.sourceId)).size).toBe(transactions.length);
    expect(pages).toBe(Math.ceil(transactions.length / 500));
  });
});
