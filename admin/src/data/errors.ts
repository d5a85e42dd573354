// The API's error vocabulary (see the platform's GraphQL errors), as one typed error for the portal.

export const API_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID',
  'CONFLICT',
  'STEP_UP_REQUIRED',
  'RATE_LIMITED',
  'INTERNAL',
] as const;

/** Server codes plus the one the client adds when the API cannot be reached at all. */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number] | 'NETWORK';

const STATUS_BY_CODE: Record<ApiErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  STEP_UP_REQUIRED: 403,
  NOT_FOUND: 404,
  INVALID: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NETWORK: 0,
};

/**
 * Thrown by the data layer. `status` follows HTTP so react-admin's authProvider.checkError
 * and notifications understand it; `code` is what the portal decides on.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly requestId?: string,
    /** RATE_LIMITED only: seconds to wait before retrying (the response's Retry-After), when known. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.status = STATUS_BY_CODE[code];
  }
  /** react-admin reads `body` from HttpError-like objects. */
  get body(): { code: ApiErrorCode; requestId?: string } {
    return { code: this.code, requestId: this.requestId };
  }
}

export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value);
}

export function codeForHttpStatus(status: number): ApiErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 400 || status === 422) return 'INVALID';
  if (status === 409) return 'CONFLICT';
  if (status === 429) return 'RATE_LIMITED';
  return 'INTERNAL';
}

/** Seconds to wait from a Retry-After header (delay in seconds, or an HTTP date); undefined if absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** "Too many requests — try again in N seconds." (the wait is the API's Retry-After). */
export function rateLimitedMessage(retryAfterSeconds: number | undefined): string {
  if (retryAfterSeconds === undefined) return 'Too many requests — try again in a moment.';
  return `Too many requests — try again in ${retryAfterSeconds} ${retryAfterSeconds === 1 ? 'second' : 'seconds'}.`;
}

/**
 * What a person should read for each code; the server's own message is appended for detail (except for
 * RATE_LIMITED, whose message already says all there is: how long to wait).
 */
export function describe(
  code: ApiErrorCode,
  serverMessage: string | undefined,
  tenantSlug?: string,
  retryAfterSeconds?: number,
): string {
  const detail = serverMessage ? ` (${serverMessage})` : '';
  switch (code) {
    case 'UNAUTHENTICATED':
      return `Your session has expired or is not valid. Please sign in again.${detail}`;
    case 'FORBIDDEN':
      return tenantSlug
        ? `You do not have permission to do this for bank "${tenantSlug}". Ask an administrator of that bank for the right role.${detail}`
        : `You do not have permission to do this.${detail}`;
    case 'STEP_UP_REQUIRED':
      return `This action needs a fresh second-factor sign-in. Sign out and sign in again.${detail}`;
    case 'NOT_FOUND':
      return `Not found.${detail}`;
    case 'INVALID':
      return `The request was not valid.${detail}`;
    case 'CONFLICT':
      return `This conflicts with the current state; reload and try again.${detail}`;
    case 'RATE_LIMITED':
      return rateLimitedMessage(retryAfterSeconds);
    case 'NETWORK':
      return `The FinPersona API could not be reached. Check your connection and try again.${detail}`;
    case 'INTERNAL':
      return `The FinPersona API failed to answer. Try again; if it keeps failing, quote the request id to support.${detail}`;
  }
}
