import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { FieldEncryptionService } from '../crypto';
import { runAsTenant, type TenantRef } from '../request-context';

/** One customer's budgets and savings goals the generated suites' customer-tool operations act on. */
export interface CustomerToolsWorld {
  /** A budget (groceries) that `updateBudget` changes. */
  budgetId: string;
  /** A budget (eating-out) that `deleteBudget` removes. */
  deletableBudgetId: string;
  /** A manual savings goal that `updateSavingsGoal` and `contributeToSavingsGoal` change. */
  savingsGoalId: string;
  /** A savings goal that `deleteSavingsGoal` removes. */
  deletableSavingsGoalId: string;
  /** A transaction-above alert that `updateAlert` changes. */
  alertId: string;
  /** An alert that `deleteAlert` removes. */
  deletableAlertId: string;
}

/** Inserts a budget of `customerId` as the service stores one. */
export async function insertBudget(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  budget: { category: string; amountMinor: string; currency?: string },
): Promise<string> {
  const id = randomUUID();
  await runAsTenant(tenant, () =>
    app.get(EntityManager).transactional((tx) =>
      tx.execute(
        `insert into budget (id, tenant_id, customer_id, category, period, amount_minor, currency)
         values (?, ?, ?, ?, 'monthly', ?, ?)`,
        [id, tenant.id, customerId, budget.category, budget.amountMinor, budget.currency ?? 'EUR'],
      ),
    ),
  );
  return id;
}

/** Inserts a savings goal of `customerId` as the service stores one (name sealed under the customer's key). */
export async function insertSavingsGoal(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  goal: { name: string; targetAmountMinor: string; currency?: string; accountId?: string | null },
): Promise<string> {
  const id = randomUUID();
  const encryption = app.get(FieldEncryptionService);
  await runAsTenant(tenant, () =>
    app.get(EntityManager).transactional(async (tx) => {
      const [nameEnc] = await encryption.encryptForCustomer(customerId, [
        { address: { table: 'savings_goal', column: 'name_enc', rowId: id }, plaintext: goal.name },
      ]);
      await tx.execute(
        `insert into savings_goal (id, tenant_id, customer_id, name_enc, target_amount_minor, currency, account_id)
         values (?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          tenant.id,
          customerId,
          nameEnc,
          goal.targetAmountMinor,
          goal.currency ?? 'EUR',
          goal.accountId ?? null,
        ],
      );
    }),
  );
  return id;
}

/** Inserts a transaction-above alert of `customerId` (EUR, 24 h cooldown) as the service stores one. */
export async function insertTransactionAlert(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  thresholdMinor: string,
): Promise<string> {
  const id = randomUUID();
  await runAsTenant(tenant, () =>
    app.get(EntityManager).transactional((tx) =>
      tx.execute(
        `insert into customer_alert (id, tenant_id, customer_id, kind, threshold_minor, currency, cooldown_hours)
         values (?, ?, ?, 'transaction-above', ?, 'EUR', 24)`,
        [id, tenant.id, customerId, thresholdMinor],
      ),
    ),
  );
  return id;
}

/**
 * Two budgets, two manual savings goals and two alerts of `customerId` (the customer the suites sign in as); goal
 * names start with `label`, so a name of one bank's customer showing up in another's answer is evidence.
 */
export async function prepareCustomerToolsWorld(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  label = 'Generated',
): Promise<CustomerToolsWorld> {
  return {
    budgetId: await insertBudget(app, tenant, customerId, { category: 'groceries', amountMinor: '40000' }),
    deletableBudgetId: await insertBudget(app, tenant, customerId, {
      category: 'eating-out',
      amountMinor: '15000',
    }),
    savingsGoalId: await insertSavingsGoal(app, tenant, customerId, {
      name: `${label} holiday`,
      targetAmountMinor: '200000',
    }),
    deletableSavingsGoalId: await insertSavingsGoal(app, tenant, customerId, {
      name: `${label} bike`,
      targetAmountMinor: '90000',
    }),
    alertId: await insertTransactionAlert(app, tenant, customerId, '100000'),
    deletableAlertId: await insertTransactionAlert(app, tenant, customerId, '200000'),
  };
}
