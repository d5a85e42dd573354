import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { DEFAULT_RETRY_AFTER_SECONDS, isRateLimited, retryAt, retryState, secondsUntil } from './retry.ts';

describe('retrying after a rate limit', () => {
  const now = 1_000_000;

  it('waits the Retry-After delay of the error, or a short default when the API gave none', () => {
    expect(retryAt(new ApiError('RATE_LIMITED', 'x', undefined, 12), now)).toBe(now + 12_000);
    expect(retryAt(new ApiError('RATE_LIMITED', 'x'), now)).toBe(now + DEFAULT_RETRY_AFTER_SECONDS * 1000);
  });

  it('counts down in whole seconds and never below zero', () => {
    expect(secondsUntil(now + 12_000, now)).toBe(12);
    expect(secondsUntil(now + 11_001, now)).toBe(12);
    expect(secondsUntil(now - 5_000, now)).toBe(0);
  });

  it('keeps "Try again" disabled until the delay has passed', () => {
    expect(retryState(3)).toEqual({
      message: 'Too many requests — try again in 3 seconds.',
      button: 'Try again in 3 s',
      canRetry: false,
    });
    expect(retryState(0)).toEqual({ message: 'You can try again now.', button: 'Try again', canRetry: true });
  });

  it('recognises only RATE_LIMITED api errors', () => {
    expect(isRateLimited(new ApiError('RATE_LIMITED', 'x'))).toBe(true);
    expect(isRateLimited(new ApiError('NETWORK', 'x'))).toBe(false);
    expect(isRateLimited(new Error('x'))).toBe(false);
  });
});
