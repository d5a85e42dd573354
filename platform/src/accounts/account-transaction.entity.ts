import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { TransactionDirection, TransactionStatus } from '@finpersona/plugin-sdk';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

/**
 * A transaction of an account, unique per (account, source id) so syncs upsert. `amountMinor` is positive
 * minor units (a string: PostgreSQL bigint); `direction` gives the sign. Counterparty and description are
 * personal and stored encrypted under the customer's key; merchant name and MCC are the merchant's
 * business data and stay in clear for categorisation.
 */
@Entity({ tableName: 'account_transaction' })
@TenantOwned()
export class AccountTransaction {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'uuid' })
  accountId!: string;

  @Property({ type: 'text' })
  sourceId!: string;

  @Property({ type: 'bigint' })
  amountMinor!: string;

  @Property({ type: 'character', length: 3 })
  currency!: string;

  @Property({ type: 'text' })
  direction!: TransactionDirection;

  @Property({ type: 'text' })
  status!: TransactionStatus;

  @Property({ type: 'date' })
  bookingDate!: string;

  @Property({ type: 'date', nullable: true })
  valueDate: string | null = null;

  @Property({ type: 'text', nullable: true })
  counterpartyEnc: string | null = null;

  @Property({ type: 'text', nullable: true })
  descriptionEnc: string | null = null;

  @Property({ type: 'text', nullable: true })
  merchantName: string | null = null;

  @Property({ type: 'character', length: 4, nullable: true })
  mcc: string | null = null;

  @Property({ type: 'text', nullable: true })
  sourceCode: string | null = null;

  @Property({ type: 'bigint', nullable: true })
  balanceAfterMinor: string | null = null;

  /** The merchant's name cleaned for display (`enrichment/merchant.ts`), from `merchantName` at ingest. */
  @Property({ type: 'text', nullable: true })
  merchantDisplayName: string | null = null;

  /** Taxonomy id (`enrichment/taxonomy.ts`); null until something categorised the row. */
  @Property({ type: 'text', nullable: true })
  category: string | null = null;

  /** Who decided `category`: `mcc`, `rule`, `model` or `customer` (never overwritten once `customer`). */
  @Property({ type: 'text', nullable: true })
  categorySource: string | null = null;

  /** 0..1: how sure `categorySource` was (the classifier's probability for `model`). */
  @Property({ type: 'float', nullable: true })
  categoryConfidence: number | null = null;

  /** Keyed fingerprint of the personal plaintext (counterparty, description): see `IngestService`. */
  @Property({ type: 'text', nullable: true })
  personalFingerprint: string | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3, onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
