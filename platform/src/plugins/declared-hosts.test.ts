import type { ConnectorContext, DataConnector, PluginManifest } from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { declaredHosts, isDeclaredHost, limitedToDeclaredHosts } from './declared-hosts';

const manifest = {
  permissions: {
    data: [],
    hosts: ['auth.bank.example', '*.api.bank.example', 'files.bank.example:8443', { setting: 'baseUrl' }],
  },
} as unknown as PluginManifest;

describe('declared hosts', () => {
  it('come from the manifest and from URL settings of the bank', () => {
    expect(declaredHosts(manifest, { baseUrl: 'http://127.0.0.1:4010/psd2' })).toEqual([
      'auth.bank.example',
      '*.api.bank.example',
      'files.bank.example:8443',
      '127.0.0.1:4010',
    ]);
    expect(declaredHosts(manifest, { baseUrl: 'not a url' })).toHaveLength(3);
  });

  it('match exact hosts, sub-domains of wildcards and ports only where declared', () => {
    const hosts = declaredHosts(manifest, { baseUrl: 'http://127.0.0.1:4010/psd2' });
    const allowed = (url: string) => isDeclaredHost(new URL(url), hosts);
    expect(allowed('https://auth.bank.example/token')).toBe(true);
    expect(allowed('https://AUTH.bank.example:444/token')).toBe(true);
    expect(allowed('https://eu.api.bank.example/v1')).toBe(true);
    expect(allowed('https://api.bank.example/v1')).toBe(false);
    expect(allowed('https://evil-api.bank.example/v1')).toBe(false);
    expect(allowed('https://auth.bank.example.evil.example/')).toBe(false);
    expect(allowed('https://files.bank.example:8443/x')).toBe(true);
    expect(allowed('https://files.bank.example/x')).toBe(false);
    expect(allowed('http://127.0.0.1:4010/psd2/v1/accounts')).toBe(true);
    expect(allowed('http://127.0.0.1:4011/')).toBe(false);
    expect(allowed('http://169.254.169.254/latest/meta-data')).toBe(false);
  });
});

describe('a connector limited to its declared hosts', () => {
  const calls: { url: string; redirect: RequestInit['redirect'] }[] = [];
  const context: ConnectorContext = {
    signal: new AbortController().signal,
    heartbeat: () => undefined,
    now: () => new Date(),
    customer: { present: false },
    saveGrant: async () => undefined,
    fetch: async (input, init) => {
      calls.push({ url: String(input), redirect: init?.redirect });
      return new Response('{}');
    },
  };
  const connector = {
    id: 'probe',
    async listAccounts(_grant: unknown, ctx: ConnectorContext) {
      await ctx.fetch('https://auth.bank.example/accounts');
      await ctx.fetch('https://metadata.internal.example/secrets');
      return [];
    },
  } as unknown as DataConnector;

  it('passes declared calls on without following redirects, and refuses others before they leave', async () => {
    const limited = limitedToDeclaredHosts(connector, ['auth.bank.example']);
    expect(limited.id).toBe('probe');
    await expect(limited.listAccounts({ credentials: {} }, context)).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('may not call metadata.internal.example'),
    });
    expect(calls).toEqual([{ url: 'https://auth.bank.example/accounts', redirect: 'manual' }]);
  });
});
