import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

/**
 * How one customer wants to be notified. No row: the defaults (in-app on, e-mail and push off, no quiet
 * hours). `emailEnc` is ciphertext under the customer's data key.
 */
@Entity({ tableName: 'notification_preference' })
@TenantOwned()
export class NotificationPreference {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'boolean' })
  inAppEnabled: boolean & Opt = true;

  @Property({ type: 'boolean' })
  emailEnabled: boolean & Opt = false;

  @Property({ type: 'boolean' })
  pushEnabled: boolean & Opt = false;

  @Property({ type: 'text', nullable: true })
  emailEnc: string | null = null;

  /** `HH:MM` local time in `timeZone`; both or neither. */
  @Property({ type: 'text', nullable: true })
  quietHoursStart: string | null = null;

  @Property({ type: 'text', nullable: true })
  quietHoursEnd: string | null = null;

  /** IANA time zone of the customer (quiet hours, and the rule pack's customer-clock quiet hours). */
  @Property({ type: 'text', nullable: true })
  timeZone: string | null = null;

  @Property({ type: 'datetime', length: 3 })
  updatedAt: Date & Opt = new Date();
}

/** A browser's web push subscription (endpoint and keys are personal: ciphertext under the customer's key). */
@Entity({ tableName: 'push_subscription' })
@TenantOwned()
export class PushSubscription {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'text' })
  endpointEnc!: string;

  /** JSON `{ p256dh, auth }` (base64url), encrypted. */
  @Property({ type: 'text' })
  keysEnc!: string;

  /** Keyed fingerprint of the endpoint under the customer's key: the same browser registers once. */
  @Property({ type: 'text' })
  endpointFingerprint!: string;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3, nullable: true })
  lastSentAt: Date | null = null;
}

/**
 * What an e-mail or push channel did about one subject for one customer: `sent`, `deferred` (quiet hours:
 * title and body kept encrypted until `notBefore`, then cleared once sent) or `failed` (the server or push
 * service refused; `lastError` says why, never the text).
 */
@Entity({ tableName: 'notification_delivery' })
@TenantOwned()
export class NotificationDelivery {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'text' })
  subjectRef!: string;

  @Property({ type: 'text' })
  channel!: 'email' | 'push';

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text' })
  purpose!: string;

  @Property({ type: 'text' })
  importance!: string;

  @Property({ type: 'text' })
  status!: 'sent' | 'deferred' | 'failed';

  @Property({ type: 'datetime', length: 3, nullable: true })
  notBefore: Date | null = null;

  @Property({ type: 'text', nullable: true })
  titleEnc: string | null = null;

  @Property({ type: 'text', nullable: true })
  bodyEnc: string | null = null;

  @Property({ type: 'integer' })
  attempts: number & Opt = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3, nullable: true })
  sentAt: Date | null = null;
}
