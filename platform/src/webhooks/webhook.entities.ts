import { ArrayType, Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

export const deliveryStatuses = ['pending', 'delivered', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * A bank's webhook endpoint (migration `Webhooks`): URL, event types, the signing secret encrypted under
 * the bank's data key (`secretEnc`, bound to this row's `secret_enc`), the previous one during a
 * rotation's grace period, and the dispatcher's lease (written only by `WebhookDispatcher`).
 */
@Entity({ tableName: 'webhook_subscription' })
@TenantOwned()
export class WebhookSubscription {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'text' })
  url!: string;

  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Property({ type: ArrayType })
  eventTypes!: string[];

  @Property({ type: 'boolean' })
  enabled: boolean & Opt = true;

  @Property({ type: 'text' })
  secretEnc!: string;

  @Property({ type: 'text', nullable: true })
  previousSecretEnc: string | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  previousSecretExpiresAt: Date | null = null;

  @Property({ type: 'text' })
  createdBy!: string;

  @Property({ type: 'text' })
  updatedBy!: string;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3 })
  updatedAt: Date & Opt = new Date();
}

/** One event for one subscription, with its attempts (migration `Webhooks`). */
@Entity({ tableName: 'webhook_delivery' })
@TenantOwned()
export class WebhookDelivery {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  subscriptionId!: string;

  @Property({ type: 'uuid' })
  eventId!: string;

  @Property({ type: 'bigint' })
  eventSequence!: string;

  @Property({ type: 'text' })
  eventType!: string;

  @Property({ type: 'text' })
  status!: DeliveryStatus;

  @Property({ type: 'integer' })
  attempts!: number;

  @Property({ type: 'datetime', length: 3 })
  nextAttemptAt!: Date;

  @Property({ type: 'datetime', length: 3, nullable: true })
  lastAttemptAt: Date | null = null;

  @Property({ type: 'integer', nullable: true })
  lastStatusCode: number | null = null;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  deliveredAt: Date | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt!: Date;

  @Property({ type: 'datetime', length: 3 })
  updatedAt!: Date;
}
