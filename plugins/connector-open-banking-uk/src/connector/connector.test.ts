import { ConnectorError, type ConnectionGrant, type SourceTransaction } from '@finpersona/plugin-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import {
  authorise,
  closeAll,
  connect,
  fastRetry,
  redirectUri,
  startBank,
  startedServers,
  testContext,
  type Bank,
} from '../testing/harness';
import {
  awkwardAmounts,
  cardAccount,
  currentAccount,
  currentAccountTransactions,
} from '../testing/sample-bank';
import { createOpenBankingUkConnector } from './connector';
import { OpenBankingUkSettingsError } from './settings';

const day = 86_400_000;

async function allTransactions(bank: Bank, grant: ConnectionGrant, accountId: string, fromDate?: string) {
  const transactions: SourceTransaction[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await bank.connector.listTransactions(
      grant,
      accountId,
      { cursor, ...(fromDate ? { fromDate } : {}) },
      bank.context,
    );
    transactions.push(...page.transactions);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== null && pages < 100);
  return { transactions, pages };
}

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

afterAll(async () => {
  // Across every test of this file: the connector never sent the bank a request the spec forbids.
  const invalid = startedServers.flatMap((server) => server.invalidRequests());
  const broken = startedServers.flatMap((server) => server.responseViolations);
  await closeAll();
  expect(invalid).toEqual([]);
  expect(broken).toEqual([]);
});

describe('Open Banking UK connector against the local ASPSP', () => {
  it('connects (consent, authorisation redirect, code) and reads accounts, balances and every transaction page', async () => {
    const bank = await startBank();
    const grant = await connect(bank, { validForDays: 90 });

    expect(grant.sourceConsentId).toMatch(/^aac-/);
    expect(grant.expiresAt).toBe(new Date(bank.clock.now().getTime() + 90 * day).toISOString());
    const consent = bank.server.consent(grant.sourceConsentId as string);
    expect(consent?.status).toBe('Authorised');
    expect(consent?.expirationDateTime).toBe(grant.expiresAt);
    expect(consent?.permissions).toEqual([
      'ReadAccountsDetail',
      'ReadBalances',
      'ReadTransactionsDetail',
      'ReadTransactionsCredits',
      'ReadTransactionsDebits',
    ]);
    expect(await bank.connector.consentStatus(grant, bank.context)).toBe('valid');

    const accounts = await bank.connector.listAccounts(grant, bank.context);
    // SDK → Open Banking JSON (server) → SDK (connector) loses nothing.
    expect(accounts).toEqual([currentAccount, cardAccount]);

    expect(await bank.connector.listBalances(grant, 'acc-current-1', bank.context)).toEqual([
      {
        sourceAccountId: 'acc-current-1',
        type: 'booked',
        amount: { minor: '123456', currency: 'GBP' },
        asOf: '2025-01-31T23:59:59.000Z',
      },
      {
        sourceAccountId: 'acc-current-1',
        type: 'available',
        amount: { minor: '173456', currency: 'GBP' },
        asOf: '2025-01-31T23:59:59.000Z',
        creditLimit: { minor: '50000', currency: 'GBP' },
      },
    ]);
    const [cardBalance] = await bank.connector.listBalances(grant, 'acc-card-1', bank.context);
    expect(cardBalance?.amount).toEqual({ minor: '-8715', currency: 'GBP' });

    const { transactions, pages } = await allTransactions(bank, grant, 'acc-current-1');
    expect(pages).toBe(6); // 53 transactions, 10 a page
    expect(bank.context.heartbeats).toHaveLength(6);
    expect(transactions.map((t) => t.sourceId)).toEqual(currentAccountTransactions().map((t) => t.sourceId));
    expect(transactions[0]).toEqual({
      sourceId: 'tx-0000',
      sourceAccountId: 'acc-current-1',
      amount: { minor: '115', currency: 'GBP' },
      direction: 'credit',
      status: 'booked',
      bookingDate: '2024-01-01',
      valueDate: '2024-01-01',
      counterparty: { name: 'ACME LTD', account: 'GB33BUKB20201555555555' },
      description: 'SALARY ACME LTD 0',
      sourceCode: 'BGC',
      balanceAfter: { minor: '10010', currency: 'GBP' },
    });
    expect(transactions[1]).toMatchObject({
      direction: 'debit',
      merchant: { name: 'TESCO STORES', mcc: '5411' },
      counterparty: { name: 'Tesco Stores Ltd' },
      balanceAfter: { minor: '-2005', currency: 'GBP' },
    });
    expect(transactions.at(-1)?.status).toBe('pending');

    const transactionRequests = bank.server.requests.filter(
      (r) => r.operationId === 'GetAccountsAccountIdTransactions',
    );
    expect(transactionRequests).toHaveLength(6);
    expect(bank.server.requests.filter((r) => r.operationId === 'oauth.authorize')).toHaveLength(1);
  });

  it('keeps money exact: amounts a float would round come through as exact minor units', async () => {
    const bank = await startBank();
    const grant = await connect(bank);
    const { transactions } = await allTransactions(bank, grant, 'acc-current-1');
    const expected = (decimal: string): string => decimal.replace('.', '').replace(/^0+(?=\d)/, '');
    transactions.forEach((transaction, index) => {
      expect(transaction.amount.minor).toBe(
        expected(awkwardAmounts[index % awkwardAmounts.length] as string),
      );
    });
    // The check means something: scaling these decimals with floats is wrong for some of them.
    expect(awkwardAmounts.some((a) => String(Number(a) * 100) !== expected(a))).toBe(true);
    const total = transactions.reduce((sum, t) => sum + BigInt(t.amount.minor), 0n);
    const exactTotal = currentAccountTransactions().reduce((sum, t) => sum + BigInt(t.amount.minor), 0n);
    expect(total).toBe(exactTotal);
  });

  it('asks for no history before the consent when includeHistory is false, and filters by fromDate', async () => {
    const bank = await startBank();
    const withoutHistory = await connect(bank, { includeHistory: false });
    const consent = bank.server.consent(withoutHistory.sourceConsentId as string);
    expect(consent?.transactionFromDateTime).toBe(bank.clock.now().toISOString());
    const none = await allTransactions(bank, withoutHistory, 'acc-current-1');
    expect(none.transactions).toEqual([]);

    const full = await connect(bank, { includeHistory: true });
    expect(bank.server.consent(full.sourceConsentId as string)?.transactionFromDateTime).toBeUndefined();
    const recent = await allTransactions(bank, full, 'acc-current-1', '2024-06-01');
    expect(recent.transactions.length).toBeGreaterThan(0);
    expect(recent.transactions.every((t) => t.bookingDate >= '2024-06-01')).toBe(true);
    expect(recent.transactions.length).toBe(
      currentAccountTransactions().filter((t) => t.bookingDate >= '2024-06-01').length,
    );
    const firstPage = bank.server.requests
      .filter((r) => r.operationId === 'GetAccountsAccountIdTransactions')
      .at(-recent.pages);
    expect(firstPage?.query).toBe('fromBookingDateTime=2024-06-01T00%3A00%3A00');
  });

  it('retries a 429 after the Retry-After the bank asked for, then succeeds', async () => {
    const bank = await startBank();
    const grant = await connect(bank);
    bank.server.injectFault({ status: 429, retryAfterSeconds: 1, path: '/accounts', count: 1 });
    const started = Date.now();
    const accounts = await bank.connector.listAccounts(grant, bank.context);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(accounts).toHaveLength(2);
    const calls = bank.server.requests.filter((r) => r.operationId === 'GetAccounts');
    expect(calls.map((r) => [r.status, r.faulted])).toEqual([
      [429, true],
      [200, false],
    ]);
  });

  it('leaves a Retry-After longer than it may wait to the platform: RATE_LIMITED with retryAfterMs, one call', async () => {
    const bank = await startBank();
    const grant = await connect(bank);
    bank.server.injectFault({ status: 429, retryAfterSeconds: 120, path: '/accounts', count: 5 });
    const error = await rejection(bank.connector.listAccounts(grant, bank.context));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(120_000);
    expect(bank.server.requests.filter((r) => r.operationId === 'GetAccounts')).toHaveLength(1);
  });

  it('gives up on a bank that keeps answering 503 after a bounded number of attempts: SOURCE_UNAVAILABLE', async () => {
    const bank = await startBank();
    const grant = await connect(bank);
    bank.server.injectFault({ status: 503, path: '/balances', count: 100 });
    const error = await rejection(bank.connector.listBalances(grant, 'acc-current-1', bank.context));
    expect(error.code).toBe('SOURCE_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(bank.server.requests.filter((r) => r.operationId === 'GetAccountsAccountIdBalances')).toHaveLength(
      fastRetry.maxAttempts,
    );
  });

  it('retries a 500 from the token endpoint, and stops waiting when the platform aborts', async () => {
    const bank = await startBank({}, { ...fastRetry, baseDelayMs: 2_000, maxDelayMs: 2_000 });
    bank.server.injectFault({ status: 500, path: '/as/token', count: 1 });
    const begun = bank.connector.beginConnection(
      {
        redirectUri,
        state: 's',
        validUntil: new Date(bank.clock.now().getTime() + day).toISOString(),
        includeHistory: true,
      },
      bank.context,
    );
    // The first token call fails; the connector now backs off ~1–2 s. Abort during the wait.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    bank.context.controller.abort();
    const error = await rejection(begun);
    expect(Date.now() - started).toBeLessThan(500);
    expect(error.message).toMatch(/aborted/);
    expect(bank.server.requests.filter((r) => r.operationId === 'oauth.token').map((r) => r.status)).toEqual([
      500,
    ]);

    const retried = await startBank();
    retried.server.injectFault({ status: 500, path: '/as/token', count: 1 });
    await connect(retried);
    expect(
      retried.server.requests.filter((r) => r.operationId === 'oauth.token').map((r) => r.status),
    ).toEqual([500, 200, 200]);
  });

  it('reports an expired consent as CONSENT_EXPIRED once ExpirationDateTime has passed', async () => {
    const bank = await startBank();
    const grant = await connect(bank, { validForDays: 90 });
    bank.clock.advance(89 * day);
    expect(await bank.connector.listAccounts(grant, bank.context)).toHaveLength(2); // refreshed token, still valid
    bank.clock.advance(2 * day);
    const error = await rejection(bank.connector.listAccounts(grant, bank.context));
    expect(error.code).toBe('CONSENT_EXPIRED');
    expect(error.retryable).toBe(false);
    expect(await bank.connector.consentStatus(grant, bank.context)).toBe('expired');
  });

  it('revokes (DELETE), succeeds again when already gone, and reports CONSENT_REVOKED afterwards', async () => {
    const bank = await startBank();
    const grant = await connect(bank);
    await bank.connector.revoke(grant, bank.context);
    expect(bank.server.consent(grant.sourceConsentId as string)?.deleted).toBe(true);
    await bank.connector.revoke(grant, bank.context);
    const error = await rejection(
      bank.connector.listTransactions(grant, 'acc-current-1', { cursor: null }, bank.context),
    );
    expect(error.code).toBe('CONSENT_REVOKED');
    expect(await bank.connector.consentStatus(grant, bank.context)).toBe('revoked');
    const refused = bank.server.requests.filter((r) => r.operationId === 'GetAccountsAccountIdTransactions');
    expect(refused.map((r) => r.status)).toEqual([403]);
  });

  it('reports a consent revoked at the bank, and one the customer declined, as CONSENT_REVOKED', async () => {
    const bank = await startBank();
    const grant = await connect(bank);
    bank.server.revokeAtAspsp(grant.sourceConsentId as string);
    expect((await rejection(bank.connector.listAccounts(grant, bank.context))).code).toBe('CONSENT_REVOKED');
    expect(await bank.connector.consentStatus(grant, bank.context)).toBe('revoked');

    bank.server.setAuthorisationOutcome('reject');
    const begun = await bank.connector.beginConnection(
      {
        redirectUri,
        state: 'st',
        validUntil: new Date(bank.clock.now().getTime() + day).toISOString(),
        includeHistory: true,
      },
      bank.context,
    );
    if (begun.kind !== 'redirect') throw new Error('expected a redirect');
    const callback = await authorise(begun.authorisationUrl);
    expect(callback).toEqual({ error: 'access_denied', state: 'st' });
    const declined = await rejection(
      bank.connector.completeConnection({ pending: begun.pending, callback, redirectUri }, bank.context),
    );
    expect(declined.code).toBe('CONSENT_REVOKED');
  });

  it('derives stable, distinct ids when the bank sends no TransactionId', async () => {
    const bank = await startBank({ omitTransactionIds: true });
    const grant = await connect(bank);
    const once = await allTransactions(bank, grant, 'acc-current-1');
    const twice = await allTransactions(bank, grant, 'acc-current-1');
    const ids = once.transactions.map((t) => t.sourceId);
    expect(ids.every((id) => id.startsWith('d-'))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(twice.transactions.map((t) => t.sourceId)).toEqual(ids);

    // A later sync sees the new transaction and the old ones under the same ids.
    const [newest] = currentAccountTransactions(1).map((t) => ({
      ...t,
      sourceId: 'new',
      bookingDate: '2025-01-31',
      description: 'NEW',
    }));
    bank.server.addTransactions([newest as SourceTransaction]);
    const later = await allTransactions(bank, grant, 'acc-current-1');
    expect(later.transactions.map((t) => t.sourceId).slice(0, -1)).toEqual(ids);
    expect(later.transactions.at(-1)?.description).toBe('NEW');
  });

  it('refuses a cursor that points anywhere but this account’s transactions at this bank', async () => {
    const bank = await startBank();
    const grant = await connect(bank);
    const page = await bank.connector.listTransactions(
      grant,
      'acc-current-1',
      { cursor: null },
      bank.context,
    );
    const forged = (page.nextCursor as string).replace('127.0.0.1', 'evil.example');
    for (const cursor of [forged, (page.nextCursor as string).replace('acc-current-1', 'acc-card-1')]) {
      const error = await rejection(
        bank.connector.listTransactions(grant, 'acc-current-1', { cursor }, bank.context),
      );
      expect(error.code).toBe('INVALID_REQUEST');
    }
  });

  it('turns a response that breaks the spec into BAD_SOURCE_DATA, and refuses sub-penny amounts instead of rounding', async () => {
    const bank = await startBank();
    const grant = await connect(bank);
    // A bank that does not validate its own output: rewrite the real response on its way in.
    const tamper = (edit: (transaction: Record<string, unknown>) => void): typeof fetch =>
      (async (input: string | URL | Request, init?: RequestInit) => {
        const response = await fetch(input, init);
        if (!String(input).includes('/transactions')) return response;
        const body = (await response.json()) as { Data: { Transaction: Record<string, unknown>[] } };
        edit(body.Data.Transaction[0] as Record<string, unknown>);
        return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
      }) as typeof fetch;
    const cases: [string, (t: Record<string, unknown>) => void, RegExp][] = [
      ['indicator', (t) => (t.CreditDebitIndicator = 'Sideways'), /CreditDebitIndicator/],
      [
        'negative amount',
        (t) => (t.Amount = { Amount: '-1.00', Currency: 'GBP' }),
        /not an unsigned decimal/,
      ],
      ['date without zone', (t) => (t.BookingDateTime = '2024-01-01T00:00:00'), /BookingDateTime/],
      ['sub-penny', (t) => (t.Amount = { Amount: '1.005', Currency: 'GBP' }), /3 decimals; GBP has 2/],
    ];
    for (const [, edit, message] of cases) {
      const context = testContext(bank.clock, tamper(edit));
      const error = await rejection(
        bank.connector.listTransactions(grant, 'acc-current-1', { cursor: null }, context),
      );
      expect(error.code).toBe('BAD_SOURCE_DATA');
      expect(error.message).toMatch(message);
    }
    // Trailing zeros past the currency's decimals are the same amount, not an error.
    const zeros = testContext(
      bank.clock,
      tamper((t) => (t.Amount = { Amount: '12.30000', Currency: 'GBP' })),
    );
    const page = await bank.connector.listTransactions(grant, 'acc-current-1', { cursor: null }, zeros);
    expect(page.transactions[0]?.amount).toEqual({ minor: '1230', currency: 'GBP' });
  });

  it('saves refreshed tokens through saveGrant before using them; with rotation only the saved grant keeps working', async () => {
    const bank = await startBank({ rotateRefreshTokens: true, accessTokenSeconds: 60 });
    const grant = await connect(bank);
    const credentials = (value: ConnectionGrant) =>
      value.credentials as { accessToken: string; refreshToken: string; accessTokenExpiresAt: number };
    bank.clock.advance(2 * 60_000); // the access token has expired
    const context = testContext(bank.clock);
    const before = bank.server.requests.length;
    // What the bank had seen when the grant was saved: the refresh, and no data request with the new token yet.
    const seenAtSave: (string | undefined)[] = [];
    const saving: typeof context = Object.assign(context, {
      saveGrant: async (next: ConnectionGrant) => {
        seenAtSave.push(...bank.server.requests.slice(before).map((r) => r.operationId));
        context.savedGrants.push(structuredClone(next));
      },
    });
    expect(await bank.connector.listAccounts(grant, saving)).toHaveLength(2);
    expect(seenAtSave).toEqual(['oauth.token']);
    expect(bank.server.requests.slice(before).map((r) => r.operationId)).toEqual([
      'oauth.token',
      'GetAccounts',
    ]);
    const [saved] = context.savedGrants;
    expect(context.savedGrants).toHaveLength(1);
    expect(saved!.sourceConsentId).toBe(grant.sourceConsentId);
    expect(saved!.expiresAt).toBe(grant.expiresAt);
    expect(credentials(saved!).refreshToken).not.toBe(credentials(grant).refreshToken);
    expect(credentials(saved!).accessToken).not.toBe(credentials(grant).accessToken);
    expect(credentials(saved!).accessTokenExpiresAt).toBe(bank.clock.now().getTime() + 60_000);

    // The saved access token serves the next call: no second refresh.
    const reuse = bank.server.requests.length;
    await bank.connector.listAccounts(saved!, testContext(bank.clock));
    expect(bank.server.requests.slice(reuse).map((r) => r.operationId)).toEqual(['GetAccounts']);

    // Once it expires, the old grant's refresh token is spent at the bank; the saved one still works.
    bank.clock.advance(2 * 60_000);
    const stale = await rejection(bank.connector.listAccounts(grant, testContext(bank.clock)));
    expect(stale.code).toBe('CONSENT_REVOKED');
    const next = testContext(bank.clock);
    expect(await bank.connector.listAccounts(saved!, next)).toHaveLength(2);
    expect(next.savedGrants).toHaveLength(1);
    expect(credentials(next.savedGrants[0]!).refreshToken).not.toBe(credentials(saved!).refreshToken);
  });

  it('stops without touching account data when the platform refuses the refreshed grant (connection ended)', async () => {
    const bank = await startBank({ rotateRefreshTokens: true, accessTokenSeconds: 60 });
    const grant = await connect(bank);
    bank.clock.advance(2 * 60_000);
    const context = testContext(bank.clock);
    context.refuseSaves = true;
    const before = bank.server.requests.length;
    const error = await rejection(
      bank.connector.listTransactions(grant, 'acc-current-1', { cursor: null }, context),
    );
    expect(error.code).toBe('CONSENT_REVOKED');
    expect(context.signal.aborted).toBe(true);
    expect(bank.server.requests.slice(before).map((r) => r.operationId)).toEqual(['oauth.token']);
  });

  it('sends x-fapi-customer-ip-address on every AIS request while the customer is present, and never without them', async () => {
    const bank = await startBank();
    const present = testContext(bank.clock, globalThis.fetch, { present: true, ipAddress: '2001:db8::17' });
    const grant = await connect({ ...bank, context: present });
    await bank.connector.listAccounts(grant, present);
    const attended = bank.server.requests.filter((r) => r.path.startsWith('/open-banking/'));
    expect(attended.map((r) => r.operationId)).toEqual(['CreateAccountAccessConsents', 'GetAccounts']);
    expect(attended.map((r) => r.customerIpAddress)).toEqual(['2001:db8::17', '2001:db8::17']);
    // Token requests are the TPP's with the bank's authorisation server: no AIS header there.
    const tokens = bank.server.requests.filter((r) => r.operationId === 'oauth.token');
    expect(tokens.every((r) => r.customerIpAddress === undefined)).toBe(true);

    const before = bank.server.requests.length;
    await bank.connector.listAccounts(grant, testContext(bank.clock));
    await bank.connector.listBalances(grant, 'acc-current-1', testContext(bank.clock));
    const unattended = bank.server.requests.slice(before);
    expect(unattended.map((r) => r.operationId)).toEqual(['GetAccounts', 'GetAccountsAccountIdBalances']);
    expect(unattended.every((r) => !('customerIpAddress' in r))).toBe(true);
  });

  it('uses only the fetch the platform gives it', async () => {
    const bank = await startBank();
    let calls = 0;
    const counted = testContext(bank.clock, ((input: string | URL | Request, init?: RequestInit) => {
      calls += 1;
      return fetch(input, init);
    }) as typeof fetch);
    const grant = await connect({ ...bank, context: counted });
    await bank.connector.listAccounts(grant, counted);
    const viaServer = bank.server.requests.filter((r) => r.operationId !== 'oauth.authorize').length;
    expect(calls).toBe(viaServer);
  });
});

describe('Open Banking UK connector settings', () => {
  it('names every invalid setting', () => {
    let error: unknown;
    try {
      createOpenBankingUkConnector({
        apiBaseUrl: 'http://bank.example/open-banking/v3.1/aisp',
        authorizationEndpoint: 'not a url',
        clientId: '',
        retry: { maxAttempts: 50 },
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OpenBankingUkSettingsError);
    expect((error as OpenBankingUkSettingsError).problems).toEqual([
      'apiBaseUrl must use https (http is accepted for 127.0.0.1/localhost only), got "http://bank.example/open-banking/v3.1/aisp"',
      'authorizationEndpoint "not a url" is not an absolute URL',
      'tokenEndpoint is required (an absolute https URL)',
      'clientId is required (a non-empty string)',
      'clientSecret is required (a non-empty string)',
      'retry.maxAttempts must be an integer from 1 to 10, got 50',
    ]);
    expect(() =>
      createOpenBankingUkConnector({
        apiBaseUrl: 'https://bank.example/open-banking/v3.1/aisp/',
        authorizationEndpoint: 'https://bank.example/authorize',
        tokenEndpoint: 'https://bank.example/token',
        clientId: 'id',
        clientSecret: 'secret',
      }),
    ).not.toThrow();
  });

  it('authenticates with a client secret that has colons, percent signs and spaces', async () => {
    const bank = await startBank({ clientSecret: 'p@ss:w%rd with space' });
    const grant = await connect(bank);
    expect(await bank.connector.listAccounts(grant, bank.context)).toHaveLength(2);
  });

  it('sends x-fapi-financial-id only when configured', async () => {
    const bank = await startBank();
    const seen: (string | null)[] = [];
    const spy = ((input: string | URL | Request, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get('x-fapi-financial-id'));
      return fetch(input, init);
    }) as typeof fetch;
    const connector = createOpenBankingUkConnector({
      apiBaseUrl: bank.server.apiBaseUrl,
      authorizationEndpoint: bank.server.authorizationEndpoint,
      tokenEndpoint: bank.server.tokenEndpoint,
      clientId: bank.server.clientId,
      clientSecret: bank.server.clientSecret,
      financialId: '0015800001041RHAAY',
    });
    await connector.beginConnection(
      {
        redirectUri,
        state: 's',
        validUntil: new Date(bank.clock.now().getTime() + day).toISOString(),
        includeHistory: false,
      },
      testContext(bank.clock, spy),
    );
    expect(seen).toEqual([null, '0015800001041RHAAY']); // token endpoint, then the consent
    expect(currentAccount.sourceId).toBe('acc-current-1');
  });
});
