/**
 * A local ASPSP (the bank's side) of the UK Open Banking Account and Transaction API v3.1, for
 * tests: Node `http` on 127.0.0.1 at a random port, fed with fixture data in the plugin SDK's
 * shapes. Every request it receives and every response it sends is checked against the official
 * OpenAPI document (see `spec/spec-source.ts`):
 * - an invalid request is answered 400 (415 for a wrong Content-Type, 404/405 for paths and
 *   methods the API does not have) with an `OBErrorResponse1`, and recorded in `invalidRequests()`;
 * - an invalid response is a bug in this server or its fixtures: it is recorded in
 *   `responseViolations`, printed, and replaced by a 500 so the caller cannot miss it.
 *
 * Besides the API it plays the authorisation server, simplified: a client-credentials token for
 * the consent endpoints, an authorise endpoint that approves (or rejects) the consent on the
 * customer's behalf and redirects with `code` and `state`, and the authorization-code and
 * refresh-token exchanges. FAPI's mutual TLS, signed request objects and JWS signatures are not
 * implemented (see the package README).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SourceAccount, SourceBalance, SourceTransaction } from '@finpersona/plugin-sdk';
import { AccountInfoSpec, type MatchedOperation, type SpecViolation } from '../spec/validator';
import { toObAccount, toObBalance, toObTransaction, type ObJson } from './to-open-banking';

/** The path prefix the Read/Write API profile gives the AIS resources of v3.1. */
export const aisBasePath = '/open-banking/v3.1/aisp';
const authorizePath = '/as/authorize';
const tokenPath = '/as/token';

export interface LocalAspspOptions {
  readonly accounts?: readonly SourceAccount[];
  readonly balances?: readonly SourceBalance[];
  readonly transactions?: readonly SourceTransaction[];
  /** Transactions per page (default 25). */
  readonly pageSize?: number;
  /** The server's clock (consent expiry, token lifetimes). Share it with the connector's context in tests. */
  readonly now?: () => Date;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Access token lifetime in seconds (default 3600). */
  readonly accessTokenSeconds?: number;
  /**
   * Refresh-token rotation (RFC 6749 §6, §10.4): every refresh answers a new refresh token and spends
   * the one used, which is refused (`invalid_grant`) from then on. Default false: the refresh token
   * lasts as long as the consent, as in the Read/Write API profile's basic case.
   */
  readonly rotateRefreshTokens?: boolean;
  /** Leave `TransactionId` out of transactions (it is optional in v3.1), to exercise derived ids. */
  readonly omitTransactionIds?: boolean;
  /**
   * Rewrites a response body just before it is checked and sent: lets a test serve a deliberately
   * broken payload and see the server catch it.
   */
  readonly transformResponse?: (operationId: string, body: ObJson) => ObJson;
}

export interface RecordedRequest {
  /** Server-clock instant (ISO 8601). */
  readonly at: string;
  readonly method: string;
  /** Full path, without the query. */
  readonly path: string;
  readonly query: string;
  /** The spec's operationId, `oauth.authorize` / `oauth.token`, or undefined for unknown paths. */
  readonly operationId?: string;
  readonly status: number;
  /** How the request broke the spec (empty when it did not). */
  readonly violations: readonly SpecViolation[];
  /** True when an injected fault answered it. */
  readonly faulted: boolean;
  /** The `x-fapi-customer-ip-address` header (the PSU present), on AIS requests that carried one. */
  readonly customerIpAddress?: string;
}

export interface ResponseViolation {
  readonly operationId: string;
  readonly status: number;
  readonly violations: readonly SpecViolation[];
}

export interface Fault {
  readonly status: 429 | 500 | 502 | 503 | 504;
  /** How many matching requests it answers (default 1). */
  readonly count?: number;
  /** Only requests whose path contains this (string) or matches it (RegExp). Default: every request. */
  readonly path?: string | RegExp;
  /** `Retry-After` seconds on a 429. */
  readonly retryAfterSeconds?: number;
}

export type ConsentStatus = 'AwaitingAuthorisation' | 'Authorised' | 'Rejected' | 'Revoked';

export interface ConsentRecord {
  readonly consentId: string;
  status: ConsentStatus;
  readonly creationDateTime: string;
  statusUpdateDateTime: string;
  readonly permissions: readonly string[];
  readonly expirationDateTime?: string;
  readonly transactionFromDateTime?: string;
  readonly transactionToDateTime?: string;
  /** True once the TPP deleted it (DELETE): it no longer exists for GET. */
  deleted: boolean;
}

export interface LocalAspsp {
  /** Origin, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Base URL of the AIS API: `${url}/open-banking/v3.1/aisp`. */
  readonly apiBaseUrl: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** `info.version` of the OpenAPI document traffic is checked against. */
  readonly specVersion: string;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Responses this server produced that broke the spec (then answered 500 instead). */
  readonly responseViolations: readonly ResponseViolation[];
  /** Requests that broke the spec. */
  invalidRequests(): RecordedRequest[];
  /** New transactions the bank starts serving (e.g. between two syncs). */
  addTransactions(transactions: readonly SourceTransaction[]): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Whether `/as/authorize` approves (default) or rejects the consent for the customer. */
  setAuthorisationOutcome(outcome: 'approve' | 'reject'): void;
  /** Revokes a consent at the bank (the customer's access dashboard), not through the API. */
  revokeAtAspsp(consentId: string): void;
  consent(consentId: string): Readonly<ConsentRecord> | undefined;
  /** Throws if any request or response broke the spec. */
  assertSpecClean(): void;
  close(): Promise<void>;
}

interface TokenRecord {
  readonly kind: 'client' | 'consent';
  readonly consentId?: string;
  readonly expiresAt: number;
}

interface ApiAnswer {
  readonly status: number;
  readonly body?: ObJson;
  readonly headers?: Record<string, string>;
}

class Problem extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string | undefined,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

function errorBody(status: number, errorCode: string, message: string, path?: string): ObJson {
  const codes: Record<number, string> = {
    400: '400 BadRequest',
    403: '403 Forbidden',
    500: '500 InternalError',
    502: '502 BadGateway',
    503: '503 ServiceUnavailable',
    504: '504 GatewayTimeout',
  };
  return {
    Code: codes[status] ?? `${status} Error`,
    Id: randomUUID().slice(0, 36),
    Message: message.slice(0, 500),
    Errors: [
      { ErrorCode: errorCode, Message: message.slice(0, 500), ...(path ? { Path: path.slice(0, 500) } : {}) },
    ],
  };
}

function errorCodeFor(violation: SpecViolation): string {
  if (violation.at.startsWith('header ')) {
    return violation.message === 'is required' ? 'UK.OBIE.Header.Missing' : 'UK.OBIE.Header.Invalid';
  }
  if (violation.message === 'is required') return 'UK.OBIE.Field.Missing';
  if (violation.at.startsWith('query') && /date/.test(violation.message)) return 'UK.OBIE.Field.InvalidDate';
  return 'UK.OBIE.Field.Invalid';
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function headersOf(request: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers))
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** A query date-time is UTC without a zone (profile); a timezone, if sent anyway, is ignored as the spec says. */
function queryInstant(value: string | null): number | undefined {
  if (!value) return undefined;
  const local = value.replace(/(Z|[+-]\d{2}(:?\d{2})?)$/, '');
  return Date.parse(/T/.test(local) ? `${local}Z` : `${local}T00:00:00Z`);
}

function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

const transactionPermissions = ['ReadTransactionsBasic', 'ReadTransactionsDetail'];

/** One compiled document per process: compiling its schemas is the slow part of starting a server. */
let sharedSpec: Promise<AccountInfoSpec> | undefined;

/** Starts a local ASPSP. Resolves once it listens. */
export async function startLocalAspsp(options: LocalAspspOptions = {}): Promise<LocalAspsp> {
  sharedSpec ??= AccountInfoSpec.load();
  sharedSpec.catch(() => (sharedSpec = undefined)); // a failed fetch is retried by the next start
  const spec = await sharedSpec;
  const now = options.now ?? (() => new Date());
  const pageSize = options.pageSize ?? 25;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new Error(`pageSize must be a positive integer, got ${pageSize}`);
  const clientId = options.clientId ?? 'finpersona-test-client';
  const clientSecret = options.clientSecret ?? 'local-aspsp-secret';
  const accessTokenSeconds = options.accessTokenSeconds ?? 3600;
  const accounts = [...(options.accounts ?? [])];
  const balances = [...(options.balances ?? [])];
  // Kept sorted by booking date (stable, so same-day transactions keep the caller's order): pages are slices.
  const byBookingDate = (a: SourceTransaction, b: SourceTransaction): number =>
    a.bookingDate < b.bookingDate ? -1 : a.bookingDate > b.bookingDate ? 1 : 0;
  const transactions = [...(options.transactions ?? [])].sort(byBookingDate);

  const requests: RecordedRequest[] = [];
  const responseViolations: ResponseViolation[] = [];
  const faults: { fault: Fault; remaining: number }[] = [];
  const consents = new Map<string, ConsentRecord>();
  const tokens = new Map<string, TokenRecord>();
  const refreshTokens = new Map<string, string>(); // refresh token → consent id
  const codes = new Map<string, { consentId: string; redirectUri: string; expiresAt: number }>();
  let outcome: 'approve' | 'reject' = 'approve';
  let origin = '';

  const iso = (): string => now().toISOString();

  function takeFault(path: string): Fault | undefined {
    const index = faults.findIndex(({ fault }) =>
      fault.path === undefined
        ? true
        : typeof fault.path === 'string'
          ? path.includes(fault.path)
          : fault.path.test(path),
    );
    const entry = faults[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) faults.splice(index, 1);
    return entry.fault;
  }

  function faultAnswer(fault: Fault): ApiAnswer {
    if (fault.status === 429) {
      return {
        status: 429,
        headers:
          fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {},
      };
    }
    return {
      status: fault.status,
      body: errorBody(fault.status, 'UK.OBIE.UnexpectedError', 'Injected fault: the service is unavailable.'),
    };
  }

  function bearer(headers: Record<string, string | undefined>): TokenRecord | undefined {
    const match = /^Bearer (\S+)$/.exec(headers.authorization ?? '');
    const token = match?.[1] ? tokens.get(match[1]) : undefined;
    return token && token.expiresAt > now().getTime() ? token : undefined;
  }

  function issueToken(kind: TokenRecord['kind'], consentId?: string): string {
    const token = randomUUID();
    tokens.set(token, {
      kind,
      ...(consentId ? { consentId } : {}),
      expiresAt: now().getTime() + accessTokenSeconds * 1000,
    });
    return token;
  }

  function consentExpired(consent: ConsentRecord): boolean {
    return (
      consent.expirationDateTime !== undefined && Date.parse(consent.expirationDateTime) <= now().getTime()
    );
  }

  function consentJson(consent: ConsentRecord): ObJson {
    return {
      Data: {
        ConsentId: consent.consentId,
        CreationDateTime: consent.creationDateTime,
        Status: consent.status,
        StatusUpdateDateTime: consent.statusUpdateDateTime,
        Permissions: consent.permissions,
        ...(consent.expirationDateTime ? { ExpirationDateTime: consent.expirationDateTime } : {}),
        ...(consent.transactionFromDateTime
          ? { TransactionFromDateTime: consent.transactionFromDateTime }
          : {}),
        ...(consent.transactionToDateTime ? { TransactionToDateTime: consent.transactionToDateTime } : {}),
      },
      Risk: {},
      Links: { Self: `${origin}${aisBasePath}/account-access-consents/${consent.consentId}` },
      Meta: { TotalPages: 1 },
    };
  }

  function createConsent(body: ObJson): ApiAnswer {
    const data = body.Data as {
      Permissions: string[];
      ExpirationDateTime?: string;
      TransactionFromDateTime?: string;
      TransactionToDateTime?: string;
    };
    const permissions = data.Permissions;
    // Business rules of the Account and Transaction API profile (Permissions): the schema cannot express them.
    const wantsTransactions = permissions.some((p) => p.startsWith('ReadTransactions'));
    if (
      wantsTransactions &&
      (!permissions.some((p) => transactionPermissions.includes(p)) ||
        !permissions.some((p) => p === 'ReadTransactionsCredits' || p === 'ReadTransactionsDebits'))
    ) {
      throw new Problem(
        400,
        'UK.OBIE.Field.Invalid',
        'Transaction permissions need ReadTransactionsBasic or ReadTransactionsDetail and ReadTransactionsCredits and/or ReadTransactionsDebits.',
        'Data.Permissions',
      );
    }
    if (data.ExpirationDateTime && Date.parse(data.ExpirationDateTime) <= now().getTime()) {
      throw new Problem(
        400,
        'UK.OBIE.Field.InvalidDate',
        'ExpirationDateTime is in the past.',
        'Data.ExpirationDateTime',
      );
    }
    if (
      data.TransactionFromDateTime &&
      data.TransactionToDateTime &&
      Date.parse(data.TransactionFromDateTime) > Date.parse(data.TransactionToDateTime)
    ) {
      throw new Problem(
        400,
        'UK.OBIE.Field.InvalidDate',
        'TransactionFromDateTime is after TransactionToDateTime.',
      );
    }
    const at = iso();
    const consent: ConsentRecord = {
      consentId: `aac-${randomUUID()}`,
      status: 'AwaitingAuthorisation',
      creationDateTime: at,
      statusUpdateDateTime: at,
      permissions: [...permissions],
      ...(data.ExpirationDateTime ? { expirationDateTime: data.ExpirationDateTime } : {}),
      ...(data.TransactionFromDateTime ? { transactionFromDateTime: data.TransactionFromDateTime } : {}),
      ...(data.TransactionToDateTime ? { transactionToDateTime: data.TransactionToDateTime } : {}),
      deleted: false,
    };
    consents.set(consent.consentId, consent);
    return { status: 201, body: consentJson(consent) };
  }

  function existingConsent(consentId: string | undefined): ConsentRecord {
    const consent = consentId ? consents.get(consentId) : undefined;
    // The profile asks for 400, not 404, for an id that does not exist.
    if (!consent || consent.deleted) {
      throw new Problem(400, 'UK.OBIE.Resource.NotFound', `No account-access-consent ${consentId ?? ''}.`);
    }
    return consent;
  }

  /** The consent behind a data request, or the answer the profile gives when it is not usable. */
  function usableConsent(token: TokenRecord, required: readonly string[]): ConsentRecord {
    const consent = token.consentId ? consents.get(token.consentId) : undefined;
    if (!consent || consent.deleted || consent.status !== 'Authorised') {
      throw new Problem(
        403,
        'UK.OBIE.Resource.InvalidConsentStatus',
        `The account-access-consent is ${consent?.deleted ? 'deleted' : (consent?.status ?? 'unknown')}: it gives no access.`,
      );
    }
    if (!required.some((permission) => consent.permissions.includes(permission))) {
      throw new Problem(
        403,
        'UK.OBIE.Resource.ConsentMismatch',
        `The consent lacks ${required.join(' or ')}.`,
      );
    }
    return consent;
  }

  function selectedAccount(accountId: string | undefined): SourceAccount {
    const account = accounts.find((candidate) => candidate.sourceId === accountId);
    if (!account) throw new Problem(400, 'UK.OBIE.Resource.NotFound', `No account ${accountId ?? ''}.`);
    return account;
  }

  function transactionsPage(consent: ConsentRecord, accountId: string, query: URLSearchParams): ApiAnswer {
    const pageText = query.get('page') ?? '1';
    const page = /^[1-9]\d*$/.test(pageText) ? Number(pageText) : Number.NaN;
    if (!Number.isSafeInteger(page))
      throw new Problem(400, 'UK.OBIE.Field.Invalid', 'page must be a positive integer.', 'page');
    const from = Math.max(
      queryInstant(query.get('fromBookingDateTime')) ?? -Infinity,
      consent.transactionFromDateTime ? Date.parse(consent.transactionFromDateTime) : -Infinity,
    );
    const to = Math.min(
      queryInstant(query.get('toBookingDateTime')) ?? Infinity,
      consent.transactionToDateTime ? Date.parse(consent.transactionToDateTime) : Infinity,
    );
    const credits = consent.permissions.includes('ReadTransactionsCredits');
    const debits = consent.permissions.includes('ReadTransactionsDebits');
    const detail = consent.permissions.includes('ReadTransactionsDetail');
    const matching = transactions
      .filter((transaction) => transaction.sourceAccountId === accountId)
      .filter((transaction) => (transaction.direction === 'credit' ? credits : debits))
      .filter(
        (transaction) =>
          (from === -Infinity && to === Infinity) ||
          (dayStart(transaction.bookingDate) >= from && dayStart(transaction.bookingDate) <= to),
      );
    const totalPages = Math.max(1, Math.ceil(matching.length / pageSize));
    if (page > totalPages)
      throw new Problem(400, 'UK.OBIE.Field.Invalid', `page ${page} is past the last page.`, 'page');
    const link = (target: number): string => {
      const params = new URLSearchParams(query);
      params.set('page', String(target));
      return `${origin}${aisBasePath}/accounts/${encodeURIComponent(accountId)}/transactions?${params.toString()}`;
    };
    return {
      status: 200,
      body: {
        Data: {
          Transaction: matching
            .slice((page - 1) * pageSize, page * pageSize)
            .map((transaction) => toObTransaction(transaction, detail, !options.omitTransactionIds)),
        },
        Links: {
          Self: link(page),
          First: link(1),
          Last: link(totalPages),
          ...(page > 1 ? { Prev: link(page - 1) } : {}),
          ...(page < totalPages ? { Next: link(page + 1) } : {}),
        },
        Meta: { TotalPages: totalPages },
      },
    };
  }

  function handleOperation(
    operation: MatchedOperation,
    query: URLSearchParams,
    body: string,
    token: TokenRecord,
  ): ApiAnswer {
    const self = (path: string): ObJson => ({ Self: `${origin}${aisBasePath}${path}` });
    const { AccountId: accountId, ConsentId: consentId } = operation.pathParams;
    switch (operation.operationId) {
      case 'CreateAccountAccessConsents':
        return createConsent(JSON.parse(body) as ObJson);
      case 'GetAccountAccessConsentsConsentId':
        return { status: 200, body: consentJson(existingConsent(consentId)) };
      case 'DeleteAccountAccessConsentsConsentId': {
        const consent = existingConsent(consentId);
        consent.deleted = true;
        consent.statusUpdateDateTime = iso();
        return { status: 204 };
      }
      case 'GetAccounts': {
        const consent = usableConsent(token, ['ReadAccountsBasic', 'ReadAccountsDetail']);
        const detail = consent.permissions.includes('ReadAccountsDetail');
        return {
          status: 200,
          body: {
            Data: { Account: accounts.map((a) => toObAccount(a, detail)) },
            Links: self('/accounts'),
            Meta: { TotalPages: 1 },
          },
        };
      }
      case 'GetAccountsAccountId': {
        const consent = usableConsent(token, ['ReadAccountsBasic', 'ReadAccountsDetail']);
        const account = selectedAccount(accountId);
        return {
          status: 200,
          body: {
            Data: { Account: [toObAccount(account, consent.permissions.includes('ReadAccountsDetail'))] },
            Links: self(`/accounts/${encodeURIComponent(account.sourceId)}`),
            Meta: { TotalPages: 1 },
          },
        };
      }
      case 'GetAccountsAccountIdBalances': {
        usableConsent(token, ['ReadBalances']);
        const account = selectedAccount(accountId);
        return {
          status: 200,
          body: {
            Data: {
              Balance: balances.filter((b) => b.sourceAccountId === account.sourceId).map(toObBalance),
            },
            Links: self(`/accounts/${encodeURIComponent(account.sourceId)}/balances`),
            Meta: { TotalPages: 1 },
          },
        };
      }
      case 'GetAccountsAccountIdTransactions': {
        const consent = usableConsent(token, transactionPermissions);
        return transactionsPage(consent, selectedAccount(accountId).sourceId, query);
      }
      default:
        // In the document but not implemented here: the profile's answer for that is 404.
        throw new Problem(404, undefined, `${operation.operationId} is not implemented by the local ASPSP.`);
    }
  }

  function send(
    response: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: string,
  ): void {
    response.writeHead(status, {
      ...headers,
      ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
    });
    response.end(body);
  }

  async function handleApi(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    query: URLSearchParams,
  ): Promise<void> {
    const headers = headersOf(request);
    const body = await readBody(request);
    const interactionId = headers['x-fapi-interaction-id'] ?? randomUUID();
    const method = request.method ?? 'GET';
    const record = (status: number, extra: Partial<RecordedRequest>): void => {
      requests.push({
        at: iso(),
        method,
        path,
        query: query.toString(),
        status,
        violations: [],
        faulted: false,
        ...(headers['x-fapi-customer-ip-address'] !== undefined
          ? { customerIpAddress: headers['x-fapi-customer-ip-address'] }
          : {}),
        ...extra,
      });
    };

    const match = spec.match(method, path.slice(aisBasePath.length) || '/');
    if (match.kind !== 'operation') {
      const status = match.kind === 'no-such-path' ? 404 : 405;
      record(status, {
        violations: [
          {
            at: 'path',
            message: match.kind === 'no-such-path' ? 'is not in the API' : `${method} is not allowed here`,
          },
        ],
      });
      send(response, status, { 'x-fapi-interaction-id': interactionId }, '');
      return;
    }
    const operation = match.operation;

    let answer: ApiAnswer;
    let violations: SpecViolation[] = [];
    let faulted = false;
    try {
      violations = spec.validateRequest(operation, { method, path, query, headers, body });
      const accept = headers.accept;
      if (accept && !/(^|,)\s*(application\/json|application\/\*|\*\/\*)/.test(accept)) {
        violations.push({ at: 'header Accept', message: `must accept application/json (got ${accept})` });
      }
      if (violations.length > 0) {
        const first = violations[0] as SpecViolation;
        const status = first.at === 'header Content-Type' ? 415 : first.at === 'header Accept' ? 406 : 400;
        // The document gives 406 and 415 no body; 400 carries the OBErrorResponse1.
        answer =
          status !== 400
            ? { status }
            : {
                status,
                body: {
                  ...errorBody(
                    status,
                    errorCodeFor(first),
                    'The request does not follow the Account and Transaction API specification.',
                  ),
                  Errors: violations.map((v) => ({
                    ErrorCode: errorCodeFor(v),
                    Message: `${v.at} ${v.message}`.slice(0, 500),
                    Path: v.at.slice(0, 500),
                  })),
                },
              };
      } else {
        const fault = takeFault(path);
        if (fault) {
          faulted = true;
          answer = faultAnswer(fault);
        } else {
          const token = bearer(headers);
          const wants = operation.securitySchemes.includes('TPPOAuth2Security') ? 'client' : 'consent';
          if (!token) {
            answer = { status: 401 };
          } else if (token.kind !== wants) {
            throw new Problem(
              403,
              'UK.OBIE.Resource.ConsentMismatch',
              `This operation needs a ${wants === 'client' ? 'client-credentials' : 'customer-authorised'} token.`,
            );
          } else if (
            token.kind === 'consent' &&
            consentExpired(consents.get(token.consentId ?? '') as ConsentRecord)
          ) {
            // Profile, 401 (Unauthorized): an expired consent makes the access token expire; no body.
            answer = { status: 401 };
          } else {
            answer = handleOperation(operation, query, body, token);
          }
        }
      }
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      answer = error.errorCode
        ? { status: error.status, body: errorBody(error.status, error.errorCode, error.message, error.path) }
        : { status: error.status };
    }

    let payload = answer.body;
    if (payload && options.transformResponse)
      payload = options.transformResponse(operation.operationId, payload);
    const text = payload ? JSON.stringify(payload) : '';
    const responseHeaders: Record<string, string> = {
      'x-fapi-interaction-id': interactionId,
      ...(text ? { 'content-type': 'application/json' } : {}),
      ...answer.headers,
    };
    const broken = spec.validateResponse(operation, {
      status: answer.status,
      headers: responseHeaders,
      body: text,
    });
    record(answer.status, { operationId: operation.operationId, violations, faulted });
    if (broken.length > 0) {
      responseViolations.push({
        operationId: operation.operationId,
        status: answer.status,
        violations: broken,
      });
      const message = `Local ASPSP bug: its ${answer.status} response to ${operation.operationId} breaks the specification: ${broken.map((v) => `${v.at} ${v.message}`).join('; ')}`;
      console.error(message);
      const replacement = JSON.stringify(errorBody(500, 'UK.OBIE.UnexpectedError', message));
      send(
        response,
        500,
        { 'x-fapi-interaction-id': interactionId, 'content-type': 'application/json' },
        replacement,
      );
      return;
    }
    send(response, answer.status, responseHeaders, text);
  }

  /** The authorise endpoint: plays the customer, who logs in, sees the consent and approves it (or not). */
  function handleAuthorize(response: ServerResponse, query: URLSearchParams): number {
    const redirectUri = query.get('redirect_uri');
    const state = query.get('state');
    const fail = (message: string): number => {
      send(response, 400, { 'content-type': 'text/plain' }, message);
      return 400;
    };
    // Errors about the client or redirect URI are shown, never redirected (RFC 6749, 4.1.2.1).
    if (query.get('client_id') !== clientId) return fail('Unknown client_id.');
    if (!redirectUri || !/^https?:\/\//.test(redirectUri))
      return fail('redirect_uri is missing or not absolute.');
    const redirect = (params: Record<string, string>): number => {
      const target = new URL(redirectUri);
      for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
      if (state) target.searchParams.set('state', state);
      response.writeHead(302, { location: target.toString() });
      response.end();
      return 302;
    };
    if (query.get('response_type') !== 'code') return redirect({ error: 'unsupported_response_type' });
    let consentId: string | undefined;
    try {
      // The request object (a JWT) carries the consent id as the openbanking_intent_id claim. Its signature is not checked here.
      const [, payload] = (query.get('request') ?? '').split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as {
        client_id?: string;
        redirect_uri?: string;
        claims?: { id_token?: { openbanking_intent_id?: { value?: string } } };
      };
      if (claims.client_id !== clientId || claims.redirect_uri !== redirectUri) {
        return redirect({
          error: 'invalid_request_object',
          error_description: 'client_id or redirect_uri differ from the request object',
        });
      }
      consentId = claims.claims?.id_token?.openbanking_intent_id?.value;
    } catch {
      return redirect({ error: 'invalid_request_object' });
    }
    const consent = consentId ? consents.get(consentId) : undefined;
    if (
      !consent ||
      consent.deleted ||
      consent.status !== 'AwaitingAuthorisation' ||
      consentExpired(consent)
    ) {
      return redirect({ error: 'invalid_request', error_description: 'the consent cannot be authorised' });
    }
    consent.statusUpdateDateTime = iso();
    if (outcome === 'reject') {
      consent.status = 'Rejected';
      return redirect({ error: 'access_denied' });
    }
    consent.status = 'Authorised';
    const code = randomUUID();
    codes.set(code, { consentId: consent.consentId, redirectUri, expiresAt: now().getTime() + 60_000 });
    return redirect({ code });
  }

  function handleToken(
    response: ServerResponse,
    headers: Record<string, string | undefined>,
    body: string,
  ): number {
    const form = new URLSearchParams(body);
    const json = (status: number, value: object): number => {
      send(
        response,
        status,
        { 'content-type': 'application/json', 'cache-control': 'no-store' },
        JSON.stringify(value),
      );
      return status;
    };
    const basic = /^Basic (\S+)$/.exec(headers.authorization ?? '');
    // RFC 6749, 2.3.1: id and secret are form-encoded, then joined by the first colon.
    const decoded = basic?.[1] ? Buffer.from(basic[1], 'base64').toString('utf8') : undefined;
    const colon = decoded?.indexOf(':') ?? -1;
    const [id, secret] =
      decoded !== undefined && colon >= 0
        ? [decoded.slice(0, colon), decoded.slice(colon + 1)].map((part) =>
            decodeURIComponent(part.replace(/\+/g, ' ')),
          )
        : [form.get('client_id'), form.get('client_secret')];
    if (id !== clientId || secret !== clientSecret) return json(401, { error: 'invalid_client' });
    if (!/^application\/x-www-form-urlencoded/.test(headers['content-type'] ?? '')) {
      return json(400, { error: 'invalid_request', error_description: 'the body must be form-encoded' });
    }
    const grantType = form.get('grant_type');
    if (grantType === 'client_credentials') {
      return json(200, {
        access_token: issueToken('client'),
        token_type: 'Bearer',
        expires_in: accessTokenSeconds,
        scope: 'accounts',
      });
    }
    const consentToken = (consentId: string): number => {
      const refresh = randomUUID();
      refreshTokens.set(refresh, consentId);
      return json(200, {
        access_token: issueToken('consent', consentId),
        refresh_token: refresh,
        token_type: 'Bearer',
        expires_in: accessTokenSeconds,
        scope: 'openid accounts',
      });
    };
    if (grantType === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!code || code.expiresAt <= now().getTime() || code.redirectUri !== form.get('redirect_uri')) {
        return json(400, { error: 'invalid_grant' });
      }
      return consentToken(code.consentId);
    }
    if (grantType === 'refresh_token') {
      const consentId = refreshTokens.get(form.get('refresh_token') ?? '');
      const consent = consentId ? consents.get(consentId) : undefined;
      if (!consent || consent.deleted || consent.status !== 'Authorised' || consentExpired(consent)) {
        return json(400, { error: 'invalid_grant' });
      }
      if (options.rotateRefreshTokens) {
        refreshTokens.delete(form.get('refresh_token') ?? '');
        return consentToken(consent.consentId);
      }
      return json(200, {
        access_token: issueToken('consent', consent.consentId),
        token_type: 'Bearer',
        expires_in: accessTokenSeconds,
      });
    }
    return json(400, { error: 'unsupported_grant_type' });
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const started = iso();
    const handled = (async () => {
      if (path === aisBasePath || path.startsWith(`${aisBasePath}/`)) {
        await handleApi(request, response, path, url.searchParams);
        return;
      }
      const headers = headersOf(request);
      const body = await readBody(request);
      let status: number;
      const fault = takeFault(path);
      const operationId =
        path === authorizePath ? 'oauth.authorize' : path === tokenPath ? 'oauth.token' : undefined;
      if (fault && operationId) {
        const answer = faultAnswer(fault);
        status = answer.status;
        send(response, status, { ...answer.headers }, '');
      } else if (path === authorizePath && request.method === 'GET') {
        status = handleAuthorize(response, url.searchParams);
      } else if (path === tokenPath && request.method === 'POST') {
        status = handleToken(response, headers, body);
      } else {
        status = 404;
        send(response, 404, {}, '');
      }
      requests.push({
        at: started,
        method: request.method ?? 'GET',
        path,
        query: url.searchParams.toString(),
        ...(operationId ? { operationId } : {}),
        status,
        violations: operationId ? [] : [{ at: 'path', message: 'is not an endpoint of this server' }],
        faulted: Boolean(fault && operationId),
      });
    })();
    handled.catch((error: unknown) => {
      console.error('Local ASPSP failed on', request.method, path, error);
      if (!response.headersSent) send(response, 500, {}, '');
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    apiBaseUrl: `${origin}${aisBasePath}`,
    authorizationEndpoint: `${origin}${authorizePath}`,
    tokenEndpoint: `${origin}${tokenPath}`,
    clientId,
    clientSecret,
    specVersion: spec.version,
    requests,
    responseViolations,
    invalidRequests: () => requests.filter((r) => r.violations.length > 0),
    addTransactions: (added) => {
      transactions.push(...added);
      transactions.sort(byBookingDate);
    },
    injectFault: (fault) => {
      faults.push({ fault, remaining: fault.count ?? 1 });
    },
    clearFaults: () => {
      faults.length = 0;
    },
    setAuthorisationOutcome: (value) => {
      outcome = value;
    },
    revokeAtAspsp: (consentId) => {
      const consent = consents.get(consentId);
      if (!consent) throw new Error(`No consent ${consentId}`);
      consent.status = 'Revoked';
      consent.statusUpdateDateTime = iso();
    },
    consent: (consentId) => consents.get(consentId),
    assertSpecClean: () => {
      const invalid = requests.filter((r) => r.violations.length > 0);
      if (invalid.length === 0 && responseViolations.length === 0) return;
      throw new Error(
        `Traffic broke the Account and Transaction API specification:\n${[
          ...invalid.map(
            (r) =>
              `request ${r.method} ${r.path}: ${r.violations.map((v) => `${v.at} ${v.message}`).join('; ')}`,
          ),
          ...responseViolations.map(
            (r) =>
              `response ${r.status} to ${r.operationId}: ${r.violations.map((v) => `${v.at} ${v.message}`).join('; ')}`,
          ),
        ].join('\n')}`,
      );
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
