/**
 * A local Berlin Group NextGenPSD2 ASPSP (account information only) for tests: Node `http` on
 * 127.0.0.1 and a random port, fed with SDK-typed fixtures. Every request it receives and every
 * response it serves is validated against the published NextGenPSD2 OpenAPI file (see
 * `spec-source.ts`):
 *
 * - a request that breaks the specification is answered 400 `FORMAT_ERROR` (as the specification's
 *   error shape) and recorded, so a test can assert that a client sent none;
 * - a response that breaks it is a bug of this server or of a fixture: it is recorded, reported on
 *   stderr, replaced by a bodiless 500, and `close()` fails until the test takes the violations.
 *
 * Simplified on purpose (see the README): the SCA redirect approves (or, with `?decision=deny`,
 * rejects) at once without a PSU login, the PSU's answer grants every account of the fixture, no
 * TLS/eIDAS certificates or request signatures, and "today" is the UTC date of the injectable clock.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  Xs2aAccountAccess,
  Xs2aConsentRequest,
  Xs2aConsentStatus,
  Xs2aTppMessage,
  Xs2aTransaction,
} from '../xs2a';
import {
  accountDetails,
  accountReference,
  balance,
  transaction,
  type LocalXs2aAccountFixture,
} from './fixtures';
import { OpenApiValidator, type Operation } from './openapi-validator';
import { ensureNextGenPsd2Spec } from './spec-source';

export interface LocalXs2aOptions {
  readonly accounts: readonly LocalXs2aAccountFixture[];
  /** Transactions per page of a transaction report (default 25); a request's `itemsPerPage` wins. */
  readonly pageSize?: number;
  /** The ASPSP shortens a consent's `validUntil` to at most this many days from today (default 180). */
  readonly maxConsentDays?: number;
  /** The ASPSP lowers a consent's `frequencyPerDay` to at most this (default 4). */
  readonly maxFrequencyPerDay?: number;
  /** The server's clock (default the system clock); tests move it to expire consents and reset quotas. */
  readonly now?: () => Date;
  /** A validator already loaded (saves parsing the specification once per server in a test file). */
  readonly validator?: OpenApiValidator;
}

/** One request as the server saw it. */
export interface RecordedRequest {
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The specification's operationId, or `scaRedirect` for the (non-XS2A) SCA page. */
  readonly operationId?: string;
  readonly consentId?: string;
  /** Whether the request carried `PSU-IP-Address`, i.e. the PSU is actively present. */
  readonly psuPresent: boolean;
  readonly status: number;
  /** How the request broke the specification; empty when it conformed. */
  readonly specViolations: readonly string[];
}

export interface ResponseViolation {
  readonly request: string;
  readonly status: number;
  readonly errors: readonly string[];
}

export interface InjectedFault {
  readonly status: 429 | 500 | 503;
  /** How many matching requests fail (default 1). */
  readonly times?: number;
  /** Sent as `Retry-After` (seconds) when given. */
  readonly retryAfterSeconds?: number;
  /** Only requests to this operation fail (default: any XS2A operation). */
  readonly operationId?: string;
}

export interface LocalConsent {
  readonly consentId: string;
  readonly status: Xs2aConsentStatus;
  /** The granted last valid day (ISO date), possibly shorter than requested. */
  readonly validUntil: string;
  readonly requestedValidUntil: string;
  readonly frequencyPerDay: number;
  readonly recurringIndicator: boolean;
}

export interface LocalXs2a {
  /** Base URL of the ASPSP (no trailing slash): the connector's `baseUrl`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** The requests that broke the specification. */
  invalidRequests(): readonly RecordedRequest[];
  /** Returns and forgets the responses that broke the specification (so `close()` succeeds). */
  takeResponseViolations(): readonly ResponseViolation[];
  injectFault(fault: InjectedFault): void;
  consent(consentId: string): LocalConsent | undefined;
  /** The PSU withdraws the consent in the ASPSP's own channel. */
  revokeByPsu(consentId: string): void;
  /** Stops the server; fails if a response broke the specification and no test took the violations. */
  close(): Promise<void>;
}

interface ConsentRecord {
  consentId: string;
  status: Xs2aConsentStatus;
  access: Xs2aAccountAccess;
  recurringIndicator: boolean;
  validUntil: string;
  requestedValidUntil: string;
  frequencyPerDay: number;
  lastActionDate: string;
  redirectUri?: string;
  nokRedirectUri?: string;
  /** Accesses without the PSU, per UTC day and resource: `${day} ${method} ${path}`. */
  accesses: Map<string, number>;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The AIS message codes the Berlin Group's OpenAPI files enumerate per HTTP status. The copy this
 * server validates against (see spec-source.ts) has these schemas as plain strings, so the server
 * checks the codes it sends against the enumerations itself.
 */
const aisMessageCodes: Readonly<Record<number, readonly string[]>> = {
  400: [
    'FORMAT_ERROR',
    'PARAMETER_NOT_CONSISTENT',
    'PARAMETER_NOT_SUPPORTED',
    'SERVICE_INVALID',
    'RESOURCE_UNKNOWN',
    'RESOURCE_EXPIRED',
    'RESOURCE_BLOCKED',
    'TIMESTAMP_INVALID',
    'PERIOD_INVALID',
    'SCA_METHOD_UNKNOWN',
    'SCA_INVALID',
    'CONSENT_UNKNOWN',
    'SESSIONS_NOT_SUPPORTED',
  ],
  401: [
    'CERTIFICATE_INVALID',
    'ROLE_INVALID',
    'CERTIFICATE_EXPIRED',
    'CERTIFICATE_BLOCKED',
    'CERTIFICATE_REVOKE',
    'CERTIFICATE_MISSING',
    'SIGNATURE_INVALID',
    'SIGNATURE_MISSING',
    'CORPORATE_ID_INVALID',
    'PSU_CREDENTIALS_INVALID',
    'CONSENT_INVALID',
    'CONSENT_EXPIRED',
    'TOKEN_UNKNOWN',
    'TOKEN_INVALID',
    'TOKEN_EXPIRED',
  ],
  403: ['CONSENT_UNKNOWN', 'SERVICE_BLOCKED', 'RESOURCE_UNKNOWN', 'RESOURCE_EXPIRED'],
  404: ['RESOURCE_UNKNOWN'],
  405: ['SERVICE_INVALID'],
  406: ['REQUESTED_FORMATS_INVALID'],
  409: ['STATUS_INVALID'],
  429: ['ACCESS_EXCEEDED'],
};

function messageCodeErrors(status: number, body: unknown): string[] {
  const allowed = aisMessageCodes[status];
  const messages = (body as { tppMessages?: { code?: unknown }[] } | undefined)?.tppMessages ?? [];
  if (!allowed) return [];
  return messages
    .filter((message) => !allowed.includes(String(message.code)))
    .map((message) => `tppMessages code ${String(message.code)} is not an AIS code for HTTP ${status}`);
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return isoDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs));
}

function error(status: number, code: string, text: string, headers?: Record<string, string>): Reply {
  const message: Xs2aTppMessage = { category: 'ERROR', code, text: text.slice(0, 500) };
  return { status, body: { tppMessages: [message] }, ...(headers ? { headers } : {}) };
}

/** Shared per process: parsing the 0.5 MB specification takes a moment. */
let sharedValidator: Promise<OpenApiValidator> | undefined;

/** Loads (fetching once into the FinPersona cache) the NextGenPSD2 specification's validator. */
export function loadNextGenPsd2Validator(): Promise<OpenApiValidator> {
  sharedValidator ??= ensureNextGenPsd2Spec()
    .then((file) => OpenApiValidator.fromFile(file))
    .catch((failure: unknown) => {
      // A failed fetch is not cached: the next caller tries again.
      sharedValidator = undefined;
      throw failure;
    });
  return sharedValidator;
}

/** Starts a local ASPSP. See the module comment for what is validated and what is simplified. */
export async function startLocalXs2a(options: LocalXs2aOptions): Promise<LocalXs2a> {
  const validator = options.validator ?? (await loadNextGenPsd2Validator());
  const now = options.now ?? (() => new Date());
  const pageSize = options.pageSize ?? 25;
  const maxConsentDays = options.maxConsentDays ?? 180;
  const maxFrequencyPerDay = options.maxFrequencyPerDay ?? 4;
  const accounts = new Map(options.accounts.map((fixture) => [fixture.account.sourceId, fixture]));
  // Fixture mistakes XS2A cannot express fail here, at start, rather than in the middle of a test.
  for (const fixture of options.accounts) fixture.balances?.forEach((entry) => balance(entry));

  const consents = new Map<string, ConsentRecord>();
  const requests: RecordedRequest[] = [];
  let responseViolations: ResponseViolation[] = [];
  const faults: { fault: InjectedFault; remaining: number }[] = [];
  let baseUrl = '';

  const today = () => isoDate(now());

  /** The consent's status now: a valid consent past its last day has expired. */
  function currentStatus(consent: ConsentRecord): Xs2aConsentStatus {
    if (consent.status === 'valid' && today() > consent.validUntil) {
      consent.status = 'expired';
      consent.lastActionDate = addDays(consent.validUntil, 1);
    }
    return consent.status;
  }

  function createConsent(request: Xs2aConsentRequest, headers: Record<string, string>): Reply {
    if (!headers['tpp-redirect-uri']) {
      return error(
        400,
        'FORMAT_ERROR',
        'TPP-Redirect-URI is required: this ASPSP offers the redirect SCA approach only.',
      );
    }
    if (request.validUntil < today()) return error(400, 'PERIOD_INVALID', 'validUntil lies in the past.');
    if (!request.recurringIndicator && request.frequencyPerDay !== 1) {
      return error(
        400,
        'FORMAT_ERROR',
        'A one-off consent (recurringIndicator false) has frequencyPerDay 1.',
      );
    }
    const latest = addDays(today(), maxConsentDays);
    const consent: ConsentRecord = {
      consentId: randomUUID(),
      status: 'received',
      access: request.access,
      recurringIndicator: request.recurringIndicator,
      requestedValidUntil: request.validUntil,
      validUntil: request.validUntil < latest ? request.validUntil : latest,
      frequencyPerDay: Math.min(request.frequencyPerDay, maxFrequencyPerDay),
      lastActionDate: today(),
      redirectUri: headers['tpp-redirect-uri'],
      ...(headers['tpp-nok-redirect-uri'] ? { nokRedirectUri: headers['tpp-nok-redirect-uri'] } : {}),
      accesses: new Map(),
    };
    consents.set(consent.consentId, consent);
    const self = `/v1/consents/${consent.consentId}`;
    return {
      status: 201,
      headers: { Location: `${baseUrl}${self}`, 'ASPSP-SCA-Approach': 'REDIRECT' },
      body: {
        consentStatus: consent.status,
        consentId: consent.consentId,
        _links: {
          scaRedirect: { href: `${baseUrl}/sca/consents/${consent.consentId}` },
          self: { href: self },
          status: { href: `${self}/status` },
        },
      },
    };
  }

  /** The simplified SCA: no PSU login; approving grants every account of the fixture. */
  function scaRedirect(consentId: string, query: URLSearchParams): Reply {
    const consent = consents.get(consentId);
    if (!consent || consent.status !== 'received') {
      return { status: 404, body: 'No consent awaiting authorisation here.' };
    }
    const approve = query.get('decision') !== 'deny';
    consent.status = approve ? 'valid' : 'rejected';
    consent.lastActionDate = today();
    if (approve) {
      const references = options.accounts.map((fixture) => accountReference(fixture.account));
      consent.access = { accounts: references, balances: references, transactions: references };
    }
    const target = (approve ? undefined : consent.nokRedirectUri) ?? consent.redirectUri ?? '';
    return { status: 302, headers: { Location: target } };
  }

  /** Consent checks of the account endpoints, and the count of accesses without the PSU. */
  function authorise(
    headers: Record<string, string>,
    resource: string,
    continuation: boolean,
  ): { consent: ConsentRecord } | { reply: Reply } {
    const consent = consents.get(headers['consent-id'] ?? '');
    if (!consent)
      return { reply: error(400, 'CONSENT_UNKNOWN', 'The Consent-ID is not known to this ASPSP.') };
    const status = currentStatus(consent);
    if (status === 'expired')
      return { reply: error(401, 'CONSENT_EXPIRED', 'The consent has expired; ask the PSU to renew it.') };
    if (status !== 'valid') {
      return { reply: error(401, 'CONSENT_INVALID', `The consent is ${status}; it gives no access.`) };
    }
    // Only accesses without the PSU count against frequencyPerDay; the next page of a report belongs to the
    // access that began it.
    if (!headers['psu-ip-address'] && !continuation) {
      const key = `${today()} ${resource}`;
      const used = consent.accesses.get(key) ?? 0;
      if (used >= consent.frequencyPerDay) {
        const midnight = Date.parse(`${addDays(today(), 1)}T00:00:00Z`);
        const retryAfter = String(Math.max(1, Math.ceil((midnight - now().getTime()) / 1000)));
        return {
          reply: error(
            429,
            'ACCESS_EXCEEDED',
            `frequencyPerDay ${consent.frequencyPerDay} is used up for ${resource} today.`,
            { 'Retry-After': retryAfter },
          ),
        };
      }
      consent.accesses.set(key, used + 1);
    }
    return { consent };
  }

  function transactionReport(
    accountId: string,
    fixture: LocalXs2aAccountFixture,
    query: URLSearchParams,
  ): Reply {
    const bookingStatus = query.get('bookingStatus') ?? '';
    if (bookingStatus === 'information' || bookingStatus === 'all') {
      return error(
        400,
        'PARAMETER_NOT_SUPPORTED',
        `bookingStatus ${bookingStatus} is not supported by this ASPSP.`,
      );
    }
    const dateFrom = query.get('dateFrom');
    if (!dateFrom)
      return error(400, 'FORMAT_ERROR', 'dateFrom is required (this ASPSP offers no delta reports).');
    const dateTo = query.get('dateTo') ?? '9999-12-31';
    const pageIndex = Number(query.get('pageIndex') ?? '0');
    const perPage = Number(query.get('itemsPerPage') ?? pageSize);
    if (!Number.isInteger(pageIndex) || pageIndex < 0 || !Number.isInteger(perPage) || perPage < 1) {
      return error(400, 'FORMAT_ERROR', 'pageIndex and itemsPerPage are non-negative integers.');
    }
    const wanted = (status: string) => bookingStatus === 'both' || bookingStatus === status;
    // Newest first, as banks list them; booked entries before pending ones.
    const entries = (fixture.transactions ?? [])
      .filter((entry) => wanted(entry.status) && entry.bookingDate >= dateFrom && entry.bookingDate <= dateTo)
      .toSorted((a, b) =>
        a.status !== b.status ? (a.status === 'booked' ? -1 : 1) : b.bookingDate.localeCompare(a.bookingDate),
      );
    const page = entries.slice(pageIndex * perPage, (pageIndex + 1) * perPage);
    const booked: Xs2aTransaction[] = [];
    const pending: Xs2aTransaction[] = [];
    for (const entry of page) {
      (entry.status === 'booked' ? booked : pending).push(transaction(entry, fixture.transactionIds));
    }
    const self = `/v1/accounts/${encodeURIComponent(accountId)}`;
    const pageLink = (index: number) => {
      const next = new URLSearchParams(query);
      next.set('pageIndex', String(index));
      return { href: `${self}/transactions?${next.toString()}` };
    };
    const links: Record<string, { href: string }> = { account: { href: self }, first: pageLink(0) };
    if ((pageIndex + 1) * perPage < entries.length) links.next = pageLink(pageIndex + 1);
    if (pageIndex > 0) links.previous = pageLink(pageIndex - 1);
    return {
      status: 200,
      body: {
        account: accountReference(fixture.account),
        transactions: {
          ...(wanted('booked') ? { booked } : {}),
          ...(wanted('pending') ? { pending } : {}),
          _links: links,
        },
      },
    };
  }

  function handle(
    operation: Operation,
    pathParameters: Record<string, string>,
    query: URLSearchParams,
    headers: Record<string, string>,
    body: unknown,
  ): Reply {
    switch (operation.operationId) {
      case 'createConsent':
        // The specification leaves the body optional (OpenAPI's default); a consent needs one.
        if (body === undefined) return error(400, 'FORMAT_ERROR', 'The consent request needs a body.');
        return createConsent(body as Xs2aConsentRequest, headers);
      case 'getConsentInformation':
      case 'getConsentStatus':
      case 'deleteConsent': {
        const consent = consents.get(pathParameters.consentId ?? '');
        if (!consent) return error(403, 'CONSENT_UNKNOWN', 'No consent with this id.');
        const status = currentStatus(consent);
        if (operation.operationId === 'getConsentStatus')
          return { status: 200, body: { consentStatus: status } };
        if (operation.operationId === 'getConsentInformation') {
          return {
            status: 200,
            body: {
              access: consent.access,
              recurringIndicator: consent.recurringIndicator,
              validUntil: consent.validUntil,
              frequencyPerDay: consent.frequencyPerDay,
              lastActionDate: consent.lastActionDate,
              consentStatus: status,
              _links: { status: { href: `/v1/consents/${consent.consentId}/status` } },
            },
          };
        }
        if (status === 'expired') return error(401, 'CONSENT_EXPIRED', 'The consent has already expired.');
        if (status !== 'valid' && status !== 'received' && status !== 'partiallyAuthorised') {
          return error(401, 'CONSENT_INVALID', `The consent is already ${status}.`);
        }
        consent.status = 'terminatedByTpp';
        consent.lastActionDate = today();
        return { status: 204 };
      }
      case 'getAccountList': {
        const checked = authorise(headers, 'GET /v1/accounts', false);
        if ('reply' in checked) return checked.reply;
        return {
          status: 200,
          body: { accounts: options.accounts.map((fixture) => accountDetails(fixture.account)) },
        };
      }
      case 'getBalances':
      case 'getTransactionList': {
        const accountId = pathParameters['account-id'] ?? '';
        const fixture = accounts.get(accountId);
        const resource = `GET /v1/accounts/${accountId}/${operation.operationId === 'getBalances' ? 'balances' : 'transactions'}`;
        const checked = authorise(headers, resource, Number(query.get('pageIndex') ?? '0') > 0);
        if ('reply' in checked) return checked.reply;
        if (!fixture) return error(403, 'RESOURCE_UNKNOWN', 'No account with this id under the consent.');
        if (operation.operationId === 'getTransactionList')
          return transactionReport(accountId, fixture, query);
        return {
          status: 200,
          body: {
            account: accountReference(fixture.account),
            balances: (fixture.balances ?? []).map(balance),
          },
        };
      }
      default:
        return error(405, 'SERVICE_INVALID', `${operation.operationId} is not offered by this local ASPSP.`);
    }
  }

  function takeFault(operation: Operation): InjectedFault | undefined {
    const index = faults.findIndex(
      (entry) =>
        entry.remaining > 0 &&
        (!entry.fault.operationId || entry.fault.operationId === operation.operationId),
    );
    const entry = faults[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) faults.splice(index, 1);
    return entry.fault;
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', baseUrl);
    const method = request.method ?? 'GET';
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');

    const record = (
      entry: Omit<RecordedRequest, 'at' | 'method' | 'path' | 'query' | 'headers' | 'psuPresent'>,
    ) => {
      requests.push({
        at: now().toISOString(),
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        psuPresent: headers['psu-ip-address'] !== undefined,
        ...entry,
      });
    };

    const sca = /^\/sca\/consents\/([^/]+)$/.exec(url.pathname);
    if (sca && method === 'GET') {
      const consentId = decodeURIComponent(sca[1] ?? '');
      const reply = scaRedirect(consentId, url.searchParams);
      record({ operationId: 'scaRedirect', consentId, status: reply.status, specViolations: [] });
      response.writeHead(reply.status, { 'Content-Type': 'text/plain', ...reply.headers });
      response.end(typeof reply.body === 'string' ? reply.body : '');
      return;
    }

    let body: unknown;
    const violations: string[] = [];
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        violations.push('request body is not JSON');
      }
    }
    const validated = validator.validateRequest({
      method,
      path: url.pathname,
      query: url.searchParams,
      headers,
      ...(headers['content-type'] ? { contentType: headers['content-type'] } : {}),
      ...(body !== undefined ? { body } : {}),
    });
    violations.push(...validated.errors);
    const operation = validated.operation;
    const matched = operation ? validator.match(method, url.pathname) : undefined;
    const requestId = /^[0-9a-f-]{36}$/i.test(headers['x-request-id'] ?? '')
      ? headers['x-request-id']!
      : randomUUID();
    const consentId = headers['consent-id'] ?? matched?.pathParameters.consentId;

    let reply: Reply;
    if (!operation) {
      reply = { status: 404 };
    } else if (violations.length > 0) {
      reply = error(400, 'FORMAT_ERROR', violations.join('; '));
    } else {
      const fault = takeFault(operation);
      if (fault) {
        const retryAfter =
          fault.retryAfterSeconds !== undefined
            ? { 'Retry-After': String(fault.retryAfterSeconds) }
            : undefined;
        reply =
          fault.status === 429
            ? error(429, 'ACCESS_EXCEEDED', 'Injected: too many requests.', retryAfter)
            : { status: fault.status, ...(retryAfter ? { headers: retryAfter } : {}) };
      } else {
        reply = handle(operation, matched?.pathParameters ?? {}, url.searchParams, headers, body);
      }
    }
    record({
      ...(operation ? { operationId: operation.operationId } : {}),
      ...(consentId ? { consentId } : {}),
      status: reply.status,
      specViolations: violations,
    });

    const responseHeaders: Record<string, string> = { 'X-Request-ID': requestId, ...reply.headers };
    // JSON round trip: validate exactly what goes on the wire.
    const wire = reply.body === undefined ? undefined : JSON.stringify(reply.body);
    if (wire !== undefined) responseHeaders['Content-Type'] = 'application/json';
    if (operation) {
      const served = wire === undefined ? undefined : (JSON.parse(wire) as unknown);
      const errors = [
        ...validator.validateResponse(operation, {
          status: reply.status,
          headers: responseHeaders,
          ...(responseHeaders['Content-Type'] ? { contentType: responseHeaders['Content-Type'] } : {}),
          ...(served !== undefined ? { body: served } : {}),
        }),
        ...messageCodeErrors(reply.status, served),
      ];
      if (errors.length > 0) {
        const violation = { request: `${method} ${url.pathname}${url.search}`, status: reply.status, errors };
        responseViolations.push(violation);
        console.error(
          `Local XS2A ASPSP served a response that breaks the NextGenPSD2 specification: ${JSON.stringify(violation)}`,
        );
        response.writeHead(500, { 'X-Request-ID': requestId });
        response.end();
        return;
      }
    }
    response.writeHead(reply.status, responseHeaders);
    response.end(wire);
  }

  const server = createServer((request, response) => {
    serve(request, response).catch((failure: unknown) => {
      console.error('Local XS2A ASPSP failed on a request:', failure);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    requests,
    invalidRequests: () =>
      requests.filter((entry) => entry.specViolations.length > 0 || entry.status === 404),
    takeResponseViolations() {
      const taken = responseViolations;
      responseViolations = [];
      return taken;
    },
    injectFault(fault) {
      faults.push({ fault, remaining: fault.times ?? 1 });
    },
    consent(consentId) {
      const consent = consents.get(consentId);
      if (!consent) return undefined;
      return {
        consentId,
        status: currentStatus(consent),
        validUntil: consent.validUntil,
        requestedValidUntil: consent.requestedValidUntil,
        frequencyPerDay: consent.frequencyPerDay,
        recurringIndicator: consent.recurringIndicator,
      };
    },
    revokeByPsu(consentId) {
      const consent = consents.get(consentId);
      if (!consent) throw new Error(`No consent ${consentId} at the local ASPSP.`);
      consent.status = 'revokedByPsu';
      consent.lastActionDate = today();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((failure) => (failure ? reject(failure) : resolve())),
      );
      if (responseViolations.length > 0) {
        throw new Error(
          `The local XS2A ASPSP served ${responseViolations.length} response(s) that break the NextGenPSD2 specification: ` +
            JSON.stringify(responseViolations),
        );
      }
    },
  };
}
