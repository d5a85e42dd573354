import { type EventSubscriber, Filter, type TransactionEventArgs } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { currentContext } from '../request-context';

/** The PostgreSQL setting row-level security policies read (see the RowLevelSecurity migration). */
export const TENANT_SETTING = 'app.tenant_id';

/**
 * Sets the tenant of the current request context (or job) at the start of every top-level transaction
 * MikroORM opens: the request's own transaction, `em.transactional()`, and the one `flush()` opens.
 * `set_config(…, true)` lasts until the transaction ends, so a pooled connection never carries one
 * tenant's setting into the next request; work without a tenant sets `''`, which RLS treats as none.
 */
export class TenantSettingSubscriber implements EventSubscriber {
  async afterTransactionStart({ em, transaction }: TransactionEventArgs): Promise<void> {
    const tenantId = currentContext()?.tenant?.id ?? '';
    await (em as EntityManager)
      .getConnection('write')
      .execute(`select set_config('${TENANT_SETTING}', ?, true)`, [tenantId], 'run', transaction);
  }
}

/**
 * Marks an entity as tenant-owned for the ORM: every find, count, update and delete through the
 * EntityManager is limited to the current context's tenant (a `tenantId` property is required).
 * Outside a tenant it throws rather than read across tenants. Raw SQL and the query builder are not
 * filtered: row-level security covers them, and the table's migration must add its policy.
 */
export function TenantOwned(): ClassDecorator {
  return Filter({
    name: 'tenant',
    default: true,
    args: false,
    cond: (_args, _type, _em, _options, entityName) => {
      const tenant = currentContext()?.tenant;
      if (!tenant) {
        throw new Error(
          `${String(entityName)} is tenant-owned: use it inside a request for a tenant or runAsTenant()`,
        );
      }
      return { tenantId: tenant.id };
    },
  }) as ClassDecorator;
}
