import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { StatementUpload } from '@finpersona/connector-statements';
import {
  type ConnectionGrant,
  ConnectorError,
  type DataConnector,
  type RegionComplianceRules,
} from '@finpersona/plugin-sdk';
import { randomBytes, randomUUID } from 'node:crypto';
import { callerIsBankStaff } from '../access';
import { AuditService } from '../audit';
import { ComplianceRules } from '../compliance';
import { Consent, isConsentLive } from '../consents';
import { callerCustomerId } from '../customers';
import { FieldEncryptionService } from '../crypto';
import { EntityManagerScope } from '../database';
import { Conflict, type FieldProblem, Invalid, NotFound } from '../errors';
import { type RequestContext, requireContext, type TenantRef } from '../request-context';
import { TenancyService } from '../tenancy';
import { Account } from './account.entity';
import { Balance } from './balance.entity';
import { Connection } from './connection.entity';
import { openGrant, sealGrant } from './connection-grant';
import { ConnectionEndings } from './connections.endings';
import { requestConnectorContext } from './connections.connector-context';
import { type ConnectorFactoryContext, ConnectorRegistry } from './connector-registry';
import { uuidPattern } from './ingest.service';
import { STATEMENT_CONNECTOR_ID } from './statement-file-connector';
import { SyncStarter } from './sync-starter';
import type { SyncTrigger } from './sync-run.entity';
import { personalField } from './transactions.fields';

/** Path of the customer app's page that receives the source's redirect (on one of the bank's app origins). */
export const connectionCallbackPath = '/connections/callback';
export const maxCallbackParameters = 20;
export const maxCallbackValueLength = 4096;

export interface ConnectSourceInput {
  connector: string;
  consentId: string;
  redirectUri: string;
  includeHistory?: boolean | null;
}

export interface CallbackParameter {
  name: string;
  value: string;
}

export interface ConnectSourceResult {
  connection: Connection;
  /** Where to send the customer to authorise at the source; null when the connector needed no step. */
  authorisationUrl: string | null;
}

export interface AccountWithBalances {
  account: Account;
  /** The latest balance of each type the source reports. */
  balances: Balance[];
}

/** What the connector gave back while the customer was away authorising; encrypted in `pending_enc`. */
interface PendingAuthorisation {
  pending: Record<string, unknown>;
  redirectUri: string;
}

const connectorIdPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;
const STATE_INDEX = { table: 'connection', column: 'state' } as const;

/**
 * A customer's connections to their sources: connecting (with the OAuth-style round trip through the
 * source), completing, syncing on request and disconnecting, and stopping every connection of an
 * aggregation consent the moment that consent ends. Also the read side of connections and accounts.
 *
 * The customer acts on their own connections only; bank staff may read a named customer's connections
 * and accounts (audited). Writes run in the caller's transaction (the request's); workflow starts wait
 * until it has committed, so a sync never sees a connection that is not there yet. Stopping connections
 * when their consent ends is `ConnectionEndings` (no Temporal there, so the worker can host it too).
 */
@Injectable()
export class ConnectionsService implements OnModuleInit {
  private readonly logger = new Logger('Connections');
  /** Work to do once a request's transaction has committed (starting syncs), per request context. */
  private readonly afterCommit = new WeakMap<RequestContext, (() => Promise<unknown>)[]>();

  constructor(
    private readonly em: EntityManager,
    private readonly encryption: FieldEncryptionService,
    private readonly audit: AuditService,
    private readonly tenancy: TenancyService,
    private readonly connectors: ConnectorRegistry,
    private readonly syncs: SyncStarter,
    private readonly endings: ConnectionEndings,
    private readonly scope: EntityManagerScope,
    private readonly compliance: ComplianceRules,
  ) {}

  onModuleInit(): void {
    this.scope.onFinished(async (context, outcome) => {
      const jobs = this.afterCommit.get(context) ?? [];
      this.afterCommit.delete(context);
      if (outcome !== 'commit') return;
      for (const job of jobs) await job();
    });
  }

  /**
   * Starts connecting a source for the signed-in customer under their live aggregation consent. The
   * source's consent may last until the earliest of the region's cap and the consent's own expiry.
   * Redirecting connectors get a random `state` (only its blind index is stored) and the customer is sent
   * to `authorisationUrl`; connectors that need no customer step are active at once and start syncing.
   */
  async connect(input: ConnectSourceInput): Promise<ConnectSourceResult> {
    const problems = await this.connectInputProblems(input);
    if (problems.length > 0) throw Invalid.fields(problems);
    const connector = (await this.connectorFor(input.connector))!;
    const customerId = await callerCustomerId(this.inTransactionEm());
    const consent = await this.liveAggregationConsent(input.consentId, customerId);
    return this.open(connector, consent, customerId, {
      redirectUri: input.redirectUri,
      includeHistory: input.includeHistory ?? true,
    });
  }

  /**
   * Connects a statement file for the signed-in customer under their live aggregation consent, checked
   * by the caller with `liveAggregationConsent` (the same connection, audit and first sync as `connect`). `storeUpload` stores the file in the caller's
   * transaction once the consent has been checked, for the connection it is given the id of, and returns
   * the reference the `statement-file` connector checks (it reads the file back) and keeps as its grant.
   */
  async connectUpload(
    consent: Consent,
    storeUpload: (owner: { connectionId: string; customerId: string }) => Promise<StatementUpload>,
  ): Promise<Connection> {
    const customerId = consent.customerId;
    const connectionId = randomUUID();
    const upload = await storeUpload({ connectionId, customerId });
    const connector = await this.connectorFor(STATEMENT_CONNECTOR_ID, { upload });
    if (!connector) throw new Conflict('This bank does not offer statement imports; ask the bank.');
    // A file needs no customer step at a source: no redirect, and history is whatever the file holds.
    const { connection } = await this.open(
      connector,
      consent,
      customerId,
      { redirectUri: '', includeHistory: true },
      connectionId,
    );
    return connection;
  }

  /** Begins a connection through `connector` and stores it (pending, or active with its first sync). */
  private async open(
    connector: DataConnector,
    consent: Consent,
    customerId: string,
    request: { redirectUri: string; includeHistory: boolean },
    id: string = randomUUID(),
  ): Promise<ConnectSourceResult> {
    const tenant = currentTenant();
    const now = new Date();
    const validUntil = sourceConsentEnd(consent, await this.compliance.forCurrentTenant(), now);
    const state = randomBytes(32).toString('base64url');
    const begun = await callSource(() =>
      connector.beginConnection(
        { ...request, state, validUntil: validUntil.toISOString() },
        requestConnectorContext(),
      ),
    );
    const connection = new Connection();
    Object.assign(connection, {
      id,
      tenantId: tenant.id,
      customerId,
      consentId: consent.id,
      connector: connector.id,
    });
    if (begun.kind === 'redirect') {
      const pending: PendingAuthorisation = {
        pending: { ...begun.pending },
        redirectUri: request.redirectUri,
      };
      const [sealed] = await this.encryption.encryptForCustomer(customerId, [
        {
          address: personalField({ table: 'connection', column: 'pending_enc' }, id),
          plaintext: JSON.stringify(pending),
        },
      ]);
      Object.assign(connection, {
        status: 'pending',
        pendingEnc: sealed!,
        stateIndex: await this.encryption.blindIndex(STATE_INDEX, state, 'exact'),
      });
    } else {
      await this.activate(connection, begun.grant);
    }
    const em = this.inTransactionEm();
    em.persist(connection);
    await em.flush();
    await this.audit.record({
      action: 'connection.create',
      resourceType: 'connection',
      resourceId: id,
      changes: { connector: connector.id, status: connection.status, consentId: consent.id },
    });
    if (connection.status === 'active') this.startSyncAfterCommit(connection.id, 'initial');
    return { connection, authorisationUrl: begun.kind === 'redirect' ? begun.authorisationUrl : null };
  }

  /**
   * Completes a connection when the source sends the customer back: the `state` must name a pending
   * connection of the calling customer (a used, unknown or another customer's state is the same
   * NOT_FOUND, and changes nothing). The connector exchanges the callback for a grant, stored encrypted;
   * the connection becomes active and its first sync starts. A refusal at the source (the customer
   * cancelled) ends the connection as `failed` with the source's reason; the state is used up either way.
   */
  async complete(state: string, callback: readonly CallbackParameter[]): Promise<Connection> {
    const problems = completeInputProblems(state, callback);
    if (problems.length > 0) throw Invalid.fields(problems);
    const em = this.inTransactionEm();
    const customerId = await callerCustomerId(em);
    const stateIndex = await this.encryption.blindIndex(STATE_INDEX, state, 'exact');
    const connection = await em.findOne(
      Connection,
      { tenantId: currentTenant().id, stateIndex },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!connection || connection.customerId !== customerId || connection.status !== 'pending') {
      throw new NotFound(
        'This authorisation is unknown or was already completed; start connecting the source again.',
      );
    }
    const consent = await this.liveAggregationConsent(connection.consentId, customerId);
    const connector = await this.connectorOf(connection);
    const [pendingText] = await this.encryption.decryptMany([
      {
        stored: connection.pendingEnc!,
        address: personalField({ table: 'connection', column: 'pending_enc' }, connection.id),
      },
    ]);
    const pending = JSON.parse(pendingText!) as PendingAuthorisation;
    const parameters = Object.fromEntries(callback.map((parameter) => [parameter.name, parameter.value]));
    let grant: ConnectionGrant | undefined;
    try {
      grant = await callSource(
        () =>
          connector.completeConnection(
            { pending: pending.pending, callback: parameters, redirectUri: pending.redirectUri },
            requestConnectorContext(),
          ),
        { refusalsAreResults: true },
      );
    } catch (error) {
      if (!(error instanceof SourceRefusal)) throw error;
      Object.assign(connection, {
        status: 'failed',
        errorCode: error.code,
        errorMessage: 'The source did not authorise the connection; connect again to retry.',
      });
    }
    connection.pendingEnc = null;
    connection.stateIndex = null;
    if (grant) await this.activate(connection, grant);
    await em.flush();
    await this.audit.record({
      action: 'connection.complete',
      resourceType: 'connection',
      resourceId: connection.id,
      changes: {
        status: connection.status,
        consentId: consent.id,
        ...(grant ? {} : { errorCode: connection.errorCode }),
      },
    });
    if (grant) this.startSyncAfterCommit(connection.id, 'initial');
    return connection;
  }

  /**
   * Disconnects one of the caller's connections: withdraws the consent at the source (best effort — the
   * connection stops here whatever the source answers), forgets the grant, and handles the data by the
   * region's rule (`onAggregationEnd.deleteAfterDays` 0: its accounts, balances and transactions are
   * deleted now). Disconnecting twice is a CONFLICT.
   */
  async disconnect(connectionId: string): Promise<Connection> {
    const em = this.inTransactionEm();
    const connection = await this.ownConnection(connectionId, true);
    if (connection.status === 'disconnected') {
      throw new Conflict('This connection is already disconnected.');
    }
    let revokedAtSource = false;
    if (connection.grantEnc) {
      const grant = await openGrant(this.encryption, connection.id, connection.grantEnc);
      revokedAtSource = await (
        await this.connectorOf(connection)
      )
        .revoke(grant, requestConnectorContext())
        .then(() => true)
        .catch((error: unknown) => {
          this.logger.warn(
            `revoking connection ${connection.id} at the source failed: ${error instanceof ConnectorError ? error.code : 'unexpected error'}`,
          );
          return false;
        });
    }
    Object.assign(connection, { status: 'disconnected', grantEnc: null, pendingEnc: null, stateIndex: null });
    await em.flush();
    const accountsDeleted = await this.endings.handleDataAfterEnd([connection.id]);
    await this.audit.record({
      action: 'connection.disconnect',
      resourceType: 'connection',
      resourceId: connection.id,
      changes: { revokedAtSource, accountsDeleted },
    });
    return connection;
  }

  /** Starts a sync of an active connection now, at the customer's request (not counted against the unattended cap). */
  async syncNow(connectionId: string): Promise<Connection> {
    const connection = await this.ownConnection(connectionId, false);
    if (connection.status !== 'active') {
      throw new Conflict(
        `This connection is ${connection.status}, not active: only an active connection can be synced.`,
      );
    }
    await this.liveAggregationConsent(connection.consentId, connection.customerId);
    await this.audit.record({
      action: 'connection.sync',
      resourceType: 'connection',
      resourceId: connection.id,
      changes: { trigger: 'customer' },
    });
    this.startSyncAfterCommit(connection.id, 'customer');
    return connection;
  }

  /** The connections of the customer the caller may see (themself, or the one staff name), oldest first. */
  async listVisible(customerId: string | null | undefined): Promise<Connection[]> {
    const em = this.inTransactionEm();
    const owner = await callerCustomerId(em, { named: customerId });
    const rows = await em.find(
      Connection,
      { tenantId: currentTenant().id, customerId: owner },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    await this.auditStaffRead('connection.list', owner, rows.length);
    return rows;
  }

  /** The accounts (with their latest balances) of the customer the caller may see, optionally of one connection. */
  async listAccounts(
    customerId: string | null | undefined,
    connectionId: string | null | undefined,
  ): Promise<AccountWithBalances[]> {
    const em = this.inTransactionEm();
    const owner = await callerCustomerId(em, { named: customerId });
    if (connectionId !== null && connectionId !== undefined && !uuidPattern.test(connectionId)) {
      throw Invalid.fields([{ field: 'connectionId', problem: 'must be a connection id (UUID)' }]);
    }
    const tenantId = currentTenant().id;
    const accounts = await em.find(
      Account,
      { tenantId, customerId: owner, ...(connectionId ? { connectionId } : {}) },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    const latest =
      accounts.length === 0
        ? []
        : await em.execute<{ id: string }[]>(
            `select distinct on (account_id, type) id from balance
              where tenant_id = ? and account_id in (${accounts.map(() => '?').join(', ')})
              order by account_id, type, as_of desc`,
            [tenantId, ...accounts.map((account) => account.id)],
          );
    const balances =
      latest.length === 0
        ? []
        : await em.find(
            Balance,
            { tenantId, id: { $in: latest.map((row) => row.id) } },
            { orderBy: { type: 'asc' } },
          );
    await this.auditStaffRead('account.list', owner, accounts.length);
    return accounts.map((account) => ({
      account,
      balances: balances.filter((balance) => balance.accountId === account.id),
    }));
  }

  /** Stores the grant encrypted and makes the connection active. */
  private async activate(connection: Connection, grant: ConnectionGrant): Promise<void> {
    const sealed = await sealGrant(this.encryption, connection.customerId, connection.id, grant);
    Object.assign(connection, {
      status: 'active',
      grantEnc: sealed.grantEnc,
      sourceExpiresAt: sealed.sourceExpiresAt,
      errorCode: null,
      errorMessage: null,
    });
  }

  /**
   * The registry's connector `id` for the current bank (with the bank's plugin settings), or undefined when
   * this process has none or the bank has not enabled the plugin that provides it. `extra.upload`: the
   * statement file a customer is connecting (see `ConnectorFactoryContext.upload`).
   */
  private async connectorFor(
    id: string,
    extra: Pick<ConnectorFactoryContext, 'upload'> = {},
  ): Promise<DataConnector | undefined> {
    const tenant = await this.tenancy.getById(currentTenant().id);
    if (!(await this.connectors.isAvailable(id, tenant))) return undefined;
    return this.connectors.connectorFor(id, { tenantId: tenant.id, region: tenant.region, ...extra });
  }

  private async connectorOf(connection: Connection): Promise<DataConnector> {
    const connector = await this.connectorFor(connection.connector);
    if (!connector) {
      throw new Conflict(
        `The connector "${connection.connector}" of this connection is not available any more; ask the bank.`,
      );
    }
    return connector;
  }

  /** One of the calling customer's own connections, locked for a change when `lock`; NOT_FOUND otherwise. */
  private async ownConnection(connectionId: string, lock: boolean): Promise<Connection> {
    const em = this.inTransactionEm();
    const customerId = await callerCustomerId(em);
    const connection = uuidPattern.test(connectionId)
      ? await em.findOne(
          Connection,
          { tenantId: currentTenant().id, customerId, id: connectionId },
          lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
        )
      : null;
    if (!connection) throw new NotFound('No connection with this id is yours; check the id.');
    return connection;
  }

  /** The customer's own aggregation consent, live now; NOT_FOUND / INVALID / CONFLICT otherwise. */
  async liveAggregationConsent(consentId: string, customerId: string): Promise<Consent> {
    const consent = uuidPattern.test(consentId)
      ? await this.inTransactionEm().findOne(Consent, {
          tenantId: currentTenant().id,
          customerId,
          id: consentId,
        })
      : null;
    if (!consent) throw new NotFound('No consent with this id is yours; check the id.');
    if (consent.purpose !== 'aggregation') {
      throw Invalid.fields([
        { field: 'consentId', problem: 'must be a consent for the purpose aggregation' },
      ]);
    }
    if (!isConsentLive(consent, new Date())) {
      throw new Conflict(
        'Your consent to aggregate account data is not live (revoked, expired or due for renewal): give or renew it, then try again.',
      );
    }
    return consent;
  }

  private async connectInputProblems(input: ConnectSourceInput): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    const tenant = await this.tenancy.getById(currentTenant().id);
    if (
      !connectorIdPattern.test(input.connector) ||
      !(await this.connectors.isAvailable(input.connector, tenant))
    ) {
      problems.push({ field: 'input.connector', problem: 'must be the id of a connector this bank offers' });
    }
    if (!uuidPattern.test(input.consentId)) {
      problems.push({ field: 'input.consentId', problem: 'must be a consent id (UUID)' });
    }
    if (!isCallbackUri(input.redirectUri, tenant.appOrigins.customer)) {
      problems.push({
        field: 'input.redirectUri',
        problem: `must be ${connectionCallbackPath} on one of the bank's customer app origins`,
      });
    }
    return problems;
  }

  private async auditStaffRead(action: string, customerId: string, returned: number): Promise<void> {
    if (!callerIsBankStaff()) return;
    await this.audit.record({
      action,
      resourceType: 'customer',
      resourceId: customerId,
      changes: { returned },
    });
  }

  private startSyncAfterCommit(connectionId: string, trigger: Exclude<SyncTrigger, 'schedule'>): void {
    const context = requireContext();
    const tenantId = currentTenant().id;
    const start = () =>
      this.syncs.startWorkflow(tenantId, connectionId, trigger).catch((error: unknown) => {
        // The connection is stored; the customer can start the sync again ("sync now"), and the schedule does.
        this.logger.error(
          `starting the ${trigger} sync of connection ${connectionId} failed: ${String(error)}`,
        );
      });
    const jobs = this.afterCommit.get(context) ?? [];
    jobs.push(start);
    this.afterCommit.set(context, jobs);
  }

  /** The request's EntityManager (its transaction); writes here commit or roll back with the request. */
  private inTransactionEm(): EntityManager {
    return this.em.getContext() as EntityManager;
  }
}

/** A refusal of the source that ends the attempt (not worth retrying): kept as the connection's error. */
class SourceRefusal extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * Calls a source, turning `ConnectorError`s into the platform's errors: retryable ones (rate limit, source
 * down) into CONFLICT "try again later" (nothing is written), a bad request into INVALID, refusals into
 * `SourceRefusal` when the caller records them, else CONFLICT.
 */
async function callSource<T>(
  call: () => Promise<T>,
  options: { refusalsAreResults?: boolean } = {},
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    if (error.retryable) {
      throw new Conflict(
        'The source is not answering right now; nothing was changed. Try again in a few minutes.',
      );
    }
    if (options.refusalsAreResults) throw new SourceRefusal(error.code);
    if (error.code === 'INVALID_REQUEST') {
      throw Invalid.fields([{ field: 'input', problem: 'was refused by the source' }]);
    }
    throw new Conflict('The source refused the connection; try again or choose another source.');
  }
}

function completeInputProblems(state: string, callback: readonly CallbackParameter[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (state.length < 1 || state.length > 512) {
    problems.push({
      field: 'input.state',
      problem: 'must be the state the source sent back (1-512 characters)',
    });
  }
  if (callback.length > maxCallbackParameters) {
    problems.push({
      field: 'input.callback',
      problem: `must hold at most ${maxCallbackParameters} parameters`,
    });
  }
  callback.forEach((parameter, index) => {
    if (parameter.name.length < 1 || parameter.name.length > 100) {
      problems.push({ field: `input.callback[${index}].name`, problem: 'must be 1-100 characters' });
    }
    if (parameter.value.length > maxCallbackValueLength) {
      problems.push({
        field: `input.callback[${index}].value`,
        problem: `must be at most ${maxCallbackValueLength} characters`,
      });
    }
  });
  const echoed = callback.find((parameter) => parameter.name === 'state');
  if (echoed && echoed.value !== state) {
    problems.push({ field: 'input.callback', problem: 'holds a state other than input.state' });
  }
  return problems;
}

/**
 * The latest instant a source's consent may last: the earliest of the bank's rule pack's cap
 * (`ais.maxConsentDays`) and the consent's own expiry. Where neither sets one, the consent's renewal date
 * (or the pack's renewal period from now): the customer must act by then anyway, and a renewed consent
 * can be connected again. Never a period of its own: everything comes from the rule pack and the consent.
 */
export function sourceConsentEnd(
  consent: Pick<Consent, 'expiresAt' | 'renewalDueAt'>,
  rules: Pick<RegionComplianceRules, 'ais'>,
  now: Date,
): Date {
  const maxConsentDays = rules.ais.maxConsentDays.days;
  const renewalDays = rules.ais.renewal.everyDays;
  const candidates = [
    maxConsentDays === null ? null : new Date(now.getTime() + maxConsentDays * dayMs),
    consent.expiresAt,
  ].filter((date): date is Date => date !== null);
  if (candidates.length === 0) {
    const fallback =
      consent.renewalDueAt ?? (renewalDays === null ? null : new Date(now.getTime() + renewalDays * dayMs));
    if (fallback) candidates.push(fallback);
  }
  if (candidates.length === 0) {
    throw new Conflict('Your consent has no end date and the bank sets none; ask the bank.');
  }
  return new Date(Math.min(...candidates.map((date) => date.getTime())));
}

const dayMs = 86_400_000;

/** Whether `uri` is exactly `<origin><connectionCallbackPath>` for one of the customer app's origins. */
export function isCallbackUri(uri: string, customerOrigins: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return (
    customerOrigins.includes(url.origin) &&
    url.pathname === connectionCallbackPath &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === ''
  );
}

function currentTenant(): TenantRef {
  const { tenant } = requireContext();
  if (!tenant) throw new Error('Connections are tenant-owned: use them in a request for a tenant');
  return tenant;
}
