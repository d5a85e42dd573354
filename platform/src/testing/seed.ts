import { DEMO_BANK } from '../onboarding';
import type { TenantInput } from '../tenancy';

// Plugins are installed by onboarding's workflow, not by the tenant record.
const { customers: demoBankCustomers, plugins: _plugins, ...demoBankTenant } = DEMO_BANK;

/** The demo bank of `cli seed-demo` (one definition: onboarding/demo-bank.ts), as a tenant record. */
export const demoBank: TenantInput = demoBankTenant;

/** Its 25 demo customers: Ana Novak (who can sign in) and 24 more. */
export { demoBankCustomers };

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
