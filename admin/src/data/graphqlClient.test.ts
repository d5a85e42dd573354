import { afterEach, describe, expect, it, vi } from 'vitest';
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
});
