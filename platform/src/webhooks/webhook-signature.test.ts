import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, verifyWebhookSignature } from './webhook-signature';

const body = JSON.stringify({ id: 'evt', type: 'consent.granted', data: { consentId: 'c1' } });
const now = new Date('2026-11-26T08:00:00Z');
const t = Math.floor(now.getTime() / 1000);

describe('webhook signatures', () => {
  it('are t=<seconds>,v1=<hex HMAC-SHA256 of "t.body"> under the secret', () => {
    const secret = newWebhookSecret();
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signWebhook(body, [secret], t)).toBe(`t=${t},v1=${expected}`);
  });

  it("verify with the subscriber's secret and fail with another, a changed body or an old timestamp", () => {
    const secret = newWebhookSecret();
    const header = signWebhook(body, [secret], t);
    expect(verifyWebhookSignature({ header, body, secret, now })).toBe(true);
    expect(verifyWebhookSignature({ header, body, secret: newWebhookSecret(), now })).toBe(false);
    expect(verifyWebhookSignature({ header, body: `${body} `, secret, now })).toBe(false);
    expect(verifyWebhookSignature({ header, body, secret, now: new Date(now.getTime() + 301_000) })).toBe(
      false,
    );
    expect(verifyWebhookSignature({ header: undefined, body, secret, now })).toBe(false);
    expect(verifyWebhookSignature({ header: `t=${t},v1=zz`, body, secret, now })).toBe(false);
  });

  it('carry one v1 per secret during a rotation: either secret verifies', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const header = signWebhook(body, [current, previous], t);
    expect(header.split(',')).toHaveLength(3);
    expect(verifyWebhookSignature({ header, body, secret: current, now })).toBe(true);
    expect(verifyWebhookSignature({ header, body, secret: previous, now })).toBe(true);
  });

  it('secrets are whsec_ and 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
