import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldEncryptionService } from '../crypto';
import { conditionMatches, type PreparedTransaction, type RuleCondition } from './rules';
import type { CategoryId } from './taxonomy';

/**
 * A customer's own rule as the engine uses it (table `customer_rule`, migration `CustomerRules`): the
 * condition tree of the one condition language and what a match does. Written by the customer through
 * `CustomerRulesService` (customer-tools); read here because categorisation at sync applies the
 * `set-category` ones.
 */
export interface CompiledCustomerRule {
  readonly id: string;
  readonly action: 'set-category' | 'alert';
  readonly category: CategoryId | null;
  readonly conditions: RuleCondition;
}

/** Where a rule's sealed conditions live: the ciphertext is bound to its row. */
export function customerRuleConditionsAddress(ruleId: string) {
  return { table: 'customer_rule', column: 'conditions_enc', rowId: ruleId };
}

/** The condition tree sealed under the customer's key, for `customer_rule.conditions_enc`. */
export async function sealRuleConditions(
  encryption: FieldEncryptionService,
  customerId: string,
  ruleId: string,
  conditions: RuleCondition,
): Promise<string> {
  const [sealed] = await encryption.encryptForCustomer(customerId, [
    { address: customerRuleConditionsAddress(ruleId), plaintext: JSON.stringify(conditions) },
  ]);
  return sealed!;
}

export interface StoredCustomerRule {
  id: string;
  action: 'set-category' | 'alert';
  category: string | null;
  conditions_enc: string;
}

/** Stored rules with their conditions opened (one key look-up for all). */
export async function openCustomerRules(
  encryption: FieldEncryptionService,
  rows: readonly StoredCustomerRule[],
): Promise<CompiledCustomerRule[]> {
  if (rows.length === 0) return [];
  const plaintexts = await encryption.decryptMany(
    rows.map((row) => ({ stored: row.conditions_enc, address: customerRuleConditionsAddress(row.id) })),
  );
  return rows.map((row, index) => ({
    id: row.id,
    action: row.action,
    category: row.category as CategoryId | null,
    conditions: JSON.parse(plaintexts[index]!) as RuleCondition,
  }));
}

/** The customer's enabled rules of one action, oldest first (first match wins), current tenant. */
export async function loadCustomerRules(
  em: EntityManager,
  encryption: FieldEncryptionService,
  tenantId: string,
  customerId: string,
  action: 'set-category' | 'alert',
): Promise<CompiledCustomerRule[]> {
  const rows = await em.execute<StoredCustomerRule[]>(
    `select id, action, category, conditions_enc from customer_rule
      where tenant_id = ? and customer_id = ? and action = ? and enabled
      order by created_at, id`,
    [tenantId, customerId, action],
  );
  return openCustomerRules(encryption, rows);
}

/** The first of the (ordered) rules whose conditions hold for the transaction, or undefined. */
export function firstMatchingCustomerRule(
  rules: readonly CompiledCustomerRule[],
  prepared: PreparedTransaction,
): CompiledCustomerRule | undefined {
  return rules.find((rule) => conditionMatches(rule.conditions, prepared));
}
