import { describe, expect, it } from 'vitest';
import { codeForHttpStatus, errorCodeOf, parseRetryAfter, rateLimitedMessage } from './errors.ts';

describe('parseRetryAfter', () => {
  const now = Date.parse('Wed, 01 Jan 2025 12:00:00 GMT');
  it('reads a delay in seconds and an HTTP date, and never a negative wait', () => {
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Wed, 01 Jan 2025 12:00:09 GMT', now)).toBe(9);
    expect(parseRetryAfter('Wed, 01 Jan 2025 11:00:00 GMT', now)).toBe(0);
  });
  it('gives undefined for a missing or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('error codes', () => {
  it("uses the body's code when it is one of the API's, else the HTTP status's", () => {
    expect(errorCodeOf(400, 'FORBIDDEN')).toBe('FORBIDDEN');
    expect(errorCodeOf(429, 'SOMETHING_ELSE')).toBe('RATE_LIMITED');
    expect(errorCodeOf(502, undefined)).toBe('INTERNAL');
  });
  it('maps the statuses the API uses', () => {
    expect([401, 403, 404, 400, 422, 409, 429, 500].map(codeForHttpStatus)).toEqual([
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'NOT_FOUND',
      'INVALID',
      'INVALID',
      'CONFLICT',
      'RATE_LIMITED',
      'INTERNAL',
    ]);
  });
  it('says how long to wait when rate limited', () => {
    expect(rateLimitedMessage(1)).toBe('Too many requests — try again in 1 second.');
    expect(rateLimitedMessage(30)).toBe('Too many requests — try again in 30 seconds.');
    expect(rateLimitedMessage(undefined)).toBe('Too many requests — try again in a moment.');
  });
});
