/**
 * The UK Open Banking AIS data connector (Read/Write API v3.1, Account and Transaction API).
 *
 * Flow: a client-credentials token creates an account-access-consent; the customer authorises it
 * at the bank (redirect); the authorization code becomes an access and a refresh token, kept in the
 * grant. Data calls use the access token while it lasts and a fresh one from the refresh token
 * after; the refreshed tokens (a new refresh token too, where the bank rotates them) are saved as the
 * connection's grant through `context.saveGrant` before the new access token is used (contract 1.1),
 * so the next call neither refreshes again nor holds a refresh token the bank has spent. When the bank
 * refuses a data call (401/403) the connector reads the consent itself to tell the platform why:
 * expired, revoked (or deleted), or rejected. Every AIS request made while the customer is present
 * carries their address as `x-fapi-customer-ip-address`; unattended ones carry none.
 */
import { randomUUID } from 'node:crypto';
import {
  ConnectorError,
  type BeginConnectionRequest,
  type BeginConnectionResult,
  type CompleteConnectionRequest,
  type ConnectionGrant,
  type ConnectorContext,
  type DataConnector,
  type SourceAccount,
  type SourceBalance,
  type SourceConsentStatus,
  type TransactionPage,
  type TransactionQuery,
} from '@finpersona/plugin-sdk';
import { requestedPermissions } from '../ob-codes';
import { array, badData, toSourceAccount, toSourceBalances, toSourceTransactions } from './from-open-banking';
import { send, type HttpRequest, type HttpResponse } from './http';
import { parseOpenBankingUkSettings, type OpenBankingUkSettings } from './settings';

export const openBankingUkConnectorId = 'open-banking-uk';

interface GrantCredentials {
  refreshToken: string;
  accessToken: string;
  /** Epoch milliseconds. */
  accessTokenExpiresAt: number;
}

interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
}

interface ObConsent {
  ConsentId: string;
  Status: string;
  ExpirationDateTime?: string;
}

/** A refresh shortly before the bank's expiry avoids a 401 round trip for a token about to lapse. */
const tokenMarginMs = 30_000;

function parseJson(response: HttpResponse, where: string): Record<string, unknown> {
  try {
    const value = JSON.parse(response.text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw badData(where, 'is not a JSON object');
}

function obErrorMessage(response: HttpResponse): string {
  try {
    const body = JSON.parse(response.text) as {
      Message?: string;
      Errors?: { ErrorCode?: string; Message?: string }[];
    };
    const first = body.Errors?.[0];
    return first
      ? `${first.ErrorCode ?? ''} ${first.Message ?? body.Message ?? ''}`.trim()
      : (body.Message ?? '');
  } catch {
    return '';
  }
}

/** The answer for a consent id the bank no longer has: 400 with UK.OBIE.Resource.NotFound per the profile, or 404. */
function consentGone(response: HttpResponse): boolean {
  return (
    response.status === 404 ||
    (response.status === 400 && obErrorMessage(response).startsWith('UK.OBIE.Resource.NotFound'))
  );
}

function credentialsOf(grant: ConnectionGrant): GrantCredentials {
  const { refreshToken, accessToken, accessTokenExpiresAt } = grant.credentials as Partial<GrantCredentials>;
  if (
    typeof refreshToken !== 'string' ||
    typeof accessToken !== 'string' ||
    typeof accessTokenExpiresAt !== 'number'
  ) {
    throw new ConnectorError(
      'INVALID_REQUEST',
      'The connection grant is not one this connector issued (tokens missing).',
    );
  }
  if (!grant.sourceConsentId)
    throw new ConnectorError('INVALID_REQUEST', 'The connection grant has no consent id.');
  return { refreshToken, accessToken, accessTokenExpiresAt };
}

/** A request object (JWT) carrying the consent id. Unsigned (`alg: none`): see the README's limits. */
function requestObject(claims: Record<string, unknown>): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

/** Query date-times carry no timezone (Read/Write API profile, Date Formats); the bank reads them as UTC. */
function queryDateTime(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
    throw new ConnectorError('INVALID_REQUEST', `fromDate "${date}" is not an ISO date (YYYY-MM-DD).`);
  }
  return `${date}T00:00:00`;
}

class OpenBankingUkConnector implements DataConnector {
  readonly id = openBankingUkConnectorId;

  constructor(private readonly settings: OpenBankingUkSettings) {}

  async beginConnection(
    request: BeginConnectionRequest,
    context: ConnectorContext,
  ): Promise<BeginConnectionResult> {
    const validUntil = Date.parse(request.validUntil);
    if (Number.isNaN(validUntil) || validUntil <= context.now().getTime()) {
      throw new ConnectorError(
        'INVALID_REQUEST',
        `validUntil "${request.validUntil}" is not a future ISO 8601 instant.`,
      );
    }
    const expirationDateTime = new Date(validUntil).toISOString();
    const token = await this.clientToken(context);
    // Without history the consent starts now: the bank then serves nothing booked before it.
    const data = {
      Permissions: [...requestedPermissions],
      ExpirationDateTime: expirationDateTime,
      ...(request.includeHistory ? {} : { TransactionFromDateTime: context.now().toISOString() }),
    };
    const response = await this.api(context, token, 'POST', '/account-access-consents', {
      Data: data,
      Risk: {},
    });
    if (response.status !== 201) throw this.unexpected(response, 'creating the account-access-consent');
    const consent = this.consentData(parseJson(response, 'consent response'));
    if (consent.Status !== 'AwaitingAuthorisation') {
      throw badData('new consent', `has status ${consent.Status}, expected AwaitingAuthorisation`);
    }
    // The authorisation request's parameters, repeated inside the request object as OIDC asks.
    const parameters = {
      response_type: 'code',
      client_id: this.settings.clientId,
      redirect_uri: request.redirectUri,
      scope: 'openid accounts',
      state: request.state,
      nonce: randomUUID(),
    };
    const intent = { openbanking_intent_id: { value: consent.ConsentId, essential: true } };
    const url = new URL(this.settings.authorizationEndpoint);
    const requestJwt = requestObject({
      iss: this.settings.clientId,
      aud: url.origin,
      ...parameters,
      exp: Math.floor(context.now().getTime() / 1000) + 600,
      claims: { userinfo: intent, id_token: intent },
    });
    for (const [key, value] of Object.entries({ ...parameters, request: requestJwt }))
      url.searchParams.set(key, value);
    return {
      kind: 'redirect',
      authorisationUrl: url.toString(),
      pending: { consentId: consent.ConsentId, expiresAt: expirationDateTime },
    };
  }

  async completeConnection(
    request: CompleteConnectionRequest,
    context: ConnectorContext,
  ): Promise<ConnectionGrant> {
    const { consentId, expiresAt } = request.pending as { consentId?: unknown; expiresAt?: unknown };
    if (typeof consentId !== 'string' || typeof expiresAt !== 'string') {
      throw new ConnectorError('INVALID_REQUEST', 'pending is not the value beginConnection returned.');
    }
    const { code, error } = request.callback;
    if (error) {
      // access_denied: the customer declined at the bank; anything else is the bank refusing the request.
      throw error === 'access_denied'
        ? new ConnectorError('CONSENT_REVOKED', 'The customer did not authorise access at the bank.')
        : new ConnectorError('INVALID_REQUEST', `The bank refused the authorisation request: ${error}.`);
    }
    if (!code) throw new ConnectorError('INVALID_REQUEST', 'The callback has neither a code nor an error.');
    const tokens = await this.token(context, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: request.redirectUri,
    });
    if (!tokens)
      throw new ConnectorError(
        'INVALID_REQUEST',
        'The bank did not accept the authorisation code (used, expired or for another redirect URI).',
      );
    if (typeof tokens.refresh_token !== 'string') throw badData('token response', 'has no refresh_token');
    const credentials: GrantCredentials = {
      refreshToken: tokens.refresh_token,
      accessToken: tokens.access_token,
      accessTokenExpiresAt: context.now().getTime() + (tokens.expires_in ?? 0) * 1000,
    };
    return { sourceConsentId: consentId, expiresAt, credentials: { ...credentials } };
  }

  async consentStatus(grant: ConnectionGrant, context: ConnectorContext): Promise<SourceConsentStatus> {
    credentialsOf(grant);
    return this.readConsentStatus(grant.sourceConsentId as string, context);
  }

  async listAccounts(grant: ConnectionGrant, context: ConnectorContext): Promise<readonly SourceAccount[]> {
    const body = await this.data(grant, context, `${this.settings.apiBaseUrl}/accounts`);
    const data = body.Data as { Account?: unknown } | undefined;
    return array(data?.Account ?? [], 'account list').map(toSourceAccount);
  }

  async listBalances(
    grant: ConnectionGrant,
    sourceAccountId: string,
    context: ConnectorContext,
  ): Promise<readonly SourceBalance[]> {
    const body = await this.data(grant, context, `${this.accountUrl(sourceAccountId)}/balances`);
    const data = body.Data as { Balance?: unknown } | undefined;
    return toSourceBalances(array(data?.Balance, 'balance list'), sourceAccountId);
  }

  async listTransactions(
    grant: ConnectionGrant,
    sourceAccountId: string,
    query: TransactionQuery,
    context: ConnectorContext,
  ): Promise<TransactionPage> {
    const first = `${this.accountUrl(sourceAccountId)}/transactions`;
    let url = first;
    if (query.cursor !== null) {
      // The cursor is the bank's Next link. It must stay on this account's transactions at this bank,
      // or a forged cursor could send the customer's token elsewhere.
      const next = new URL(query.cursor, this.settings.apiBaseUrl);
      if (`${next.origin}${next.pathname}` !== new URL(first).toString()) {
        throw new ConnectorError(
          'INVALID_REQUEST',
          'The cursor is not a transactions link of this account at this bank.',
        );
      }
      url = next.toString();
    } else if (query.fromDate) {
      url = `${first}?fromBookingDateTime=${encodeURIComponent(queryDateTime(query.fromDate))}`;
    }
    const body = await this.data(grant, context, url);
    const data = body.Data as { Transaction?: unknown } | undefined;
    const transactions = toSourceTransactions(
      array(data?.Transaction ?? [], 'transaction list'),
      sourceAccountId,
    );
    const links = (body.Links ?? {}) as { Next?: unknown };
    if (links.Next !== undefined && typeof links.Next !== 'string')
      throw badData('Links.Next', 'is not a URL');
    context.heartbeat({ transactions: transactions.length });
    return { transactions, nextCursor: links.Next ?? null };
  }

  async revoke(grant: ConnectionGrant, context: ConnectorContext): Promise<void> {
    credentialsOf(grant);
    const token = await this.clientToken(context);
    const response = await this.api(
      context,
      token,
      'DELETE',
      `/account-access-consents/${encodeURIComponent(grant.sourceConsentId as string)}`,
    );
    // Already gone is success: the profile answers 400 (not 404) for an id that no longer exists.
    if (response.status === 204 || consentGone(response)) return;
    throw this.unexpected(response, 'deleting the account-access-consent');
  }

  // --- internals ---

  private accountUrl(sourceAccountId: string): string {
    if (!sourceAccountId) throw new ConnectorError('INVALID_REQUEST', 'sourceAccountId is empty.');
    return `${this.settings.apiBaseUrl}/accounts/${encodeURIComponent(sourceAccountId)}`;
  }

  private headers(token: string, context: ConnectorContext): Record<string, string> {
    return {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      'x-fapi-interaction-id': randomUUID(),
      ...(this.settings.financialId ? { 'x-fapi-financial-id': this.settings.financialId } : {}),
      // The PSU's address only when the PSU is present: its presence is what keeps the request out of
      // the 4 unattended accesses a day (and an unattended request must not claim it).
      ...(context.customer.present ? { 'x-fapi-customer-ip-address': context.customer.ipAddress } : {}),
    };
  }

  private api(
    context: ConnectorContext,
    token: string,
    method: HttpRequest['method'],
    path: string,
    body?: object,
  ): Promise<HttpResponse> {
    return send(
      {
        method,
        url: `${this.settings.apiBaseUrl}${path}`,
        headers: {
          ...this.headers(token, context),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      },
      context,
      this.settings.retry,
    );
  }

  /** A token-endpoint call; undefined when the bank answers `invalid_grant`. */
  private async token(
    context: ConnectorContext,
    form: Record<string, string>,
  ): Promise<TokenAnswer | undefined> {
    const basic = Buffer.from(
      `${encodeURIComponent(this.settings.clientId)}:${encodeURIComponent(this.settings.clientSecret)}`,
    ).toString('base64');
    const response = await send(
      {
        method: 'POST',
        url: this.settings.tokenEndpoint,
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams(form).toString(),
      },
      context,
      this.settings.retry,
    );
    if (response.status === 401) {
      throw new ConnectorError(
        'INVALID_REQUEST',
        'The bank rejected the client id or secret: check the connector settings.',
      );
    }
    if (response.status === 400) {
      const error = (JSON.parse(response.text || '{}') as { error?: string }).error;
      if (error === 'invalid_grant') return undefined;
      throw new ConnectorError(
        'INVALID_REQUEST',
        `The bank's token endpoint refused the request: ${error ?? 'no error code'}.`,
      );
    }
    if (response.status !== 200) throw this.unexpected(response, 'the token request');
    const answer = parseJson(response, 'token response') as Partial<TokenAnswer>;
    if (typeof answer.access_token !== 'string' || answer.access_token === '') {
      throw badData('token response', 'has no access_token');
    }
    return answer as TokenAnswer;
  }

  private async clientToken(context: ConnectorContext): Promise<string> {
    const answer = await this.token(context, { grant_type: 'client_credentials', scope: 'accounts' });
    if (!answer) throw new ConnectorError('INVALID_REQUEST', 'The bank refused a client-credentials token.');
    return answer.access_token;
  }

  private consentData(body: Record<string, unknown>): ObConsent {
    const data = body.Data as Partial<ObConsent> | undefined;
    if (!data || typeof data.ConsentId !== 'string' || typeof data.Status !== 'string') {
      throw badData('consent response', 'lacks Data.ConsentId or Data.Status');
    }
    if (data.ExpirationDateTime !== undefined && Number.isNaN(Date.parse(data.ExpirationDateTime))) {
      throw badData('consent ExpirationDateTime', 'is not a date-time');
    }
    return data as ObConsent;
  }

  private async readConsentStatus(
    consentId: string,
    context: ConnectorContext,
  ): Promise<SourceConsentStatus> {
    const token = await this.clientToken(context);
    const response = await this.api(
      context,
      token,
      'GET',
      `/account-access-consents/${encodeURIComponent(consentId)}`,
    );
    if (consentGone(response)) return 'revoked'; // deleted (by the TPP or the bank)
    if (response.status !== 200) throw this.unexpected(response, 'reading the account-access-consent');
    const consent = this.consentData(parseJson(response, 'consent response'));
    switch (consent.Status) {
      case 'Authorised':
        return consent.ExpirationDateTime && Date.parse(consent.ExpirationDateTime) <= context.now().getTime()
          ? 'expired'
          : 'valid';
      case 'AwaitingAuthorisation':
        return 'pending';
      case 'Rejected':
        return 'rejected';
      case 'Revoked':
        return 'revoked';
      default:
        throw badData('consent Status', `is ${consent.Status}`);
    }
  }

  /** Why the bank refused a data call, as the error the platform acts on. */
  private async refusal(
    grant: ConnectionGrant,
    context: ConnectorContext,
    response: HttpResponse,
  ): Promise<ConnectorError> {
    const status = await this.readConsentStatus(grant.sourceConsentId as string, context);
    if (status === 'expired')
      return new ConnectorError(
        'CONSENT_EXPIRED',
        'The consent at the bank has expired: the customer must authorise again.',
      );
    if (status !== 'valid') {
      return new ConnectorError(
        'CONSENT_REVOKED',
        `The consent at the bank is ${status}: stop syncing this connection.`,
      );
    }
    if (response.status === 401) {
      // Consent still authorised but no token works: the customer withdrew this app's access at the bank.
      return new ConnectorError(
        'CONSENT_REVOKED',
        "The bank no longer accepts this connection's tokens: the customer must authorise again.",
      );
    }
    return new ConnectorError(
      'INVALID_REQUEST',
      `The bank refused access to this resource: ${obErrorMessage(response) || response.status}.`,
    );
  }

  /**
   * A GET on a data endpoint with the customer's token, refreshed once if the bank says it expired (or
   * it is about to). A refresh is saved as the connection's grant before the new token is used.
   */
  private async data(
    grant: ConnectionGrant,
    context: ConnectorContext,
    url: string,
  ): Promise<Record<string, unknown>> {
    const credentials = credentialsOf(grant);
    let token: string | undefined =
      credentials.accessTokenExpiresAt - tokenMarginMs > context.now().getTime()
        ? credentials.accessToken
        : undefined;
    let refreshed = false;
    for (;;) {
      if (!token) {
        refreshed = true;
        token = await this.refresh(grant, credentials, context);
      }
      const response = await send(
        { method: 'GET', url, headers: this.headers(token, context) },
        context,
        this.settings.retry,
      );
      if (response.status === 200) return parseJson(response, 'response');
      if (response.status === 401 && !refreshed) {
        token = undefined;
        continue;
      }
      if (response.status === 401 || response.status === 403)
        throw await this.refusal(grant, context, response);
      if (response.status === 400) {
        throw new ConnectorError(
          'INVALID_REQUEST',
          `The bank rejected the request: ${obErrorMessage(response) || 'no details'}.`,
        );
      }
      throw this.unexpected(response, `GET ${new URL(url).pathname}`);
    }
  }

  /**
   * Exchanges the grant's refresh token for a new access token and saves the new credentials as the
   * connection's grant before returning the token. A bank that rotates refresh tokens (RFC 6749 §6)
   * returns a new one and spends the old: saving first means no later call is left with a spent one.
   */
  private async refresh(
    grant: ConnectionGrant,
    credentials: GrantCredentials,
    context: ConnectorContext,
  ): Promise<string> {
    const answer = await this.token(context, {
      grant_type: 'refresh_token',
      refresh_token: credentials.refreshToken,
    });
    if (!answer) throw await this.refusal(grant, context, { status: 401, headers: new Headers(), text: '' });
    if (answer.refresh_token !== undefined && typeof answer.refresh_token !== 'string') {
      throw badData('token response', 'has a refresh_token that is not a string');
    }
    const renewed: GrantCredentials = {
      refreshToken: answer.refresh_token ?? credentials.refreshToken,
      accessToken: answer.access_token,
      accessTokenExpiresAt: context.now().getTime() + (answer.expires_in ?? 0) * 1000,
    };
    await context.saveGrant({ ...grant, credentials: { ...grant.credentials, ...renewed } });
    return answer.access_token;
  }

  private unexpected(response: HttpResponse, what: string): ConnectorError {
    const details = obErrorMessage(response);
    return new ConnectorError(
      'BAD_SOURCE_DATA',
      `The bank answered ${what} with status ${response.status}, which the specification does not give for it${details ? ` (${details})` : ''}.`,
    );
  }
}

/**
 * Creates the connector from raw settings (validated; throws `OpenBankingUkSettingsError` listing
 * every problem).
 */
export function createOpenBankingUkConnector(settings: unknown): DataConnector {
  return new OpenBankingUkConnector(parseOpenBankingUkSettings(settings));
}
