import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

/** Why the customer lets FinPersona process their data; each purpose is consented to separately. */
export const consentPurposes = ['aggregation', 'personalisation', 'marketing', 'analytics'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

/** `granted` is live until `expiresAt`; `revoked` and `expired` are final (a new grant is a new row). */
export const consentStatuses = ['granted', 'revoked', 'expired'] as const;
export type ConsentStatus = (typeof consentStatuses)[number];

/**
 * Where the consent was given: by the customer in an app or through the API, or — `bank-import` — recorded
 * by the bank when it imported data it holds itself (`ConsentsService.recordBankImport`; the proof says
 * which dataset and command, and that no text was shown to the customer).
 */
export const consentChannels = ['customer-app', 'admin-portal', 'api', 'bank-import'] as const;
export type ConsentChannel = (typeof consentChannels)[number];

/**
 * One consent of one customer for one purpose, with what was shown to them (`textVersion` and the
 * SHA-256 `textHash` of that text) and the proof of how they gave it (`proof`: the session's subject,
 * token id, authentication methods and time; never the token itself).
 */
@Entity({ tableName: 'consent' })
@TenantOwned()
export class Consent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'text' })
  purpose!: ConsentPurpose;

  /** What the consent covers, e.g. `{ connectionId }` or `{ dataCategories: [...] }`. */
  @Property({ type: 'json' })
  scope: Record<string, unknown> & Opt = {};

  @Property({ type: 'text' })
  textVersion!: string;

  @Property({ type: 'text' })
  textHash!: string;

  @Property({ type: 'text' })
  status!: ConsentStatus;

  @Property({ type: 'text' })
  channel!: ConsentChannel;

  @Property({ type: 'json' })
  proof!: Record<string, unknown>;

  @Property({ type: 'datetime', length: 3 })
  grantedAt!: Date;

  @Property({ type: 'datetime', length: 3, nullable: true })
  expiresAt: Date | null = null;

  /** When the region's renewal rule next needs the customer (EEA: SCA every 180 days; UK: reconfirm every 90). */
  @Property({ type: 'datetime', length: 3, nullable: true })
  renewalDueAt: Date | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  renewedAt: Date | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  expiredAt: Date | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3, onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
