import type { TenantInput } from '../tenancy';

export const demoBank: TenantInput = {
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

/** A second bank that exists only in the database (its realm is never asked for keys). */
export const otherBank: TenantInput = {
  slug: 'other-bank',
  name: 'Other Bank',
  region: 'UK',
  realm: 'other-bank',
  branding: { displayName: 'Other Bank', primaryColor: '#222222', accentColor: '#FF8800', logoUrl: null },
};

export function generatedCustomers(count: number, domain: string) {
  return Array.from({ length: count }, (_, index) => ({
    displayName: `Customer ${String(index + 1).padStart(2, '0')}`,
    email: `customer${index + 1}@${domain}`,
  }));
}
