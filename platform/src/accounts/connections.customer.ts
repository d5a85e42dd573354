import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { accessibleWhere, callerIsBankStaff } from '../access';
import { Customer } from '../customers';
import { Invalid, NotFound } from '../errors';

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The customer whose connections, accounts or transactions the caller works with, decided by the caller's
 * `read Customer` abilities: a customer is always themself (`customerId`, when given, must be their own
 * id); bank staff must name a customer of their bank. Any other id — another customer's, another bank's,
 * malformed, nobody's — is the same NOT_FOUND, so existence never shows.
 */
export async function visibleCustomerId(
  em: EntityManager,
  customerId: string | null | undefined,
): Promise<string> {
  const visible = (accessibleWhere('read', 'Customer') ?? { id: null }) as FilterQuery<Customer>;
  if (callerIsBankStaff() && (customerId === null || customerId === undefined)) {
    throw Invalid.fields([{ field: 'customerId', problem: 'is required for bank staff: name the customer' }]);
  }
  if (customerId !== null && customerId !== undefined && !uuidPattern.test(customerId)) {
    throw notVisible();
  }
  const rows = await em.find(
    Customer,
    { $and: [visible, customerId ? { id: customerId } : {}] } as FilterQuery<Customer>,
    { fields: ['id'], limit: 2 },
  );
  // Without an id only a customer reaches here, whose abilities match exactly their own record.
  if (rows.length !== 1) throw notVisible();
  return rows[0]!.id;
}

function notVisible(): NotFound {
  return new NotFound('No customer with this id is visible to you; check the id.');
}
