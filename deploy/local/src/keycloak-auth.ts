// Tokens from the dev realms of deploy/keycloak for tests and local tools: the resource owner password grant of
// the public client `finpersona-dev-cli` (dev realms only), TOTP codes for the staff users, and the demo identities.
import { createHmac } from 'node:crypto';

/** Raw OTP secret of every staff demo user, exactly as Keycloak stores it (its UTF-8 bytes are the HMAC key). */
const DEMO_OTP_SECRET = 'FINPERSONA-DEMO-OTP-SECRET-0001';

/** The identities imported from deploy/keycloak/*.realm.json. Keep the two in step. */
export const DEMO = {
  otpSecret: DEMO_OTP_SECRET,
  audience: 'finpersona-api',
  clients: { admin: 'finpersona-admin', customer: 'finpersona-customer', devCli: 'finpersona-dev-cli' },
  platform: {
    realm: 'platform',
    displayName: 'FinPersona Platform',
    operator: {
      id: '0e7d4b2a-5c3f-4a1e-8b6d-9c2f1e0a3b01',
      username: 'operator',
      password: 'Operator-demo-1',
      email: 'operator@finpersona.example',
      roles: ['platform-operator'],
      otp: true,
    },
  },
  bank: {
    realm: 'demo-bank',
    slug: 'demo-bank',
    displayName: 'Demo Bank',
    admin: {
      id: '1d6a2c7e-3b1f-4c8a-9e2d-6f0b8a4c1a01',
      username: 'bank.admin',
      password: 'Admin-demo-1',
      email: 'bank.admin@demo-bank.example',
      roles: ['bank-admin'],
      otp: true,
    },
    complianceOfficer: {
      id: '1d6a2c7e-3b1f-4c8a-9e2d-6f0b8a4c1a02',
      username: 'compliance.officer',
      password: 'Compliance-demo-1',
      email: 'compliance.officer@demo-bank.example',
      roles: ['compliance-officer'],
      otp: true,
    },
    customer: {
      id: '5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a01',
      username: 'ana.novak',
      password: 'Customer-demo-1',
      firstName: 'Ana',
      lastName: 'Novak',
      email: 'ana.novak@demo-bank.example',
      roles: ['customer'],
      otp: false,
    },
  },
} as const;

/** Keycloak's token response (OAuth 2.0 + OpenID Connect; `scope=openid` is always requested, so id_token is present). */
export interface TokenResponse {
  access_token: string;
  id_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  refresh_expires_in?: number;
  scope: string;
  session_state?: string;
  'not-before-policy'?: number;
}

/** A refused grant: `error` is OAuth's code (e.g. `invalid_grant`), `description` Keycloak's explanation. */
export class KeycloakGrantError extends Error {
  readonly status: number;
  readonly error: string;
  readonly description: string | undefined;

  constructor(status: number, error: string, description: string | undefined) {
    super(
      `Keycloak refused the password grant (HTTP ${status}): ${error}${description ? ` — ${description}` : ''}`,
    );
    this.name = 'KeycloakGrantError';
    this.status = status;
    this.error = error;
    this.description = description;
  }
}

function baseUrl(keycloakUrl: string | undefined): string {
  const url = keycloakUrl ?? process.env.KEYCLOAK_URL;
  if (!url) throw new Error('KEYCLOAK_URL is not set and no keycloakUrl was given');
  return url.replace(/\/+$/, '');
}

/** `${KEYCLOAK_URL}/realms/<realm>/protocol/openid-connect/token` */
export function keycloakTokenEndpoint(realm: string, keycloakUrl?: string): string {
  return `${baseUrl(keycloakUrl)}/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`;
}

export interface PasswordGrantOptions {
  /** Defaults to the KEYCLOAK_URL environment variable. */
  keycloakUrl?: string;
  realm: string;
  username: string;
  password: string;
  /** Current TOTP code; required for staff (see totpNow). */
  totp?: string;
  /** Defaults to `finpersona-dev-cli`. */
  clientId?: string;
}

/** Resource owner password grant through `finpersona-dev-cli` (dev realms only). Throws KeycloakGrantError when refused. */
export async function passwordGrant(options: PasswordGrantOptions): Promise<TokenResponse> {
  const form = new URLSearchParams({
    grant_type: 'password',
    client_id: options.clientId ?? DEMO.clients.devCli,
    username: options.username,
    password: options.password,
    scope: 'openid',
  });
  if (options.totp !== undefined) form.set('totp', options.totp);
  const response = await fetch(keycloakTokenEndpoint(options.realm, options.keycloakUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form,
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON (a proxy's error page, say): reported below with the status
  }
  if (!response.ok || typeof body.access_token !== 'string') {
    const error = typeof body.error === 'string' ? body.error : text.slice(0, 200) || 'no body';
    const description = typeof body.error_description === 'string' ? body.error_description : undefined;
    throw new KeycloakGrantError(response.status, error, description);
  }
  return body as unknown as TokenResponse;
}

/**
 * HOTP/TOTP code (RFC 4226 / RFC 6238) with HMAC-SHA1. `key` is the shared secret's bytes (a string is taken as UTF-8,
 * which is how Keycloak uses the secret it stores).
 */
export function totp(
  key: string | Buffer,
  options: { at?: Date; digits?: number; periodSeconds?: number } = {},
): string {
  const digits = options.digits ?? 6;
  const period = options.periodSeconds ?? 30;
  const counter = Math.floor((options.at ?? new Date()).getTime() / 1000 / period);
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', typeof key === 'string' ? Buffer.from(key, 'utf8') : key)
    .update(message)
    .digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The 6-digit, 30-second TOTP code of `secret` (raw, as Keycloak stores it) at `at` (default: now). */
export function totpNow(secret: string, at?: Date): string {
  return totp(secret, { at: at ?? new Date(), digits: 6, periodSeconds: 30 });
}

/** A code that stays valid while it is typed and sent: waits out the last 5 seconds of a 30 s period. */
export async function freshTotp(secret: string): Promise<string> {
  const secondsLeft = 30 - (Math.floor(Date.now() / 1000) % 30);
  if (secondsLeft < 5) await new Promise((resolve) => setTimeout(resolve, secondsLeft * 1000 + 200));
  return totpNow(secret);
}
