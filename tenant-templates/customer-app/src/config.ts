// The customer app's configuration, read once from Vite's env and validated up front.
// The bank (tenant) this build serves is resolved by `resolveTenantSlug`, so a deployment can
// move from one build per bank (VITE_TENANT_SLUG) to one build for all banks (subdomains).

export interface CustomerAppConfig {
  /** Base URL of the FinPersona API; GraphQL lives at `${apiUrl}/graphql`. */
  apiUrl: string;
  /** Slug used when no other source names the bank. */
  tenantSlug: string;
  /** When set (e.g. `bank.example`), `<slug>.bank.example` selects bank `<slug>`. */
  tenantBaseDomain: string | null;
}

export type ConfigSource = Record<string, string | boolean | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isTenantSlug(value: string): boolean {
  return SLUG.test(value);
}

function text(source: ConfigSource, name: string): string | undefined {
  const raw = source[name];
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
}

export function parseConfig(source: ConfigSource): CustomerAppConfig {
  const apiUrl = text(source, 'VITE_API_URL') ?? 'http://localhost:4000';
  let parsed: URL;
  try {
    parsed = new URL(apiUrl);
  } catch {
    throw new ConfigError(`VITE_API_URL must be an absolute http(s) URL, got "${apiUrl}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`VITE_API_URL must be an http(s) URL, got "${apiUrl}"`);
  }

  const tenantSlug = (text(source, 'VITE_TENANT_SLUG') ?? 'demo-bank').toLowerCase();
  if (!isTenantSlug(tenantSlug)) {
    throw new ConfigError(`VITE_TENANT_SLUG must be a bank short name (a-z, 0-9, -), got "${tenantSlug}"`);
  }

  const baseDomain = text(source, 'VITE_TENANT_BASE_DOMAIN')?.toLowerCase().replace(/^\./, '') ?? null;
  if (baseDomain !== null && !DOMAIN.test(baseDomain)) {
    throw new ConfigError(
      `VITE_TENANT_BASE_DOMAIN must be a DNS domain like "bank.example", got "${baseDomain}"`,
    );
  }

  return { apiUrl: apiUrl.replace(/\/+$/, ''), tenantSlug, tenantBaseDomain: baseDomain };
}

/**
 * Which bank this page is for: the subdomain under the configured base domain when there is one
 * (`acme.bank.example` -> `acme`), otherwise the configured slug.
 */
export function resolveTenantSlug(config: CustomerAppConfig, hostname: string): string {
  const host = hostname.toLowerCase();
  const base = config.tenantBaseDomain;
  if (base && host.endsWith(`.${base}`)) {
    const label = host.slice(0, -(base.length + 1));
    if (isTenantSlug(label)) return label;
  }
  return config.tenantSlug;
}

let cached: CustomerAppConfig | undefined;

export function config(): CustomerAppConfig {
  cached ??= parseConfig(import.meta.env as unknown as ConfigSource);
  return cached;
}
