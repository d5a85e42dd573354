// The only place that speaks HTTP/GraphQL to the FinPersona API.
import { errorCodeOf, parseRetryAfter, stepUpChallengeOf } from '@finpersona/api-client';
import { ApiError, describe, fieldProblemsOf } from './errors.ts';

/** Who is calling: the data layer asks for these per request, so token refreshes are picked up. */
export interface ApiSession {
  /** Bearer token, or null for public queries. */
  accessToken(): Promise<string | null>;
  /** Slug sent as `X-Tenant` (bank users); null for platform operators. */
  tenantSlug(): string | null;
}

export interface GraphqlClientOptions {
  apiUrl: string;
  session: ApiSession;
}

interface GraphqlErrorBody {
  message?: string;
  extensions?: { code?: unknown; requestId?: unknown };
}

interface GraphqlResponseBody<T> {
  data?: T | null;
  errors?: GraphqlErrorBody[];
}

export type GraphqlRequest = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export function createGraphqlClient({ apiUrl, session }: GraphqlClientOptions): GraphqlRequest {
  const endpoint = `${apiUrl}/graphql`;
  return async function request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const tenantSlug = session.tenantSlug();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      // The portal is in English: the texts the API writes for a request's language (category labels,
      // field problems) must not follow a staff member's browser language.
      'accept-language': 'en',
    };
    const token = await session.accessToken();
    if (token) headers.authorization = `Bearer ${token}`;
    if (tenantSlug) headers['x-tenant'] = tenantSlug;

    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
    } catch (cause) {
      throw new ApiError('NETWORK', describe('NETWORK', `${endpoint}: ${(cause as Error).message}`));
    }

    let body: GraphqlResponseBody<T> | undefined;
    try {
      body = (await response.json()) as GraphqlResponseBody<T>;
    } catch {
      body = undefined;
    }

    const first = body?.errors?.[0];
    if (first || !response.ok || !body?.data) {
      const serverCode = first?.extensions?.code;
      const code = errorCodeOf(response.status, serverCode);
      const requestId =
        typeof first?.extensions?.requestId === 'string' ? first.extensions.requestId : undefined;
      const retryAfter =
        code === 'RATE_LIMITED' ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
      const detail = first ? first.message : `HTTP ${response.status}`;
      throw new ApiError(
        code,
        describe(code, detail, tenantSlug ?? undefined, retryAfter),
        requestId,
        retryAfter,
        code === 'STEP_UP_REQUIRED' ? stepUpChallengeOf(first?.extensions) : undefined,
        code === 'INVALID' ? fieldProblemsOf(first?.extensions) : [],
      );
    }
    return body.data;
  };
}
