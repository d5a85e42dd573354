// The customer app's only connection to the FinPersona GraphQL API.

import {
  errorCodeOf,
  parseRetryAfter,
  rateLimitedMessage,
  stepUpChallengeOf,
  type ApiErrorCode,
  type StepUpChallenge,
} from '@finpersona/api-client';
import { currentFormatLocale, fallbackLanguage, languageOf, translator } from '../i18n/i18n.ts';

export type { ApiErrorCode, StepUpChallenge };

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly requestId?: string,
    /** RATE_LIMITED only: seconds to wait before retrying (the response's Retry-After), when known. */
    readonly retryAfterSeconds?: number,
    /** STEP_UP_REQUIRED only: what to ask Keycloak for when signing in again with the second factor. */
    readonly stepUp?: StepUpChallenge,
    /** INVALID only: the input fields and, for an uploaded file, its problems by line and field. */
    readonly invalid?: InvalidDetails,
  ) {
    super(message);
  }
}

/** What an INVALID answer says about the input (`extensions.fields`, `fileProblems`, `moreFileProblems`). */
export interface InvalidDetails {
  fields: { field: string; problem: string }[];
  fileProblems: { line?: number; field?: string; message: string }[];
  moreFileProblems: number;
}

function invalidDetailsOf(extensions: unknown): InvalidDetails {
  const value = (extensions ?? {}) as Record<string, unknown>;
  const list = <T>(items: unknown, keep: (item: Record<string, unknown>) => T | undefined): T[] =>
    Array.isArray(items)
      ? items.flatMap((item) => {
          const kept =
            typeof item === 'object' && item !== null ? keep(item as Record<string, unknown>) : undefined;
          return kept === undefined ? [] : [kept];
        })
      : [];
  return {
    fields: list(value.fields, (item) =>
      typeof item.field === 'string' && typeof item.problem === 'string'
        ? { field: item.field, problem: item.problem }
        : undefined,
    ),
    fileProblems: list(value.fileProblems, (item) =>
      typeof item.message === 'string'
        ? {
            ...(typeof item.line === 'number' ? { line: item.line } : {}),
            ...(typeof item.field === 'string' ? { field: item.field } : {}),
            message: item.message,
          }
        : undefined,
    ),
    moreFileProblems: typeof value.moreFileProblems === 'number' ? value.moreFileProblems : 0,
  };
}

/** The error for a refused response; RATE_LIMITED says how long to wait (Retry-After) instead of the server text. */
function failure(
  response: Response,
  code: ApiErrorCode,
  message: string,
  requestId?: string,
  extensions?: unknown,
): ApiError {
  if (code === 'STEP_UP_REQUIRED') {
    return new ApiError(code, message, requestId, undefined, stepUpChallengeOf(extensions));
  }
  if (code === 'INVALID') {
    return new ApiError(code, message, requestId, undefined, undefined, invalidDetailsOf(extensions));
  }
  if (code !== 'RATE_LIMITED') return new ApiError(code, message, requestId);
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  return new ApiError(code, rateLimitedMessage(retryAfter), requestId, retryAfter);
}

export interface Branding {
  displayName: string;
  primaryColor: string;
  accentColor: string;
  logoUrl: string | null;
}

export interface TenantBranding {
  slug: string;
  realm: string;
  issuer: string;
  branding: Branding;
}

export interface Me {
  subject: string;
  username: string | null;
  displayName: string | null;
  roles: string[];
}

export type ConsentPurpose = 'AGGREGATION' | 'PERSONALISATION' | 'MARKETING' | 'ANALYTICS';
export type ConsentStatus = 'GRANTED' | 'REVOKED' | 'EXPIRED';

/** One of the customer's consents, as the API returns it. */
export interface Consent {
  id: string;
  purpose: ConsentPurpose;
  status: ConsentStatus;
  /** Granted and before its expiry and renewal deadline. */
  live: boolean;
  textVersion: string;
  renewal: 'STRONG_AUTHENTICATION' | 'RECONFIRMATION' | null;
  grantedAt: string;
  expiresAt: string | null;
  renewalDueAt: string | null;
  revokedAt: string | null;
  expiredAt: string | null;
}

/** The text to show before a grant: the grant sends back its version and hash. */
export interface ConsentText {
  purpose: ConsentPurpose;
  locale: string;
  version: string;
  title: string;
  text: string;
  textHash: string;
}

const consentFields =
  'id purpose status live textVersion renewal grantedAt expiresAt renewalDueAt revokedAt expiredAt';

export class ApiClient {
  constructor(
    private readonly apiUrl: string,
    private readonly tenantSlug: string,
  ) {}

  /** Public: which bank this is and how it looks. Null when the bank is unknown or suspended. */
  async tenantBranding(): Promise<TenantBranding | null> {
    const data = await this.request<{ tenantBranding: TenantBranding | null }>(
      `query TenantBranding($slug: String!) {
        tenantBranding(slug: $slug) { slug realm issuer branding { displayName primaryColor accentColor logoUrl } }
      }`,
      { slug: this.tenantSlug },
      null,
    );
    return data.tenantBranding;
  }

  async me(accessToken: string): Promise<Me> {
    const data = await this.request<{ me: Me }>(
      'query Me { me { subject username displayName roles } }',
      {},
      accessToken,
    );
    return data.me;
  }

  /** Any operation of the API with the customer's token (the app's features keep their documents beside them). */
  graphql<T>(query: string, variables: Record<string, unknown>, accessToken: string): Promise<T> {
    return this.request<T>(query, variables, accessToken);
  }

  /** The signed-in customer's consents, newest first. */
  async consents(accessToken: string): Promise<Consent[]> {
    const data = await this.request<{ consents: Consent[] }>(
      `query Consents { consents { ${consentFields} } }`,
      {},
      accessToken,
    );
    return data.consents;
  }

  /**
   * The current text of every purpose in `locale` (the app's language). The API answers INVALID for a
   * locale it has no texts in: then the English texts (each text carries its own locale, which the grant
   * sends back — so the consent's proof records the language the customer actually read).
   */
  async consentTexts(accessToken: string, locale: string): Promise<ConsentText[]> {
    const query =
      'query ConsentTexts($locale: String) { consentTexts(locale: $locale) { purpose locale version title text textHash } }';
    try {
      return (await this.request<{ consentTexts: ConsentText[] }>(query, { locale }, accessToken))
        .consentTexts;
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'INVALID') || locale === 'en') throw error;
      return (await this.request<{ consentTexts: ConsentText[] }>(query, { locale: 'en' }, accessToken))
        .consentTexts;
    }
  }

  /** Grants the purpose of `text` exactly as shown (its version, locale and hash). */
  async grantConsent(accessToken: string, text: ConsentText): Promise<Consent> {
    const data = await this.request<{ grantConsent: Consent }>(
      `mutation GrantConsent($input: GrantConsentInput!) { grantConsent(input: $input) { ${consentFields} } }`,
      {
        input: {
          purpose: text.purpose,
          textVersion: text.version,
          locale: text.locale,
          textHash: text.textHash,
        },
      },
      accessToken,
    );
    return data.grantConsent;
  }

  async revokeConsent(accessToken: string, id: string): Promise<Consent> {
    const data = await this.request<{ revokeConsent: Consent }>(
      `mutation RevokeConsent($id: ID!) { revokeConsent(id: $id) { ${consentFields} } }`,
      { id },
      accessToken,
    );
    return data.revokeConsent;
  }

  /** EU: answered STEP_UP_REQUIRED without a recent one-time code (ApiError.stepUp says what to ask for). */
  async renewConsent(accessToken: string, id: string): Promise<Consent> {
    const data = await this.request<{ renewConsent: Consent }>(
      `mutation RenewConsent($id: ID!) { renewConsent(id: $id) { ${consentFields} } }`,
      { id },
      accessToken,
    );
    return data.renewConsent;
  }

  private async request<T>(
    query: string,
    variables: Record<string, unknown>,
    accessToken: string | null,
  ): Promise<T> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-tenant': this.tenantSlug,
    };
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    // The app's language, so the texts the API writes (category labels, availability messages, field
    // problems) come in it too — not the browser's own Accept-Language, which the switcher may have overruled.
    const locale = currentFormatLocale();
    if (locale) headers['accept-language'] = locale;
    let response: Response;
    try {
      response = await fetch(`${this.apiUrl}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
    } catch (cause) {
      // No answer at all (offline, the API down, CORS): the customer reads it in the app's language.
      const t = translator(languageOf(locale ?? '') ?? fallbackLanguage);
      throw new ApiError('NETWORK', t('app.unreachable', { cause: (cause as Error).message }));
    }
    let body: {
      data?: T | null;
      errors?: { message?: string; extensions?: { code?: unknown; requestId?: unknown } }[];
    };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      const code = response.status >= 500 ? 'NETWORK' : errorCodeOf(response.status, undefined);
      throw failure(response, code, `HTTP ${response.status}`);
    }
    const first = body.errors?.[0];
    if (first) {
      const requestId =
        typeof first.extensions?.requestId === 'string' ? first.extensions.requestId : undefined;
      throw failure(
        response,
        errorCodeOf(response.status, first.extensions?.code),
        first.message ?? 'Request failed',
        requestId,
        first.extensions,
      );
    }
    if (!body.data) throw new ApiError('INTERNAL', `HTTP ${response.status} without data`);
    return body.data;
  }
}
