import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, resolveTenantSlug } from './config.ts';

describe('parseConfig', () => {
  it('defaults to the local API and the demo bank when nothing is set', () => {
    expect(parseConfig({})).toEqual({
      apiUrl: 'http://localhost:4000',
      tenantSlug: 'demo-bank',
      tenantBaseDomain: null,
    });
  });

  it('reads the API URL without a trailing slash and the slug in lower case', () => {
    const config = parseConfig({ VITE_API_URL: 'https://api.example.com/ ', VITE_TENANT_SLUG: 'Acme-Bank' });
    expect(config.apiUrl).toBe('https://api.example.com');
    expect(config.tenantSlug).toBe('acme-bank');
  });

  it('treats empty values as unset', () => {
    expect(parseConfig({ VITE_API_URL: '', VITE_TENANT_SLUG: '  ' }).tenantSlug).toBe('demo-bank');
  });

  it.each([
    [{ VITE_API_URL: 'not a url' }, /VITE_API_URL/],
    [{ VITE_API_URL: 'ftp://files.example' }, /VITE_API_URL/],
    [{ VITE_TENANT_SLUG: 'bank_with_underscore' }, /VITE_TENANT_SLUG/],
    [{ VITE_TENANT_SLUG: '-leading-dash' }, /VITE_TENANT_SLUG/],
    [{ VITE_TENANT_BASE_DOMAIN: 'not a domain' }, /VITE_TENANT_BASE_DOMAIN/],
  ])('fails fast naming the variable for %o', (source, variable) => {
    expect(() => parseConfig(source)).toThrow(ConfigError);
    expect(() => parseConfig(source)).toThrow(variable);
  });
});

describe('resolveTenantSlug', () => {
  const perBankBuild = parseConfig({ VITE_TENANT_SLUG: 'demo-bank' });
  const sharedBuild = parseConfig({ VITE_TENANT_SLUG: 'demo-bank', VITE_TENANT_BASE_DOMAIN: 'bank.example' });

  it('uses the configured slug when no base domain is configured', () => {
    expect(resolveTenantSlug(perBankBuild, 'acme.bank.example')).toBe('demo-bank');
  });

  it('takes the bank from the subdomain under the base domain', () => {
    expect(resolveTenantSlug(sharedBuild, 'Acme.Bank.Example')).toBe('acme');
  });

  it('falls back to the configured slug on other hosts and on nested or invalid labels', () => {
    expect(resolveTenantSlug(sharedBuild, 'localhost')).toBe('demo-bank');
    expect(resolveTenantSlug(sharedBuild, 'bank.example')).toBe('demo-bank');
    expect(resolveTenantSlug(sharedBuild, 'a.b.bank.example')).toBe('demo-bank');
  });
});
