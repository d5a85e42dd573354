import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackApi, startLoopbackApi } from '../api/loopback-api.ts';
import {
  categoriseTransaction,
  completeConnection,
  fetchTransactions,
  transactionPageSize,
} from './accounts-api.ts';

let loopback: LoopbackApi;
beforeAll(async () => {
  loopback = await startLoopbackApi('demo-bank');
});
afterAll(() => loopback.close());

describe('accounts API calls', () => {
  it('asks for a page of transactions with the filter and cursor, and reads the page', async () => {
    loopback.received.length = 0;
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
      category: 'shopping',
      categorySource: 'MODEL',
    };
    loopback.answer = {
      data: { transactions: { pageInfo: { hasNextPage: true, endCursor: 'c2' }, edges: [{ node }] } },
    };
    const page = await fetchTransactions(
      loopback.api,
      'token-1',
      { direction: 'DEBIT', minAmountMinor: '100' },
      'c1',
    );
    expect(page).toEqual({ transactions: [node], hasNextPage: true, endCursor: 'c2' });
    expect(loopback.received[0]!.headers.authorization).toBe('Bearer token-1');
    expect(loopback.received[0]!.headers['x-tenant']).toBe('demo-bank');
    expect(loopback.received[0]!.body.variables).toEqual({
      filter: { direction: 'DEBIT', minAmountMinor: '100' },
      first: transactionPageSize,
      after: 'c1',
    });
  });

  it('completes a connection with every parameter of the redirect back', async () => {
    loopback.received.length = 0;
    loopback.answer = { data: { completeConnection: { id: 'c', status: 'ACTIVE', errorCode: null } } };
    const result = await completeConnection(
      loopback.api,
      'token-1',
      new URLSearchParams('code=abc&state=s1&extra=1'),
    );
    expect(result.status).toBe('ACTIVE');
    expect(loopback.received[0]!.body.variables).toEqual({
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

  it("sets a transaction's category with its id and the category id, and reads back the new one", async () => {
    loopback.received.length = 0;
    loopback.answer = {
      data: { categoriseTransaction: { category: 'groceries', categorySource: 'CUSTOMER' } },
    };
    const result = await categoriseTransaction(loopback.api, 'token-1', 't1', 'groceries');
    expect(result).toEqual({ category: 'groceries', categorySource: 'CUSTOMER' });
    expect(loopback.received[0]!.body.query).toMatch(
      /categoriseTransaction\(transactionId: \$transactionId, category: \$category\)/,
    );
    expect(loopback.received[0]!.body.variables).toEqual({ transactionId: 't1', category: 'groceries' });
  });
});
