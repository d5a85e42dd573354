/**
 * A small fake bank API over the fixture customers, for connectors' tests (the scaffolded connector talks
 * to it). JSON over HTTP, any host (the harness's fetch decides which hosts the plugin may reach):
 *
 * | request                                          | answer                                                        |
 * | ------------------------------------------------ | ------------------------------------------------------------- |
 * | `POST /consents`                                 | 201 `{consentId, status: "valid", validUntil}`                |
 * | `GET /consents/{id}`                             | `{status}`: `valid`, or `revoked` after a `DELETE`            |
 * | `DELETE /consents/{id}`                          | 204 (also when already revoked)                               |
 * | `GET /accounts`                                  | `{accounts: [{id, kind, currency, displayName, iban?}]}`      |
 * | `GET /accounts/{id}/balances`                    | `{balances: [{kind, amount, currency, at, limit?}]}`          |
 * | `GET /accounts/{id}/transactions?cursor=&limit=` | `{transactions: [{id, amount, currency, booked, text, ...}], next}` |
 *
 * Every request needs `x-api-key` (the bank's key, default `fixture-api-key`), the account requests also
 * `x-consent-id` of a valid consent. Amounts are signed decimal strings in major units (`"-82.40"`), as
 * many real APIs send them: the connector converts them to minor units.
 */
import { moneyToDecimal } from '../money';
import type { FixtureCustomer } from './fixtures';
import { fixtures } from './fixtures';
import type { SourceFixture } from './fetch';

export interface FixtureBankOptions {
  /** Whose accounts the bank serves (default the first fixture customer, Ana). */
  readonly customer?: FixtureCustomer;
  /** The API key the bank expects in `x-api-key` (default `fixture-api-key`). */
  readonly apiKey?: string;
  /** Transactions per page when the request gives no `limit` (default 10). */
  readonly pageSize?: number;
}

/** A fake bank: a `SourceFixture` to give the harness as `fetch`. */
export function fixtureBank(options: FixtureBankOptions = {}): SourceFixture {
  const customer = options.customer ?? fixtures.customers[0]!;
  const apiKey = options.apiKey ?? 'fixture-api-key';
  const pageSize = options.pageSize ?? 10;
  const consents = new Map<string, 'valid' | 'revoked'>();
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  return (request) => {
    const url = new URL(request.url);
    const path = url.pathname.split('/').filter(Boolean);
    if (request.headers.get('x-api-key') !== apiKey)
      return json(401, { error: 'unknown or missing x-api-key' });

    if (path[0] === 'consents') {
      if (request.method === 'POST' && path.length === 1) {
        const consentId = `consent-${consents.size + 1}`;
        consents.set(consentId, 'valid');
        return json(201, { consentId, status: 'valid', validUntil: '2027-04-30T00:00:00Z' });
      }
      const status = consents.get(path[1] ?? '');
      if (!status) return json(404, { error: 'no such consent' });
      if (request.method === 'GET') return json(200, { status });
      if (request.method === 'DELETE') {
        consents.set(path[1]!, 'revoked');
        return new Response(null, { status: 204 });
      }
      return json(405, { error: 'method not allowed' });
    }

    if (path[0] !== 'accounts' || request.method !== 'GET') return json(404, { error: 'no such resource' });
    if (consents.get(request.headers.get('x-consent-id') ?? '') !== 'valid') {
      return json(403, { error: 'consent missing, unknown or revoked' });
    }
    if (path.length === 1) {
      return json(200, {
        accounts: customer.accounts.map((account) => ({
          id: account.sourceId,
          kind: account.type,
          currency: account.currency,
          displayName: account.name,
          iban: account.identifiers.find((identifier) => identifier.scheme === 'IBAN')?.value,
        })),
      });
    }
    const accountId = path[1]!;
    if (!customer.accounts.some((account) => account.sourceId === accountId)) {
      return json(404, { error: 'no such account' });
    }
    if (path[2] === 'balances') {
      return json(200, {
        balances: customer.balances
          .filter((balance) => balance.sourceAccountId === accountId)
          .map((balance) => ({
            kind: balance.type,
            amount: moneyToDecimal(balance.amount),
            currency: balance.amount.currency,
            at: balance.asOf,
            ...(balance.creditLimit ? { limit: moneyToDecimal(balance.creditLimit) } : {}),
          })),
      });
    }
    if (path[2] === 'transactions') {
      const all = customer.transactions.filter((transaction) => transaction.sourceAccountId === accountId);
      const start = Number(url.searchParams.get('cursor') ?? '0');
      const limit = Number(url.searchParams.get('limit') ?? pageSize);
      if (!Number.isInteger(start) || start < 0 || !Number.isInteger(limit) || limit < 1) {
        return json(400, { error: 'cursor and limit must be non-negative integers' });
      }
      const page = all.slice(start, start + limit);
      return json(200, {
        transactions: page.map((transaction) => ({
          id: transaction.sourceId,
          amount: `${transaction.direction === 'debit' ? '-' : ''}${moneyToDecimal(transaction.amount)}`,
          currency: transaction.amount.currency,
          booked: transaction.bookingDate,
          text: transaction.description,
          ...(transaction.merchant ? { merchant: transaction.merchant } : {}),
          ...(transaction.counterparty?.name ? { counterparty: transaction.counterparty.name } : {}),
        })),
        next: start + limit < all.length ? String(start + limit) : null,
      });
    }
    return json(404, { error: 'no such resource' });
  };
}
