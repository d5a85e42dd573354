import type { EntityManager } from '@mikro-orm/postgresql';
import { Forbidden, NotFound } from '../errors';
import { requireContext } from '../request-context';
import { Customer } from './customer.entity';

/**
 * The id of the customer record of the signed-in customer (the bank's `customer` row whose `subject` is
 * the token's), for services that act on "my" data (consents, notifications). Subjects are unique per
 * realm only, hence the tenant in the condition (the ORM filter and row-level security add it again).
 */
export async function callerCustomerId(em: EntityManager): Promise<string> {
  const { principal, tenant } = requireContext();
  if (principal?.kind !== 'bank' || !principal.roles.includes('customer') || !tenant) {
    throw new Forbidden('Only a customer of this bank, signed in to the customer app, may do this.');
  }
  const row = await em.findOne(Customer, { tenantId: tenant.id, subject: principal.subject });
  if (!row) {
    throw new NotFound('Your customer record is not set up in this bank yet; contact the bank to be added.');
  }
  return row.id;
}
