import { request as httpRequest } from 'node:http';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadApiConfig } from '../config';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture, tokensOf } from '../testing/api-fixture';
import { type AuditRow, auditRows } from '../testing/audit-rows';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { demoBank, otherBank } from '../testing/seed';
import { TokenVerifier } from './token-verifier';
import { temporaryKeyFile } from '../testing/key-file';

const meQuery = '{ me { subject realm roles tenant { slug } } }';
const hostSuffix = '.api.finpersona.test';

interface Reply {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] };
  requestId: string;
}

/** POST /graphql with any Host header (fetch will not send a custom Host). */
function post(
  api: ApiFixture,
  options: { token?: string; host?: string; tenant?: string; query?: string },
): Promise<Reply> {
  const url = new URL(`${api.url}/graphql`);
  const body = JSON.stringify({ query: options.query ?? meQuery });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    host: options.host ?? url.host,
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.tenant) headers['x-tenant'] = options.tenant;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(text) as Reply['body'],
            requestId: String(res.headers['x-request-id']),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A token signed with a key of our own, claiming `claims` (issuer and client default to the demo bank's). */
async function forged(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  const keycloakUrl = inject('services').KEYCLOAK_URL.replace(/\/+$/, '');
  return new SignJWT({
    typ: 'Bearer',
    azp: 'finpersona-dev-cli',
    realm_access: { roles: ['bank-admin'] },
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', ...header })
    .setIssuer(`${keycloakUrl}/realms/${String(claims.realm ?? 'demo-bank')}`)
    .setAudience('finpersona-api')
    .setSubject('attacker-chosen-subject')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
}

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('token suite: every refused token is 401/403 and leaves an audit entry', () => {
  let api: ApiFixture;
  let strictApi: ApiFixture;
  const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
  let demo: { id: string };
  let other: { id: string };
  let unregistered: BankRealm;
  let customerToken: string;

  /** The entry a refused request left on a chain (identified by its request id), once it is written. */
  const entryOf = async (chain: string | null, reply: Reply, fixture = api): Promise<AuditRow> => {
    let found: AuditRow | undefined;
    await expect
      .poll(async () => {
        found = (await auditRows(fixture.database.ownerUrl, chain)).find(
          (row) => row.request_id === reply.requestId,
        );
        return found !== undefined;
      })
      .toBe(true);
    return found!;
  };

  beforeAll(async () => {
    // One after the other: creating two databases at once races on the shared roles.
    api = await startApiFixture({ clock, overrides: { TENANT_HOST_SUFFIX: hostSuffix } });
    // Also a small refusal budget (3 per address and minute), for the flooding test.
    strictApi = await startApiFixture({
      overrides: { API_AUDIENCE: 'another-api', RATE_LIMIT_ANONYMOUS_MAX: '3' },
    });
    unregistered = await createBankRealm('not-a-tenant');
    const tenancy = api.running.app.get(TenancyService);
    demo = tenantRef(await tenancy.upsertTenant(demoBank));
    other = tenantRef(await tenancy.upsertTenant(otherBank));
    await strictApi.running.app.get(TenancyService).upsertTenant(demoBank);
    customerToken = (await tokensOf('customer')).accessToken;
  });
  afterAll(async () => {
    await unregistered?.remove().catch(() => undefined);
    await Promise.all([api?.close(), strictApi?.close()]);
  });

  it('a real token is accepted (the baseline the refusals below differ from)', async () => {
    const reply = await post(api, { token: customerToken });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toMatchObject({ me: { realm: 'demo-bank', tenant: { slug: 'demo-bank' } } });
  });

  it('alg none: 401, recorded on the chain of the bank the issuer names, claims marked unverified', async () => {
    const [header, payload] = customerToken.split('.') as [string, string];
    const unsigned = `${segment({ ...JSON.parse(Buffer.from(header, 'base64url').toString()), alg: 'none' })}.${payload}.`;
    const reply = await post(api, { token: unsigned });
    expect(reply.status).toBe(401);
    expect(reply.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const entry = await entryOf(demo.id, reply);
    expect(entry).toMatchObject({
      action: 'access.denied',
      outcome: 'denied',
      resource_id: 'verify access token',
      actor_subject: 'anonymous',
      actor_realm: null,
      ip: '127.0.0.1',
      changes: {
        code: 'UNAUTHENTICATED',
        reason: 'algorithm',
        unverified: { realm: 'demo-bank', client: 'finpersona-dev-cli', alg: 'none' },
      },
    });
    // Nothing of the token beyond those identifiers: not the subject, not the token itself.
    expect(JSON.stringify(entry)).not.toContain(payload.slice(0, 20));
    expect(JSON.stringify(entry.changes)).not.toMatch(/5b0f3c1e|ana\.novak/);
  });

  it("wrong key (self-signed, claiming the demo bank's issuer): 401 on the demo bank's chain", async () => {
    const reply = await post(api, { token: await forged({}, { kid: 'attacker-key' }) });
    expect(reply.status).toBe(401);
    expect((await entryOf(demo.id, reply)).changes).toMatchObject({ reason: 'unknown-key' });
    expect(JSON.stringify((await entryOf(demo.id, reply)).changes)).not.toContain('attacker-chosen-subject');
  });

  it("other realm's key: a genuine token of another realm re-labelled with the demo bank's issuer is 401", async () => {
    const genuine = await unregistered.bankAdminToken();
    const [header, payload, signature] = genuine.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const keycloakUrl = inject('services').KEYCLOAK_URL.replace(/\/+$/, '');
    const relabelled = `${header}.${segment({ ...claims, iss: `${keycloakUrl}/realms/demo-bank` })}.${signature}`;
    const reply = await post(api, { token: relabelled });
    expect(reply.status).toBe(401);
    expect((await entryOf(demo.id, reply)).changes).toMatchObject({ reason: 'unknown-key' });
  });

  it('other realm: a genuine token of a Keycloak realm that is no tenant is 401 on the platform chain', async () => {
    const reply = await post(api, { token: await unregistered.bankAdminToken() });
    expect(reply.status).toBe(401);
    expect(reply.body.errors?.[0]?.message).toBe(
      'The token was issued by a realm that is not an active FinPersona tenant.',
    );
    expect((await entryOf(null, reply)).changes).toMatchObject({
      reason: 'unknown-realm',
      unverified: { realm: unregistered.realm },
    });
  });

  it('unknown realm (forged issuer naming no realm at all): 401 on the platform chain', async () => {
    const reply = await post(api, { token: await forged({ realm: 'unknown-bank' }) });
    expect(reply.status).toBe(401);
    expect((await entryOf(null, reply)).changes).toMatchObject({
      reason: 'unknown-realm',
      unverified: { realm: 'unknown-bank' },
    });
  });

  it("suspended tenant: its realm's real token is 401, recorded on that tenant's own chain", async () => {
    const setStatus = (status: string) =>
      (api.running.app.get(MikroORM).em.fork() as EntityManager).execute(
        `update tenant set status = ? where slug = 'demo-bank'`,
        [status],
      );
    await setStatus('SUSPENDED');
    let reply: Reply;
    try {
      reply = await post(api, { token: customerToken });
    } finally {
      await setStatus('ACTIVE');
    }
    expect(reply.status).toBe(401);
    expect((await entryOf(demo.id, reply)).changes).toMatchObject({ reason: 'inactive-tenant' });
  });

  it('wrong audience: a real token for finpersona-api sent to an API expecting another audience is 401', async () => {
    const reply = await post(strictApi, { token: customerToken });
    expect(reply.status).toBe(401);
    expect(reply.body.errors?.[0]?.message).toMatch(/"aud" claim is not accepted/);
    const strictDemo = await strictApi.running.app.get(TenancyService).findBySlug('demo-bank');
    expect((await entryOf(strictDemo!.id, reply, strictApi)).changes).toMatchObject({ reason: 'claims' });
  });

  it('expired: a real token once the verifier clock is past its expiry is 401', async () => {
    const { accessToken } = await tokensOf('customer');
    clock.offsetMs = 10 * 60_000;
    let reply: Reply;
    try {
      reply = await post(api, { token: accessToken });
    } finally {
      clock.offsetMs = 0;
    }
    expect(reply.status).toBe(401);
    expect((await entryOf(demo.id, reply)).changes).toMatchObject({ reason: 'expired' });
  });

  it('ID token: 401, only access tokens are accepted', async () => {
    const reply = await post(api, { token: (await tokensOf('customer')).idToken });
    expect(reply.status).toBe(401);
    expect((await entryOf(demo.id, reply)).changes).toMatchObject({ reason: 'not-access-token' });
  });

  it("token of tenant A on tenant B's host: 403, recorded on A's chain with the verified caller", async () => {
    const reply = await post(api, { token: customerToken, host: `other-bank${hostSuffix}` });
    expect(reply.status).toBe(403);
    expect(reply.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await entryOf(demo.id, reply)).toMatchObject({
      resource_id: 'address tenant other-bank',
      actor_subject: '5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a01',
      actor_realm: 'demo-bank',
      changes: { code: 'FORBIDDEN' },
    });
    expect((await auditRows(api.database.ownerUrl, other.id)).map((row) => row.request_id)).not.toContain(
      reply.requestId,
    );
  });

  it("token of tenant A on tenant B's host with X-Tenant B: 403 and audited the same way", async () => {
    const reply = await post(api, {
      token: customerToken,
      host: `other-bank${hostSuffix}`,
      tenant: 'other-bank',
    });
    expect(reply.status).toBe(403);
    expect((await entryOf(demo.id, reply)).resource_id).toBe('address tenant other-bank');
  });

  it('token of tenant A with X-Tenant B (no tenant host): 403 and audited', async () => {
    const reply = await post(api, { token: customerToken, tenant: 'other-bank' });
    expect(reply.status).toBe(403);
    expect((await entryOf(demo.id, reply)).resource_id).toBe('address tenant other-bank');
  });

  it("the tenant's own host addresses it: A's token on A's host works, X-Tenant may repeat it", async () => {
    for (const tenant of [undefined, 'demo-bank']) {
      const reply = await post(api, { token: customerToken, host: `demo-bank${hostSuffix}:443`, tenant });
      expect(reply.status).toBe(200);
      expect(reply.body.data).toMatchObject({ me: { tenant: { slug: 'demo-bank' } } });
    }
  });

  it('host and X-Tenant naming different tenants: 400 INVALID, audited with the caller', async () => {
    const reply = await post(api, {
      token: customerToken,
      host: `demo-bank${hostSuffix}`,
      tenant: 'other-bank',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/X-Tenant "other-bank" does not match the tenant of this address/),
      extensions: { code: 'INVALID' },
    });
    expect(await entryOf(demo.id, reply)).toMatchObject({
      resource_id: 'address two tenants',
      changes: { code: 'INVALID' },
    });
  });

  it("anonymous on a tenant's host is addressed to it (public queries only)", async () => {
    const reply = await post(api, { host: `demo-bank${hostSuffix}`, query: '{ me { subject } }' });
    expect(reply.status).toBe(200);
    expect(reply.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('a platform operator token on a tenant host is 403', async () => {
    const reply = await post(api, {
      token: (await tokensOf('operator')).accessToken,
      host: `demo-bank${hostSuffix}`,
    });
    expect(reply.status).toBe(403);
    expect(await entryOf(null, reply)).toMatchObject({
      actor_realm: 'platform',
      changes: { code: 'FORBIDDEN' },
    });
  });

  it('azp: a real dev-CLI token is refused when IDENTITY_ALLOW_DEV_CLIENT is off (the default), as is any other client', async () => {
    const services = inject('services');
    const production = new TokenVerifier(
      loadApiConfig({
        APP_DATABASE_URL: api.database.appUrl,
        KEYCLOAK_URL: services.KEYCLOAK_URL,
        TEMPORAL_ADDRESS: services.TEMPORAL_ADDRESS,
        CRYPTO_LOCAL_KEY_FILE: (await temporaryKeyFile()).path,
      }),
      api.running.app.get(TenancyService),
      { now: () => new Date() },
    );
    await expect(production.verify(customerToken)).rejects.toMatchObject({
      reason: 'client',
      message: expect.stringMatching(/not issued to a FinPersona app/),
    });
    await expect(production.verify(await forged({ azp: 'some-other-client' }))).rejects.toMatchObject({
      reason: 'client',
    });
    // The same token passes the API that allows the developer CLI (tests, local stack).
    await expect(api.running.app.get(TokenVerifier).verify(customerToken)).resolves.toBeDefined();
  });

  it('a refused client is audited like any refused token', async () => {
    const reply = await post(api, { token: await forged({ azp: 'some-other-client' }) });
    expect(reply.status).toBe(401);
    expect((await entryOf(demo.id, reply)).changes).toMatchObject({
      reason: 'client',
      unverified: { client: 'some-other-client' },
    });
  });

  it('flooding: past its budget an address gets 429 and its refusals are no longer written to the trail', async () => {
    const replies: Reply[] = [];
    for (let i = 0; i < 6; i += 1) replies.push(await post(strictApi, { token: await forged({}) }));
    const statuses = replies.map((reply) => reply.status);
    // Earlier tests in this file may have spent part of this address's budget: some 401s, then only 429s.
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(3);
    expect(statuses).toEqual([...statuses].sort()); // 401s first, then 429s
    const limited = replies.find((reply) => reply.status === 429)!;
    expect(limited.body.errors?.[0]?.extensions.code).toBe('RATE_LIMITED');
    const strictDemo = await strictApi.running.app.get(TenancyService).findBySlug('demo-bank');
    for (const reply of replies.filter((r) => r.status === 401))
      await entryOf(strictDemo!.id, reply, strictApi);
    await new Promise((resolve) => setTimeout(resolve, 500)); // give a wrongly written entry time to appear
    const recorded = (await auditRows(strictApi.database.ownerUrl, strictDemo!.id)).map(
      (row) => row.request_id,
    );
    for (const reply of replies.filter((r) => r.status === 429))
      expect(recorded).not.toContain(reply.requestId);
  });
});
