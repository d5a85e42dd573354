/**
 * Drives a data connector through its whole contract the way the platform does — connect (with the
 * customer present), consent status, accounts, balances and every page of transactions (unattended), a
 * second sync, then revoke twice — and checks the contract's invariants on every answer. See
 * `docs/reference/data-connector.md` for the contract and `docs/reference/harness.md` for the checks.
 */
import {
  accountIdentifierSchemes,
  accountTypes,
  balanceTypes,
  type ConnectionGrant,
  ConnectorError,
  type ConnectorContext,
  type CustomerPresence,
  type DataConnector,
  type SourceAccount,
  type SourceBalance,
  type SourceTransaction,
  type TransactionPage,
} from '../connector';
import { type FetchRecord, guardedFetch, type SourceFixture } from './fetch';
import { dateProblem, describeError, enumProblem, instantProblem, jsonProblem, moneyProblem } from './checks';

/** The customer's approval at the source, for connectors that redirect: returns the callback's query. */
export type Authorise = (redirect: {
  readonly authorisationUrl: string;
  readonly state: string;
  readonly redirectUri: string;
}) => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>;

export interface DataConnectorCheckOptions {
  /** Hosts the connector may call (the manifest's, settings' URL hosts resolved: see `declaredHosts`). */
  readonly hosts: readonly string[];
  /** The fake source behind those hosts (e.g. `fixtureBank()`). */
  readonly source?: SourceFixture;
  /** Whether the plugin runs isolated (third-party): credential headers are refused too. */
  readonly isolated?: boolean;
  /** The platform's clock (default 2026-11-01T09:00:00Z). */
  readonly now?: Date;
  /** Default: the customer approves, the callback is `{ code: "harness-authorisation-code", state }`. */
  readonly authorise?: Authorise;
  /** Pages per account after which pagination counts as endless (default 1000). */
  readonly maxPages?: number;
}

/** What the connector delivered in its first sync, and how. */
export interface DataConnectorRun {
  readonly grant: ConnectionGrant | null;
  readonly accounts: readonly SourceAccount[];
  readonly balances: readonly SourceBalance[];
  readonly transactions: readonly SourceTransaction[];
  /** `listTransactions` calls of the first sync (all accounts). */
  readonly pages: number;
  readonly heartbeats: number;
  /** Grants the connector saved through `context.saveGrant`. */
  readonly savedGrants: number;
  readonly fetches: readonly FetchRecord[];
}

export type ProblemSink = (step: string, message: string) => void;

const redirectUri = 'https://platform.harness.example/connections/callback';
const customerPresent: CustomerPresence = { present: true, ipAddress: '203.0.113.7' };
const unattended: CustomerPresence = { present: false };

/** Runs the cycle, reporting every broken invariant to `problem`; stops at the first failed call. */
export async function checkDataConnector(
  connector: DataConnector,
  options: DataConnectorCheckOptions,
  problem: ProblemSink,
): Promise<DataConnectorRun> {
  const now = options.now ?? new Date('2026-11-01T09:00:00Z');
  const fetches: FetchRecord[] = [];
  const fetch = guardedFetch({
    hosts: options.hosts,
    ...(options.source ? { source: options.source } : {}),
    isolated: options.isolated ?? false,
    record: (entry) => {
      fetches.push(entry);
      if (entry.refused)
        problem('data-connector.fetch', `${entry.method} ${entry.url} refused: ${entry.refused}`);
    },
  });
  let grant: ConnectionGrant | null = null;
  let heartbeats = 0;
  let savedGrants = 0;
  const context = (customer: CustomerPresence, connected: boolean): ConnectorContext => ({
    signal: new AbortController().signal,
    heartbeat: () => void heartbeats++,
    fetch,
    now: () => new Date(now),
    customer,
    saveGrant: async (next) => {
      // As the platform: only a stored connection's grant can be replaced, keeping its source consent.
      if (!connected || !grant) {
        problem(
          'data-connector.saveGrant',
          'saveGrant was called where there is no stored connection yet (beginConnection, completeConnection): return the grant instead',
        );
        throw new ConnectorError('CONSENT_REVOKED', 'There is no stored connection to save a grant to.');
      }
      const notJson = jsonProblem(next, 'the saved grant');
      if (notJson || next.sourceConsentId !== grant.sourceConsentId) {
        const why =
          notJson ?? 'the saved grant changed sourceConsentId; a refreshed grant is the same consent';
        problem('data-connector.saveGrant', why);
        throw new ConnectorError('INVALID_REQUEST', why);
      }
      grant = next;
      savedGrants++;
    },
  });
  const run = (): DataConnectorRun => ({
    grant,
    accounts,
    balances,
    transactions,
    pages,
    heartbeats,
    savedGrants,
    fetches,
  });
  const call = async <T>(step: string, action: () => Promise<T>): Promise<T | typeof failed> => {
    try {
      return await action();
    } catch (error) {
      problem(
        `data-connector.${step}`,
        error instanceof ConnectorError
          ? `threw ConnectorError ${error.code}: ${error.message}`
          : `threw ${describeError(error)} — not a ConnectorError, which the platform treats as a bug`,
      );
      return failed;
    }
  };
  const accounts: SourceAccount[] = [];
  const balances: SourceBalance[] = [];
  const transactions: SourceTransaction[] = [];
  let pages = 0;

  // Connect, with the customer present.
  const begun = await call('beginConnection', () =>
    connector.beginConnection(
      {
        redirectUri,
        state: 'harness-state-7f3a',
        validUntil: new Date(now.getTime() + 90 * 86_400_000).toISOString(),
        includeHistory: true,
      },
      context(customerPresent, false),
    ),
  );
  if (begun === failed) return run();
  if (begun.kind === 'redirect') {
    if (!URL.canParse(begun.authorisationUrl)) {
      problem(
        'data-connector.beginConnection',
        `authorisationUrl ${JSON.stringify(begun.authorisationUrl)} is not a URL`,
      );
      return run();
    }
    const pendingProblem = jsonProblem(begun.pending, 'pending');
    if (pendingProblem) problem('data-connector.beginConnection', pendingProblem);
    const authorise: Authorise =
      options.authorise ?? (({ state }) => ({ code: 'harness-authorisation-code', state }));
    const callback = await authorise({
      authorisationUrl: begun.authorisationUrl,
      state: 'harness-state-7f3a',
      redirectUri,
    });
    const completed = await call('completeConnection', () =>
      connector.completeConnection(
        { pending: begun.pending, callback, redirectUri },
        context(customerPresent, false),
      ),
    );
    if (completed === failed) return run();
    grant = completed;
  } else if (begun.kind === 'ready') {
    grant = begun.grant;
  } else {
    problem(
      'data-connector.beginConnection',
      `returned kind ${JSON.stringify((begun as { kind: unknown }).kind)}; use "redirect" or "ready"`,
    );
    return run();
  }
  const grantProblem =
    jsonProblem(grant, 'the grant') ??
    (grant.expiresAt !== undefined ? instantProblem(grant.expiresAt, 'grant.expiresAt') : null);
  if (grantProblem) problem('data-connector.grant', grantProblem);

  // An unattended sync, as the platform's scheduled one.
  const status = await call('consentStatus', () =>
    connector.consentStatus(grant!, context(unattended, true)),
  );
  if (status === failed) return run();
  if (status !== 'valid') {
    problem('data-connector.consentStatus', `is "${status}" right after connecting; expected "valid"`);
    return run();
  }
  const listed = await call('listAccounts', () => connector.listAccounts(grant!, context(unattended, true)));
  if (listed === failed) return run();
  const resultProblem = jsonProblem(listed, 'accounts');
  if (resultProblem) problem('data-connector.listAccounts', resultProblem);
  accounts.push(...listed);
  checkAccounts(accounts, problem);

  const synced = await syncTransactions(accounts);
  if (synced === failed) return run();
  pages = synced.pages;
  transactions.push(...synced.transactions);
  for (const account of accounts) {
    const answer = await call('listBalances', () =>
      connector.listBalances(grant!, account.sourceId, context(unattended, true)),
    );
    if (answer === failed) return run();
    checkBalances(answer, account, problem);
    balances.push(...answer);
  }

  // A second sync must find the same transactions under the same ids: the platform upserts by them.
  const again = await syncTransactions(accounts);
  if (again === failed) return run();
  compareSyncs(transactions, again.transactions, problem);

  // Disconnect (customer present), then again: revoking what is gone must succeed.
  for (const attempt of ['revoke', 'revoke (again)']) {
    const revoked = await call(attempt, () => connector.revoke(grant!, context(customerPresent, false)));
    if (revoked === failed) return run();
  }
  return run();

  /** Every page of every account; the grant is re-read per page (the connector may have saved a new one). */
  async function syncTransactions(
    of: readonly SourceAccount[],
  ): Promise<{ transactions: SourceTransaction[]; pages: number } | typeof failed> {
    const maxPages = options.maxPages ?? 1000;
    const found: SourceTransaction[] = [];
    let calls = 0;
    for (const account of of) {
      const seenCursors = new Set<string>();
      const seenIds = new Set<string>();
      let cursor: string | null = null;
      for (let page = 1; ; page++) {
        if (page > maxPages) {
          problem(
            'data-connector.listTransactions',
            `account ${account.sourceId}: still a next page after ${maxPages} pages; pagination must end (nextCursor null)`,
          );
          break;
        }
        const current: string | null = cursor;
        const answer: TransactionPage | typeof failed = await call('listTransactions', () =>
          connector.listTransactions(
            grant!,
            account.sourceId,
            { cursor: current },
            context(unattended, true),
          ),
        );
        calls++;
        if (answer === failed) return failed;
        const pageProblem = jsonProblem(answer, 'the page');
        if (pageProblem) problem('data-connector.listTransactions', pageProblem);
        checkTransactions(answer.transactions, account, seenIds, problem);
        found.push(...answer.transactions);
        if (answer.nextCursor === null) break;
        if (typeof answer.nextCursor !== 'string') {
          problem(
            'data-connector.listTransactions',
            `nextCursor must be a string or null, got ${typeof answer.nextCursor}`,
          );
          break;
        }
        if (seenCursors.has(answer.nextCursor)) {
          problem(
            'data-connector.listTransactions',
            `account ${account.sourceId}: nextCursor ${JSON.stringify(answer.nextCursor)} came back a second time; pagination would never end`,
          );
          break;
        }
        seenCursors.add(answer.nextCursor);
        cursor = answer.nextCursor;
      }
    }
    return { transactions: found, pages: calls };
  }
}

const failed = Symbol('failed');

function checkAccounts(accounts: readonly SourceAccount[], problem: ProblemSink): void {
  const ids = new Set<string>();
  for (const [index, account] of accounts.entries()) {
    const what = `account ${typeof account.sourceId === 'string' ? account.sourceId : `[${index}]`}`;
    const problems = [
      typeof account.sourceId === 'string' && account.sourceId !== ''
        ? null
        : `${what}: sourceId must be a non-empty string`,
      ids.has(account.sourceId) ? `${what}: sourceId is not unique among the accounts` : null,
      enumProblem(account.type, accountTypes, `${what}: type`),
      /^[A-Z]{3}$/.test(String(account.currency))
        ? null
        : `${what}: currency must be an ISO 4217 code, got ${JSON.stringify(account.currency)}`,
      Array.isArray(account.identifiers) ? null : `${what}: identifiers must be an array (may be empty)`,
      ...(Array.isArray(account.identifiers) ? account.identifiers : []).map((identifier, i) =>
        enumProblem(identifier?.scheme, accountIdentifierSchemes, `${what}: identifiers[${i}].scheme`),
      ),
      account.openedOn === undefined ? null : dateProblem(account.openedOn, `${what}: openedOn`),
    ];
    ids.add(account.sourceId);
    for (const message of problems) if (message) problem('data-connector.listAccounts', message);
  }
}

function checkBalances(
  balances: readonly SourceBalance[],
  account: SourceAccount,
  problem: ProblemSink,
): void {
  const listProblem = jsonProblem(balances, 'balances');
  if (listProblem) problem('data-connector.listBalances', listProblem);
  for (const [index, balance] of balances.entries()) {
    const what = `account ${account.sourceId}: balances[${index}]`;
    const problems = [
      balance.sourceAccountId === account.sourceId
        ? null
        : `${what}.sourceAccountId is ${JSON.stringify(balance.sourceAccountId)}, not the account asked for`,
      enumProblem(balance.type, balanceTypes, `${what}.type`),
      moneyProblem(balance.amount, `${what}.amount`, { signed: true }),
      instantProblem(balance.asOf, `${what}.asOf`),
      balance.creditLimit === undefined
        ? null
        : moneyProblem(balance.creditLimit, `${what}.creditLimit`, { signed: false }),
    ];
    for (const message of problems) if (message) problem('data-connector.listBalances', message);
  }
}

function checkTransactions(
  transactions: readonly SourceTransaction[],
  account: SourceAccount,
  seenIds: Set<string>,
  problem: ProblemSink,
): void {
  if (!Array.isArray(transactions)) {
    problem('data-connector.listTransactions', `account ${account.sourceId}: transactions must be an array`);
    return;
  }
  for (const transaction of transactions) {
    const id = transaction.sourceId;
    const what = `account ${account.sourceId}: transaction ${typeof id === 'string' ? id : JSON.stringify(id)}`;
    const problems = [
      typeof id === 'string' && id !== '' ? null : `${what}: sourceId must be a non-empty string`,
      seenIds.has(id)
        ? `${what}: sourceId appears twice in one sync; it must be unique per account (deriveSourceId for sources without ids)`
        : null,
      transaction.sourceAccountId === account.sourceId
        ? null
        : `${what}: sourceAccountId is ${JSON.stringify(transaction.sourceAccountId)}, not the account asked for`,
      moneyProblem(transaction.amount, `${what}: amount`, { signed: false }),
      enumProblem(transaction.direction, ['credit', 'debit'], `${what}: direction`),
      enumProblem(transaction.status, ['booked', 'pending'], `${what}: status`),
      dateProblem(transaction.bookingDate, `${what}: bookingDate`),
      transaction.valueDate === undefined ? null : dateProblem(transaction.valueDate, `${what}: valueDate`),
      transaction.merchant?.mcc === undefined || /^\d{4}$/.test(transaction.merchant.mcc)
        ? null
        : `${what}: merchant.mcc must be 4 digits (ISO 18245)`,
      transaction.balanceAfter === undefined
        ? null
        : moneyProblem(transaction.balanceAfter, `${what}: balanceAfter`, { signed: true }),
    ];
    seenIds.add(id);
    for (const message of problems) if (message) problem('data-connector.listTransactions', message);
  }
}

/** The second sync must deliver the same transactions under the same ids, unchanged. */
function compareSyncs(
  first: readonly SourceTransaction[],
  second: readonly SourceTransaction[],
  problem: ProblemSink,
): void {
  const key = (transaction: SourceTransaction) => `${transaction.sourceAccountId}\n${transaction.sourceId}`;
  const before = new Map(first.map((transaction) => [key(transaction), JSON.stringify(transaction)]));
  const after = new Map(second.map((transaction) => [key(transaction), JSON.stringify(transaction)]));
  const missing = [...before.keys()].filter((id) => !after.has(id));
  const added = [...after.keys()].filter((id) => !before.has(id));
  const changed = [...before.keys()].filter((id) => after.has(id) && after.get(id) !== before.get(id));
  const sample = (ids: string[]) =>
    ids
      .slice(0, 3)
      .map((id) => id.split('\n')[1])
      .join(', ');
  if (missing.length > 0 || added.length > 0) {
    problem(
      'data-connector.resync',
      `a second sync gave other ids (${missing.length} gone, e.g. ${sample(missing) || '-'}; ${added.length} new, e.g. ${sample(added) || '-'}): sourceIds must be stable across fetches`,
    );
  }
  if (changed.length > 0) {
    problem(
      'data-connector.resync',
      `${changed.length} transactions changed between two syncs of the same data (e.g. ${sample(changed)})`,
    );
  }
}
