/**
 * The sandbox bank as a `DataConnector`: no customer step (the grant is ready at once), accounts,
 * balances and transactions of one generated customer, paged by an opaque cursor. Optional fault
 * injection and per-page latency let sync tests exercise retries, heartbeats and cancellation.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createHash } from 'node:crypto';
import {
  ConnectorError,
  type BeginConnectionRequest,
  type BeginConnectionResult,
  type ConnectionGrant,
  type ConnectorContext,
  type DataConnector,
  type Money,
  type SourceAccount,
  type SourceBalance,
  type SourceTransaction,
  type TransactionPage,
  type TransactionQuery,
} from '@finpersona/plugin-sdk';
import { generateCustomer, type SandboxCustomer } from './customer';
import { resolveOptions, type SandboxOptions } from './options';

export const sandboxConnectorId = 'sandbox';

export interface SandboxConnectorSettings {
  /** Seed of the sandbox bank. Default `'finpersona-demo'`. */
  readonly seed?: string;
  /**
   * Which customer a new connection gets. Default: derived from the connection's `state`, so each
   * connection is some customer among the first `customers`; the grant records it either way.
   */
  readonly index?: number;
  /** How many customers the bank has when `index` is derived (default 100,000). */
  readonly customers?: number;
  /** Generator options for new connections (region, period, activity). */
  readonly options?: SandboxOptions;
  /** Transactions per page (1–1,000, default 100). */
  readonly pageSize?: number;
  /**
   * Fault injection for sync tests: these 1-based page numbers of `listTransactions` fail once per
   * connector instance and account with a retryable `SOURCE_UNAVAILABLE`; the retry succeeds.
   */
  readonly failPagesOnce?: readonly number[];
  /** Waits this long before answering each page (honouring the abort signal), so a sync can be killed mid-way. */
  readonly pageDelayMs?: number;
  /** Customers whose transactions are kept generated in memory for paging (default 4). */
  readonly cacheSize?: number;
}

interface Materialised {
  readonly customer: SandboxCustomer;
  readonly byAccount: ReadonlyMap<string, readonly SourceTransaction[]>;
  readonly balances: ReadonlyMap<string, Money>;
}

interface Cursor {
  readonly v: 1;
  readonly account: string;
  readonly offset: number;
  readonly fromDate: string | null;
}

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

function invalid(message: string): ConnectorError {
  return new ConnectorError('INVALID_REQUEST', message);
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string, account: string, fromDate: string | null): Cursor {
  let cursor: Partial<Cursor>;
  try {
    cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    throw invalid('The transaction cursor is not one this connector issued; start again without a cursor.');
  }
  if (
    cursor.v !== 1 ||
    cursor.account !== account ||
    (cursor.fromDate ?? null) !== fromDate ||
    !Number.isSafeInteger(cursor.offset) ||
    (cursor.offset ?? -1) < 0
  ) {
    throw invalid(
      'The transaction cursor belongs to another account or query; start again without a cursor.',
    );
  }
  return cursor as Cursor;
}

/** The customer a grant names, or INVALID_REQUEST saying what is wrong with it. */
function customerOf(grant: ConnectionGrant): { customer: SandboxCustomer; key: string } {
  const { seed, index, options } = grant.credentials as {
    seed?: unknown;
    index?: unknown;
    options?: unknown;
  };
  if (typeof seed !== 'string' && typeof seed !== 'number')
    throw invalid('The sandbox grant has no seed; connect again.');
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0)
    throw invalid('The sandbox grant has no valid customer index; connect again.');
  if (options !== undefined && (typeof options !== 'object' || options === null))
    throw invalid('The sandbox grant has malformed options; connect again.');
  try {
    const customer = generateCustomer(seed, index, (options ?? {}) as SandboxOptions);
    return { customer, key: JSON.stringify([String(seed), index, options ?? {}]) };
  } catch (error) {
    throw invalid(`The sandbox grant cannot be used: ${(error as Error).message}`);
  }
}

function toSourceAccount(account: SandboxCustomer['accounts'][number]): SourceAccount {
  return {
    sourceId: account.sourceId,
    type: account.type,
    currency: account.currency,
    ...(account.name !== undefined ? { name: account.name } : {}),
    identifiers: account.identifiers,
    ...(account.holderName !== undefined ? { holderName: account.holderName } : {}),
    ...(account.openedOn !== undefined ? { openedOn: account.openedOn } : {}),
  };
}

/** Creates a sandbox-bank connector. Each instance keeps its own small cache and fault-injection state. */
export function createSandboxConnector(settings: SandboxConnectorSettings = {}): DataConnector {
  const seed = settings.seed ?? 'finpersona-demo';
  const customers = settings.customers ?? 100_000;
  const pageSize = settings.pageSize ?? 100;
  const cacheSize = settings.cacheSize ?? 4;
  const pageDelayMs = settings.pageDelayMs ?? 0;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
    throw new RangeError(`pageSize must be 1–1000; got ${pageSize}.`);
  if (!Number.isInteger(customers) || customers < 1)
    throw new RangeError(`customers must be a positive integer; got ${customers}.`);
  if (!Number.isInteger(cacheSize) || cacheSize < 0)
    throw new RangeError(`cacheSize must be a non-negative integer; got ${cacheSize}.`);
  if (!(pageDelayMs >= 0)) throw new RangeError(`pageDelayMs must be non-negative; got ${pageDelayMs}.`);
  const options = settings.options ?? {};
  resolveOptions(options); // fail at creation, not at the first connection
  const failPages = new Set(settings.failPagesOnce ?? []);
  const failed = new Set<string>();
  const cache = new Map<string, Materialised>();

  /** Generates (or takes from the cache) every transaction of the grant's customer, by account. */
  function materialise(grant: ConnectionGrant, context: ConnectorContext): Materialised {
    const { customer, key } = customerOf(grant);
    const cached = cache.get(key);
    if (cached) {
      cache.delete(key); // re-insert: the map's order is the least-recently-used order
      cache.set(key, cached);
      return cached;
    }
    const byAccount = new Map<string, SourceTransaction[]>();
    const balances = new Map<string, Money>();
    for (const account of customer.accounts) {
      byAccount.set(account.sourceId, []);
      balances.set(account.sourceId, account.openingBalance);
    }
    let generated = 0;
    for (const { transaction } of customer.transactions()) {
      byAccount.get(transaction.sourceAccountId)?.push(transaction);
      if (transaction.balanceAfter) balances.set(transaction.sourceAccountId, transaction.balanceAfter);
      if (++generated % 2000 === 0) context.signal.throwIfAborted();
    }
    const result: Materialised = { customer, byAccount, balances };
    if (cacheSize > 0) {
      cache.set(key, result);
      while (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
    }
    return result;
  }

  return {
    id: sandboxConnectorId,

    async beginConnection(
      request: BeginConnectionRequest,
      context: ConnectorContext,
    ): Promise<BeginConnectionResult> {
      context.signal.throwIfAborted();
      const index =
        settings.index ?? createHash('sha256').update(request.state).digest().readUInt32BE(0) % customers;
      return {
        kind: 'ready',
        grant: { expiresAt: request.validUntil, credentials: { seed, index, options } },
      };
    },

    async completeConnection(): Promise<ConnectionGrant> {
      throw new ConnectorError(
        'UNSUPPORTED',
        'The sandbox bank needs no authorisation step: its grant is ready when the connection begins.',
      );
    },

    async consentStatus(grant: ConnectionGrant, context: ConnectorContext) {
      context.signal.throwIfAborted();
      customerOf(grant);
      return 'valid';
    },

    async listAccounts(grant: ConnectionGrant, context: ConnectorContext): Promise<readonly SourceAccount[]> {
      context.signal.throwIfAborted();
      return customerOf(grant).customer.accounts.map(toSourceAccount);
    },

    async listBalances(
      grant: ConnectionGrant,
      sourceAccountId: string,
      context: ConnectorContext,
    ): Promise<readonly SourceBalance[]> {
      context.signal.throwIfAborted();
      const { customer, balances } = materialise(grant, context);
      const account = customer.accounts.find((candidate) => candidate.sourceId === sourceAccountId);
      const booked = balances.get(sourceAccountId);
      if (!account || !booked) throw invalid(`The sandbox customer has no account "${sourceAccountId}".`);
      const asOf = `${customer.period.endDate}T23:59:59Z`;
      const result: SourceBalance[] = [
        {
          sourceAccountId,
          type: 'booked',
          amount: booked,
          asOf,
          ...(account.creditLimit ? { creditLimit: account.creditLimit } : {}),
        },
      ];
      if (account.creditLimit) {
        result.push({
          sourceAccountId,
          type: 'available',
          amount: {
            minor: String(Number(booked.minor) + Number(account.creditLimit.minor)),
            currency: booked.currency,
          },
          asOf,
          creditLimit: account.creditLimit,
        });
      }
      return result;
    },

    async listTransactions(
      grant: ConnectionGrant,
      sourceAccountId: string,
      query: TransactionQuery,
      context: ConnectorContext,
    ): Promise<TransactionPage> {
      context.signal.throwIfAborted();
      const fromDate = query.fromDate ?? null;
      if (fromDate !== null && !isoDatePattern.test(fromDate))
        throw invalid(`fromDate "${fromDate}" is not an ISO date (YYYY-MM-DD).`);
      const offset = query.cursor === null ? 0 : decodeCursor(query.cursor, sourceAccountId, fromDate).offset;
      const page = Math.floor(offset / pageSize) + 1;
      const faultKey = `${JSON.stringify(grant.credentials)}|${sourceAccountId}|${page}`;
      if (failPages.has(page) && !failed.has(faultKey)) {
        failed.add(faultKey);
        throw new ConnectorError(
          'SOURCE_UNAVAILABLE',
          `The sandbox bank failed page ${page} on purpose (fault injection); retry.`,
        );
      }
      if (pageDelayMs > 0) await sleep(pageDelayMs, undefined, { signal: context.signal });
      const { byAccount } = materialise(grant, context);
      const all = byAccount.get(sourceAccountId);
      if (!all) throw invalid(`The sandbox customer has no account "${sourceAccountId}".`);
      let first = 0;
      if (fromDate !== null) {
        // Transactions are in booking order: binary search for the first on or after fromDate.
        let high = all.length;
        while (first < high) {
          const middle = (first + high) >>> 1;
          if (all[middle]!.bookingDate < fromDate) first = middle + 1;
          else high = middle;
        }
      }
      const transactions = all.slice(first + offset, first + offset + pageSize);
      const nextOffset = offset + transactions.length;
      context.heartbeat({ page, transactions: transactions.length });
      return {
        transactions,
        nextCursor:
          first + nextOffset < all.length
            ? encodeCursor({ v: 1, account: sourceAccountId, offset: nextOffset, fromDate })
            : null,
      };
    },

    async revoke(): Promise<void> {
      // Nothing is held at the source: revoking always succeeds.
    },
  };
}
