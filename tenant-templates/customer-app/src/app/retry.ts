// When a rate-limited customer may try again: the API's Retry-After, counted down on screen.
import { ApiError } from '../api/client.ts';
import { english, type Translate } from '../i18n/i18n.ts';

/** Used when a 429 comes without a readable Retry-After. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

export function isRateLimited(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === 'RATE_LIMITED';
}

/** The moment (ms since epoch) a rate-limited request may be retried. */
export function retryAt(error: ApiError, now = Date.now()): number {
  return now + (error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS) * 1000;
}

/** Whole seconds left until `at`, never negative. */
export function secondsUntil(at: number, now = Date.now()): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** What the rate-limited screen says and whether its retry button may be used yet. */
export function retryState(
  secondsLeft: number,
  t: Translate = english,
): { message: string; button: string; canRetry: boolean } {
  return secondsLeft > 0
    ? {
        message: t('app.rateLimited.wait', { count: secondsLeft }),
        button: t('app.rateLimited.button', { count: secondsLeft }),
        canRetry: false,
      }
    : { message: t('app.rateLimited.now'), button: t('app.tryAgain'), canRetry: true };
}
