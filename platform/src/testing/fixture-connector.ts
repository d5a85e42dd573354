// A real DataConnector over generated, deterministic fixture data, for sync tests and the crash test (the
// database, the workflow engine and the worker stay real). It is compiled on its own for the crash test's
// worker process, so it imports nothing but the SDK.
import {
  ConnectorError,
  type ConnectionGrant,
  type ConnectorContext,
  type CustomerPresence,
  type DataConnector,
  type SourceAccount,
  type SourceBalance,
  type SourceTransaction,
  type TransactionPage,
} from '@finpersona/plugin-sdk';

export const FIXTURE_CONNECTOR_ID = 'fixture';

export interface FixtureSource {
  /** Number of accounts; source ids `acc-0`, `acc-1`, ... */
  accounts: number;
  /** Transactions per account; source ids `tx-<account>-<n>`, booked from 2024-01-01, a few a day. */
  transactionsPerAccount: number;
  pageSize: number;
  /** Milliseconds each `listTransactions` call takes (a slow source). */
  delayPerPageMs?: number;
  /** Changes every description (a source correcting its data): 0 by default. */
  revision?: number;
}

export type FixtureMethod = 'listAccounts' | 'listBalances' | 'listTransactions' | 'consentStatus';

/** Every call that reached the source, in order: the tests count them (e.g. none after a revocation). */
export interface FixtureCall {
  method: FixtureMethod;
  sourceAccountId?: string;
  cursor?: string | null;
}

/** Runs before each source call; may throw a ConnectorError to simulate the source failing. */
export type FixtureInterceptor = (call: FixtureCall & { attempt: number }) => void | Promise<void>;

export interface FixtureControls {
  calls: FixtureCall[];
  intercept?: FixtureInterceptor;
  /**
   * When set, the source rotates its credentials like an OAuth server with refresh-token rotation: every
   * `listTransactions` needs the grant of the current `generation` (an older one is refused with
   * CONSENT_REVOKED, as a spent refresh token is) and saves the next one through `context.saveGrant`
   * before serving the page. Counts the source's current generation (starts at 0: the first grant).
   */
  rotation?: { generation: number; saves: number };
  /** When set, the context's `customer` of every call (beginConnection and revoke included), in order. */
  presence?: { method: string; customer: CustomerPresence }[];
}

const transactionsPerDay = 4;

/** The source ids of every transaction of the fixture source, per account (what a full sync must store). */
export function fixtureSourceIds(source: FixtureSource): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  for (let account = 0; account < source.accounts; account += 1) {
    ids.set(
      `acc-${account}`,
      Array.from({ length: source.transactionsPerAccount }, (_, index) => `tx-${account}-${index}`),
    );
  }
  return ids;
}

function bookingDate(index: number): string {
  const date = new Date(Date.UTC(2024, 0, 1) + Math.floor(index / transactionsPerDay) * 86_400_000);
  return date.toISOString().slice(0, 10);
}

function transaction(source: FixtureSource, account: number, index: number): SourceTransaction {
  const credit = index % 5 === 0;
  return {
    sourceId: `tx-${account}-${index}`,
    sourceAccountId: `acc-${account}`,
    amount: { minor: String(((index * 7919 + account * 104_729) % 250_000) + 1), currency: 'EUR' },
    direction: credit ? 'credit' : 'debit',
    status: 'booked',
    bookingDate: bookingDate(index),
    valueDate: bookingDate(index),
    counterparty: {
      name: credit ? 'Employer d.o.o.' : `Shop ${index % 40}`,
      account: `SI56 0201 0001 ${String(index % 10_000).padStart(4, '0')} 123`,
    },
    ...(credit ? {} : { merchant: { name: `Merchant ${index % 40}`, mcc: '5411' } }),
    description: `Card payment ${index}${source.revision ? ` (revision ${source.revision})` : ''}`,
    sourceCode: credit ? 'SALA' : 'CARD',
  };
}

/** A data connector serving `source`; `controls` records calls and can inject failures. */
export function createFixtureConnector(
  source: FixtureSource,
  controls: FixtureControls = { calls: [] },
): DataConnector {
  async function reach(call: FixtureCall, context: ConnectorContext): Promise<void> {
    if (context.signal.aborted) throw new ConnectorError('SOURCE_UNAVAILABLE', 'The call was cancelled.');
    // Counted over `controls`, which outlives the connector (the platform builds one per use).
    const same = (other: FixtureCall) =>
      other.method === call.method &&
      other.sourceAccountId === call.sourceAccountId &&
      other.cursor === call.cursor;
    const attempt = controls.calls.filter(same).length + 1;
    controls.calls.push(call);
    controls.presence?.push({ method: call.method, customer: context.customer });
    await controls.intercept?.({ ...call, attempt });
  }
  function accountIndex(sourceAccountId: string): number {
    const match = /^acc-(\d+)$/.exec(sourceAccountId);
    const index = match ? Number(match[1]) : -1;
    if (index < 0 || index >= source.accounts)
      throw new ConnectorError('INVALID_REQUEST', 'Unknown account.');
    return index;
  }
  return {
    id: FIXTURE_CONNECTOR_ID,
    async beginConnection(_request, context) {
      controls.presence?.push({ method: 'beginConnection', customer: context.customer });
      return { kind: 'ready', grant: { credentials: { fixture: true } } };
    },
    async completeConnection(): Promise<ConnectionGrant> {
      throw new ConnectorError('UNSUPPORTED', 'The fixture source needs no authorisation.');
    },
    async consentStatus(_grant, context) {
      await reach({ method: 'consentStatus' }, context);
      return 'valid';
    },
    async listAccounts(_grant, context): Promise<SourceAccount[]> {
      await reach({ method: 'listAccounts' }, context);
      return Array.from({ length: source.accounts }, (_, account) => ({
        sourceId: `acc-${account}`,
        type: account % 2 === 0 ? 'current' : 'savings',
        currency: 'EUR',
        name: account % 2 === 0 ? 'Everyday account' : 'Savings account',
        identifiers: [{ scheme: 'IBAN', value: `SI56 0201 0000 0000 ${String(account).padStart(3, '0')}` }],
        holderName: 'Ana Novak',
        openedOn: '2019-05-01',
      }));
    },
    async listBalances(_grant, sourceAccountId, context): Promise<SourceBalance[]> {
      await reach({ method: 'listBalances', sourceAccountId }, context);
      accountIndex(sourceAccountId);
      return [
        {
          sourceAccountId,
          type: 'booked',
          amount: { minor: '123456', currency: 'EUR' },
          asOf: '2026-11-25T00:00:00Z',
        },
        {
          sourceAccountId,
          type: 'available',
          amount: { minor: '100000', currency: 'EUR' },
          asOf: '2026-11-25T00:00:00Z',
          creditLimit: { minor: '50000', currency: 'EUR' },
        },
      ];
    },
    async listTransactions(grant, sourceAccountId, query, context): Promise<TransactionPage> {
      await reach({ method: 'listTransactions', sourceAccountId, cursor: query.cursor }, context);
      if (controls.rotation) await rotate(grant, context, controls.rotation);
      const account = accountIndex(sourceAccountId);
      // The cursor carries the filter of the pass it belongs to, as real sources' page links do.
      const [fromDate, offsetText] =
        query.cursor === null ? [query.fromDate ?? '', '0'] : query.cursor.split('|');
      const offset = Number(offsetText);
      if (!Number.isInteger(offset) || offset < 0)
        throw new ConnectorError('INVALID_REQUEST', 'Malformed cursor.');
      if (source.delayPerPageMs) await new Promise((resolve) => setTimeout(resolve, source.delayPerPageMs));
      const first = fromDate ? Math.max(0, firstIndexOn(fromDate)) : 0;
      const start = first + offset;
      const end = Math.min(source.transactionsPerAccount, start + source.pageSize);
      const transactions = [];
      for (let index = start; index < end; index += 1) transactions.push(transaction(source, account, index));
      return {
        transactions,
        nextCursor:
          end < source.transactionsPerAccount ? `${fromDate ?? ''}|${offset + (end - start)}` : null,
      };
    },
    async revoke(_grant, context) {
      controls.presence?.push({ method: 'revoke', customer: context.customer });
    },
  };
}

/** One refresh at a rotating source: the grant must be the current generation; the next is saved first. */
async function rotate(
  grant: ConnectionGrant,
  context: ConnectorContext,
  rotation: NonNullable<FixtureControls['rotation']>,
): Promise<void> {
  const generation = Number((grant.credentials as { generation?: number }).generation ?? 0);
  if (generation !== rotation.generation) {
    throw new ConnectorError(
      'CONSENT_REVOKED',
      `Refresh token of generation ${generation} was already used.`,
    );
  }
  rotation.generation += 1;
  await context.saveGrant({
    ...grant,
    credentials: { ...grant.credentials, generation: rotation.generation },
  });
  rotation.saves += 1;
}

/** Index of the first transaction booked on or after `date`. */
function firstIndexOn(date: string): number {
  const days = Math.ceil((Date.parse(`${date}T00:00:00Z`) - Date.UTC(2024, 0, 1)) / 86_400_000);
  return Math.max(0, days) * transactionsPerDay;
}
