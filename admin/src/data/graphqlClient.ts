// The only place that speaks HTTP/GraphQL to the FinPersona API.
import { ApiError, codeForHttpStatus, describe, isApiErrorCode } from './errors.ts';

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
    if (first) {
      const code = isApiErrorCode(first.extensions?.code)
        ? first.extensions.code
        : codeForHttpStatus(response.status);
      const requestId =
        typeof first.extensions?.requestId === 'string' ? first.extensions.requestId : undefined;
      throw new ApiError(code, describe(code, first.message, tenantSlug ?? undefined), requestId);
    }
    if (!response.ok || !body?.data) {
      const code = response.ok ? 'INTERNAL' : codeForHttpStatus(response.status);
      throw new ApiError(code, describe(code, `HTTP ${response.status}`, tenantSlug ?? undefined));
    }
    return body.data;
  };
}
