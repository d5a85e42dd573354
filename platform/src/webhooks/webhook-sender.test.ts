import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookSubscriber, type WebhookSubscriber } from '../testing/webhook-subscriber';
import { sendWebhook } from './webhook-sender';

const body = JSON.stringify({ id: 'e1', type: 'plugin.changed', sequence: 1, tenantId: 't', data: {} });

describe('sending one webhook (a loopback subscriber)', () => {
  let subscriber: WebhookSubscriber;
  beforeAll(async () => {
    subscriber = await startWebhookSubscriber();
    subscriber.respond = (path) =>
      path === '/fail'
        ? { status: 500 }
        : path === '/redirect'
          ? { status: 302 }
          : path === '/slow'
            ? { status: 200, delayMs: 1_000 }
            : { status: 204 };
  });
  afterAll(() => subscriber.close());

  const send = (path: string, options: { allowLoopback?: boolean; timeoutMs?: number } = {}) =>
    sendWebhook(
      subscriber.url(path),
      body,
      { 'content-type': 'application/json', 'x-test': 'yes' },
      {
        allowLoopback: options.allowLoopback ?? true,
        timeoutMs: options.timeoutMs ?? 2_000,
      },
    );

  it('a 2xx is delivered; the body and headers arrive as sent', async () => {
    expect(await send('/ok')).toEqual({ delivered: true, statusCode: 204, error: null });
    const last = subscriber.received.at(-1)!;
    expect(last.body).toBe(body);
    expect(last.headers['x-test']).toBe('yes');
  });

  it('a 5xx fails with its status; a redirect is not followed', async () => {
    expect(await send('/fail')).toEqual({ delivered: false, statusCode: 500, error: 'HTTP 500' });
    const before = subscriber.received.length;
    expect(await send('/redirect')).toEqual({
      delivered: false,
      statusCode: 302,
      error: 'HTTP 302 (redirects are not followed)',
    });
    expect(subscriber.received.length).toBe(before + 1);
  });

  it('an endpoint slower than the timeout fails as timed out', async () => {
    expect(await send('/slow', { timeoutMs: 200 })).toEqual({
      delivered: false,
      statusCode: null,
      error: 'timed out after 200 ms',
    });
  });

  it('loopback (literal or a name resolving to it) is refused unless allowed, before anything is sent', async () => {
    const before = subscriber.received.length;
    const literal = await send('/ok', { allowLoopback: false });
    expect(literal).toMatchObject({ delivered: false, error: 'the address may not be reached' });
    const byName = await sendWebhook(
      subscriber.url('/ok').replace('127.0.0.1', 'localhost'),
      body,
      {},
      { allowLoopback: false, timeoutMs: 2_000 },
    );
    expect(byName).toMatchObject({
      delivered: false,
      error: 'the name resolves to an address webhooks may not reach',
    });
    expect(subscriber.received.length).toBe(before);
  });
});
