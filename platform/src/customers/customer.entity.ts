import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

/**
 * A person banking with a tenant, as stored. `subject` links them to their login in the tenant's realm
 * once known; a customer the bank imported from its own records (`sourceRefIndex`) may have none. The personal fields hold ciphertext under the customer's own data key (see `crypto/`):
 * read them through `CustomersService`, which returns `CustomerRecord`s with plaintext, and never
 * assign plaintext to them (a flush would store it).
 */
@Entity({ tableName: 'customer' })
@TenantOwned()
export class Customer {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'text', nullable: true })
  subject: string | null = null;

  /** Encrypted display name (plaintext only in rows not yet converted: `personalFieldsEncrypted` false). */
  @Property({ type: 'text', fieldName: 'display_name' })
  storedDisplayName!: string;

  /** Encrypted e-mail, or null (plaintext only in rows not yet converted). */
  @Property({ type: 'text', fieldName: 'email', nullable: true })
  storedEmail: string | null = null;

  /** Blind index of the e-mail (`crypto/` `blindIndex`, normalisation `email`): unique per tenant. */
  @Property({ type: 'text', nullable: true })
  emailIndex: string | null = null;

  /**
   * Blind index of the customer's reference in a bank's own source (`crypto/` `blindIndex`, normalisation
   * `exact`), for customers the bank imported itself (`CustomersService.upsertBankImported`, e.g.
   * `pkdd99:client:1234`): an import run again finds them. Unique per tenant; null for everyone else.
   */
  @Property({ type: 'text', nullable: true })
  sourceRefIndex: string | null = null;

  /** False only for rows written before encryption at rest, until `cli.js crypto encrypt-customers` runs. */
  @Property({ type: 'boolean' })
  personalFieldsEncrypted: boolean & Opt = true;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  /** Set by erasure: the row is a tombstone without personal data, kept for retained records; never listed. */
  @Property({ type: 'datetime', length: 3, nullable: true })
  erasedAt: (Date & Opt) | null = null;
}
