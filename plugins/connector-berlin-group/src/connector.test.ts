import {
  ConnectorError,
  type ConnectionGrant,
  type DataConnector,
  type SourceTransaction,
} from '@finpersona/plugin-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseRetryAfter } from './client';
import { psuIpAddress } from './connector';
import { createBerlinGroupConnector, endOfValidity, lastWholeDayBefore } from './index';
import {
  loadNextGenPsd2Validator,
  startLocalXs2a,
  type LocalXs2a,
  type LocalXs2aOptions,
  type OpenApiValidator,
} from './local-aspsp';
import { Clock, contextFor, currentAccountTransactions, fixtureBank, type TestContext } from './test-support';

let validator: OpenApiValidator;
const servers: LocalXs2a[] = [];
/** Requests the connector sent over the whole suite, and how many of them broke the specification. */
const suiteTotals = { requests: 0, invalid: [] as unknown[] };

beforeAll(async () => {
  validator = await loadNextGenPsd2Validator();
});

afterEach(async () => {
  for (const server of servers.splice(0)) {
    suiteTotals.requests += server.requests.length;
    suiteTotals.invalid.push(...server.invalidRequests());
    // Fails if the server served a response breaking the specification that no test took.
    await server.close();
    // Fails the test whose connector sent a request breaking the specification.
    expect(server.invalidRequests()).toEqual([]);
  }
});

afterAll(() => {
  // The connector sent a real number of requests and not one of them broke the specification.
  expect(suiteTotals.requests).toBeGreaterThan(100);
  expect(suiteTotals.invalid).toEqual([]);
});

interface Setup {
  server: LocalXs2a;
  clock: Clock;
  connector: DataConnector;
  context: () => TestContext;
  sleeps: number[];
}

async function setUp(
  options: Partial<LocalXs2aOptions> = {},
  settings: Record<string, unknown> = {},
  random = () => 0.5,
): Promise<Setup> {
  const clock = new Clock();
  const server = await startLocalXs2a({
    accounts: fixtureBank(),
    pageSize: 25,
    now: clock.now,
    validator,
    ...options,
  });
  servers.push(server);
  const sleeps: number[] = [];
  const connector = createBerlinGroupConnector(
    { baseUrl: server.url, tppIpAddress: '192.0.2.10', retry: { baseDelayMs: 100 }, ...settings },
    {
      random,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  );
  return { server, clock, connector, context: () => contextFor(clock, server.url), sleeps };
}

const inDays = (clock: Clock, days: number) => new Date(clock.time + days * 86_400_000).toISOString();

/** Begins a connection, lets the (simplified) SCA page answer, and completes it with the redirect's query. */
async function connect(
  setup: Setup,
  decision: 'approve' | 'deny' = 'approve',
  validUntil = inDays(setup.clock, 180),
) {
  const begun = await setup.connector.beginConnection(
    {
      redirectUri: 'https://app.example/connect/callback',
      state: 'state-123',
      validUntil,
      includeHistory: true,
    },
    setup.context(),
  );
  if (begun.kind !== 'redirect') throw new Error('expected a redirect');
  const sca = await fetch(`${begun.authorisationUrl}?decision=${decision}`, { redirect: 'manual' });
  expect(sca.status).toBe(302);
  const back = new URL(sca.headers.get('location') ?? '');
  expect(`${back.origin}${back.pathname}`).toBe('https://app.example/connect/callback');
  const callback = Object.fromEntries(back.searchParams);
  const complete = () =>
    setup.connector.completeConnection(
      { pending: begun.pending, callback, redirectUri: 'https://app.example/connect/callback' },
      setup.context(),
    );
  return { begun, callback, complete };
}

async function connected(setup: Setup): Promise<ConnectionGrant> {
  return (await connect(setup)).complete();
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

async function allTransactions(
  setup: Setup,
  grant: ConnectionGrant,
  accountId: string,
  context = setup.context(),
) {
  const pages: number[] = [];
  const transactions: SourceTransaction[] = [];
  let cursor: string | null = null;
  do {
    const page = await setup.connector.listTransactions(grant, accountId, { cursor }, context);
    pages.push(page.transactions.length);
    transactions.push(...page.transactions);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { pages, transactions };
}

describe('Berlin Group connector against the spec-validated local ASPSP', () => {
  it('connects through the SCA redirect and reads accounts, balances and every page of transactions exactly', async () => {
    const setup = await setUp();
    const { begun, callback, complete } = await connect(setup);
    expect(
      begun.kind === 'redirect' && begun.authorisationUrl.startsWith(`${setup.server.url}/sca/consents/`),
    ).toBe(true);
    expect(callback.state).toBe('state-123');
    const grant = await complete();
    const consent = setup.server.consent(grant.sourceConsentId ?? '');
    expect(consent).toMatchObject({ status: 'valid', frequencyPerDay: 4, recurringIndicator: true });
    expect(grant.expiresAt).toBe(endOfValidity(consent!.validUntil));
    expect(await setup.connector.consentStatus(grant, setup.context())).toBe('valid');

    const accounts = await setup.connector.listAccounts(grant, setup.context());
    // Everything XS2A carries of the fixture's accounts comes back unchanged (the fixture uses only that).
    expect(accounts).toEqual(fixtureBank().map((fixture) => fixture.account));
    expect(accounts.map((entry) => entry.type)).toEqual(['current', 'savings', 'current']);

    const balances = await setup.connector.listBalances(grant, 'acc-current-1', setup.context());
    expect(balances.map((entry) => [entry.type, entry.amount.minor, entry.amount.currency])).toEqual([
      ['closing', '-1234', 'EUR'],
      ['booked', '-1234', 'EUR'],
      ['available', '-123400', 'EUR'],
      ['expected', '-1234', 'EUR'],
    ]);
    expect(balances[0]?.asOf).toBe('2026-06-15T09:00:00.000Z');

    const context = setup.context();
    const { pages, transactions } = await allTransactions(setup, grant, 'acc-current-1', context);
    // 60 entries, 25 per page; one heartbeat per page.
    expect(pages).toEqual([25, 25, 10]);
    expect(context.heartbeats).toEqual([{ transactions: 25 }, { transactions: 25 }, { transactions: 10 }]);
    const expected = currentAccountTransactions().map((entry) => ({
      ...entry,
      // XS2A carries a card payment's merchant name as the creditor's name.
      ...(entry.merchant ? { merchant: { mcc: entry.merchant.mcc, name: entry.counterparty?.name } } : {}),
    }));
    const bySourceId = (a: SourceTransaction, b: SourceTransaction) => a.sourceId.localeCompare(b.sourceId);
    expect(transactions.toSorted(bySourceId)).toEqual(expected.toSorted(bySourceId));
    expect(transactions.filter((entry) => entry.status === 'pending')).toHaveLength(3);

    // The whole sync ran without the PSU; only the consent steps carried PSU-IP-Address.
    const dataRequests = setup.server.requests.filter((entry) => entry.path.startsWith('/v1/accounts'));
    expect(dataRequests.length).toBeGreaterThan(0);
    expect(
      dataRequests.every((entry) => !entry.psuPresent && entry.consentId === grant.sourceConsentId),
    ).toBe(true);
    expect(setup.server.requests.find((entry) => entry.operationId === 'createConsent')?.psuPresent).toBe(
      true,
    );
  });

  it('keeps money exact: amounts beyond a double’s precision and currencies with other exponents', async () => {
    const setup = await setUp();
    const grant = await connected(setup);
    const { transactions } = await allTransactions(setup, grant, 'acc-current-1');
    const large = transactions.find((entry) => entry.sourceId === 'tx-003');
    // 98765432109876.54 EUR: 9876543210987654 cents is above 2^53, where a float would round it.
    expect(large?.amount).toEqual({ minor: '9876543210987654', currency: 'EUR' });
    expect(large?.direction).toBe('credit');
    expect(transactions.find((entry) => entry.sourceId === 'tx-001')?.amount).toEqual({
      minor: '1230',
      currency: 'EUR',
    });
    const yen = await setup.connector.listBalances(grant, 'acc-yen-3', setup.context());
    expect(yen[0]?.amount).toEqual({ minor: '150000', currency: 'JPY' });
  });

  it('takes entryReference as the id where there is no transactionId, and derives stable distinct ids where there is neither', async () => {
    const setup = await setUp();
    const grant = await connected(setup);
    const savings = await allTransactions(setup, grant, 'acc-savings-2');
    expect(savings.transactions.map((entry) => entry.sourceId)).toEqual(['ref-1']);

    const first = await allTransactions(setup, grant, 'acc-yen-3');
    const second = await allTransactions(setup, grant, 'acc-yen-3');
    const ids = first.transactions.map((entry) => entry.sourceId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect(ids.every((id) => id.startsWith('d-'))).toBe(true);
    expect(second.transactions.map((entry) => entry.sourceId)).toEqual(ids);
  });

  it('reads no transactions from before the consent when the customer allowed no history', async () => {
    const setup = await setUp();
    const begun = await setup.connector.beginConnection(
      {
        redirectUri: 'https://app.example/cb',
        state: 's',
        validUntil: inDays(setup.clock, 90),
        includeHistory: false,
      },
      setup.context(),
    );
    if (begun.kind !== 'redirect') throw new Error('expected a redirect');
    await fetch(begun.authorisationUrl, { redirect: 'manual' });
    const grant = await setup.connector.completeConnection(
      { pending: begun.pending, callback: { state: 's' }, redirectUri: 'https://app.example/cb' },
      setup.context(),
    );
    expect(grant.credentials.readFrom).toBe('2026-06-15');
    const { transactions } = await allTransactions(setup, grant, 'acc-current-1');
    // Only the three pending entries of today; asking for older ones changes nothing.
    expect(transactions.map((entry) => entry.status)).toEqual(['pending', 'pending', 'pending']);
    const older = await setup.connector.listTransactions(
      grant,
      'acc-current-1',
      { cursor: null, fromDate: '2020-01-01' },
      setup.context(),
    );
    expect(older.transactions).toHaveLength(3);
    expect(setup.server.requests.at(-1)?.query.dateFrom).toBe('2026-06-15');
  });

  it('reports the validUntil the ASPSP granted when it shortens the one asked for', async () => {
    const setup = await setUp({ maxConsentDays: 90 });
    const asked = inDays(setup.clock, 180);
    const grant = await (await connect(setup, 'approve', asked)).complete();
    const consent = setup.server.consent(grant.sourceConsentId ?? '')!;
    expect(consent.requestedValidUntil).toBe(lastWholeDayBefore(asked));
    expect(consent.validUntil).toBe('2026-09-13'); // 15 June + 90 days
    expect(grant.expiresAt).toBe('2026-09-14T00:00:00.000Z');
    expect(grant.credentials).toMatchObject({ validUntil: '2026-09-13', frequencyPerDay: 4 });
  });

  it('asks for a consent that ends by the platform’s limit, never after it', () => {
    expect(lastWholeDayBefore('2026-12-12T10:00:00Z')).toBe('2026-12-11');
    expect(lastWholeDayBefore('2026-12-12T00:00:00Z')).toBe('2026-12-11');
    expect(Date.parse(endOfValidity(lastWholeDayBefore('2026-12-12T10:00:00Z')))).toBeLessThanOrEqual(
      Date.parse('2026-12-12T10:00:00Z'),
    );
  });

  it('fails with RATE_LIMITED (until the next UTC day) once frequencyPerDay accesses without the PSU are used', async () => {
    const setup = await setUp();
    const grant = await connected(setup);
    for (let access = 0; access < 4; access++) await setup.connector.listAccounts(grant, setup.context());
    const error = await failure(setup.connector.listAccounts(grant, setup.context()));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryable).toBe(true);
    // 10:00 UTC: 14 hours until the quota renews.
    expect(error.retryAfterMs).toBe(14 * 60 * 60 * 1000);
    // The in-call retry did not hammer the bank: the wait was longer than the connector may wait.
    expect(setup.sleeps).toEqual([]);
    const last = setup.server.requests.at(-1);
    expect(last?.status).toBe(429);

    setup.clock.advanceDays(1);
    expect(await setup.connector.listAccounts(grant, setup.context())).toHaveLength(3);
  });

  it('sends the customer’s address as PSU-IP-Address only while they are present; their reads do not count against frequencyPerDay', async () => {
    const setup = await setUp();
    const customer = { present: true, ipAddress: '198.51.100.23' } as const;
    const present = () => contextFor(setup.clock, setup.server.url, undefined, customer);
    const grant = await (await connect({ ...setup, context: present })).complete();
    const consentSteps = setup.server.requests.filter((entry) => entry.path.startsWith('/v1/consents'));
    expect(consentSteps.map((entry) => entry.operationId)).toEqual([
      'createConsent',
      'getConsentStatus',
      'getConsentInformation',
    ]);
    expect(consentSteps.map((entry) => entry.headers['psu-ip-address'])).toEqual([
      '198.51.100.23',
      '198.51.100.23',
      '198.51.100.23',
    ]);
    // Six reads with the customer present: more than frequencyPerDay (4), none counted, none refused.
    const contexts: TestContext[] = [];
    for (let access = 0; access < 6; access++) {
      const context = present();
      contexts.push(context);
      expect(await setup.connector.listAccounts(grant, context)).toHaveLength(3);
    }
    const presentReads = setup.server.requests.filter((entry) => entry.operationId === 'getAccountList');
    expect(presentReads.map((entry) => entry.headers['psu-ip-address'])).toEqual(
      Array(6).fill('198.51.100.23'),
    );
    expect(presentReads.every((entry) => entry.status === 200)).toBe(true);
    // Without the customer: no header, and the full unattended quota is still there, then used up.
    for (let access = 0; access < 4; access++) await setup.connector.listAccounts(grant, setup.context());
    expect((await failure(setup.connector.listAccounts(grant, setup.context()))).code).toBe('RATE_LIMITED');
    const unattended = setup.server.requests
      .filter((entry) => entry.operationId === 'getAccountList')
      .slice(6);
    expect(unattended.map((entry) => entry.headers['psu-ip-address'])).toEqual(Array(5).fill(undefined));
    // XS2A consents here carry no tokens: nothing to rotate, no grant saved.
    expect(contexts.flatMap((context) => context.savedGrants)).toEqual([]);
  });

  it('sends PSU-IP-Address as the specification types it (IPv4): a mapped IPv6 address unwrapped, another IPv6 address not at all', async () => {
    const setup = await setUp();
    const mapped = () =>
      contextFor(setup.clock, setup.server.url, undefined, {
        present: true,
        ipAddress: '::ffff:198.51.100.7',
      });
    const grant = await (await connect({ ...setup, context: mapped })).complete();
    await setup.connector.listAccounts(grant, mapped());
    const sent = (server: LocalXs2a) =>
      server.requests
        .filter((entry) => entry.operationId !== 'scaRedirect') // the customer's browser, not the connector
        .map((entry) => entry.headers['psu-ip-address']);
    expect(sent(setup.server)).toEqual(Array(4).fill('198.51.100.7'));

    const other = await setUp();
    const ipv6 = () =>
      contextFor(other.clock, other.server.url, undefined, { present: true, ipAddress: '2001:db8::17' });
    const otherGrant = await (await connect({ ...other, context: ipv6 })).complete();
    // Mandatory on consent creation: the TPP's own address, as the specification says when the PSU's is unavailable.
    expect(sent(other.server)).toEqual(['192.0.2.10', undefined, undefined]);
    // Reads cannot say the customer is present: they count like unattended ones.
    for (let access = 0; access < 4; access++) await other.connector.listAccounts(otherGrant, ipv6());
    expect((await failure(other.connector.listAccounts(otherGrant, ipv6()))).code).toBe('RATE_LIMITED');
  });

  it('accepts only dotted-quad IPv4 addresses for PSU-IP-Address', () => {
    const at = (ipAddress: string) =>
      psuIpAddress({
        ...contextFor(new Clock(), 'http://127.0.0.1'),
        customer: { present: true, ipAddress },
      });
    expect(at('203.0.113.255')).toBe('203.0.113.255');
    expect(at('::FFFF:203.0.113.1')).toBe('203.0.113.1');
    expect(at('256.0.0.1')).toBeUndefined();
    expect(at('010.0.0.1')).toBeUndefined();
    expect(at('fe80::1')).toBeUndefined();
    expect(psuIpAddress(contextFor(new Clock(), 'http://127.0.0.1'))).toBeUndefined();
  });

  it('counts the pages of one transaction report as one access', async () => {
    const setup = await setUp();
    const grant = await connected(setup);
    for (let sync = 0; sync < 4; sync++) {
      expect((await allTransactions(setup, grant, 'acc-current-1')).pages).toHaveLength(3);
    }
    expect((await failure(allTransactions(setup, grant, 'acc-current-1'))).code).toBe('RATE_LIMITED');
  });

  it('retries a 429 after the Retry-After the bank asked for, then succeeds', async () => {
    const setup = await setUp();
    const grant = await connected(setup);
    setup.server.injectFault({ status: 429, retryAfterSeconds: 2, operationId: 'getAccountList' });
    expect(await setup.connector.listAccounts(grant, setup.context())).toHaveLength(3);
    expect(setup.sleeps).toEqual([2000]);
    const statuses = setup.server.requests
      .filter((entry) => entry.operationId === 'getAccountList')
      .map((e) => e.status);
    expect(statuses).toEqual([429, 200]);
  });

  it('does not retry in-call when the daily quota is used up and the bank gives no Retry-After', async () => {
    const setup = await setUp();
    const grant = await connected(setup);
    // An injected 429 carries ACCESS_EXCEEDED and, here, no Retry-After.
    setup.server.injectFault({ status: 429, operationId: 'getBalances' });
    const error = await failure(setup.connector.listBalances(grant, 'acc-current-1', setup.context()));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterMs).toBe(14 * 60 * 60 * 1000);
    expect(setup.sleeps).toEqual([]);
    expect(setup.server.requests.filter((entry) => entry.operationId === 'getBalances')).toHaveLength(1);
  });

  it('backs off exponentially with jitter on a persistent 503, then fails with SOURCE_UNAVAILABLE', async () => {
    const setup = await setUp({}, {}, () => 0);
    const grant = await connected(setup);
    setup.server.injectFault({ status: 503, times: 100 });
    const error = await failure(setup.connector.listBalances(grant, 'acc-current-1', setup.context()));
    expect(error.code).toBe('SOURCE_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    // 4 attempts, 3 waits: half of 100, 200, 400 ms with no jitter drawn.
    expect(setup.sleeps).toEqual([50, 100, 200]);
    expect(setup.server.requests.filter((entry) => entry.operationId === 'getBalances')).toHaveLength(4);
  });

  it('retries when the bank cannot be reached at all, then fails with SOURCE_UNAVAILABLE', async () => {
    const clock = new Clock();
    const gone = await startLocalXs2a({ accounts: [], now: clock.now, validator });
    await gone.close();
    const sleeps: number[] = [];
    const connector = createBerlinGroupConnector(
      { baseUrl: gone.url, tppIpAddress: '192.0.2.10', retry: { baseDelayMs: 100 } },
      { random: () => 1, sleep: async (ms) => void sleeps.push(ms) },
    );
    const grant = {
      sourceConsentId: 'c',
      credentials: { consentId: 'c', validUntil: '2026-12-01', frequencyPerDay: 4 },
    };
    const error = await failure(connector.listAccounts(grant, contextFor(clock, gone.url)));
    expect(error.code).toBe('SOURCE_UNAVAILABLE');
    // Full jitter drawn: 100, 200, 400 ms.
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-06-15T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 15 Jun 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('stops waiting and sending when the platform aborts the call', async () => {
    const clock = new Clock();
    const server = await startLocalXs2a({ accounts: fixtureBank(), now: clock.now, validator });
    servers.push(server);
    // The real, abortable sleep this time.
    const connector = createBerlinGroupConnector({
      baseUrl: server.url,
      tppIpAddress: '192.0.2.10',
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    const setup: Setup = {
      server,
      clock,
      connector,
      context: () => contextFor(clock, server.url),
      sleeps: [],
    };
    const grant = await connected(setup);
    server.injectFault({ status: 500, times: 100 });
    const context = setup.context();
    const started = Date.now();
    const pending = connector.listAccounts(grant, context);
    setTimeout(() => context.controller.abort(new Error('sync stopped')), 50);
    await expect(pending).rejects.toThrow('sync stopped');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.requests.filter((entry) => entry.operationId === 'getAccountList')).toHaveLength(1);
  });

  it('reports an expired consent: CONSENT_EXPIRED on reads, status expired, revoke still succeeds', async () => {
    const setup = await setUp({ maxConsentDays: 30 });
    const grant = await connected(setup);
    setup.clock.advanceDays(31);
    expect((await failure(setup.connector.listAccounts(grant, setup.context()))).code).toBe(
      'CONSENT_EXPIRED',
    );
    expect(await setup.connector.consentStatus(grant, setup.context())).toBe('expired');
    await setup.connector.revoke(grant, setup.context());
  });

  it('reports a consent the customer revoked at the bank: CONSENT_REVOKED on reads, status revoked', async () => {
    const setup = await setUp();
    const grant = await connected(setup);
    setup.server.revokeByPsu(grant.sourceConsentId ?? '');
    const error = await failure(
      setup.connector.listTransactions(grant, 'acc-current-1', { cursor: null }, setup.context()),
    );
    expect(error.code).toBe('CONSENT_REVOKED');
    expect(error.retryable).toBe(false);
    expect(await setup.connector.consentStatus(grant, setup.context())).toBe('revoked');
  });

  it('revokes with DELETE, after which reads fail and a second revoke still succeeds', async () => {
    const setup = await setUp();
    const grant = await connected(setup);
    await setup.connector.revoke(grant, setup.context());
    expect(setup.server.consent(grant.sourceConsentId ?? '')?.status).toBe('terminatedByTpp');
    expect(await setup.connector.consentStatus(grant, setup.context())).toBe('revoked');
    expect((await failure(setup.connector.listAccounts(grant, setup.context()))).code).toBe(
      'CONSENT_REVOKED',
    );
    await setup.connector.revoke(grant, setup.context());
    const unknown = { ...grant, credentials: { ...grant.credentials, consentId: 'never-existed' } };
    await setup.connector.revoke(unknown, setup.context());
    expect(await setup.connector.consentStatus(unknown, setup.context())).toBe('revoked');
  });

  it('does not complete a connection the customer rejected at the bank, or one whose state does not match', async () => {
    const setup = await setUp();
    const rejected = await connect(setup, 'deny');
    expect((await failure(rejected.complete())).code).toBe('CONSENT_REVOKED');

    const approved = await connect(setup);
    const forged = setup.connector.completeConnection(
      {
        pending: approved.begun.kind === 'redirect' ? approved.begun.pending : {},
        callback: { state: 'other' },
        redirectUri: 'x',
      },
      setup.context(),
    );
    expect((await failure(forged)).code).toBe('INVALID_REQUEST');
  });

  it('rejects a cursor that is not this account’s report', async () => {
    const setup = await setUp();
    const grant = await connected(setup);
    const page = await setup.connector.listTransactions(
      grant,
      'acc-current-1',
      { cursor: null },
      setup.context(),
    );
    const error = await failure(
      setup.connector.listTransactions(grant, 'acc-savings-2', { cursor: page.nextCursor }, setup.context()),
    );
    expect(error.code).toBe('INVALID_REQUEST');
  });

  it('turns spec-breaking data from the bank into BAD_SOURCE_DATA', async () => {
    const setup = await setUp();
    const grant = await connected(setup);
    // A proxy between connector and bank corrupts one amount (the local ASPSP itself never serves such data).
    const corrupting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const text = (await response.text()).replace('"amount":"-12.30"', '"amount":"twelve"');
      return new Response(text, { status: response.status, headers: response.headers });
    };
    const context = contextFor(setup.clock, setup.server.url, corrupting);
    const error = await failure(allTransactions(setup, grant, 'acc-current-1', context));
    expect(error.code).toBe('BAD_SOURCE_DATA');
    expect(error.message).toContain('transactionAmount');
  });

  it('validates its settings and names every problem', () => {
    let caught: unknown;
    try {
      createBerlinGroupConnector({
        baseUrl: 'http://bank.example/psd2',
        tppIpAddress: '::1',
        frequencyPerDay: 5,
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConnectorError);
    const error = caught as ConnectorError;
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toContain('baseUrl must use https');
    expect(error.message).toContain('tppIpAddress');
    expect(error.message).toContain('frequencyPerDay');
    expect(() =>
      createBerlinGroupConnector({ baseUrl: 'https://bank.example/psd2/', tppIpAddress: '192.0.2.1' }),
    ).not.toThrow();
  });
});
