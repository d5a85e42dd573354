// The one fixture connector of the tests: a real DataConnector over generated, deterministic fixture data
// (the database, Keycloak, the workflow engine and the worker stay real). It serves the sync tests and the
// crash test (accounts, balances and pages of transactions; failures injected per call) and the connect
// tests (an OAuth-style round trip: `beginConnection` issues an authorisation URL, `authorise(url)` is the
// customer approving or refusing at the source). Every call that reaches it is recorded, so tests can
// prove what reached the source (e.g. nothing after a revocation). It is compiled on its own for the crash
// test's worker process, so it imports nothing but the SDK and Node.
import { randomBytes } from 'node:crypto';
import {
  type BeginConnectionRequest,
  type BeginConnectionResult,
  type CompleteConnectionRequest,
  ConnectorError,
  type ConnectionGrant,
  type ConnectorContext,
  type CustomerPresence,
  type DataConnector,
  type SourceAccount,
  type SourceBalance,
  type SourceConsentStatus,
  type SourceTransaction,
  type TransactionPage,
  type TransactionQuery,
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
  /**
   * Debits from this index on pay merchants of their own, named in letters (`Market Bd`): the numbered
   * `Merchant <n>` all clean up to one merchant ("Merchant"), so only these are new to the customer.
   */
  newMerchantsFrom?: number;
}

export type FixtureMethod =
  | 'beginConnection'
  | 'completeConnection'
  | 'consentStatus'
  | 'listAccounts'
  | 'listBalances'
  | 'listTransactions'
  | 'revoke';

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
  /**
   * When set, `revoke` first tries `context.saveGrant` (as a rotating source might) and records here what
   * came of it, then revokes anyway: the platform must refuse a save while the connection is ending.
   */
  saveGrantProbes?: { refusedWith: string | null; signalAborted: boolean }[];
}

export interface FixtureConnectorOptions {
  /** The connector id it is registered under; default `fixture`. */
  id?: string;
  /**
   * `ready` (default): connecting needs no customer step (like a statement file or the sandbox);
   * `redirect`: the customer authorises at the source first (`authorise`).
   */
  mode?: 'ready' | 'redirect';
  /** What the source holds; default nothing (no accounts). */
  source?: FixtureSource;
  /** Where calls are recorded (it may outlive the connector: the platform builds one per use). */
  controls?: FixtureControls;
}

const transactionsPerDay = 4;
const emptySource: FixtureSource = { accounts: 0, transactionsPerAccount: 0, pageSize: 10 };

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

/** A connector over `source` that needs no customer step; `controls` records calls and can inject failures. */
export function createFixtureConnector(
  source: FixtureSource,
  controls: FixtureControls = { calls: [] },
): FixtureConnector {
  return new FixtureConnector({ source, controls });
}

export class FixtureConnector implements DataConnector {
  readonly id: string;
  readonly controls: FixtureControls;
  /** Set to make the next begin/complete fail with this error (the source is down). */
  failNextWith: ConnectorError | undefined;
  private readonly mode: 'ready' | 'redirect';
  private readonly source: FixtureSource;
  /** Codes issued by the source per state, as the customer's approval would carry them. */
  private readonly issued = new Map<string, { code: string; validUntil: string }>();
  private readonly revoked = new Set<string>();

  constructor(options: FixtureConnectorOptions = {}) {
    this.id = options.id ?? FIXTURE_CONNECTOR_ID;
    this.mode = options.mode ?? 'ready';
    this.source = options.source ?? emptySource;
    this.controls = options.controls ?? { calls: [] };
  }

  /** How many calls of `method` reached the source. */
  count(method: FixtureMethod): number {
    return this.controls.calls.filter((call) => call.method === method).length;
  }

  async beginConnection(
    request: BeginConnectionRequest,
    context: ConnectorContext,
  ): Promise<BeginConnectionResult> {
    await this.reach({ method: 'beginConnection' }, context);
    this.throwIfFailing();
    if (this.mode === 'ready') return { kind: 'ready', grant: grantUntil(request.validUntil) };
    const code = randomBytes(12).toString('base64url');
    this.issued.set(request.state, { code, validUntil: request.validUntil });
    const url = new URL('https://source.example/authorise');
    url.searchParams.set('state', request.state);
    url.searchParams.set('redirect_uri', request.redirectUri);
    return {
      kind: 'redirect',
      authorisationUrl: url.toString(),
      pending: { code, validUntil: request.validUntil },
    };
  }

  /** The customer at the source: approves (or refuses) the authorisation URL; returns the redirect's parameters. */
  authorise(authorisationUrl: string, decision: 'approve' | 'refuse' = 'approve'): Record<string, string> {
    const state = new URL(authorisationUrl).searchParams.get('state') ?? '';
    const issued = this.issued.get(state);
    if (!issued) throw new Error('The fixture source never issued this authorisation URL');
    return decision === 'approve' ? { code: issued.code, state } : { error: 'access_denied', state };
  }

  async completeConnection(
    request: CompleteConnectionRequest,
    context: ConnectorContext,
  ): Promise<ConnectionGrant> {
    await this.reach({ method: 'completeConnection' }, context);
    this.throwIfFailing();
    if (this.mode === 'ready')
      throw new ConnectorError('UNSUPPORTED', 'The fixture source needs no authorisation.');
    if (request.callback.error)
      throw new ConnectorError('CONSENT_REVOKED', 'The customer refused at the source.');
    if (!request.callback.code || request.callback.code !== request.pending.code) {
      throw new ConnectorError('INVALID_REQUEST', 'The authorisation code does not match.');
    }
    return grantUntil(String(request.pending.validUntil));
  }

  async consentStatus(grant: ConnectionGrant, context: ConnectorContext): Promise<SourceConsentStatus> {
    await this.reach({ method: 'consentStatus' }, context);
    return this.revoked.has(grant.sourceConsentId ?? '') ? 'revoked' : 'valid';
  }

  async listAccounts(_grant: ConnectionGrant, context: ConnectorContext): Promise<SourceAccount[]> {
    await this.reach({ method: 'listAccounts' }, context);
    return Array.from({ length: this.source.accounts }, (_, account) => ({
      sourceId: `acc-${account}`,
      type: account % 2 === 0 ? 'current' : 'savings',
      currency: 'EUR',
      name: account % 2 === 0 ? 'Everyday account' : 'Savings account',
      identifiers: [{ scheme: 'IBAN', value: `SI56 0201 0000 0000 ${String(account).padStart(3, '0')}` }],
      holderName: 'Ana Novak',
      openedOn: '2019-05-01',
    }));
  }

  async listBalances(
    _grant: ConnectionGrant,
    sourceAccountId: string,
    context: ConnectorContext,
  ): Promise<SourceBalance[]> {
    await this.reach({ method: 'listBalances', sourceAccountId }, context);
    this.accountIndex(sourceAccountId);
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
  }

  async listTransactions(
    grant: ConnectionGrant,
    sourceAccountId: string,
    query: TransactionQuery,
    context: ConnectorContext,
  ): Promise<TransactionPage> {
    await this.reach({ method: 'listTransactions', sourceAccountId, cursor: query.cursor }, context);
    if (this.controls.rotation) await rotate(grant, context, this.controls.rotation);
    const source = this.source;
    const account = this.accountIndex(sourceAccountId);
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
      nextCursor: end < source.transactionsPerAccount ? `${fromDate ?? ''}|${offset + (end - start)}` : null,
    };
  }

  async revoke(grant: ConnectionGrant, context: ConnectorContext): Promise<void> {
    await this.reach({ method: 'revoke' }, context);
    if (this.controls.saveGrantProbes) {
      const refusedWith = await context.saveGrant(grant).then(
        () => null,
        (error: unknown) => (error instanceof ConnectorError ? error.code : String(error)),
      );
      this.controls.saveGrantProbes.push({ refusedWith, signalAborted: context.signal.aborted });
    }
    this.revoked.add(grant.sourceConsentId ?? '');
  }

  /** Records the call (with its attempt number among identical calls) and runs the interceptor. */
  private async reach(call: FixtureCall, context: ConnectorContext): Promise<void> {
    if (context.signal.aborted) throw new ConnectorError('SOURCE_UNAVAILABLE', 'The call was cancelled.');
    const same = (other: FixtureCall) =>
      other.method === call.method &&
      other.sourceAccountId === call.sourceAccountId &&
      other.cursor === call.cursor;
    const attempt = this.controls.calls.filter(same).length + 1;
    this.controls.calls.push(call);
    this.controls.presence?.push({ method: call.method, customer: context.customer });
    await this.controls.intercept?.({ ...call, attempt });
  }

  private accountIndex(sourceAccountId: string): number {
    const match = /^acc-(\d+)$/.exec(sourceAccountId);
    const index = match ? Number(match[1]) : -1;
    if (index < 0 || index >= this.source.accounts)
      throw new ConnectorError('INVALID_REQUEST', 'Unknown account.');
    return index;
  }

  private throwIfFailing(): void {
    const failure = this.failNextWith;
    this.failNextWith = undefined;
    if (failure) throw failure;
  }
}

/** A grant as a source issues it: its own consent id, valid until `validUntil`, an access token. */
function grantUntil(validUntil: string): ConnectionGrant {
  return {
    sourceConsentId: `consent-${randomBytes(6).toString('hex')}`,
    expiresAt: validUntil,
    credentials: { accessToken: randomBytes(16).toString('base64url') },
  };
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
    ...(credit ? {} : { merchant: { name: merchantName(source, index), mcc: '5411' } }),
    description: `Card payment ${index}${source.revision ? ` (revision ${source.revision})` : ''}`,
    sourceCode: credit ? 'SALA' : 'CARD',
  };
}

function merchantName(source: FixtureSource, index: number): string {
  if (source.newMerchantsFrom === undefined || index < source.newMerchantsFrom)
    return `Merchant ${index % 40}`;
  // Letters only: the merchant clean-up drops words with digits (store numbers).
  const letters = (n: number): string =>
    (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + 'abcdefghijklmnopqrstuvwxyz'[n % 26]!;
  const word = letters(index);
  return `Market ${word[0]!.toUpperCase()}${word.slice(1)}`;
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
