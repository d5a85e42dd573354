import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { accessibleWhere, callerIsBankStaff } from '../access';
import { Forbidden, Invalid, NotFound } from '../errors';
import { requireContext } from '../request-context';
import { Customer } from './customer.entity';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one way to find the customer a request acts on (the bank's `customer` row), for every capability:
 *
 * - `callerCustomerId(em)` — the signed-in customer themself, for what only they do with "my" data
 *   (consents, notifications, data-subject requests, connecting and syncing their sources): the row whose
 *   `subject` is the token's, not erased. Anyone but a customer of this bank is FORBIDDEN; a customer
 *   without a (live) record is NOT_FOUND. Subjects are unique per realm only, hence the tenant in the
 *   condition (the ORM filter and row-level security add it again).
 * - `callerCustomerId(em, { named })` — reads staff may make too, decided by the caller's `read Customer`
 *   abilities: a customer is always themself (`named`, when given, must be their own id); bank staff must
 *   name a customer of their bank (INVALID without one). Any other id — another customer's, another bank's,
 *   malformed, nobody's — is the same NOT_FOUND, so existence never shows.
 */
export async function callerCustomerId(
  em: EntityManager,
  scope?: { named: string | null | undefined },
): Promise<string> {
  if (scope) return visibleCustomerId(em, scope.named ?? null);
  const { principal, tenant } = requireContext();
  if (principal?.kind !== 'bank' || !principal.roles.includes('customer') || !tenant) {
    throw new Forbidden('Only a customer of this bank, signed in to the customer app, may do this.');
  }
  const row = await em.findOne(
    Customer,
    { tenantId: tenant.id, subject: principal.subject, erasedAt: null },
    { fields: ['id'] },
  );
  if (!row) {
    throw new NotFound('Your customer record is not set up in this bank yet; contact the bank to be added.');
  }
  return row.id;
}

async function visibleCustomerId(em: EntityManager, named: string | null): Promise<string> {
  const visible = (accessibleWhere('read', 'Customer') ?? { id: null }) as FilterQuery<Customer>;
  if (callerIsBankStaff() && named === null) {
    throw Invalid.fields([{ field: 'customerId', problem: 'is required for bank staff: name the customer' }]);
  }
  if (named !== null && !uuidPattern.test(named)) throw notVisible();
  const rows = await em.find(
    Customer,
    { $and: [visible, named ? { id: named } : {}] } as FilterQuery<Customer>,
    { fields: ['id'], limit: 2 },
  );
  // Without an id only a customer reaches here, whose abilities match exactly their own record.
  if (rows.length !== 1) throw notVisible();
  return rows[0]!.id;
}

function notVisible(): NotFound {
  return new NotFound('No customer with this id is visible to you; check the id.');
}
