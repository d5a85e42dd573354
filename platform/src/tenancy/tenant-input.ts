import { type FieldProblem, Invalid } from '../errors';
import { type AppOrigins, type Branding, type Region, regions } from './tenant.entity';

export interface TenantInput {
  slug: string;
  name: string;
  region: Region;
  realm: string;
  branding: Branding;
  /** Origins of the bank's apps; omitted = none (its realm's clients then accept no browser sign-in). */
  appOrigins?: AppOrigins | null;
}

/** Most origins per app: a bank's apps live on a handful of hosts, never a pattern. */
export const maxOriginsPerApp = 10;

const slugPattern = /^[a-z0-9-]{3,40}$/;
// Keycloak realm names end up in issuer URLs: keep them URL-safe.
const realmPattern = /^[a-z0-9][a-z0-9-]{1,39}$/;
const hexColour = /^#[0-9a-fA-F]{6}$/;

/** Checks a tenant's fields, collecting every problem (prefix is the path of the input, e.g. `input`). */
export function tenantInputProblems(input: TenantInput, prefix = 'input'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  if (!slugPattern.test(input.slug))
    problems.push({ field: at('slug'), problem: 'must match ^[a-z0-9-]{3,40}$' });
  if (!realmPattern.test(input.realm)) {
    problems.push({
      field: at('realm'),
      problem: 'must be 2-40 lowercase letters, digits or dashes, starting with a letter or digit',
    });
  } else if (input.realm === 'platform' || input.realm === 'master') {
    problems.push({ field: at('realm'), problem: 'is reserved' });
  }
  if (!isText(input.name, 120)) problems.push({ field: at('name'), problem: 'must be 1-120 characters' });
  if (!regions.includes(input.region))
    problems.push({ field: at('region'), problem: `must be one of ${regions.join(', ')}` });
  problems.push(...brandingProblems(input.branding, at('branding')));
  if (input.appOrigins != null) problems.push(...appOriginsProblems(input.appOrigins, at('appOrigins')));
  return problems;
}

/** Checks a bank's branding (onboarding and branding updates share these rules); `path` names the field. */
export function brandingProblems(branding: Branding, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isText(branding.displayName, 80))
    problems.push({ field: `${path}.displayName`, problem: 'must be 1-80 characters' });
  if (!hexColour.test(branding.primaryColor))
    problems.push({ field: `${path}.primaryColor`, problem: 'must be a hex colour like #0B5FFF' });
  if (!hexColour.test(branding.accentColor))
    problems.push({ field: `${path}.accentColor`, problem: 'must be a hex colour like #00B894' });
  if (branding.logoUrl != null && !isLogoUrl(branding.logoUrl)) {
    problems.push({
      field: `${path}.logoUrl`,
      problem: 'must be an https URL, a path starting with /, or a data:image URL',
    });
  }
  return problems;
}

/**
 * Checks app origins: each an `https://host[:port]` origin (plain http only for localhost and 127.0.0.1),
 * with no path, query, fragment, credentials or wildcard, because they become exact redirect URIs.
 */
export function appOriginsProblems(origins: AppOrigins, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const app of ['admin', 'customer'] as const) {
    const list: unknown = origins[app];
    if (!Array.isArray(list) || list.length > maxOriginsPerApp) {
      problems.push({
        field: `${path}.${app}`,
        problem: `must be a list of at most ${maxOriginsPerApp} origins`,
      });
      continue;
    }
    list.forEach((origin: unknown, index) => {
      if (typeof origin !== 'string' || !isAppOrigin(origin)) {
        problems.push({
          field: `${path}.${app}.${index}`,
          problem:
            'must be an origin like https://bank.example (http only for localhost), without path or wildcard',
        });
      }
    });
  }
  return problems;
}

/** Origins as stored: lower-cased scheme and host, default ports dropped, duplicates removed. */
export function normaliseAppOrigins(origins: AppOrigins | null | undefined): AppOrigins {
  const normalise = (list: string[] = []) => [...new Set(list.map((origin) => new URL(origin).origin))];
  return { admin: normalise(origins?.admin), customer: normalise(origins?.customer) };
}

export function assertValidTenantInput(input: TenantInput, prefix = 'input'): void {
  const problems = tenantInputProblems(input, prefix);
  if (problems.length > 0) throw Invalid.fields(problems);
}

export function isText(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= maxLength;
}

function isAppOrigin(value: string): boolean {
  if (value.length > 200 || value.includes('*')) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  // The text must be the origin itself (a trailing slash allowed): anything more would be silently dropped.
  if (value.replace(/\/$/, '').toLowerCase() !== url.origin.toLowerCase()) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1';
}

function isLogoUrl(value: string): boolean {
  if (value.length > 100_000) return false;
  if (/^\/[^/]/.test(value)) return true;
  if (/^data:image\/(png|svg\+xml|jpeg|webp);/.test(value)) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  } catch {
    return false;
  }
}
