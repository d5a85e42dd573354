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

/** A file the API answers to a POST (e.g. a data export's ZIP), with the name it gave it. */
export interface ApiFile {
  fileName: string;
  content: Blob;
}

/** POSTs a JSON body to one of the API's non-GraphQL endpoints and answers the file it sends back. */
export type FileRequest = (path: string, body: Record<string, unknown>) => Promise<ApiFile>;

async function headersFor(session: ApiSession): Promise<Record<string, string>> {
  const tenantSlug = session.tenantSlug();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    // The portal is in English: the texts the API writes for a request's language (category labels,
    // field problems) must not follow a staff member's browser language.
    'accept-language': 'en',
  };
  const token = await session.accessToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (tenantSlug) headers['x-tenant'] = tenantSlug;
  return headers;
}

async function post(endpoint: string, headers: Record<string, string>, body: unknown): Promise<Response> {
  try {
    return await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify(body) });
  } catch (cause) {
    throw new ApiError('NETWORK', describe('NETWORK', `${endpoint}: ${(cause as Error).message}`));
  }
}

/** The API's error body (GraphQL or an endpoint's `{ errors: [...] }`) as the portal's typed error. */
function apiErrorOf(
  response: Response,
  first: GraphqlErrorBody | undefined,
  tenantSlug: string | null,
): ApiError {
  const serverCode = first?.extensions?.code;
  // The API words every error it answers; a 5xx with no error of its own is a gateway or proxy saying the API
  // did not answer: the same as not reaching it (isUnreachable, errors.ts).
  const code = !first && response.status >= 500 ? 'NETWORK' : errorCodeOf(response.status, serverCode);
  const requestId = typeof first?.extensions?.requestId === 'string' ? first.extensions.requestId : undefined;
  const retryAfter =
    code === 'RATE_LIMITED' ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
  const detail = first ? first.message : `HTTP ${response.status}`;
  return new ApiError(
    code,
    describe(code, detail, tenantSlug ?? undefined, retryAfter),
    requestId,
    retryAfter,
    code === 'STEP_UP_REQUIRED' ? stepUpChallengeOf(first?.extensions) : undefined,
    code === 'INVALID' ? fieldProblemsOf(first?.extensions) : [],
  );
}

export function createGraphqlClient({ apiUrl, session }: GraphqlClientOptions): GraphqlRequest {
  const endpoint = `${apiUrl}/graphql`;
  return async function request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const headers = { ...(await headersFor(session)), accept: 'application/json' };
    const response = await post(endpoint, headers, { query, variables });

    let body: GraphqlResponseBody<T> | undefined;
    try {
      body = (await response.json()) as GraphqlResponseBody<T>;
    } catch {
      body = undefined;
    }

    const first = body?.errors?.[0];
    if (first || !response.ok || !body?.data) throw apiErrorOf(response, first, session.tenantSlug());
    return body.data;
  };
}

export function createFileClient({ apiUrl, session }: GraphqlClientOptions): FileRequest {
  return async function requestFile(path, body) {
    const response = await post(`${apiUrl}${path}`, await headersFor(session), body);
    if (!response.ok) {
      const errors = (await response.json().catch(() => undefined)) as GraphqlResponseBody<never> | undefined;
      throw apiErrorOf(response, errors?.errors?.[0], session.tenantSlug());
    }
    const disposition = response.headers.get('content-disposition') ?? '';
    const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? path.split('/').at(-1) ?? 'download';
    return { fileName, content: await response.blob() };
  };
}
