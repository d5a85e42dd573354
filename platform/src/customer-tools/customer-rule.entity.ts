import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

export const customerRuleActions = ['set-category', 'alert'] as const;
export type CustomerRuleAction = (typeof customerRuleActions)[number];

/**
 * A customer's own rule (migration `CustomerRules`): a condition tree in the platform's one condition
 * language, sealed under the customer's key (`conditionsEnc`, see `enrichment/customer-rules.ts`), and what
 * a match does: `set-category` (with `category`) or `alert` (through its `customer_alert` of kind
 * `rule-match`). `suggestionKey` is the keyed fingerprint of the suggestion it was accepted from.
 */
@Entity({ tableName: 'customer_rule' })
@TenantOwned()
export class CustomerRule {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'text' })
  conditionsEnc!: string;

  @Property({ type: 'text' })
  action!: CustomerRuleAction;

  @Property({ type: 'text', nullable: true })
  category: string | null = null;

  @Property({ type: 'boolean' })
  enabled: boolean & Opt = true;

  @Property({ type: 'text', nullable: true })
  suggestionKey: string | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3 })
  updatedAt: Date & Opt = new Date();
}
