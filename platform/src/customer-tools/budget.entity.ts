import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';
import type { BudgetPeriod } from './progress';

/**
 * A customer's spending limit for one spending category per period (migration `CustomerTools`). Only the
 * limit is stored; what was spent is computed from categorised debits when read.
 */
@Entity({ tableName: 'budget' })
@TenantOwned()
export class Budget {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  /** A spending category id of the taxonomy (`enrichment/taxonomy.ts`). */
  @Property({ type: 'text' })
  category!: string;

  @Property({ type: 'text' })
  period!: BudgetPeriod;

  /** Positive minor units (PostgreSQL bigint, so a string). */
  @Property({ type: 'bigint' })
  amountMinor!: string;

  @Property({ type: 'character', length: 3 })
  currency!: string;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3, onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
