import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { accessibleWhere, type SubjectType } from '../access';
import { callerCustomerId } from '../customers';
import { NotFound } from '../errors';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The signed-in customer's own rows of a customer tool: the caller's abilities on `subject` (bounded by
 * the tenant) narrowed to their customer record. Returns the customer id too, for inserts.
 */
export async function ownToolWhere<T extends object>(
  em: EntityManager,
  action: 'read' | 'update' | 'delete',
  subject: SubjectType,
): Promise<{ customerId: string; where: FilterQuery<T> }> {
  const visible = (accessibleWhere(action, subject) ?? { id: null }) as FilterQuery<T>;
  const customerId = await callerCustomerId(em);
  return { customerId, where: { $and: [visible, { customerId }] } as FilterQuery<T> };
}

/**
 * One of the caller's own rows by id, or NOT_FOUND — the same for a malformed id, another customer's,
 * another bank's or nobody's, so existence never shows. `what` names the thing in the message.
 */
export async function findOwnTool<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  subject: SubjectType,
  action: 'read' | 'update' | 'delete',
  id: string,
  what: string,
): Promise<T> {
  const { where } = await ownToolWhere<T>(em, action, subject);
  const row = uuid.test(id) ? await em.findOne(entity, { $and: [where, { id }] } as FilterQuery<T>) : null;
  if (!row) throw new NotFound(`No ${what} with this id is yours; check the id.`);
  return row;
}

export function isUuid(value: string): boolean {
  return uuid.test(value);
}
