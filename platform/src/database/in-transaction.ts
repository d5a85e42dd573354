import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs `work` in the current context's transaction (a request's), or in a new one when there is none (a
 * `runAsTenant` job): row-level security reads the tenant set per transaction, so even a read outside one
 * sees nothing.
 */
export function inTransaction<T>(em: EntityManager, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const current = em.getContext() as EntityManager;
  return current.isInTransaction() ? work(current) : em.transactional(work);
}
