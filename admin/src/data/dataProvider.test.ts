import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AdminConfig } from '../config.ts';
import { createAuthProvider } from '../auth/authProvider.ts';
import { createDataProvider, fetchTenantBranding } from './dataProvider.ts';
import { ApiError } from './errors.ts';

// A small real GraphQL-over-HTTP server on loopback that pages like the API (Relay cursors).
interface SeenRequest {
  headers: IncomingHttpHeaders;
  query: string;
  variables: Record<string, unknown>;
}
type Responder = (request: SeenRequest) => {
  status: number;
  body: string;
  headers?: Record<string, string>;
};

const CUSTOMERS = Array.from({ length: 23 }, (_, index) => ({
  id: `c-${index + 1}`,
  displayName: `Customer ${index + 1}`,
  email: index === 0 ? null : `customer${index + 1}@bank.example`,
  createdAt: new Date(Date.UTC(2025, 0, 1 + index)).toISOString(),
}));
const cursorOf = (index: number) => Buffer.from(`customer:${index}`).toString('base64url');
const indexOf = (cursor: string) => Number(Buffer.from(cursor, 'base64url').toString().split(':')[1]);

const pagingResponder: Responder = ({ query, variables }) => {
  const first = Number(variables.first);
  const start = typeof variables.after === 'string' ? indexOf(variables.after) + 1 : 0;
  const slice = CUSTOMERS.slice(start, start + first);
  const edges = slice.map((node, offset) => ({ cursor: cursorOf(start + offset), node }));
  const customers = {
    totalCount: CUSTOMERS.length,
    pageInfo: { hasNextPage: start + first < CUSTOMERS.length, endCursor: edges.at(-1)?.cursor ?? null },
    ...(query.includes('edges') ? { edges } : {}),
  };
  return { status: 200, body: JSON.stringify({ data: { customers } }) };
};

let server: Server;
let apiUrl: string;
let seen: SeenRequest[] = [];
let respond: Responder = pagingResponder;

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const parsed = JSON.parse(raw) as { query: string; variables: Record<string, unknown> };
      const request = { headers: req.headers, query: parsed.query, variables: parsed.variables };
      seen.push(request);
      const { status, body, headers } = respond(request);
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  seen = [];
  respond = pagingResponder;
});

const bankSession = { accessToken: async () => 'token-abc', tenantSlug: () => 'demo-bank' };
const listParams = (page: number, perPage: number) => ({
  pagination: { page, perPage },
  sort: { field: 'createdAt', order: 'ASC' as const },
  filter: {},
});
const graphqlError = (status: number, code: string | undefined, message: string) => () => ({
  status,
  body: JSON.stringify({
    errors: [{ message, extensions: { ...(code ? { code } : {}), requestId: 'req-42' } }],
  }),
});

describe('customers list paging', () => {
  it('maps page 1 to first=perPage without a cursor and returns rows with the total count', async () => {
    const provider = createDataProvider({ apiUrl, session: bankSession });
    const result = await provider.getList('customers', listParams(1, 10));

    expect(seen).toHaveLength(1);
    expect(seen[0]!.variables).toEqual({ first: 10, after: null });
    expect(result.total).toBe(23);
    expect(result.data.map((row) => row.id)).toEqual(CUSTOMERS.slice(0, 10).map((c) => c.id));
    expect(result.data[1]).toEqual({
      id: 'c-2',
      displayName: 'Customer 2',
      email: 'customer2@bank.example',
      createdAt: CUSTOMERS[1]!.createdAt,
    });
    expect(result.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false });
  });

  it('sends the bearer token and the X-Tenant header of the bank as JSON POST to /graphql', async () => {
    const provider = createDataProvider({ apiUrl, session: bankSession });
    await provider.getList('customers', listParams(1, 5));

    expect(seen[0]!.headers.authorization).toBe('Bearer token-abc');
    expect(seen[0]!.headers['x-tenant']).toBe('demo-bank');
    expect(seen[0]!.headers['content-type']).toBe('application/json');
  });

  it('omits X-Tenant for a platform operator', async () => {
    const provider = createDataProvider({
      apiUrl,
      session: { accessToken: async () => 'op', tenantSlug: () => null },
    });
    await provider.getList('customers', listParams(1, 5));
    expect(seen[0]!.headers['x-tenant']).toBeUndefined();
  });

  it('walks cursors to reach a page it has not seen, then fetches that page after the right cursor', async () => {
    const provider = createDataProvider({ apiUrl, session: bankSession });
    const result = await provider.getList('customers', listParams(3, 5));

    expect(seen.map((r) => r.variables)).toEqual([
      { first: 5, after: null },
      { first: 5, after: cursorOf(4) },
      { first: 5, after: cursorOf(9) },
    ]);
    expect(seen.slice(0, 2).every((r) => !r.query.includes('edges'))).toBe(true);
    expect(result.data.map((row) => row.id)).toEqual(['c-11', 'c-12', 'c-13', 'c-14', 'c-15']);
    expect(result.total).toBe(23);
  });

  it('goes to the next page with one request using the cached end cursor of the previous page', async () => {
    const provider = createDataProvider({ apiUrl, session: bankSession });
    await provider.getList('customers', listParams(1, 10));
    await provider.getList('customers', listParams(2, 10));
    seen = [];
    const third = await provider.getList('customers', listParams(3, 10));

    expect(seen.map((r) => r.variables)).toEqual([{ first: 10, after: cursorOf(19) }]);
    expect(third.data.map((row) => row.id)).toEqual(['c-21', 'c-22', 'c-23']);
    expect(third.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
  });

  it('keeps cursors per page size, so changing perPage never reuses a cursor from another size', async () => {
    const provider = createDataProvider({ apiUrl, session: bankSession });
    await provider.getList('customers', listParams(1, 10));
    seen = [];
    const result = await provider.getList('customers', listParams(2, 5));

    expect(seen.map((r) => r.variables)).toEqual([
      { first: 5, after: null },
      { first: 5, after: cursorOf(4) },
    ]);
    expect(result.data[0]!.id).toBe('c-6');
  });

  it('returns an empty page with the real total when asked beyond the last page', async () => {
    const provider = createDataProvider({ apiUrl, session: bankSession });
    const result = await provider.getList('customers', listParams(9, 10));

    expect(result.data).toEqual([]);
    expect(result.total).toBe(23);
    expect(seen).toHaveLength(3);
  });
});

describe('error mapping', () => {
  it('maps an UNAUTHENTICATED answer (HTTP 401) to a 401 ApiError with the request id', async () => {
    respond = graphqlError(401, 'UNAUTHENTICATED', 'Token expired');
    const provider = createDataProvider({ apiUrl, session: bankSession });
    const error = await provider.getList('customers', listParams(1, 10)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, requestId: 'req-42' });
    expect((error as ApiError).message).toMatch(/sign in again/i);
  });

  it('maps FORBIDDEN to a 403 with a message naming no slug and roles by their names', async () => {
    respond = graphqlError(200, 'FORBIDDEN', 'bank-admin role required');
    const provider = createDataProvider({ apiUrl, session: bankSession });
    const error = (await provider
      .getList('customers', listParams(1, 10))
      .catch((e: unknown) => e)) as ApiError;

    expect(error).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(error.message).not.toContain('demo-bank');
    expect(error.message).toContain('this bank');
    expect(error.message).toContain('bank administrator role required');
  });

  it('falls back to the HTTP status when an error carries no code', async () => {
    respond = graphqlError(403, undefined, 'nope');
    const provider = createDataProvider({ apiUrl, session: bankSession });
    await expect(provider.getList('customers', listParams(1, 10))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('maps a non-JSON gateway failure to NETWORK (the API out of reach), which is not a sign-out', async () => {
    respond = () => ({ status: 502, body: '<html>Bad gateway</html>' });
    const provider = createDataProvider({ apiUrl, session: bankSession });
    const error = await provider.getList('customers', listParams(1, 10)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK', status: 0 });
    const auth = createAuthProvider({
      config: {} as AdminConfig,
      findBank: async () => null,
      me: async () => Promise.reject(new Error('unused')),
    });
    await expect(auth.checkError(error)).resolves.toBeUndefined();
  });

  it('maps a 429 RATE_LIMITED answer to an ApiError carrying the Retry-After delay, without signing out', async () => {
    respond = () => ({
      ...graphqlError(
        429,
        'RATE_LIMITED',
        'Too many requests: the limit is 600 per 60 s. Retry after 30 s.',
      )(),
      headers: { 'retry-after': '30' },
    });
    const provider = createDataProvider({ apiUrl, session: bankSession });
    const error = (await provider
      .getList('customers', listParams(1, 10))
      .catch((e: unknown) => e)) as ApiError;

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      retryAfterSeconds: 30,
      requestId: 'req-42',
    });
    expect(error.message).toBe('Too many requests — try again in 30 seconds.');
    const auth = createAuthProvider({
      config: {} as AdminConfig,
      findBank: async () => null,
      me: async () => Promise.reject(new Error('unused')),
    });
    await expect(auth.checkError(error)).resolves.toBeUndefined();
  });

  it('maps STEP_UP_REQUIRED to an ApiError with the challenge; checkError sends to the step-up page, not to sign-out', async () => {
    respond = () => ({
      status: 200,
      body: JSON.stringify({
        data: null,
        errors: [
          {
            message: 'To list customers, confirm it is you with your one-time code.',
            extensions: {
              code: 'STEP_UP_REQUIRED',
              requestId: 'req-7',
              acrValues: 'mfa',
              maxAgeSeconds: 900,
            },
          },
        ],
      }),
    });
    const provider = createDataProvider({ apiUrl, session: bankSession });
    const error = (await provider
      .getList('customers', listParams(1, 10))
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({
      code: 'STEP_UP_REQUIRED',
      requestId: 'req-7',
      stepUp: { acrValues: 'mfa', maxAgeSeconds: 900 },
    });
    expect(error.message).toContain('one-time code');

    const auth = createAuthProvider({
      config: {} as AdminConfig,
      findBank: async () => null,
      me: async () => Promise.reject(new Error('unused')),
    });
    const previousWindow = (globalThis as { window?: unknown }).window;
    (globalThis as { window?: unknown }).window = { location: { pathname: '/customers', search: '?page=2' } };
    try {
      await expect(auth.checkError(error)).rejects.toEqual({
        redirectTo: '/step-up?acr=mfa&returnTo=%2Fcustomers%3Fpage%3D2',
        logoutUser: false,
        message: false,
      });
    } finally {
      (globalThis as { window?: unknown }).window = previousWindow;
    }
  });

  it('recognises a bare 429 (no GraphQL body, e.g. from a proxy) as RATE_LIMITED', async () => {
    respond = () => ({ status: 429, body: 'slow down', headers: { 'retry-after': '1' } });
    const provider = createDataProvider({ apiUrl, session: bankSession });
    await expect(provider.getList('customers', listParams(1, 10))).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 1,
      message: 'Too many requests — try again in 1 second.',
    });
  });

  it('maps a query refused for its depth or cost (400 INVALID) to INVALID with the reason', async () => {
    respond = graphqlError(400, 'INVALID', 'Query depth limit of 8 exceeded, found 9.');
    const provider = createDataProvider({ apiUrl, session: bankSession });
    const error = (await provider
      .getList('customers', listParams(1, 10))
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ code: 'INVALID', status: 400, retryAfterSeconds: undefined });
    expect(error.message).toContain('Query depth limit of 8 exceeded');
  });

  it('maps an unreachable API to NETWORK', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const provider = createDataProvider({ apiUrl: `http://127.0.0.1:${port}`, session: bankSession });
    await expect(provider.getList('customers', listParams(1, 10))).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('refuses resources and operations the API does not offer with a clear INVALID error', async () => {
    const provider = createDataProvider({ apiUrl, session: bankSession });
    await expect(provider.getList('accounts', listParams(1, 10))).rejects.toMatchObject({ code: 'INVALID' });
    await expect(provider.delete('customers', { id: 'c-1' })).rejects.toThrow(/cannot delete customers/);
    expect(seen).toHaveLength(0);
  });
});

describe('public and identity queries', () => {
  it('looks up tenant branding without a token or X-Tenant', async () => {
    respond = () => ({
      status: 200,
      body: JSON.stringify({
        data: { tenantBranding: { slug: 'demo-bank', realm: 'demo-bank', issuer: 'x', branding: {} } },
      }),
    });
    const branding = await fetchTenantBranding(apiUrl, 'demo-bank');

    expect(branding?.realm).toBe('demo-bank');
    expect(seen[0]!.variables).toEqual({ slug: 'demo-bank' });
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(seen[0]!.headers['x-tenant']).toBeUndefined();
  });

  it('reads me with the session headers', async () => {
    const me = {
      subject: 's',
      username: 'bank.admin',
      displayName: 'Bank Admin',
      realm: 'demo-bank',
      roles: [],
      tenant: null,
    };
    respond = () => ({ status: 200, body: JSON.stringify({ data: { me } }) });
    const provider = createDataProvider({ apiUrl, session: bankSession });

    expect(await provider.me()).toEqual(me);
    expect(seen[0]!.headers['x-tenant']).toBe('demo-bank');
  });
});

describe('tenants (platform operators)', () => {
  const operatorSession = { accessToken: async () => 'op-token', tenantSlug: () => null };
  const tenant = {
    id: 't-1',
    slug: 'north-bank',
    name: 'North Bank',
    region: 'EU',
    realm: 'north-bank',
    status: 'ACTIVE',
    suspensionReason: null,
    suspendedAt: null,
    createdAt: '2026-11-25T10:00:00.000Z',
    updatedAt: '2026-11-25T10:00:00.000Z',
    branding: { displayName: 'North', primaryColor: '#112233', accentColor: '#445566', logoUrl: null },
    appOrigins: { admin: [], customer: ['https://app.north.example'] },
  };
  const tenantsPage =
    (count: number, total: number): Responder =>
    ({ variables }) => {
      const start = typeof variables.after === 'string' ? Number(variables.after) + 1 : 0;
      const edges = Array.from({ length: Math.min(count, total - start) }, (_, i) => ({
        cursor: String(start + i),
        node: { ...tenant, id: `t-${start + i + 1}` },
      }));
      return {
        status: 200,
        body: JSON.stringify({
          data: {
            tenants: {
              totalCount: total,
              pageInfo: { hasNextPage: start + count < total, endCursor: edges.at(-1)?.cursor ?? null },
              edges,
            },
          },
        }),
      };
    };

  it('lists tenants with the status filter as a variable, without X-Tenant', async () => {
    respond = tenantsPage(2, 2);
    const provider = createDataProvider({ apiUrl, session: operatorSession });

    const result = await provider.getList('tenants', {
      ...listParams(1, 10),
      filter: { status: 'SUSPENDED' },
    });

    expect(seen[0]!.query).toContain('tenants(first: $first, after: $after, status: $status)');
    expect(seen[0]!.variables).toEqual({ first: 10, after: null, status: 'SUSPENDED' });
    expect(seen[0]!.headers['x-tenant']).toBeUndefined();
    expect(result.data.map((row) => row.id)).toEqual(['t-1', 't-2']);
    expect(result.data[0]).toMatchObject({ slug: 'north-bank', status: 'ACTIVE' });
    expect(result.total).toBe(2);
  });

  it('sends no status for "All" and keeps cursors per filter (a page of one filter never starts after another’s cursor)', async () => {
    respond = tenantsPage(2, 6);
    const provider = createDataProvider({ apiUrl, session: operatorSession });
    await provider.getList('tenants', listParams(1, 2));
    await provider.getList('tenants', listParams(2, 2));
    seen = [];

    await provider.getList('tenants', { ...listParams(2, 2), filter: { status: 'ACTIVE' } });

    expect(seen.map((r) => r.variables)).toEqual([
      { first: 2, after: null, status: 'ACTIVE' },
      { first: 2, after: '1', status: 'ACTIVE' },
    ]);
  });

  it('refuses an unknown status filter before calling the API', async () => {
    const provider = createDataProvider({ apiUrl, session: operatorSession });
    await expect(
      provider.getList('tenants', { ...listParams(1, 10), filter: { status: 'DELETED' } }),
    ).rejects.toMatchObject({ code: 'INVALID' });
    expect(seen).toHaveLength(0);
  });

  it('reads one tenant by id', async () => {
    respond = () => ({ status: 200, body: JSON.stringify({ data: { tenant } }) });
    const provider = createDataProvider({ apiUrl, session: operatorSession });

    const { data } = await provider.getOne('tenants', { id: 't-1' });

    expect(seen[0]!.variables).toEqual({ id: 't-1' });
    expect(data).toEqual(tenant);
  });

  it('saves only the branding (an empty logo as null), whatever else the form holds', async () => {
    respond = () => ({ status: 200, body: JSON.stringify({ data: { updateTenantBranding: tenant } }) });
    const provider = createDataProvider({ apiUrl, session: operatorSession });

    await provider.update('tenants', {
      id: 't-1',
      data: { ...tenant, status: 'SUSPENDED', branding: { ...tenant.branding, logoUrl: '' } },
      previousData: tenant,
    });

    expect(seen[0]!.query).toContain('updateTenantBranding');
    expect(seen[0]!.variables).toEqual({
      id: 't-1',
      branding: { displayName: 'North', primaryColor: '#112233', accentColor: '#445566', logoUrl: null },
    });
  });

  it('suspends with the reason and reactivates, returning the updated tenant', async () => {
    respond = ({ query }) => ({
      status: 200,
      body: JSON.stringify({
        data: query.includes('suspendTenant')
          ? { suspendTenant: { ...tenant, status: 'SUSPENDED', suspensionReason: 'unpaid' } }
          : { reactivateTenant: tenant },
      }),
    });
    const provider = createDataProvider({ apiUrl, session: operatorSession });

    expect(await provider.suspendTenant('t-1', 'unpaid')).toMatchObject({ status: 'SUSPENDED' });
    expect(await provider.reactivateTenant('t-1')).toMatchObject({ status: 'ACTIVE' });
    expect(seen.map((r) => r.variables)).toEqual([{ id: 't-1', reason: 'unpaid' }, { id: 't-1' }]);
  });

  it('passes a CONFLICT from the API on as a typed error', async () => {
    respond = graphqlError(
      200,
      'CONFLICT',
      'Tenant "north-bank" is SUSPENDED; only a ACTIVE tenant can be suspended.',
    );
    const provider = createDataProvider({ apiUrl, session: operatorSession });
    await expect(provider.suspendTenant('t-1', 'again')).rejects.toMatchObject({
      code: 'CONFLICT',
      status: 409,
    });
  });
});

/** A connection of 5 nodes like `node` (ids `<field>-<n>`), paged by `first`/`after` (cursor = index). */
const connection = (field: string, node: object, extra: object = {}) =>
  (({ variables }: SeenRequest) => {
    const start = typeof variables.after === 'string' ? Number(variables.after) + 1 : 0;
    const first = Number(variables.first);
    const total = 5;
    const edges = Array.from({ length: Math.min(first, total - start) }, (_, i) => ({
      cursor: String(start + i),
      node: { ...node, id: `${field}-${start + i + 1}` },
    }));
    return {
      status: 200,
      body: JSON.stringify({
        data: {
          [field]: {
            ...extra,
            totalCount: total,
            pageInfo: { hasNextPage: start + first < total, endCursor: edges.at(-1)?.cursor ?? null },
            edges,
          },
        },
      }),
    };
  }) satisfies Responder;

describe('consents and data-subject requests (bank staff)', () => {
  const consent = {
    id: 'k-1',
    customerId: '7f1c2f4e-0000-4000-8000-000000000001',
    purpose: 'AGGREGATION',
    status: 'GRANTED',
    textVersion: 'aggregation-2026-11',
    channel: 'CUSTOMER_APP',
    grantedAt: '2026-11-25T10:00:00.000Z',
    expiresAt: '2027-05-24T10:00:00.000Z',
    renewalDueAt: '2027-05-24T10:00:00.000Z',
    renewedAt: null,
    revokedAt: null,
    expiredAt: null,
  };
  const counts = [{ purpose: 'AGGREGATION', status: 'GRANTED', count: 4 }];
  const dueSoon = { withinDays: 14, renewals: 1, expiries: 2 };
  it('lists consents with every filter as a variable and returns the bank-wide counts as meta', async () => {
    respond = connection('consentOverview', consent, { counts, dueSoon });
    const provider = createDataProvider({ apiUrl, session: bankSession });

    const result = await provider.getList('consents', {
      ...listParams(1, 2),
      filter: {
        purpose: 'AGGREGATION',
        status: 'GRANTED',
        customerId: ` ${consent.customerId} `,
        dueSoon: true,
      },
    });

    expect(seen[0]!.query).toContain('consentOverview(first: $first, after: $after, purpose: $purpose');
    expect(seen[0]!.variables).toEqual({
      first: 2,
      after: null,
      purpose: 'AGGREGATION',
      status: 'GRANTED',
      customerId: consent.customerId,
      dueSoon: true,
    });
    expect(seen[0]!.headers['x-tenant']).toBe('demo-bank');
    expect(result.data.map((row) => row.id)).toEqual(['consentOverview-1', 'consentOverview-2']);
    expect(result.total).toBe(5);
    expect(result.meta).toEqual({ counts, dueSoon });
  });

  it('sends no filter for "All", an unticked "due soon" or an empty customer id', async () => {
    respond = connection('consentOverview', consent, { counts, dueSoon });
    const provider = createDataProvider({ apiUrl, session: bankSession });

    await provider.getList('consents', {
      ...listParams(1, 10),
      filter: { purpose: '', dueSoon: false, customerId: '  ' },
    });

    expect(seen[0]!.variables).toEqual({
      first: 10,
      after: null,
      purpose: null,
      status: null,
      customerId: null,
      dueSoon: null,
    });
  });

  it('walks consent cursors per filter: another filter never starts after this one’s cursor', async () => {
    respond = connection('consentOverview', consent, { counts, dueSoon });
    const provider = createDataProvider({ apiUrl, session: bankSession });
    await provider.getList('consents', listParams(1, 2));
    await provider.getList('consents', listParams(2, 2));
    seen = [];

    await provider.getList('consents', { ...listParams(2, 2), filter: { status: 'REVOKED' } });

    expect(seen.map((request) => [request.variables.after, request.variables.status])).toEqual([
      [null, 'REVOKED'],
      ['1', 'REVOKED'],
    ]);
    // Walking asks only for cursors; the page itself for the rows and the counts.
    expect(seen[0]!.query).not.toContain('edges');
    expect(seen[1]!.query).toContain('counts');
  });

  it('lists data-subject requests with kind and status as variables, pages by cursor', async () => {
    const request = {
      kind: 'ERASURE',
      status: 'COMPLETED',
      customerId: consent.customerId,
      requestedAt: '2026-11-25T10:00:00.000Z',
      startedAt: '2026-11-25T10:00:01.000Z',
      completedAt: '2026-11-25T10:00:09.000Z',
      progress: [{ step: 'started', at: '2026-11-25T10:00:01.000Z' }],
      failure: null,
      certificate: '{"version":1}',
      downloadExpiresAt: null,
      fetchedAt: null,
    };
    respond = connection('dataSubjectRequests', request);
    const provider = createDataProvider({ apiUrl, session: bankSession });

    const first = await provider.getList('data-subject-requests', {
      ...listParams(1, 2),
      filter: { kind: 'ERASURE', status: 'COMPLETED' },
    });
    const second = await provider.getList('data-subject-requests', {
      ...listParams(2, 2),
      filter: { kind: 'ERASURE', status: 'COMPLETED' },
    });

    expect(seen[0]!.query).toContain(
      'dataSubjectRequests(first: $first, after: $after, kind: $kind, status: $status)',
    );
    expect(seen.map((seenRequest) => seenRequest.variables)).toEqual([
      { first: 2, after: null, kind: 'ERASURE', status: 'COMPLETED' },
      { first: 2, after: '1', kind: 'ERASURE', status: 'COMPLETED' },
    ]);
    expect(first.data[0]).toMatchObject({ kind: 'ERASURE', certificate: '{"version":1}' });
    expect(second.data.map((row) => row.id)).toEqual(['dataSubjectRequests-3', 'dataSubjectRequests-4']);
    expect(second.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
  });

  it('refuses unknown purposes, consent statuses, kinds and request statuses before calling the API', async () => {
    const provider = createDataProvider({ apiUrl, session: bankSession });
    for (const [resource, filter] of [
      ['consents', { purpose: 'SPAM' }],
      ['consents', { status: 'PAUSED' }],
      ['data-subject-requests', { kind: 'RECTIFICATION' }],
      ['data-subject-requests', { status: 'DONE' }],
    ] as const) {
      await expect(provider.getList(resource, { ...listParams(1, 10), filter })).rejects.toMatchObject({
        code: 'INVALID',
      });
    }
    expect(seen).toHaveLength(0);
  });
});

describe('products (bank staff)', () => {
  const product = {
    catalogue: 'catalogue-retail',
    name: 'Flex Savings',
    type: 'SAVINGS_ACCOUNT',
    summary: null,
    currency: 'EUR',
    regions: ['EU'],
    fees: [],
    rates: [],
    limits: { minAmount: null, maxAmount: null, minTermMonths: null, maxTermMonths: null },
    eligibility: {
      minAge: 18,
      maxAge: null,
      residency: [],
      minAnnualIncome: null,
      creditCheck: 'none',
      maxLoanToValueBasisPoints: null,
      notes: [],
    },
    disclosures: [],
    illustrative: true,
  };

  it('lists products with type and region as the filter, rows keyed by catalogue and product id', async () => {
    respond = connection('products', product);
    const provider = createDataProvider({ apiUrl, session: bankSession });

    await provider.getList('products', listParams(1, 2));
    const second = await provider.getList('products', {
      ...listParams(2, 2),
      filter: { type: 'SAVINGS_ACCOUNT', region: 'EU' },
    });

    expect(seen[0]!.query).toContain(
      'products(first: $first, after: $after, filter: { type: $type, region: $region })',
    );
    // Another filter starts from its own first page (walking its cursors), never after this one's.
    expect(seen.map((request) => request.variables)).toEqual([
      { first: 2, after: null, type: null, region: null },
      { first: 2, after: null, type: 'SAVINGS_ACCOUNT', region: 'EU' },
      { first: 2, after: '1', type: 'SAVINGS_ACCOUNT', region: 'EU' },
    ]);
    expect(second.data.map((row) => [row.id, row.productId])).toEqual([
      ['catalogue-retail/products-3', 'products-3'],
      ['catalogue-retail/products-4', 'products-4'],
    ]);
    expect(second.total).toBe(5);
  });

  it('refuses an unknown product type or region before calling the API', async () => {
    const provider = createDataProvider({ apiUrl, session: bankSession });
    for (const filter of [{ type: 'CRYPTO' }, { region: 'MARS' }]) {
      await expect(provider.getList('products', { ...listParams(1, 10), filter })).rejects.toMatchObject({
        code: 'INVALID',
      });
    }
    expect(seen).toHaveLength(0);
  });
});

describe('intelligence pages (bank staff)', () => {
  const rule = {
    id: 'r-1',
    name: 'Coffee',
    priority: 10,
    category: 'eating-out',
    enabled: true,
    conditions: {
      descriptionContains: ['coffee'],
      counterpartyContains: null,
      merchantContains: null,
      mcc: null,
      minAmountMinor: null,
      maxAmountMinor: null,
      currency: null,
      direction: null,
      sourceCodes: null,
    },
    createdBy: 's-1',
    updatedBy: 's-1',
    createdAt: '2026-11-25T10:00:00.000Z',
    updatedAt: '2026-11-25T10:00:00.000Z',
  };

  it('creates a category rule from the form and passes the API’s field problems on as react-admin form errors', async () => {
    respond = () => ({
      status: 200,
      body: JSON.stringify({
        errors: [
          {
            message: 'Invalid input: conditions.mcc must be …',
            extensions: {
              code: 'INVALID',
              requestId: 'req-7',
              fields: [
                { field: 'conditions.mcc', problem: 'must be four digits or a range like 5811-5814' },
                { field: 'conditions.mcc', problem: 'a second problem of the same field' },
                { field: 'name', problem: 'must be 1 to 100 characters' },
              ],
            },
          },
        ],
      }),
    });
    const provider = createDataProvider({ apiUrl, session: bankSession });

    const error = (await provider
      .create('category-rules', {
        data: { name: ' ', priority: 10, category: 'eating-out', conditions: { mcc: '58x1, ' } },
      })
      .catch((caught: unknown) => caught)) as ApiError;

    expect(seen[0]!.variables).toEqual({
      input: {
        name: ' ',
        priority: 10,
        category: 'eating-out',
        enabled: null,
        conditions: { mcc: ['58x1'] },
      },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('INVALID');
    expect(error.body.errors).toEqual({
      'conditions.mcc': 'must be four digits or a range like 5811-5814',
      name: 'must be 1 to 100 characters',
    });
  });

  it('lists, reads, updates and deletes category rules by id', async () => {
    respond = ({ query, variables }) => {
      if (query.includes('updateCategoryRule'))
        return {
          status: 200,
          body: JSON.stringify({ data: { updateCategoryRule: { ...rule, name: 'Café' } } }),
        };
      if (query.includes('deleteCategoryRule'))
        return { status: 200, body: JSON.stringify({ data: { deleteCategoryRule: rule } }) };
      expect(variables).toEqual({});
      return {
        status: 200,
        body: JSON.stringify({ data: { categoryRules: [rule, { ...rule, id: 'r-2' }] } }),
      };
    };
    const provider = createDataProvider({ apiUrl, session: bankSession });

    expect(await provider.getList('category-rules', listParams(2, 1))).toEqual({
      data: [{ ...rule, id: 'r-2' }],
      total: 2,
    });
    expect((await provider.getOne('category-rules', { id: 'r-1' })).data).toEqual(rule);
    await expect(provider.getOne('category-rules', { id: 'r-9' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const updated = await provider.update('category-rules', {
      id: 'r-1',
      data: { ...rule, name: 'Café' },
      previousData: rule,
    });
    expect(updated.data.name).toBe('Café');
    expect(seen.at(-1)!.variables).toMatchObject({
      ruleId: 'r-1',
      input: { name: 'Café', conditions: { descriptionContains: ['coffee'] } },
    });
    expect((await provider.delete('category-rules', { id: 'r-1' })).data.id).toBe('r-1');
    expect(seen.at(-1)!.variables).toEqual({ ruleId: 'r-1' });
  });

  it('lists reviews with the status as a variable and refuses an unknown one', async () => {
    respond = connection('recommendationReviews', { status: 'REQUESTED', decisionRecord: null });
    const provider = createDataProvider({ apiUrl, session: bankSession });

    const page = await provider.getList('recommendation-reviews', {
      ...listParams(1, 2),
      filter: { status: 'REQUESTED' },
    });

    expect(seen[0]!.variables).toEqual({ first: 2, after: null, status: 'REQUESTED' });
    expect(page.data[0]).toMatchObject({ status: 'REQUESTED' });
    await expect(
      provider.getList('recommendation-reviews', { ...listParams(1, 2), filter: { status: 'CLOSED' } }),
    ).rejects.toMatchObject({ code: 'INVALID' });
  });

  it('sends model decisions to their mutation, an empty approval reason as none', async () => {
    respond = ({ query }) => {
      const field = /mutation \w+\(\$id: ID!, \$reason: String!?\) \{\s+(\w+)/.exec(query)![1]!;
      return { status: 200, body: JSON.stringify({ data: { [field]: { id: 'v-1', status: 'CHAMPION' } } }) };
    };
    const provider = createDataProvider({ apiUrl, session: bankSession });

    await provider.decideModelVersion('approve', 'v-1', '  ');
    await provider.decideModelVersion('reject', 'v-1', 'worse on cards');
    await provider.decideModelVersion('promote', 'v-1', 'back to v1');

    expect(seen.map((request) => [/mutation (\w+)/.exec(request.query)![1], request.variables])).toEqual([
      ['ApproveModelVersion', { id: 'v-1', reason: null }],
      ['RejectModelVersion', { id: 'v-1', reason: 'worse on cards' }],
      ['PromoteModelVersion', { id: 'v-1', reason: 'back to v1' }],
    ]);
  });
});
