/**
 * HTTP for the connector: only through the platform's `context.fetch`, retried inside the call on
 * 429, 5xx and network failures with exponential back-off and jitter, honouring `Retry-After`,
 * for a small bounded number of attempts, and abortable through `context.signal`.
 */
import { ConnectorError, type ConnectorContext } from '@finpersona/plugin-sdk';
import type { RetrySettings } from './settings';

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

function aborted(): ConnectorError {
  return new ConnectorError('SOURCE_UNAVAILABLE', 'The platform aborted the call before the bank answered.');
}

/** Waits `ms`, or rejects as soon as the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(aborted());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** `Retry-After` as milliseconds: delay-seconds or an HTTP-date (RFC 9110, 10.2.3). */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** Back-off before retry number `retry` (1-based): exponential, capped, with "equal jitter" (half fixed, half random). */
export function backoffMs(
  retry: number,
  settings: RetrySettings,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Sends a request, retrying 429 / 5xx / network failures. Returns any other response (2xx, 4xx)
 * to the caller; after the last attempt throws `RATE_LIMITED` or `SOURCE_UNAVAILABLE`.
 */
export async function send(
  request: HttpRequest,
  context: ConnectorContext,
  settings: RetrySettings,
): Promise<HttpResponse> {
  const where = `${request.method} ${new URL(request.url).pathname}`;
  for (let attempt = 1; ; attempt += 1) {
    if (context.signal.aborted) throw aborted();
    let failure: ConnectorError;
    let wait: number | undefined;
    try {
      const response = await context.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        signal: context.signal,
        redirect: 'manual',
      });
      const text = await response.text();
      if (response.status !== 429 && response.status < 500) {
        return { status: response.status, headers: response.headers, text };
      }
      wait = retryAfterMs(response.headers.get('retry-after'), context.now());
      failure =
        response.status === 429
          ? new ConnectorError(
              'RATE_LIMITED',
              `The bank rate-limited ${where} (429) ${attempt} time(s); try again later.`,
              wait,
            )
          : new ConnectorError(
              'SOURCE_UNAVAILABLE',
              `The bank answered ${where} with ${response.status} ${attempt} time(s).`,
              wait,
            );
    } catch (error) {
      if (error instanceof ConnectorError) throw error;
      if (context.signal.aborted) throw aborted();
      failure = new ConnectorError(
        'SOURCE_UNAVAILABLE',
        `The bank could not be reached for ${where}: ${(error as Error).message}`,
      );
    }
    // A long Retry-After is the platform's to schedule: holding a worker for it helps nobody.
    if (attempt >= settings.maxAttempts || (wait !== undefined && wait > settings.maxRetryAfterMs))
      throw failure;
    await sleep(Math.max(wait ?? 0, backoffMs(attempt, settings)), context.signal);
  }
}
