// The admin portal's whole configuration, read once from Vite's env and validated up front.

export interface AdminConfig {
  /** Base URL of the FinPersona API; GraphQL lives at `${apiUrl}/graphql`. */
  apiUrl: string;
  /** Base URL of Keycloak; realm R's issuer is `${keycloakUrl}/realms/${R}`. */
  keycloakUrl: string;
  /** Bank slug pre-filled on the login screen. */
  defaultTenantSlug: string;
}

export type ConfigSource = Record<string, string | boolean | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function readUrl(source: ConfigSource, name: string, fallback: string): string {
  const raw = source[name];
  const value = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  return value.replace(/\/+$/, '');
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isTenantSlug(value: string): boolean {
  return SLUG.test(value);
}

export function parseConfig(source: ConfigSource): AdminConfig {
  const rawSlug = source.VITE_DEFAULT_TENANT_SLUG;
  const defaultTenantSlug = typeof rawSlug === 'string' && rawSlug !== '' ? rawSlug : 'demo-bank';
  if (!isTenantSlug(defaultTenantSlug)) {
    throw new ConfigError(
      `VITE_DEFAULT_TENANT_SLUG must be a tenant slug (a-z, 0-9, -), got "${defaultTenantSlug}"`,
    );
  }
  return {
    apiUrl: readUrl(source, 'VITE_API_URL', 'http://localhost:4000'),
    keycloakUrl: readUrl(source, 'VITE_KEYCLOAK_URL', 'http://localhost:8180'),
    defaultTenantSlug,
  };
}

let cached: AdminConfig | undefined;

/** The validated configuration of this build (fails fast, naming the variable). */
export function config(): AdminConfig {
  cached ??= parseConfig(import.meta.env as unknown as ConfigSource);
  return cached;
}
