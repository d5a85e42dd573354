import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors';
import {
  assertValidTenantInput,
  brandingProblems,
  normaliseAppOrigins,
  tenantInputProblems,
  type TenantInput,
} from './tenant-input';

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

  it('accepts https origins and http ones on loopback hosts only', () => {
    expect(
      tenantInputProblems({
        ...valid,
        appOrigins: {
          admin: ['https://admin.bank.example', 'http://localhost:5173', 'http://127.0.0.1:15173/'],
          customer: ['https://app.bank.example:8443'],
        },
      }),
    ).toEqual([]);
  });

  it.each([
    'http://bank.example',
    'https://*.bank.example',
    'https://bank.example/callback',
    'https://bank.example?x=1',
    'https://user@bank.example',
    'javascript:alert(1)',
    'bank.example',
  ])('rejects app origin %j (it would not be an exact redirect origin)', (origin) => {
    expect(tenantInputProblems({ ...valid, appOrigins: { admin: [], customer: [origin] } })).toEqual([
      { field: 'input.appOrigins.customer.0', problem: expect.stringContaining('must be an origin') },
    ]);
  });

  it('rejects more than 10 origins for one app', () => {
    const origins = Array.from({ length: 11 }, (_, i) => `https://a${i}.bank.example`);
    expect(tenantInputProblems({ ...valid, appOrigins: { admin: origins, customer: [] } })).toEqual([
      { field: 'input.appOrigins.admin', problem: 'must be a list of at most 10 origins' },
    ]);
  });

  it('normalises origins (case, default port, trailing slash, duplicates) and treats none as empty lists', () => {
    expect(
      normaliseAppOrigins({
        admin: ['HTTPS://Admin.Bank.Example:443/', 'https://admin.bank.example'],
        customer: ['http://localhost:5174'],
      }),
    ).toEqual({ admin: ['https://admin.bank.example'], customer: ['http://localhost:5174'] });
    expect(normaliseAppOrigins(null)).toEqual({ admin: [], customer: [] });
  });

  it('checks branding on its own with the same rules, under the path given', () => {
    expect(
      brandingProblems({ displayName: 'x', primaryColor: '#GGGGGG', accentColor: '#000000' }, 'branding'),
    ).toEqual([{ field: 'branding.primaryColor', problem: 'must be a hex colour like #0B5FFF' }]);
  });
});
