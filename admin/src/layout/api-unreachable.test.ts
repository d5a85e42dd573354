import { describe, expect, it } from 'vitest';
import { ApiError } from '../data/errors.ts';
import { portalUnreachable } from './api-unreachable.ts';

const network = new ApiError('NETWORK', 'unreachable');

describe('portalUnreachable (the roles query, before the portal can start)', () => {
  it('is the API out of reach: the last try or the final error is a NETWORK error and no roles were loaded', () => {
    expect(portalUnreachable({ data: undefined, error: null, failureReason: network })).toBe(true);
    expect(portalUnreachable({ data: undefined, error: network, failureReason: null })).toBe(true);
  });

  it('leaves every other error to its own handling (sign-in, step-up, "Not allowed", the page)', () => {
    for (const code of ['UNAUTHENTICATED', 'STEP_UP_REQUIRED', 'FORBIDDEN', 'INTERNAL', 'INVALID'] as const) {
      const error = new ApiError(code, code);
      expect(portalUnreachable({ data: undefined, error, failureReason: error })).toBe(false);
    }
    expect(portalUnreachable({ data: undefined, error: new Error('x'), failureReason: null })).toBe(false);
  });

  it('is not shown while loading, nor once the roles are known (a later failure keeps the page)', () => {
    expect(portalUnreachable({ data: undefined, error: null, failureReason: null })).toBe(false);
    expect(portalUnreachable({ data: ['bank-admin'], error: network, failureReason: network })).toBe(false);
    expect(portalUnreachable({ data: [], error: network, failureReason: null })).toBe(false);
  });
});
