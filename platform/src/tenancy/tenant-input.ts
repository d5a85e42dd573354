import { type FieldProblem, Invalid } from '../errors';
import { type Branding, type Region, regions } from './tenant.entity';

export interface TenantInput {
  slug: string;
  name: string;
  region: Region;
  realm: string;
  branding: Branding;
}

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
  const branding = input.branding;
  if (!isText(branding.displayName, 80))
    problems.push({ field: at('branding.displayName'), problem: 'must be 1-80 characters' });
  if (!hexColour.test(branding.primaryColor))
    problems.push({ field: at('branding.primaryColor'), problem: 'must be a hex colour like #0B5FFF' });
  if (!hexColour.test(branding.accentColor))
    problems.push({ field: at('branding.accentColor'), problem: 'must be a hex colour like #00B894' });
  if (branding.logoUrl != null && !isLogoUrl(branding.logoUrl)) {
    problems.push({
      field: at('branding.logoUrl'),
      problem: 'must be an https URL, a path starting with /, or a data:image URL',
    });
  }
  return problems;
}

export function assertValidTenantInput(input: TenantInput, prefix = 'input'): void {
  const problems = tenantInputProblems(input, prefix);
  if (problems.length > 0) throw Invalid.fields(problems);
}

export function isText(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= maxLength;
}

function isLogoUrl(value: string): boolean {
  if (value.length > 100_000) return false;
  if (/^\/[^/]/.test(value)) return true;
  if (/^data:image\/(png|svg\+xml|jpeg|webp);/.test(value)) return true;
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' ||
      (url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname))
    );
  } catch {
    return false;
  }
}
