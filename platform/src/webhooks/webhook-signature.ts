import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, in the shape Stripe made familiar:
 *
 *     FinPersona-Signature: t=1764151200,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd
 *
 * `t` is the send time (Unix seconds) and `v1` the lower-case hex HMAC-SHA256 of `<t>.<raw body>` keyed
 * with the subscription's secret (its UTF-8 text, `whsec_…`). Right after a rotation the header carries
 * one `v1` per secret still valid (new first), so a subscriber can switch secrets without losing events.
 * Every attempt is signed afresh (new `t`); subscribers should refuse a `t` older than a few minutes
 * (replay) and deduplicate by the event id (at-least-once delivery).
 */
export const signatureHeader = 'finpersona-signature';
export const signatureScheme = 'v1';
/** Verification's default tolerance between `t` and the subscriber's clock. */
export const defaultToleranceSeconds = 300;

/** A new subscription secret: `whsec_` and 32 random bytes in base64url. Shown once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The signature header value for `body` sent at `timestamp` (Unix seconds), one `v1` per secret. */
export function signWebhook(body: string, secrets: readonly string[], timestamp: number): string {
  if (secrets.length === 0) throw new Error('A webhook is signed with at least one secret');
  return [
    `t=${timestamp}`,
    ...secrets.map((secret) => `${signatureScheme}=${hmac(secret, timestamp, body)}`),
  ].join(',');
}

/**
 * What a subscriber runs (the README has the same code): true when `header` has a `v1` signature of the
 * raw `body` under `secret` and its `t` is within `toleranceSeconds` of `now`.
 */
export function verifyWebhookSignature(input: {
  header: string | undefined;
  body: string;
  secret: string;
  toleranceSeconds?: number;
  now?: Date;
}): boolean {
  if (!input.header) return false;
  const parts = input.header.split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isSafeInteger(timestamp)) return false;
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - timestamp) > (input.toleranceSeconds ?? defaultToleranceSeconds)) return false;
  const expected = Buffer.from(hmac(input.secret, timestamp, input.body), 'hex');
  return parts.some(([key, value]) => {
    if (key !== signatureScheme || !value || !/^[0-9a-f]{64}$/.test(value)) return false;
    return timingSafeEqual(Buffer.from(value, 'hex'), expected);
  });
}
