import { moneyFromDecimal } from '@finpersona/plugin-sdk';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { accountInfoSpecSource } from '../spec/spec-source';
import { closeAll, connect, startBank, type Bank } from '../testing/harness';
import { currentAccount } from '../testing/sample-bank';

afterAll(closeAll);

/** A client-credentials token, fetched the way a TPP would. */
async function clientToken(bank: Bank): Promise<string> {
  const response = await fetch(bank.server.tokenEndpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${bank.server.clientId}:${bank.server.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=accounts',
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const validConsent = {
  Data: {
    Permissions: ['ReadAccountsDetail', 'ReadBalances'],
    ExpirationDateTime: '2030-01-01T00:00:00+00:00',
  },
  Risk: {},
};

describe('local ASPSP: requests are checked against the OpenAPI document', () => {
  it('serves the pinned v3.1 document', async () => {
    const bank = await startBank();
    expect(bank.server.specVersion).toBe(accountInfoSpecSource.specVersion);
    expect(bank.server.specVersion).toMatch(/^3\.1\.\d+$/);
  });

  it('answers a request that breaks the spec with 400 and an OBErrorResponse1, and records it', async () => {
    const bank = await startBank();
    const token = await clientToken(bank);
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${bank.server.apiBaseUrl}/account-access-consents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });

    const badPermission = await post({ Data: { Permissions: ['ReadEverything'] }, Risk: {} });
    expect(badPermission.status).toBe(400);
    expect(badPermission.headers.get('x-fapi-interaction-id')).toBeTruthy();
    const error = (await badPermission.json()) as {
      Code: string;
      Errors: { ErrorCode: string; Path: string }[];
    };
    expect(error.Code).toBe('400 BadRequest');
    expect(error.Errors[0]).toMatchObject({
      ErrorCode: 'UK.OBIE.Field.Invalid',
      Path: 'body /Data/Permissions/0',
    });

    const noRisk = await post({ Data: { Permissions: ['ReadBalances'] } });
    expect(noRisk.status).toBe(400);

    const wrongType = await post(validConsent, { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);

    const interactionId = '93bac548-d2de-4546-b106-880a5018460d';
    const fine = await post(validConsent, { 'x-fapi-interaction-id': interactionId });
    expect(fine.status).toBe(201);
    expect(fine.headers.get('x-fapi-interaction-id')).toBe(interactionId);

    const missingAuth = await fetch(`${bank.server.apiBaseUrl}/accounts`);
    expect(missingAuth.status).toBe(400);
    expect(((await missingAuth.json()) as { Errors: { ErrorCode: string }[] }).Errors[0]?.ErrorCode).toBe(
      'UK.OBIE.Header.Missing',
    );

    const zoned = await fetch(
      `${bank.server.apiBaseUrl}/accounts/acc-current-1/transactions?fromBookingDateTime=2024-01-01T00:00:00Z`,
      {
        headers: { authorization: 'Bearer whatever' },
      },
    );
    expect(zoned.status).toBe(400);

    const badInteractionId = await fetch(`${bank.server.apiBaseUrl}/accounts`, {
      headers: { authorization: 'Bearer x', 'x-fapi-interaction-id': 'not-a-uuid' },
    });
    expect(badInteractionId.status).toBe(400);

    const unknownPath = await fetch(`${bank.server.apiBaseUrl}/card-accounts`, {
      headers: { authorization: 'Bearer x' },
    });
    expect(unknownPath.status).toBe(404);

    const invalid = bank.server.invalidRequests();
    expect(invalid.map((r) => [r.status, r.violations[0]?.at])).toEqual([
      [400, 'body /Data/Permissions/0'],
      [400, 'body'],
      [415, 'header Content-Type'],
      [400, 'header Authorization'],
      [400, 'query fromBookingDateTime'],
      [400, 'header x-fapi-interaction-id'],
      [404, 'path'],
    ]);
    expect(bank.server.responseViolations).toEqual([]);
    expect(() => bank.server.assertSpecClean()).toThrow(
      /request POST \/open-banking\/v3.1\/aisp\/account-access-consents/,
    );
  });

  it('applies the profile’s consent rules the schema cannot express', async () => {
    const bank = await startBank();
    const token = await clientToken(bank);
    const response = await fetch(`${bank.server.apiBaseUrl}/account-access-consents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ Data: { Permissions: ['ReadTransactionsDetail'] }, Risk: {} }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { Errors: { Path: string }[] }).Errors[0]?.Path).toBe(
      'Data.Permissions',
    );
    expect(bank.server.invalidRequests()).toEqual([]); // spec-valid, refused by the profile's rule
  });
});

describe('local ASPSP: its own responses are checked too', () => {
  it('catches a fixture that produces a spec-invalid transaction: 500, recorded, assertSpecClean throws', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const bank = await startBank({
        accounts: [currentAccount],
        transactions: [
          {
            sourceId: 'tx-bad',
            sourceAccountId: currentAccount.sourceId,
            amount: moneyFromDecimal('10.00', 'GBP'),
            direction: 'debit',
            status: 'booked',
            bookingDate: '2025-01-02',
            merchant: { name: 'Shop', mcc: '54110' }, // MerchantCategoryCode: at most 4 characters
          },
        ],
      });
      const grant = await connect(bank);
      const error = await bank.connector
        .listTransactions(grant, currentAccount.sourceId, { cursor: null }, bank.context)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
      expect(bank.server.responseViolations[0]).toMatchObject({
        operationId: 'GetAccountsAccountIdTransactions',
        status: 200,
        violations: [
          {
            at: 'body /Data/Transaction/0/MerchantDetails/MerchantCategoryCode',
            message: 'must NOT have more than 4 characters',
          },
        ],
      });
      expect(
        bank.server.requests
          .filter((r) => r.operationId === 'GetAccountsAccountIdTransactions')
          .every((r) => r.status === 200),
      ).toBe(true);
      expect(() => bank.server.assertSpecClean()).toThrow(/response 200 to GetAccountsAccountIdTransactions/);
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it('catches a deliberately broken payload (transformResponse) on any operation', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const bank = await startBank({
        transformResponse: (operationId, body) =>
          operationId === 'GetAccounts' ? { ...body, Links: {} } : body,
      });
      const grant = await connect(bank);
      const token = grant.credentials.accessToken as string;
      const response = await fetch(`${bank.server.apiBaseUrl}/accounts`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(500);
      expect(((await response.json()) as { Message: string }).Message).toMatch(
        /Local ASPSP bug.*Links must have required property 'Self'/,
      );
      expect(bank.server.responseViolations).toHaveLength(1);
    } finally {
      logged.mockRestore();
    }
  });
});

describe('local ASPSP: consent lifecycle and faults as the profile describes them', () => {
  it('answers 401 without a body once the consent expired, 403 with InvalidConsentStatus once it is deleted', async () => {
    // Tokens outlive the consent here, so the 401 can only come from the consent's expiry.
    const bank = await startBank({ accessTokenSeconds: 10 * 86_400 });
    const accounts = (token: string) =>
      fetch(`${bank.server.apiBaseUrl}/accounts`, { headers: { authorization: `Bearer ${token}` } });
    const expiring = await connect(bank, { validForDays: 1 });
    expect((await accounts(expiring.credentials.accessToken as string)).status).toBe(200);
    bank.clock.advance(2 * 86_400_000);
    const afterExpiry = await accounts(expiring.credentials.accessToken as string);
    expect(afterExpiry.status).toBe(401);
    expect(await afterExpiry.text()).toBe('');
    expect(bank.server.consent(expiring.sourceConsentId as string)?.status).toBe('Authorised'); // v3.1 has no Expired status

    const live = await connect(bank);
    const token = live.credentials.accessToken as string;
    expect((await accounts(token)).status).toBe(200);
    const client = await clientToken(bank);
    const deleted = await fetch(
      `${bank.server.apiBaseUrl}/account-access-consents/${live.sourceConsentId as string}`,
      {
        method: 'DELETE',
        headers: { authorization: `Bearer ${client}` },
      },
    );
    expect(deleted.status).toBe(204);
    const refused = await accounts(token);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { Errors: { ErrorCode: string }[] }).Errors[0]?.ErrorCode).toBe(
      'UK.OBIE.Resource.InvalidConsentStatus',
    );
    const gone = await fetch(
      `${bank.server.apiBaseUrl}/account-access-consents/${live.sourceConsentId as string}`,
      {
        headers: { authorization: `Bearer ${client}` },
      },
    );
    expect(gone.status).toBe(400);
    expect(bank.server.invalidRequests()).toEqual([]);
  });

  it('injects faults for the next N matching requests only', async () => {
    const bank = await startBank();
    const grant = await connect(bank);
    const token = grant.credentials.accessToken as string;
    bank.server.injectFault({ status: 503, path: /\/balances$/, count: 2 });
    const get = (path: string) =>
      fetch(`${bank.server.apiBaseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get('/accounts')).status).toBe(200);
    const first = await get('/accounts/acc-current-1/balances');
    expect(first.status).toBe(503);
    expect(((await first.json()) as { Code: string }).Code).toBe('503 ServiceUnavailable');
    expect((await get('/accounts/acc-current-1/balances')).status).toBe(503);
    expect((await get('/accounts/acc-current-1/balances')).status).toBe(200);
    expect(bank.server.responseViolations).toEqual([]);
  });
});
