/**
 * The Berlin Group NextGenPSD2 XS2A (v1.3.x) account-information connector: a recurring bank-offered
 * consent authorised through the redirect SCA approach, then accounts, balances and transactions.
 * `PSU-IP-Address` goes only on requests the customer is present for (`context.customer`, contract
 * 1.1) — connecting, the check on their return, disconnecting — carrying their address; scheduled syncs
 * run without it, so each counts against the consent's `frequencyPerDay` (4 under PSD2). Consent creation,
 * where the specification makes the header mandatory, falls back to the TPP's address (as it says) when
 * the customer's is unknown or not IPv4. XS2A here has no OAuth tokens (redirect SCA, consent id only):
 * nothing rotates, so this connector never calls `context.saveGrant`.
 */
import {
  ConnectorError,
  type BeginConnectionRequest,
  type BeginConnectionResult,
  type CompleteConnectionRequest,
  type ConnectionGrant,
  type ConnectorContext,
  type DataConnector,
  type SourceConsentStatus,
  type SourceTransaction,
  type TransactionPage,
  type TransactionQuery,
} from '@finpersona/plugin-sdk';
import { abortableSleep, errorFor, tppMessages, Xs2aClient, type ClientHooks } from './client';
import * as map from './mapping';
import { parseBerlinGroupSettings } from './settings';
import type { Xs2aConsentRequest, Xs2aConsentStatus } from './xs2a';

export const berlinGroupConnectorId = 'berlin-group';

/** What the grant's `credentials` hold (JSON; stored encrypted by the platform). */
export interface BerlinGroupCredentials {
  readonly consentId: string;
  /** The last valid day the bank granted (ISO date). */
  readonly validUntil: string;
  /** The accesses without the PSU per day the bank granted. */
  readonly frequencyPerDay: number;
  /** Set when the customer allowed no history: transactions are read from this day (the consent's) on. */
  readonly readFrom?: string;
}

export interface BerlinGroupConnectorOptions {
  /** Jitter source for back-off (default `Math.random`). */
  readonly random?: () => number;
  /** How back-off waits (default a timer that the call's abort signal cancels). */
  readonly sleep?: ClientHooks['sleep'];
}

const dayMs = 24 * 60 * 60 * 1000;
const datePattern = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

function isoDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * XS2A's `validUntil` is a date (its last valid day); the platform's limit is an instant. The consent
 * asks for the last whole UTC day that ends by the limit, so it never outlives what the region allows.
 */
export function lastWholeDayBefore(instant: string): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time))
    throw new ConnectorError('INVALID_REQUEST', `validUntil "${instant}" is not an ISO 8601 instant.`);
  return isoDate(Math.floor(time / dayMs) * dayMs - dayMs);
}

/** The instant a consent whose last valid day is `validUntil` stops being valid. */
export function endOfValidity(validUntil: string): string {
  return new Date(Date.parse(`${validUntil}T00:00:00.000Z`) + dayMs).toISOString();
}

/**
 * The PSU's address for `PSU-IP-Address`, when the customer is present: the specification types the
 * header `format: ipv4`, so an IPv4-mapped IPv6 address is unwrapped and any other IPv6 address cannot be
 * sent (the request then goes without it, as an unattended one — see the README's limits).
 */
export function psuIpAddress(context: ConnectorContext): string | undefined {
  if (!context.customer.present) return undefined;
  const address = context.customer.ipAddress.replace(/^::ffff:/i, '');
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (!octets) return undefined;
  const valid = octets
    .slice(1)
    .every((octet) => Number(octet) <= 255 && (octet === '0' || !octet.startsWith('0')));
  return valid ? address : undefined;
}

function credentialsOf(grant: ConnectionGrant): BerlinGroupCredentials {
  const { consentId, validUntil, frequencyPerDay, readFrom } =
    grant.credentials as Partial<BerlinGroupCredentials>;
  if (typeof consentId !== 'string' || consentId.length === 0) {
    throw new ConnectorError(
      'INVALID_REQUEST',
      'The grant holds no Berlin Group consentId; connect the account again.',
    );
  }
  return {
    consentId,
    validUntil: String(validUntil ?? ''),
    frequencyPerDay: Number(frequencyPerDay ?? 0),
    ...(typeof readFrom === 'string' ? { readFrom } : {}),
  };
}

const sourceStatuses: Readonly<Record<Xs2aConsentStatus, SourceConsentStatus>> = {
  received: 'pending',
  partiallyAuthorised: 'pending',
  valid: 'valid',
  rejected: 'rejected',
  revokedByPsu: 'revoked',
  terminatedByTpp: 'revoked',
  expired: 'expired',
};

/**
 * Creates the connector for one bank's settings (see `BerlinGroupSettings`; validated here, so a bad
 * configuration fails before any call with `ConnectorError('INVALID_REQUEST')`).
 */
export function createBerlinGroupConnector(
  settings: unknown,
  options: BerlinGroupConnectorOptions = {},
): DataConnector {
  const parsed = parseBerlinGroupSettings(settings);
  const client = new Xs2aClient(parsed, {
    random: options.random ?? Math.random,
    sleep: options.sleep ?? abortableSleep,
  });
  const consentPath = (consentId: string) => `/v1/consents/${encodeURIComponent(consentId)}`;
  const accountPath = (accountId: string) => `/v1/accounts/${encodeURIComponent(accountId)}`;

  async function getJson(
    path: string,
    consentId: string,
    context: ConnectorContext,
    what: string,
  ): Promise<unknown> {
    const answer = await client.send(
      { method: 'GET', path, consentId, psuIpAddress: psuIpAddress(context) },
      context,
      what,
    );
    if (answer.status !== 200) throw errorFor(answer, what);
    return answer.body;
  }

  return {
    id: berlinGroupConnectorId,

    async beginConnection(
      request: BeginConnectionRequest,
      context: ConnectorContext,
    ): Promise<BeginConnectionResult> {
      const validUntil = lastWholeDayBefore(request.validUntil);
      if (validUntil < isoDate(context.now().getTime())) {
        throw new ConnectorError(
          'INVALID_REQUEST',
          `validUntil ${request.validUntil} leaves no whole day of access.`,
        );
      }
      const redirect = new URL(request.redirectUri);
      // XS2A has no state parameter of its own: the TPP keeps it in the redirect URI it gives.
      redirect.searchParams.set('state', request.state);
      const body: Xs2aConsentRequest = {
        // Empty lists: a bank-offered consent — the customer picks the accounts at the bank.
        access: { accounts: [], balances: [], transactions: [] },
        recurringIndicator: true,
        validUntil,
        frequencyPerDay: parsed.frequencyPerDay,
        combinedServiceIndicator: false,
      };
      const what = 'the consent request';
      const answer = await client.send(
        {
          method: 'POST',
          path: '/v1/consents',
          // Mandatory here; the specification: "If not available, the TPP shall use [its own] IP Address".
          psuIpAddress: psuIpAddress(context) ?? parsed.tppIpAddress,
          headers: { 'TPP-Redirect-Preferred': 'true', 'TPP-Redirect-URI': redirect.toString() },
          body,
        },
        context,
        what,
      );
      if (answer.status !== 201) throw errorFor(answer, what);
      const created = answer.body as
        { consentId?: unknown; _links?: { scaRedirect?: { href?: unknown } } } | undefined;
      if (typeof created?.consentId !== 'string') throw map.bad('the consent response has no consentId');
      map.consentStatus(created);
      const href = created._links?.scaRedirect?.href;
      if (typeof href !== 'string') {
        throw map.bad(
          'the consent response has no scaRedirect link (this connector uses the redirect SCA approach)',
        );
      }
      return {
        kind: 'redirect',
        authorisationUrl: new URL(href, parsed.baseUrl).toString(),
        pending: {
          consentId: created.consentId,
          state: request.state,
          // XS2A consents have no history scope, so the connector keeps to the customer's choice itself.
          ...(request.includeHistory ? {} : { readFrom: isoDate(context.now().getTime()) }),
        },
      };
    },

    async completeConnection(
      request: CompleteConnectionRequest,
      context: ConnectorContext,
    ): Promise<ConnectionGrant> {
      const { consentId, state, readFrom } = request.pending as {
        consentId?: unknown;
        state?: unknown;
        readFrom?: unknown;
      };
      if (typeof consentId !== 'string')
        throw new ConnectorError('INVALID_REQUEST', 'The pending connection has no consentId.');
      if (request.callback.state !== state) {
        throw new ConnectorError(
          'INVALID_REQUEST',
          'The redirect back does not carry the state this connection started with.',
        );
      }
      const statusAnswer = await client.send(
        { method: 'GET', path: `${consentPath(consentId)}/status`, psuIpAddress: psuIpAddress(context) },
        context,
        'the consent status',
      );
      if (statusAnswer.status !== 200) throw errorFor(statusAnswer, 'the consent status');
      const status = map.consentStatus(statusAnswer.body);
      if (status === 'expired')
        throw new ConnectorError('CONSENT_EXPIRED', 'The consent expired before it was used.');
      if (status !== 'valid') {
        throw new ConnectorError(
          'CONSENT_REVOKED',
          `The customer did not authorise the consent at the bank (status ${status}).`,
        );
      }
      const what = 'the consent';
      const answer = await client.send(
        { method: 'GET', path: consentPath(consentId), psuIpAddress: psuIpAddress(context) },
        context,
        what,
      );
      if (answer.status !== 200) throw errorFor(answer, what);
      const consent = answer.body as { validUntil?: unknown; frequencyPerDay?: unknown } | undefined;
      if (typeof consent?.validUntil !== 'string' || !datePattern.test(consent.validUntil)) {
        throw map.bad('the consent has no ISO validUntil date');
      }
      if (
        typeof consent.frequencyPerDay !== 'number' ||
        !Number.isInteger(consent.frequencyPerDay) ||
        consent.frequencyPerDay < 1
      ) {
        throw map.bad('the consent has no positive integer frequencyPerDay');
      }
      const credentials: BerlinGroupCredentials = {
        consentId,
        validUntil: consent.validUntil,
        frequencyPerDay: consent.frequencyPerDay,
        ...(typeof readFrom === 'string' && datePattern.test(readFrom) ? { readFrom } : {}),
      };
      // What the bank granted, which may be shorter than asked: the platform schedules renewal from it.
      return {
        sourceConsentId: consentId,
        expiresAt: endOfValidity(consent.validUntil),
        credentials: { ...credentials },
      };
    },

    async consentStatus(grant: ConnectionGrant, context: ConnectorContext): Promise<SourceConsentStatus> {
      const { consentId } = credentialsOf(grant);
      const what = 'the consent status';
      const answer = await client.send(
        { method: 'GET', path: `${consentPath(consentId)}/status`, psuIpAddress: psuIpAddress(context) },
        context,
        what,
      );
      if (answer.status === 200) return sourceStatuses[map.consentStatus(answer.body)];
      const codes = tppMessages(answer.body).map((message) => message.code);
      if (codes.includes('CONSENT_UNKNOWN') || answer.status === 404) return 'revoked';
      if (answer.status === 401) return codes.includes('CONSENT_EXPIRED') ? 'expired' : 'revoked';
      throw errorFor(answer, what);
    },

    async listAccounts(grant: ConnectionGrant, context: ConnectorContext) {
      const { consentId } = credentialsOf(grant);
      const body = await getJson('/v1/accounts', consentId, context, 'the account list');
      const accounts = (body as { accounts?: unknown } | undefined)?.accounts;
      if (!Array.isArray(accounts)) throw map.bad('the account list has no accounts array');
      return accounts.map((entry, index) => map.account(entry, index));
    },

    async listBalances(grant: ConnectionGrant, sourceAccountId: string, context: ConnectorContext) {
      const { consentId } = credentialsOf(grant);
      const body = await getJson(
        `${accountPath(sourceAccountId)}/balances`,
        consentId,
        context,
        'the balances',
      );
      return map.balances(body, sourceAccountId, context.now());
    },

    async listTransactions(
      grant: ConnectionGrant,
      sourceAccountId: string,
      query: TransactionQuery,
      context: ConnectorContext,
    ): Promise<TransactionPage> {
      const { consentId, readFrom } = credentialsOf(grant);
      const what = 'the transactions';
      const reportPath = `${accountPath(sourceAccountId)}/transactions`;
      let answer;
      if (query.cursor === null) {
        if (query.fromDate !== undefined && !datePattern.test(query.fromDate)) {
          throw new ConnectorError('INVALID_REQUEST', `fromDate "${query.fromDate}" is not an ISO date.`);
        }
        const wanted = query.fromDate ?? isoDate(context.now().getTime() - parsed.historyDays * dayMs);
        const dateFrom = readFrom !== undefined && readFrom > wanted ? readFrom : wanted;
        answer = await client.send(
          {
            method: 'GET',
            path: reportPath,
            query: { bookingStatus: 'both', dateFrom },
            consentId,
            psuIpAddress: psuIpAddress(context),
          },
          context,
          what,
        );
      } else {
        // The cursor is the bank's own next link; it must still point at this account's report.
        const next = new URL(query.cursor, parsed.baseUrl);
        if (!next.pathname.endsWith(reportPath)) {
          throw new ConnectorError(
            'INVALID_REQUEST',
            'The cursor does not belong to this account\u2019s transactions.',
          );
        }
        answer = await client.send(
          { method: 'GET', path: query.cursor, consentId, psuIpAddress: psuIpAddress(context) },
          context,
          what,
        );
      }
      if (answer.status !== 200) throw errorFor(answer, what);
      const report = (answer.body as { transactions?: unknown } | undefined)?.transactions as
        { booked?: unknown; pending?: unknown; _links?: { next?: { href?: unknown } } } | undefined;
      const today = isoDate(context.now().getTime());
      const occurrences = new Map<string, number>();
      const transactions: SourceTransaction[] = [];
      for (const status of ['booked', 'pending'] as const) {
        const list = report?.[status];
        if (list === undefined) continue;
        if (!Array.isArray(list)) throw map.bad(`transactions.${status} is not an array`);
        list.forEach((entry, index) => {
          transactions.push(
            map.transaction(
              entry,
              `transactions.${status}[${index}]`,
              sourceAccountId,
              status,
              today,
              occurrences,
            ),
          );
        });
      }
      const nextHref = report?._links?.next?.href;
      if (nextHref !== undefined && typeof nextHref !== 'string')
        throw map.bad('transactions._links.next.href is not a string');
      context.heartbeat({ transactions: transactions.length });
      return { transactions, nextCursor: nextHref ?? null };
    },

    async revoke(grant: ConnectionGrant, context: ConnectorContext): Promise<void> {
      const { consentId } = credentialsOf(grant);
      const what = 'the consent deletion';
      const answer = await client.send(
        { method: 'DELETE', path: consentPath(consentId), psuIpAddress: psuIpAddress(context) },
        context,
        what,
      );
      if (answer.status === 204 || answer.status === 200) return;
      // Already expired, revoked, terminated or unknown at the bank: the consent is gone, which is the goal.
      const codes = tppMessages(answer.body).map((message) => message.code);
      if (answer.status === 401 || answer.status === 404 || codes.includes('CONSENT_UNKNOWN')) return;
      throw errorFor(answer, what);
    },
  };
}
