import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { runAsTenant, type TenantRef } from '../request-context';

/** What the generated suites' enrichment operations act on, for one bank (`TargetWorld.enrichment`). */
export interface EnrichmentWorld {
  /** A rule that `updateCategoryRule` changes. */
  ruleId: string;
  /** A rule `deleteCategoryRule` removes. */
  deletableRuleId: string;
  /** A transaction of the world's customer with sources, for `categoriseTransaction`. */
  transactionId: string;
}

/**
 * Two categorisation rules of `tenant` (named `<prefix> …`), inserted as the service stores them, and a
 * transaction of `customerId` (who needs source data already: `prepareSourceWorld`).
 */
export async function prepareEnrichmentWorld(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  prefix: string,
): Promise<EnrichmentWorld> {
  const em = app.get(EntityManager);
  return runAsTenant(tenant, () =>
    em.transactional(async (tx) => {
      const ids = [randomUUID(), randomUUID()] as const;
      for (const [index, id] of ids.entries()) {
        await tx.execute(
          `insert into category_rule (id, tenant_id, name, priority, category, conditions, created_by, updated_by)
           values (?, ?, ?, ?, 'groceries', ?::jsonb, 'system', 'system')`,
          [
            id,
            tenant.id,
            `${prefix} rule ${index}`,
            10 + index,
            JSON.stringify({ merchantContains: [`${prefix} market`] }),
          ],
        );
      }
      const [transaction] = await tx.execute<{ id: string }[]>(
        `select id from account_transaction where tenant_id = ? and customer_id = ? order by booking_date, id limit 1`,
        [tenant.id, customerId],
      );
      if (!transaction)
        throw new Error('prepareEnrichmentWorld: the customer has no transaction; prepareSourceWorld first');
      return { ruleId: ids[0], deletableRuleId: ids[1], transactionId: transaction.id };
    }),
  );
}
