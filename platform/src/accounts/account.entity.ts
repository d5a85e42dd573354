import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { AccountType } from '@finpersona/plugin-sdk';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

/**
 * An account found through a connection, unique per (connection, source id). Identifiers (IBAN, sort
 * code and number, PAN) are stored encrypted as JSON with only `maskedIdentifier` ("•••• 1234") in clear.
 */
@Entity({ tableName: 'account' })
@TenantOwned()
export class Account {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'uuid' })
  connectionId!: string;

  @Property({ type: 'text' })
  sourceId!: string;

  @Property({ type: 'text' })
  type!: AccountType;

  @Property({ type: 'character', length: 3 })
  currency!: string;

  @Property({ type: 'text', nullable: true })
  name: string | null = null;

  @Property({ type: 'text', nullable: true })
  identifiersEnc: string | null = null;

  @Property({ type: 'text', nullable: true })
  maskedIdentifier: string | null = null;

  @Property({ type: 'text', nullable: true })
  holderNameEnc: string | null = null;

  @Property({ type: 'date', nullable: true })
  openedOn: string | null = null;

  /** Keyed fingerprint of the personal plaintext (identifiers, holder name): see `IngestService`. */
  @Property({ type: 'text', nullable: true })
  personalFingerprint: string | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3, onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
