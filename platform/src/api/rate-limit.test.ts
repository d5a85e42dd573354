import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { contextOf, registerRequestContext } from '../request-context';
import { registerRateLimit } from './rate-limit';

/** A bare Fastify app with the real context hook; headers stand in for what identity would set. */
async function appWithLimit() {
  const app = Fastify();
  registerRequestContext(app);
  app.addHook('onRequest', async (request) => {
    const context = contextOf(request)!;
    const tenant = request.headers['x-test-tenant'];
    const subject = request.headers['x-test-subject'];
    if (typeof tenant === 'string') context.tenant = { id: tenant, slug: tenant, realm: tenant };
    if (typeof subject === 'string') {
      context.principal = {
        kind: 'bank',
        subject,
        realm: String(tenant),
        username: undefined,
        displayName: undefined,
        roles: ['customer'],
      };
    }
  });
  await registerRateLimit(app, { authenticatedMax: 2, anonymousMax: 1, windowSeconds: 60 });
  app.post('/graphql', async () => ({ data: { ok: true } }));
  app.get('/health/live', async () => ({ status: 'ok' }));
  const call = (headers: Record<string, string> = {}) =>
    app
      .inject({ method: 'POST', url: '/graphql', headers, payload: {} })
      .then((response) => response.statusCode);
  return { app, call };
}

describe('per-principal rate limit', () => {
  it('counts a signed-in subject per tenant: the same subject in another tenant has its own budget', async () => {
    const { app, call } = await appWithLimit();
    const alice = { 'x-test-tenant': 'bank-a', 'x-test-subject': 'alice' };
    expect([await call(alice), await call(alice), await call(alice)]).toEqual([200, 200, 429]);
    expect(await call({ 'x-test-tenant': 'bank-b', 'x-test-subject': 'alice' })).toBe(200);
    expect(await call({ 'x-test-tenant': 'bank-a', 'x-test-subject': 'bob' })).toBe(200);
    await app.close();
  });

  it('counts anonymous callers per IP and tenant, with the smaller anonymous budget', async () => {
    const { app, call } = await appWithLimit();
    expect([await call(), await call()]).toEqual([200, 429]);
    expect(await call({ 'x-test-tenant': 'bank-a' })).toBe(200);
    // A signed-in caller from the same IP is not affected by the anonymous budget.
    expect(await call({ 'x-test-tenant': 'bank-a', 'x-test-subject': 'alice' })).toBe(200);
    await app.close();
  });

  it('answers 429 with RATE_LIMITED, Retry-After, and never limits health checks', async () => {
    const { app, call } = await appWithLimit();
    await call();
    const refused = await app.inject({ method: 'POST', url: '/graphql', payload: {} });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Bare Fastify serialises the error itself; the API formats it as a GraphQL error (see the probe).
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
    for (let index = 0; index < 3; index++) {
      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    }
    await app.close();
  });
});
