import { randomUUID } from 'node:crypto';
import { createBerlinGroupConnector } from '../index';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Clock, contextFor, fixtureBank } from '../test-support';
import {
  loadNextGenPsd2Validator,
  nextGenPsd2SpecSource,
  startLocalXs2a,
  type LocalXs2a,
  type OpenApiValidator,
} from './index';

let validator: OpenApiValidator;
let server: LocalXs2a | undefined;

beforeAll(async () => {
  validator = await loadNextGenPsd2Validator();
});

afterEach(async () => {
  const running = server;
  server = undefined;
  await running?.close();
});

const consentBody = {
  access: { accounts: [], balances: [], transactions: [] },
  recurringIndicator: true,
  validUntil: '2026-12-01',
  frequencyPerDay: 4,
  combinedServiceIndicator: false,
};

describe('local XS2A ASPSP', () => {
  it('answers a request that breaks the specification with 400 FORMAT_ERROR and records it', async () => {
    const clock = new Clock();
    server = await startLocalXs2a({ accounts: fixtureBank(), now: clock.now, validator });
    // No PSU-IP-Address (mandatory on consent creation) and an X-Request-ID that is not a UUID.
    const response = await fetch(`${server.url}/v1/consents`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Request-ID': 'not-a-uuid',
        'TPP-Redirect-URI': 'https://tpp.example/cb',
      },
      body: JSON.stringify(consentBody),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      tppMessages: { category: string; code: string; text: string }[];
    };
    expect(body.tppMessages[0]?.code).toBe('FORMAT_ERROR');
    expect(body.tppMessages[0]?.text).toContain('PSU-IP-Address is required');
    expect(body.tppMessages[0]?.text).toContain('X-Request-ID');
    const invalid = server.invalidRequests();
    expect(invalid).toHaveLength(1);
    expect(invalid[0]?.operationId).toBe('createConsent');

    // The same request done right creates the consent, and is not counted as invalid.
    const valid = await fetch(`${server.url}/v1/consents`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Request-ID': randomUUID(),
        'PSU-IP-Address': '192.0.2.1',
        'TPP-Redirect-URI': 'https://tpp.example/cb',
      },
      body: JSON.stringify(consentBody),
    });
    expect(valid.status).toBe(201);
    expect(server.invalidRequests()).toHaveLength(1);
  });

  it('rejects query parameters the operation does not define and a body with a wrong type', async () => {
    server = await startLocalXs2a({ accounts: fixtureBank(), validator });
    const headers = { 'X-Request-ID': randomUUID(), 'Consent-ID': 'c-1' };
    const misspelt = await fetch(
      `${server.url}/v1/accounts/acc-current-1/transactions?bookingStatus=booked&datefrom=2026-01-01`,
      { headers },
    );
    expect(misspelt.status).toBe(400);
    const wrongType = await fetch(`${server.url}/v1/consents`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Request-ID': randomUUID(),
        'PSU-IP-Address': '192.0.2.1',
      },
      body: JSON.stringify({ ...consentBody, frequencyPerDay: 'four' }),
    });
    expect(wrongType.status).toBe(400);
    expect(server.invalidRequests().map((entry) => entry.specViolations.join(' '))).toEqual([
      expect.stringContaining('query parameter datefrom is not defined'),
      expect.stringContaining('request body /frequencyPerDay'),
    ]);
  });

  it('answers a consent request without a body with 400 FORMAT_ERROR, not a crash', async () => {
    server = await startLocalXs2a({ accounts: fixtureBank(), validator });
    const response = await fetch(`${server.url}/v1/consents`, {
      method: 'POST',
      headers: {
        'X-Request-ID': randomUUID(),
        'PSU-IP-Address': '192.0.2.1',
        'TPP-Redirect-URI': 'https://tpp.example/cb',
      },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { tppMessages: { code: string }[] }).tppMessages[0]?.code).toBe(
      'FORMAT_ERROR',
    );
  });

  it('catches a fixture that makes it serve a response breaking the specification, and fails loudly', async () => {
    const clock = new Clock();
    const [current, ...rest] = fixtureBank();
    // accountDetails.name has maxLength 70 in the specification.
    const broken = { ...current!, account: { ...current!.account, name: 'N'.repeat(71) } };
    server = await startLocalXs2a({ accounts: [broken, ...rest], now: clock.now, validator });
    const connector = createBerlinGroupConnector(
      { baseUrl: server.url, tppIpAddress: '192.0.2.10', retry: { maxAttempts: 1 } },
      { sleep: async () => {} },
    );
    const context = () => contextFor(clock, server!.url);
    const begun = await connector.beginConnection(
      {
        redirectUri: 'https://app.example/cb',
        state: 's',
        validUntil: '2026-10-01T00:00:00Z',
        includeHistory: false,
      },
      context(),
    );
    if (begun.kind !== 'redirect') throw new Error('expected a redirect');
    await fetch(begun.authorisationUrl, { redirect: 'manual' });
    const grant = await connector.completeConnection(
      { pending: begun.pending, callback: { state: 's' }, redirectUri: 'x' },
      context(),
    );

    // The broken answer never leaves the server: the client sees a bare 500.
    await expect(connector.listAccounts(grant, context())).rejects.toMatchObject({
      code: 'SOURCE_UNAVAILABLE',
    });
    const violations = server.takeResponseViolations();
    expect(violations).toHaveLength(1);
    expect(violations[0]?.request).toBe('GET /v1/accounts');
    expect(violations[0]?.errors.join(' ')).toContain('/accounts/0/name');

    // Untaken violations make close() fail, so no test can pass over a server bug unnoticed.
    await expect(connector.listAccounts(grant, context())).rejects.toMatchObject({
      code: 'SOURCE_UNAVAILABLE',
    });
    const closing = server;
    server = undefined;
    await expect(closing.close()).rejects.toThrow('break the NextGenPSD2 specification');
  });

  it('serves the specification file pinned by checksum', () => {
    expect(nextGenPsd2SpecSource.entry).toBe('static/psd2-api_v1.3.11-2021-10-01v1.yaml');
    expect(validator.match('GET', '/v1/accounts/abc/transactions')?.operation.operationId).toBe(
      'getTransactionList',
    );
    expect(validator.match('GET', '/v1/consents/abc/status')?.operation.operationId).toBe('getConsentStatus');
  });
});
