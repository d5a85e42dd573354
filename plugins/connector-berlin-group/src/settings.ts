import { isIPv4 } from 'node:net';
import { ConnectorError } from '@finpersona/plugin-sdk';

/** A bank's settings for the Berlin Group connector (validated by `parseBerlinGroupSettings`). */
export interface BerlinGroupSettings {
  /** The ASPSP's XS2A base URL, without `/v1` (`https://api.bank.example/psd2`). HTTPS, or HTTP on loopback for tests. */
  readonly baseUrl: string;
  /**
   * The TPP's own IPv4 address, sent as `PSU-IP-Address` on the PSU's requests (consent creation and its
   * status check on return) when the PSU's address is not known, as the specification asks.
   */
  readonly tppIpAddress: string;
  /** `frequencyPerDay` requested in consents: accesses without the PSU per day (PSD2 allows 4). */
  readonly frequencyPerDay: number;
  /** How far back a sync reads when the platform gives no `fromDate`, in days. */
  readonly historyDays: number;
  /** In-call retries of 429 and 5xx answers. */
  readonly retry: {
    /** Attempts in total, first included. */
    readonly maxAttempts: number;
    /** First back-off; doubled per attempt, with jitter. */
    readonly baseDelayMs: number;
    /** No single wait is longer; a `Retry-After` beyond it ends the call with `retryAfterMs`. */
    readonly maxDelayMs: number;
  };
}

export const defaultBerlinGroupSettings = {
  frequencyPerDay: 4,
  historyDays: 730,
  retry: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 },
} as const;

/** Invalid settings (`INVALID_REQUEST`); `problems` lists each, starting with the setting's name. */
export class BerlinGroupSettingsError extends ConnectorError {
  constructor(readonly problems: readonly string[]) {
    super('INVALID_REQUEST', `Berlin Group connector settings are invalid: ${problems.join('; ')}.`);
  }
}

function integer(
  value: unknown,
  name: string,
  min: number,
  max: number,
  problems: string[],
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}`);
    return undefined;
  }
  return value;
}

/**
 * Validates settings as a bank administrator entered them. Throws `ConnectorError('INVALID_REQUEST')`
 * naming every problem, so nothing half-configured runs.
 */
export function parseBerlinGroupSettings(input: unknown): BerlinGroupSettings {
  const problems: string[] = [];
  const raw = (input ?? {}) as Record<string, unknown>;
  if (typeof input !== 'object' || input === null) problems.push('settings must be an object');

  let baseUrl = '';
  if (typeof raw.baseUrl !== 'string' || !URL.canParse(raw.baseUrl)) {
    problems.push('baseUrl must be an absolute URL');
  } else {
    const url = new URL(raw.baseUrl);
    const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      problems.push('baseUrl must use https (http only on the loopback interface, for tests)');
    }
    if (url.search || url.hash) problems.push('baseUrl must not have a query or fragment');
    baseUrl = url.toString().replace(/\/+$/, '');
  }
  if (typeof raw.tppIpAddress !== 'string' || !isIPv4(raw.tppIpAddress)) {
    problems.push('tppIpAddress must be an IPv4 address (the specification types PSU-IP-Address as ipv4)');
  }
  const frequencyPerDay = integer(raw.frequencyPerDay, 'frequencyPerDay', 1, 4, problems);
  const historyDays = integer(raw.historyDays, 'historyDays', 1, 3650, problems);
  const retryInput = (raw.retry ?? {}) as Record<string, unknown>;
  if (raw.retry !== undefined && (typeof raw.retry !== 'object' || raw.retry === null)) {
    problems.push('retry must be an object');
  }
  const maxAttempts = integer(retryInput.maxAttempts, 'retry.maxAttempts', 1, 10, problems);
  const baseDelayMs = integer(retryInput.baseDelayMs, 'retry.baseDelayMs', 1, 60_000, problems);
  const maxDelayMs = integer(retryInput.maxDelayMs, 'retry.maxDelayMs', 1, 600_000, problems);
  if (problems.length > 0) throw new BerlinGroupSettingsError(problems);
  const defaults = defaultBerlinGroupSettings;
  return {
    baseUrl,
    tppIpAddress: raw.tppIpAddress as string,
    frequencyPerDay: frequencyPerDay ?? defaults.frequencyPerDay,
    historyDays: historyDays ?? defaults.historyDays,
    retry: {
      maxAttempts: maxAttempts ?? defaults.retry.maxAttempts,
      baseDelayMs: baseDelayMs ?? defaults.retry.baseDelayMs,
      maxDelayMs: maxDelayMs ?? defaults.retry.maxDelayMs,
    },
  };
}
