import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenancyService } from '../tenancy';
import { type ApiFixture, startApiFixture, tokensOf } from '../testing/api-fixture';
import { demoBank } from '../testing/seed';

interface ErrorBody {
  data?: unknown;
  errors: { message: string; extensions: { code: string; requestId?: string } }[];
}

/** The probe a scanner runs against a GraphQL endpoint: every abuse is refused, ordinary queries pass. */
describe('GraphQL hardening probe', () => {
  let api: ApiFixture;
  let customerToken: string;
  let bankAdminToken: string;
  const rateLimitMax = 6;

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: String(rateLimitMax) } });
    await api.running.app.get(TenancyService).upsertTenant(demoBank);
    customerToken = (await tokensOf('customer')).accessToken;
    bankAdminToken = (await tokensOf('bankAdmin')).accessToken;
  });
  afterAll(() => api?.close());

  async function send(
    init: { method?: string; contentType?: string; body?: string | FormData; token?: string },
    query = '',
  ): Promise<{ status: number; headers: Headers; body: ErrorBody; text: string }> {
    const headers: Record<string, string> = {};
    if (init.contentType) headers['content-type'] = init.contentType;
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    const response = await fetch(`${api.url}/graphql${query}`, {
      method: init.method ?? 'POST',
      headers,
      body: init.body,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: JSON.parse(text) as ErrorBody, text };
  }

  const post = (document: unknown, token?: string) =>
    send({ contentType: 'application/json', body: JSON.stringify(document), token });

  /** Refused with the code and a message matching, a request id, and nothing internal. */
  function expectRefused(
    result: { status: number; body: ErrorBody; text: string },
    status: number,
    code: string,
    message: RegExp,
  ) {
    expect(result.status).toBe(status);
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors.map((error) => error.extensions.code)).toContain(code);
    expect(result.body.errors.some((error) => message.test(error.message))).toBe(true);
    for (const error of result.body.errors) expect(error.extensions.requestId).toEqual(expect.any(String));
    expect(result.text).not.toMatch(/stack|node_modules|\.ts:\d|\bat [A-Za-z]/);
  }

  const tenantBranding = (alias: string) => `${alias}: tenantBranding(slug: "demo-bank") { slug }`;

  it('alias overload (16 aliased fields, limit 15) is INVALID naming the alias limit', async () => {
    const query = `{ ${Array.from({ length: 16 }, (_, index) => tenantBranding(`b${index}`)).join(' ')} }`;
    expectRefused(await post({ query }), 400, 'INVALID', /^Aliases limit of 15 exceeded, found 16\./);
  });

  it('deep nesting (10 nested levels, limit 8) is INVALID naming the depth limit', async () => {
    const query = `{ ${'... on Query { '.repeat(10)}__typename${' }'.repeat(10)} }`;
    expectRefused(await post({ query }), 400, 'INVALID', /^Query depth limit of 8 exceeded, found 11\./);
  });

  it('directive overload (6 directives, limit 5) is INVALID naming the directive limit', async () => {
    const both = '@include(if: true) @skip(if: false)';
    const query = `{ tenantBranding(slug: "demo-bank") ${both} { slug ${both} realm ${both} } }`;
    expectRefused(await post({ query }), 400, 'INVALID', /^Directives limit of 5 exceeded, found 6\./);
  });

  it('cost overload (two pages of 100 customers with edges) is INVALID naming the cost limit', async () => {
    const page = `customers(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id displayName email createdAt } } }`;
    const query = `{ a: ${page} b: ${page} }`;
    expectRefused(await post({ query }), 400, 'INVALID', /^Query Cost limit of 5000 exceeded, found \d+/);
  });

  it('token overload (2,100 tokens, limit 2,000) is INVALID and parsing stops', async () => {
    const query = `{ ${'__typename '.repeat(2100)}}`;
    expectRefused(await post({ query }), 400, 'INVALID', /^Query token limit of 2000 exceeded\./);
  });

  it('a batch (array body) is refused with 400 INVALID', async () => {
    const batch = [{ query: '{ __typename }' }, { query: '{ __typename }' }];
    expectRefused(await post(batch), 400, 'INVALID', /^Batched queries are not accepted/);
  });

  it('introspection through __schema and __type is refused', async () => {
    expectRefused(
      await post({ query: '{ __schema { types { name } } }' }),
      400,
      'INVALID',
      /^Introspection is disabled: the query asks for "__schema"\./,
    );
    expectRefused(
      await post({ query: '{ __type(name: "Query") { fields { name } } }' }),
      400,
      'INVALID',
      /^Introspection is disabled: the query asks for "__type"\./,
    );
  });

  it('a misspelt field gets no "Did you mean" suggestion', async () => {
    const result = await post({ query: '{ tenantBrandin(slug: "demo-bank") { slug } }' });
    expectRefused(result, 400, 'INVALID', /^Cannot query field "tenantBrandin" on type "Query"\.$/);
    expect(result.text).not.toContain('Did you mean');
    expect(result.text).not.toContain('"tenantBranding"');
  });

  it('GET is refused with 405', async () => {
    const result = await send({ method: 'GET' }, `?query=${encodeURIComponent('{ __typename }')}`);
    expectRefused(result, 405, 'INVALID', /POST with a JSON body only/);
    expect(result.headers.get('allow')).toBe('POST');
  });

  it.each([
    ['application/x-www-form-urlencoded', 'query=%7B__typename%7D'],
    ['text/plain', JSON.stringify({ query: '{ __typename }' })],
    ['text/plain;charset=UTF-8', JSON.stringify({ query: '{ __typename }' })],
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ __typename }\r\n--x--\r\n',
    ],
  ])('a cross-site-capable %s POST is refused with 415', async (contentType, body) => {
    expectRefused(await send({ contentType, body }), 415, 'INVALID', /Content-Type: application\/json/);
  });

  it('a POST without a content type is refused with 415', async () => {
    expectRefused(await send({ body: '{"query":"{ __typename }"}' }), 415, 'INVALID', /application\/json/);
  });

  it('a body over the size limit (256 KiB) is refused with 413', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(300 * 1024) } });
    expectRefused(await send({ contentType: 'application/json', body }), 413, 'INVALID', /too large/i);
  });

  it('ordinary queries still pass: public branding and the admin portal’s own queries', async () => {
    const branding = await api.graphql<{ tenantBranding: { slug: string } }>(
      '{ tenantBranding(slug: "demo-bank") { slug realm issuer branding { displayName primaryColor accentColor logoUrl } } }',
    );
    expect(branding.status).toBe(200);
    expect(branding.body.data?.tenantBranding.slug).toBe('demo-bank');

    const me = await api.graphql<{ me: { realm: string } }>(
      'query Me { me { subject username displayName realm roles tenant { id slug name branding { displayName logoUrl primaryColor } } } }',
      { token: bankAdminToken },
    );
    expect(me.body.errors).toBeUndefined();
    expect(me.body.data?.me.realm).toBe('demo-bank');

    const page = await api.graphql<{ customers: { totalCount: number } }>(
      `query CustomersPage($first: Int!, $after: String) {
        customers(first: $first, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id displayName email createdAt } }
        }
      }`,
      { token: bankAdminToken, variables: { first: 100 } },
    );
    expect(page.body.errors).toBeUndefined();
    expect(page.body.data?.customers.totalCount).toEqual(expect.any(Number));
  });

  it('one principal over its rate limit gets 429 RATE_LIMITED with Retry-After; another is still served', async () => {
    const query = { query: '{ me { subject } }' };
    for (let index = 0; index < rateLimitMax; index++) {
      const allowed = await post(query, customerToken);
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('x-ratelimit-limit')).toBe(String(rateLimitMax));
    }
    const refused = await post(query, customerToken);
    expectRefused(refused, 429, 'RATE_LIMITED', /^Too many requests: the limit is 6 per 60 s\./);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    const other = await post(query, bankAdminToken);
    expect(other.status).toBe(200);
    expect(other.body.errors).toBeUndefined();
    // Anonymous callers have their own budget (per IP within the tenant), untouched by the customer's.
    expect((await post({ query: '{ __typename }' })).status).toBe(200);
  });
});
