import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

/**
 * An in-app message to one customer (consent reminders today; insights later). `bodyEnc` is ciphertext
 * under the customer's data key: messages talk about the customer's money. `subjectRef` points at what
 * the message is about (e.g. `consent:<id>`) so a reminder is sent once.
 */
@Entity({ tableName: 'notification' })
@TenantOwned()
export class Notification {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text', nullable: true })
  subjectRef: string | null = null;

  @Property({ type: 'text' })
  bodyEnc!: string;

  /** Ciphertext like the body; null on messages written before titles existed. */
  @Property({ type: 'text', nullable: true })
  titleEnc: string | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3, nullable: true })
  readAt: Date | null = null;
}
