/**
 * The connector's settings (what a bank administrator configures per tenant), validated in one
 * place so a wrong value fails at configuration time with a message naming the setting.
 */

export interface RetrySettings {
  /** Tries per call, the first included (1–10, default 4). */
  readonly maxAttempts: number;
  /** First back-off delay; doubled per retry, with jitter (default 500 ms). */
  readonly baseDelayMs: number;
  /** Cap of one back-off delay (default 8 s). */
  readonly maxDelayMs: number;
  /**
   * Longest `Retry-After` waited for inside a call (default 30 s). A longer one ends the call with
   * `RATE_LIMITED` and `retryAfterMs`, so the platform schedules the retry instead of holding a worker.
   */
  readonly maxRetryAfterMs: number;
}

export interface OpenBankingUkSettings {
  /** Base URL of the bank's AIS API, e.g. `https://api.bank.example/open-banking/v3.1/aisp`. */
  readonly apiBaseUrl: string;
  /** The bank's OAuth 2.0 authorisation endpoint (where the customer is sent). */
  readonly authorizationEndpoint: string;
  /** The bank's OAuth 2.0 token endpoint. */
  readonly tokenEndpoint: string;
  /** The client id the bank registered for FinPersona (dynamic client registration is out of scope). */
  readonly clientId: string;
  readonly clientSecret: string;
  /**
   * The bank's Open Banking organisation id, sent as `x-fapi-financial-id`. Versions before 3.1
   * required that header; the v3.1 document no longer defines it, so it is sent only when set.
   */
  readonly financialId?: string;
  readonly retry: RetrySettings;
}

/** Thrown for invalid settings; `problems` lists every one, each naming its setting. */
export class OpenBankingUkSettingsError extends Error {
  override readonly name = 'OpenBankingUkSettingsError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid Open Banking UK connector settings: ${problems.join('; ')}`);
  }
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

function url(raw: Record<string, unknown>, name: string, problems: string[]): string {
  const value = raw[name];
  if (typeof value !== 'string' || value.length === 0) {
    problems.push(`${name} is required (an absolute https URL)`);
    return '';
  }
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    problems.push(`${name} "${value}" is not an absolute URL`);
    return '';
  }
  // Tokens and account data travel on these URLs: plain http only to this machine (tests, the local ASPSP).
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopbackHosts.has(parsed.hostname))) {
    problems.push(`${name} must use https (http is accepted for 127.0.0.1/localhost only), got "${value}"`);
  }
  if (parsed.search || parsed.hash) problems.push(`${name} must not have a query or fragment`);
  return value.replace(/\/+$/, '');
}

function text(
  raw: Record<string, unknown>,
  name: string,
  problems: string[],
  required: boolean,
): string | undefined {
  const value = raw[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push(`${name} is required (a non-empty string)`);
    return undefined;
  }
  return value;
}

function integer(
  raw: Record<string, unknown>,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const value = raw[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`retry.${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return fallback;
  }
  return value;
}

/** Validates raw settings (e.g. from the plugin's settings form) into `OpenBankingUkSettings`. */
export function parseOpenBankingUkSettings(raw: unknown): OpenBankingUkSettings {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new OpenBankingUkSettingsError(['settings must be an object']);
  }
  const input = raw as Record<string, unknown>;
  const problems: string[] = [];
  const apiBaseUrl = url(input, 'apiBaseUrl', problems);
  const authorizationEndpoint = url(input, 'authorizationEndpoint', problems);
  const tokenEndpoint = url(input, 'tokenEndpoint', problems);
  const clientId = text(input, 'clientId', problems, true) ?? '';
  const clientSecret = text(input, 'clientSecret', problems, true) ?? '';
  const financialId = text(input, 'financialId', problems, false);
  const retryInput = input.retry ?? {};
  if (typeof retryInput !== 'object' || retryInput === null || Array.isArray(retryInput)) {
    problems.push('retry must be an object');
  }
  const retryRaw = (typeof retryInput === 'object' && retryInput !== null ? retryInput : {}) as Record<
    string,
    unknown
  >;
  const retry: RetrySettings = {
    maxAttempts: integer(retryRaw, 'maxAttempts', 4, 1, 10, problems),
    baseDelayMs: integer(retryRaw, 'baseDelayMs', 500, 0, 60_000, problems),
    maxDelayMs: integer(retryRaw, 'maxDelayMs', 8_000, 0, 300_000, problems),
    maxRetryAfterMs: integer(retryRaw, 'maxRetryAfterMs', 30_000, 0, 600_000, problems),
  };
  if (problems.length > 0) throw new OpenBankingUkSettingsError(problems);
  return {
    apiBaseUrl,
    authorizationEndpoint,
    tokenEndpoint,
    clientId,
    clientSecret,
    ...(financialId ? { financialId } : {}),
    retry,
  };
}
