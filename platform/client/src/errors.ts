// The API's error vocabulary as its browser clients see it. The platform defines it
// (platform/src/errors/errors.ts, `ErrorCode`); keep this list the same when a code is added there.

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

/** A code the API sends in `extensions.code`. */
export type ServerErrorCode = (typeof API_ERROR_CODES)[number];

/** Server codes plus the one a client adds when the API cannot be reached at all. */
export type ApiErrorCode = ServerErrorCode | 'NETWORK';

export function isServerErrorCode(value: unknown): value is ServerErrorCode {
  return typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value);
}

/** The code for a refused response whose body names none (e.g. a proxy's bare 429). */
export function codeForHttpStatus(status: number): ServerErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 400 || status === 422) return 'INVALID';
  if (status === 409) return 'CONFLICT';
  if (status === 429) return 'RATE_LIMITED';
  return 'INTERNAL';
}

/** The body's code when it is one of ours, otherwise the HTTP status's. */
export function errorCodeOf(status: number, bodyCode: unknown): ServerErrorCode {
  return isServerErrorCode(bodyCode) ? bodyCode : codeForHttpStatus(status);
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
