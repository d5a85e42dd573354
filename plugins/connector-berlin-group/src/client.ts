/**
 * HTTP to the ASPSP through the platform's `context.fetch` only: the XS2A headers, bounded in-call
 * retries of 429/5xx (exponential back-off with jitter, `Retry-After` honoured, abortable), and the
 * mapping of XS2A error answers onto the SDK's `ConnectorError` codes.
 */
import { randomUUID } from 'node:crypto';
import { ConnectorError, type ConnectorContext } from '@finpersona/plugin-sdk';
import type { BerlinGroupSettings } from './settings';
import type { Xs2aTppMessage } from './xs2a';

export interface Xs2aRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** `/v1/...` (under the base URL), or an href the ASPSP gave (same origin). */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly consentId?: string;
  /**
   * Sent as `PSU-IP-Address` when set: the PSU is actively present (the access then does not count
   * against `frequencyPerDay`); without it the request is the TPP's own, as in a scheduled sync. The
   * connector decides (`psuIpAddress` in connector.ts): the customer's address, or the TPP's where the
   * specification makes the header mandatory and the customer's is not available.
   */
  readonly psuIpAddress?: string | undefined;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface Xs2aAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  readonly body: unknown;
}

export interface ClientHooks {
  /** Jitter source, in [0, 1). */
  readonly random: () => number;
  /** Waits, or rejects with the signal's reason when it aborts first. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

const retryableStatuses = new Set([429, 500, 502, 503, 504]);

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined;
  if (/^[0-9]+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function untilNextUtcDay(now: Date): number {
  const dayMs = 24 * 60 * 60 * 1000;
  return (Math.floor(now.getTime() / dayMs) + 1) * dayMs - now.getTime();
}

export function tppMessages(body: unknown): Xs2aTppMessage[] {
  const messages = (body as { tppMessages?: unknown } | undefined)?.tppMessages;
  return Array.isArray(messages) ? (messages as Xs2aTppMessage[]) : [];
}

function describe(answer: Xs2aAnswer): string {
  const message = tppMessages(answer.body)[0];
  return message ? `${message.code}${message.text ? `: ${message.text}` : ''}` : `HTTP ${answer.status}`;
}

/** The `ConnectorError` an XS2A error answer means. */
export function errorFor(answer: Xs2aAnswer, what: string): ConnectorError {
  const codes = new Set(tppMessages(answer.body).map((message) => message.code));
  const detail = describe(answer);
  if (answer.status === 401 && codes.has('CONSENT_EXPIRED')) {
    return new ConnectorError(
      'CONSENT_EXPIRED',
      `The bank says the consent has expired (${detail}); the customer must renew it.`,
    );
  }
  if (answer.status === 401 || codes.has('CONSENT_UNKNOWN')) {
    return new ConnectorError(
      'CONSENT_REVOKED',
      `The bank no longer accepts the consent (${detail}); stop syncing.`,
    );
  }
  if (answer.status === 403 || answer.status === 404 || answer.status === 400) {
    return new ConnectorError('INVALID_REQUEST', `The bank refused ${what} (${detail}).`);
  }
  return new ConnectorError('BAD_SOURCE_DATA', `The bank answered ${what} with an unexpected ${detail}.`);
}

export class Xs2aClient {
  constructor(
    private readonly settings: BerlinGroupSettings,
    private readonly hooks: ClientHooks,
  ) {}

  private url(path: string, query: Readonly<Record<string, string>> | undefined): string {
    const base = new URL(this.settings.baseUrl);
    let url: URL;
    if (/^https?:\/\//.test(path)) {
      url = new URL(path);
      if (url.origin !== base.origin) {
        throw new ConnectorError('BAD_SOURCE_DATA', `The bank linked to another host (${url.origin}).`);
      }
    } else if (path.startsWith('/v1/')) {
      url = new URL(`${this.settings.baseUrl}${path}`);
    } else {
      url = new URL(path, base.origin);
    }
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
    return url.toString();
  }

  private backoff(attempt: number): number {
    const { baseDelayMs, maxDelayMs } = this.settings.retry;
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    // "Equal jitter": at least half the back-off, so retries spread out but never hammer at once.
    return Math.round(ceiling / 2 + (ceiling / 2) * this.hooks.random());
  }

  /**
   * Sends the request, retrying 429/5xx and network failures in-call. Returns the first answer that is
   * not worth retrying (success or not: callers decide); throws `RATE_LIMITED` / `SOURCE_UNAVAILABLE`
   * when retries are spent or `Retry-After` asks for a longer wait than `retry.maxDelayMs`.
   */
  async send(request: Xs2aRequest, context: ConnectorContext, what: string): Promise<Xs2aAnswer> {
    const url = this.url(request.path, request.query);
    const { maxAttempts, maxDelayMs } = this.settings.retry;
    for (let attempt = 1; ; attempt++) {
      context.signal.throwIfAborted();
      const headers: Record<string, string> = {
        Accept: 'application/json',
        'X-Request-ID': randomUUID(),
        ...(request.consentId ? { 'Consent-ID': request.consentId } : {}),
        ...(request.psuIpAddress !== undefined ? { 'PSU-IP-Address': request.psuIpAddress } : {}),
        ...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...request.headers,
      };
      let response: Response | undefined;
      try {
        response = await context.fetch(url, {
          method: request.method,
          headers,
          ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
          signal: context.signal,
          redirect: 'manual',
        });
      } catch (failure) {
        if (context.signal.aborted) throw context.signal.reason;
        if (attempt >= maxAttempts) {
          throw new ConnectorError(
            'SOURCE_UNAVAILABLE',
            `The bank could not be reached for ${what}: ${String(failure)}.`,
          );
        }
      }
      if (response && !retryableStatuses.has(response.status)) return this.read(response, what);

      let retryAfterMs = response
        ? parseRetryAfter(response.headers.get('retry-after'), context.now())
        : undefined;
      const status = response?.status;
      let body: unknown;
      if (response) {
        const text = await response.text().catch(() => '');
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
      }
      // ACCESS_EXCEEDED is the consent's daily quota (frequencyPerDay) used up: retrying within the call
      // cannot help and spends the bank's patience, so without a Retry-After it waits for the next UTC day.
      const quotaUsedUp =
        status === 429 && tppMessages(body).some((message) => message.code === 'ACCESS_EXCEEDED');
      if (quotaUsedUp && retryAfterMs === undefined) retryAfterMs = untilNextUtcDay(context.now());
      if (attempt >= maxAttempts || (retryAfterMs !== undefined && retryAfterMs > maxDelayMs)) {
        const code = status === 429 ? 'RATE_LIMITED' : 'SOURCE_UNAVAILABLE';
        const reason =
          status === 429 ? 'asked us to slow down' : `is unavailable (HTTP ${status ?? 'network error'})`;
        throw new ConnectorError(code, `The bank ${reason} for ${what}; try again later.`, retryAfterMs);
      }
      context.heartbeat();
      await this.hooks.sleep(retryAfterMs ?? this.backoff(attempt), context.signal);
    }
  }

  private async read(response: Response, what: string): Promise<Xs2aAnswer> {
    const text = await response.text();
    let body: unknown;
    if (text.trim().length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new ConnectorError(
          'BAD_SOURCE_DATA',
          `The bank answered ${what} with a body that is not JSON.`,
        );
      }
    }
    return { status: response.status, headers: response.headers, body };
  }
}
