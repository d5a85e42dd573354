import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

/**
 * A customer's savings goal (migration `CustomerTools`): a target, an optional date, and where progress
 * comes from — a linked account's latest balance, or the manual contributions recorded here. `nameEnc` is
 * the customer's own label, ciphertext under their key bound to (`savings_goal`, `name_enc`, id).
 */
@Entity({ tableName: 'savings_goal' })
@TenantOwned()
export class SavingsGoal {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'text' })
  nameEnc!: string;

  @Property({ type: 'bigint' })
  targetAmountMinor!: string;

  @Property({ type: 'character', length: 3 })
  currency!: string;

  /** ISO date (YYYY-MM-DD) or null. */
  @Property({ type: 'date', nullable: true })
  targetDate: string | null = null;

  /** The customer's account whose balance is the progress; null: manual contributions. */
  @Property({ type: 'uuid', nullable: true })
  accountId: string | null = null;

  /** Sum of the manual contributions (minus withdrawals), never negative. */
  @Property({ type: 'bigint' })
  manualSavedMinor: string & Opt = '0';

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3, onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
