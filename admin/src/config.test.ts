import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

describe('admin config', () => {
  it('defaults to the local stack', () => {
    expect(parseConfig({})).toEqual({
      apiUrl: 'http://localhost:4000',
      keycloakUrl: 'http://localhost:8180',
      defaultTenantSlug: 'demo-bank',
    });
  });

  it('reads overrides and drops trailing slashes', () => {
    const config = parseConfig({
      VITE_API_URL: 'http://127.0.0.1:14000/',
      VITE_KEYCLOAK_URL: 'https://id.example//',
    });
    expect(config.apiUrl).toBe('http://127.0.0.1:14000');
    expect(config.keycloakUrl).toBe('https://id.example');
  });

  it.each([
    [{ VITE_API_URL: 'localhost:4000' }, /VITE_API_URL/],
    [{ VITE_KEYCLOAK_URL: 'file:///etc/passwd' }, /VITE_KEYCLOAK_URL/],
    [{ VITE_DEFAULT_TENANT_SLUG: 'Demo Bank' }, /VITE_DEFAULT_TENANT_SLUG/],
  ])('fails fast naming the variable for %o', (source, variable) => {
    expect(() => parseConfig(source)).toThrow(ConfigError);
    expect(() => parseConfig(source)).toThrow(variable);
  });
});
