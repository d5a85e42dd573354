import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TenancyService } from '../tenancy';
import { type ApiFixture, startApiFixture, tokensOf } from '../testing/api-fixture';
import { demoBank, otherBank } from '../testing/seed';

const meQuery =
  '{ me { subject username displayName realm roles tenant { slug name region status branding { primaryColor } } } }';

describe('identity: Keycloak access tokens at the API edge', () => {
  let api: ApiFixture;
  const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
  let customerToken: string;
  let operatorToken: string;

  beforeAll(async () => {
    api = await startApiFixture({ clock });
    const tenancy = api.running.app.get(TenancyService);
    await tenancy.upsertTenant(demoBank);
    await tenancy.upsertTenant(otherBank);
    [customerToken, operatorToken] = await Promise.all([
      tokensOf('customer').then((t) => t.accessToken),
      tokensOf('operator').then((t) => t.accessToken),
    ]);
  });
  afterAll(() => api?.close());

  it("demo customer's token: me returns tenant demo-bank and role customer", async () => {
    const { status, body } = await api.graphql(meQuery, { token: customerToken, tenant: 'demo-bank' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.me).toEqual({
      subject: '5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a01',
      username: 'ana.novak',
      displayName: 'Ana Novak',
      realm: 'demo-bank',
      roles: ['customer'],
      tenant: {
        slug: 'demo-bank',
        name: 'Demo Bank',
        region: 'EU',
        status: 'ACTIVE',
        branding: { primaryColor: '#0B5FFF' },
      },
    });
  });

  it('platform operator token without X-Tenant: me has the operator role and no tenant', async () => {
    const { body } = await api.graphql(meQuery, { token: operatorToken });
    expect(body.data?.me).toMatchObject({
      username: 'operator',
      realm: 'platform',
      roles: ['platform-operator'],
      tenant: null,
    });
  });

  it('platform operator token sent with X-Tenant demo-bank is refused with 403 (never a bank principal)', async () => {
    const { status, body } = await api.graphql(meQuery, { token: operatorToken, tenant: 'demo-bank' });
    expect(status).toBe(403);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(body.errors?.[0]?.message).toMatch(/Platform operator tokens are not accepted/);
  });

  it("a demo-bank token addressed to another bank's X-Tenant is refused with 403", async () => {
    const { status, body } = await api.graphql(meQuery, { token: customerToken, tenant: 'other-bank' });
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('a token with a tampered signature gets 401 with a clear message, a request id and no stack', async () => {
    const [header, payload, signature] = customerToken.split('.') as [string, string, string];
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${header}.${payload}.${flipped}`,
        'x-tenant': 'demo-bank',
      },
      body: JSON.stringify({ query: meQuery }),
    });
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('invalid_token');
    const body = JSON.parse(text);
    expect(body).toEqual({
      errors: [
        {
          message: 'The access token signature is invalid.',
          extensions: { code: 'UNAUTHENTICATED', requestId: expect.any(String) },
        },
      ],
    });
    expect(body.errors[0].extensions.requestId).toBe(response.headers.get('x-request-id'));
    expect(text).not.toMatch(/stack|at .*\.ts:\d+/);
  });

  it('a real token is refused with 401 once the verifier clock passes its expiry', async () => {
    const { accessToken } = await tokensOf('customer');
    expect((await api.graphql(meQuery, { token: accessToken })).status).toBe(200);
    clock.offsetMs = 10 * 60_000; // Keycloak's access tokens live 5 minutes; tolerance is 30 s
    try {
      const { status, body } = await api.graphql(meQuery, { token: accessToken });
      expect(status).toBe(401);
      expect(body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/expired/),
        extensions: { code: 'UNAUTHENTICATED' },
      });
    } finally {
      clock.offsetMs = 0;
    }
  });

  it('a token from a realm that is no tenant is refused with 401 before any key is fetched', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const keycloakUrl = inject('services').KEYCLOAK_URL.replace(/\/+$/, '');
    const forged = await new SignJWT({ typ: 'Bearer', realm_access: { roles: ['bank-admin'] } })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(`${keycloakUrl}/realms/unknown-bank`)
      .setAudience('finpersona-api')
      .setSubject('someone')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    const { status, body } = await api.graphql(meQuery, { token: forged });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.message).toBe(
      'The token was issued by a realm that is not an active FinPersona tenant.',
    );
  });

  it("a self-signed token claiming the demo bank's issuer is refused (its key is not the realm's)", async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const keycloakUrl = inject('services').KEYCLOAK_URL.replace(/\/+$/, '');
    const forged = await new SignJWT({ typ: 'Bearer', realm_access: { roles: ['bank-admin'] } })
      .setProtectedHeader({ alg: 'RS256', kid: 'attacker-key' })
      .setIssuer(`${keycloakUrl}/realms/demo-bank`)
      .setAudience('finpersona-api')
      .setSubject('someone')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    const { status, body } = await api.graphql(meQuery, { token: forged });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('an ID token is refused with 401: only access tokens are accepted', async () => {
    const { idToken } = await tokensOf('customer');
    const { status, body } = await api.graphql(meQuery, { token: idToken });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.message).toMatch(/Only access tokens are accepted/);
  });

  it('a malformed Authorization header is refused with 401', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from('a:b').toString('base64')}`,
      },
      body: JSON.stringify({ query: meQuery }),
    });
    expect(response.status).toBe(401);
  });

  it('me without a token is UNAUTHENTICATED inside GraphQL', async () => {
    const { status, body } = await api.graphql(meQuery);
    expect(status).toBe(200);
    expect(body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it.each(['SUSPENDED', 'PROVISIONING'])(
    "tokens of a %s tenant's realm are refused with 401",
    async (status) => {
      const sql = (next: string) =>
        (api.running.app.get(MikroORM).em.fork() as EntityManager).execute(
          `update tenant set status = ? where slug = 'demo-bank'`,
          [next],
        );
      await sql(status);
      try {
        expect((await api.graphql(meQuery, { token: customerToken })).status).toBe(401);
      } finally {
        await sql('ACTIVE');
      }
    },
  );
});
