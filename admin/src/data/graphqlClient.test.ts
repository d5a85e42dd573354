import { afterEach, describe, expect, it, vi } from 'vitest';
import { isUnreachable } from './errors.ts';
import { createGraphqlClient } from './graphqlClient.ts';

describe('createGraphqlClient', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks the API for English texts whatever the browser language, with the token and the bank', async () => {
    const fetchSpy = vi.fn(
      async (_url: string, _init: RequestInit) =>
        new Response(JSON.stringify({ data: { me: null } }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    );
    vi.stubGlobal('fetch', fetchSpy);
    const request = createGraphqlClient({
      apiUrl: 'http://api.test',
      session: { accessToken: async () => 'token-1', tenantSlug: () => 'demo-bank' },
    });
    await request('query { me { subject } }');
    const [url, init] = fetchSpy.mock.calls[0]!;
    expect(url).toBe('http://api.test/graphql');
    expect(init.headers).toMatchObject({
      'accept-language': 'en',
      authorization: 'Bearer token-1',
      'x-tenant': 'demo-bank',
    });
  });

  const client = () =>
    createGraphqlClient({
      apiUrl: 'http://api.test',
      session: { accessToken: async () => 'token-1', tenantSlug: () => 'demo-bank' },
    });
  const failureOf = (answer: () => Promise<Response>) => {
    vi.stubGlobal('fetch', vi.fn(answer));
    return client()('query { me { subject } }').then(
      () => expect.unreachable('the request should fail'),
      (error: unknown) => error,
    );
  };

  it('reads the API out of reach from a failed network and from a gateway 5xx without an error of the API', async () => {
    const refused = await failureOf(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(refused).toMatchObject({ code: 'NETWORK' });
    expect(isUnreachable(refused)).toBe(true);
    for (const status of [500, 502, 503, 504]) {
      const gateway = await failureOf(async () => new Response('<html>Bad gateway</html>', { status }));
      expect(gateway).toMatchObject({ code: 'NETWORK' });
      expect(isUnreachable(gateway)).toBe(true);
    }
  });

  it("keeps the API's own errors as the API words them: not 'unreachable'", async () => {
    const answered = (code: string, status: number) => async () =>
      new Response(JSON.stringify({ errors: [{ message: code, extensions: { code } }], data: null }), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    for (const [code, status] of [
      ['INTERNAL', 500],
      ['INTERNAL', 200],
      ['UNAUTHENTICATED', 401],
      ['FORBIDDEN', 200],
      ['STEP_UP_REQUIRED', 200],
    ] as const) {
      const error = await failureOf(answered(code, status));
      expect(error).toMatchObject({ code });
      expect(isUnreachable(error)).toBe(false);
    }
    // A 401 without a body is still the sign-in's business, not the network's.
    const unauthenticated = await failureOf(async () => new Response('', { status: 401 }));
    expect(unauthenticated).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(isUnreachable(unauthenticated)).toBe(false);
  });
});
