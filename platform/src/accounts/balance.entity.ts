import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { BalanceType } from '@finpersona/plugin-sdk';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

/** A balance of an account at a moment, as the source reported it. Amounts are minor units (string bigint). */
@Entity({ tableName: 'balance' })
@TenantOwned()
export class Balance {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'uuid' })
  accountId!: string;

  @Property({ type: 'text' })
  type!: BalanceType;

  @Property({ type: 'bigint' })
  amountMinor!: string;

  @Property({ type: 'character', length: 3 })
  currency!: string;

  @Property({ type: 'datetime', length: 3 })
  asOf!: Date;

  @Property({ type: 'bigint', nullable: true })
  creditLimitMinor: string | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();
}
