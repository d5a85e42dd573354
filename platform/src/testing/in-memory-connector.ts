import {
  type BeginConnectionRequest,
  type BeginConnectionResult,
  type CompleteConnectionRequest,
  type ConnectionGrant,
  type ConnectorContext,
  ConnectorError,
  type CustomerPresence,
  type DataConnector,
  type SourceAccount,
  type SourceBalance,
  type SourceConsentStatus,
  type TransactionPage,
  type TransactionQuery,
} from '@finpersona/plugin-sdk';
import { randomBytes } from 'node:crypto';

/** What the fixture source holds for every customer who connects to it. */
export interface FixtureSourceData {
  accounts: SourceAccount[];
  balances: SourceBalance[];
}

/**
 * A real `DataConnector` over fixture data, for integration tests of connecting (not a mock of anything the
 * platform owns: the database, Keycloak and Temporal stay real). It plays both sides of the OAuth-style
 * round trip: `beginConnection` issues an authorisation URL for the `state` it is given, and
 * `authorise(url)` is the customer approving (or refusing) at the source, returning the query parameters
 * the source would redirect back with. `mode: 'ready'` connects without a customer step (like a
 * statement file or the sandbox). Calls are counted per method, to prove what reached the source.
 */
export class InMemoryConnector implements DataConnector {
  readonly calls: Record<string, number> = {};
  /** Codes issued by the source per state, as the customer's approval would carry them. */
  private readonly issued = new Map<string, { code: string; validUntil: string }>();
  private readonly revoked = new Set<string>();
  /** Set to make the next begin/complete fail with this retryable error (the source is down). */
  failNextWith: ConnectorError | undefined;
  /** The context's `customer` of every begin, complete and revoke, in order (what the platform said). */
  readonly presence: { method: string; customer: CustomerPresence }[] = [];
  /**
   * When set, `revoke` first tries `context.saveGrant` (as a rotating source might) and records what came
   * of it here, then revokes anyway: the platform must refuse a save while the connection is ending.
   */
  probeSaveGrantOnRevoke = false;
  readonly saveGrantProbes: { refusedWith: string | null; signalAborted: boolean }[] = [];

  constructor(
    readonly id: string,
    private readonly options: { mode: 'redirect' | 'ready'; data?: FixtureSourceData } = { mode: 'redirect' },
  ) {}

  async beginConnection(
    request: BeginConnectionRequest,
    context: ConnectorContext,
  ): Promise<BeginConnectionResult> {
    this.count('beginConnection');
    this.presence.push({ method: 'beginConnection', customer: context.customer });
    this.throwIfFailing();
    if (this.options.mode === 'ready') return { kind: 'ready', grant: this.grant(request.validUntil) };
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
    this.count('completeConnection');
    this.presence.push({ method: 'completeConnection', customer: context.customer });
    this.throwIfFailing();
    if (request.callback.error)
      throw new ConnectorError('CONSENT_REVOKED', 'The customer refused at the source.');
    if (!request.callback.code || request.callback.code !== request.pending.code) {
      throw new ConnectorError('INVALID_REQUEST', 'The authorisation code does not match.');
    }
    return this.grant(String(request.pending.validUntil));
  }

  async consentStatus(grant: ConnectionGrant): Promise<SourceConsentStatus> {
    this.count('consentStatus');
    return this.revoked.has(grant.sourceConsentId ?? '') ? 'revoked' : 'valid';
  }

  async listAccounts(): Promise<readonly SourceAccount[]> {
    this.count('listAccounts');
    return this.options.data?.accounts ?? [];
  }

  async listBalances(_grant: ConnectionGrant, sourceAccountId: string): Promise<readonly SourceBalance[]> {
    this.count('listBalances');
    return (this.options.data?.balances ?? []).filter(
      (balance) => balance.sourceAccountId === sourceAccountId,
    );
  }

  async listTransactions(
    _grant: ConnectionGrant,
    _account: string,
    _query: TransactionQuery,
  ): Promise<TransactionPage> {
    this.count('listTransactions');
    return { transactions: [], nextCursor: null };
  }

  async revoke(grant: ConnectionGrant, context: ConnectorContext): Promise<void> {
    this.count('revoke');
    this.presence.push({ method: 'revoke', customer: context.customer });
    if (this.probeSaveGrantOnRevoke) {
      const refusedWith = await context.saveGrant(grant).then(
        () => null,
        (error: unknown) => (error instanceof ConnectorError ? error.code : String(error)),
      );
      this.saveGrantProbes.push({ refusedWith, signalAborted: context.signal.aborted });
    }
    this.revoked.add(grant.sourceConsentId ?? '');
  }

  private grant(validUntil: string): ConnectionGrant {
    return {
      sourceConsentId: `consent-${randomBytes(6).toString('hex')}`,
      expiresAt: validUntil,
      credentials: { accessToken: randomBytes(16).toString('base64url') },
    };
  }

  private count(method: string): void {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
  }

  private throwIfFailing(): void {
    const failure = this.failNextWith;
    this.failNextWith = undefined;
    if (failure) throw failure;
  }
}
