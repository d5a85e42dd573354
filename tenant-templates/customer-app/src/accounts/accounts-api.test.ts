import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client.ts';
import { completeConnection, fetchTransactions, transactionPageSize } from './accounts-api.ts';

// A small real GraphQL-over-HTTP server on loopback that records what the app sends.
let server: Server;
let api: ApiClient;
let received: {
  headers: Record<string, unknown>;
  body: { query: string; variables: Record<string, unknown> };
}[] = [];
let answer: unknown;

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(text) as never });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'demo-bank');
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('accounts API calls', () => {
  it('asks for a page of transactions with the filter and cursor, and reads the page', async () => {
    received = [];
    const node = {
      id: 't1',
      accountId: 'a1',
      amount: { minor: '1250', currency: 'EUR' },
      direction: 'DEBIT',
      status: 'BOOKED',
      bookingDate: '2026-11-20',
      counterparty: { name: 'Shop', account: null },
      description: 'Card payment',
      merchantName: null,
    };
    answer = {
      data: { transactions: { pageInfo: { hasNextPage: true, endCursor: 'c2' }, edges: [{ node }] } },
    };
    const page = await fetchTransactions(api, 'token-1', { direction: 'DEBIT', minAmountMinor: '100' }, 'c1');
    expect(page).toEqual({ transactions: [node], hasNextPage: true, endCursor: 'c2' });
    expect(received[0]!.headers.authorization).toBe('Bearer token-1');
    expect(received[0]!.headers['x-tenant']).toBe('demo-bank');
    expect(received[0]!.body.variables).toEqual({
      filter: { direction: 'DEBIT', minAmountMinor: '100' },
      first: transactionPageSize,
      after: 'c1',
    });
  });

  it('completes a connection with every parameter of the redirect back', async () => {
    received = [];
    answer = { data: { completeConnection: { id: 'c', status: 'ACTIVE', errorCode: null } } };
    const result = await completeConnection(api, 'token-1', new URLSearchParams('code=abc&state=s1&extra=1'));
    expect(result.status).toBe('ACTIVE');
    expect(received[0]!.body.variables).toEqual({
      input: {
        state: 's1',
        callback: [
          { name: 'code', value: 'abc' },
          { name: 'state', value: 's1' },
          { name: 'extra', value: '1' },
        ],
      },
    });
  });
});
