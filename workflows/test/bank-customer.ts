// A bank with one customer, and running code as that customer, for the workflow tests that act through the
// platform's services (consents granted, renewed and revoked by the customer).
import { randomBytes, randomUUID } from 'node:crypto';
import {
  CustomersService,
  type Principal,
  type Region,
  runAsTenant,
  TenancyService,
  tenantRef,
  type TenantRef,
} from '@finpersona/platform';
import { installRegionRulePack } from '@finpersona/platform/testing';
import type { PlatformContext } from '../src/index';

export interface BankCustomer {
  tenant: TenantRef;
  /** The customer's subject in the bank's realm. */
  subject: string;
  customerId: string;
}

/** An active bank `<prefix>-<region>-<random>` of `region` with one customer, Ana Novak. */
export async function bankCustomer(
  platform: PlatformContext,
  prefix: string,
  region: Region,
): Promise<BankCustomer> {
  const slug = `${prefix}-${region.toLowerCase()}-${randomBytes(4).toString('hex')}`;
  const tenant = await platform.get(TenancyService).upsertTenant({
    slug,
    name: `Bank ${slug}`,
    region,
    realm: slug,
    branding: { displayName: slug, primaryColor: '#0B5FFF', accentColor: '#00B894', logoUrl: null },
  });
  await installRegionRulePack(platform, tenantRef(tenant), region);
  const subject = randomUUID();
  const email = `ana@${slug}.example`;
  const customers = platform.get(CustomersService);
  await customers.upsertDemoCustomers(slug, [{ subject, displayName: 'Ana Novak', email }]);
  const customer = await runAsTenant(tenantRef(tenant), () => customers.findByEmail(email));
  return { tenant: tenantRef(tenant), subject, customerId: customer!.id };
}

/** Runs `work` as the customer, signed in with a password (and a second factor when `secondFactor`). */
export function asCustomer<T>(
  customer: Pick<BankCustomer, 'tenant' | 'subject'>,
  work: () => Promise<T>,
  options: { secondFactor?: boolean } = {},
): Promise<T> {
  const principal: Principal = {
    kind: 'bank',
    subject: customer.subject,
    realm: customer.tenant.realm,
    username: 'ana',
    displayName: 'Ana Novak',
    roles: ['customer'],
    client: 'finpersona-customer',
    authentication: {
      acr: options.secondFactor ? 'mfa' : 'password',
      amr: options.secondFactor ? ['pwd', 'otp'] : ['pwd'],
      secondFactor: options.secondFactor ?? false,
      tokenId: randomUUID(),
      authenticatedAt: new Date(),
    },
  };
  return runAsTenant(customer.tenant, work, { principal });
}
