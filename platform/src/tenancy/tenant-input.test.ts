import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors';
import { assertValidTenantInput, tenantInputProblems, type TenantInput } from './tenant-input';

const valid: TenantInput = {
  slug: 'demo-bank',
  name: 'Demo Bank',
  region: 'EU',
  realm: 'demo-bank',
  branding: {
    displayName: 'Demo Bank',
    primaryColor: '#0B5FFF',
    accentColor: '#00B894',
    logoUrl: '/logo.svg',
  },
};

describe('tenant input', () => {
  it('accepts the demo bank', () => {
    expect(tenantInputProblems(valid)).toEqual([]);
  });

  it.each(['ab', 'Demo-Bank', 'demo_bank', 'a'.repeat(41), 'demo bank'])('rejects slug %j', (slug) => {
    expect(tenantInputProblems({ ...valid, slug })).toEqual([
      { field: 'input.slug', problem: 'must match ^[a-z0-9-]{3,40}$' },
    ]);
  });

  it('rejects colours that are not #RRGGBB and a javascript: logo URL, naming each field', () => {
    const problems = tenantInputProblems({
      ...valid,
      branding: {
        displayName: 'Demo',
        primaryColor: 'blue',
        accentColor: '#00B89',
        logoUrl: 'javascript:alert(1)',
      },
    });
    expect(problems.map((p) => p.field)).toEqual([
      'input.branding.primaryColor',
      'input.branding.accentColor',
      'input.branding.logoUrl',
    ]);
  });

  it('refuses the reserved platform realm so no bank can claim operator tokens', () => {
    expect(tenantInputProblems({ ...valid, realm: 'platform' })).toEqual([
      { field: 'input.realm', problem: 'is reserved' },
    ]);
  });

  it('throws INVALID listing the fields', () => {
    expect(() => assertValidTenantInput({ ...valid, region: 'XX' as never, name: ' ' })).toThrow(Invalid);
  });
});
