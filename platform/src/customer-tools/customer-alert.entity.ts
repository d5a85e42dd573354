import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

/** `rule-match` alerts belong to a customer rule with action `alert` (made and deleted with the rule). */
export const alertKinds = ['transaction-above', 'balance-below', 'budget-over', 'rule-match'] as const;
export type AlertKind = (typeof alertKinds)[number];

/**
 * A condition alert the customer set (migration `CustomerTools`): what to watch (`kind` with its account,
 * budget or threshold), how often at most (`cooldownHours`), and the evaluation state (`armed` for level
 * conditions, `lastSentAt` for the cooldown).
 */
@Entity({ tableName: 'customer_alert' })
@TenantOwned()
export class CustomerAlert {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'text' })
  kind!: AlertKind;

  @Property({ type: 'uuid', nullable: true })
  accountId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  budgetId: string | null = null;

  /** The customer rule a `rule-match` alert belongs to (migration `CustomerRules`). */
  @Property({ type: 'uuid', nullable: true })
  ruleId: string | null = null;

  /** Minor units (bigint string): the balance floor or the transaction size; null for `budget-over`. */
  @Property({ type: 'bigint', nullable: true })
  thresholdMinor: string | null = null;

  @Property({ type: 'character', length: 3, nullable: true })
  currency: string | null = null;

  @Property({ type: 'integer' })
  cooldownHours!: number;

  @Property({ type: 'boolean' })
  enabled: boolean & Opt = true;

  @Property({ type: 'boolean' })
  armed: boolean & Opt = true;

  @Property({ type: 'datetime', length: 3, nullable: true })
  lastSentAt: Date | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3, onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
