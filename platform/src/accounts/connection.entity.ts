import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

/**
 * - `pending`: waiting for the customer to authorise at the source.
 * - `active`: syncing on its schedule.
 * - `expired` / `revoked`: the consent (ours or the source's) ended; no call reaches the source.
 * - `failed`: the last sync failed for a reason retrying cannot fix (see `errorCode`).
 * - `disconnected`: the customer removed it.
 */
export const connectionStatuses = [
  'pending',
  'active',
  'expired',
  'revoked',
  'failed',
  'disconnected',
] as const;
export type ConnectionStatus = (typeof connectionStatuses)[number];

/**
 * A customer's link to one source through one connector (`connector` is the SDK connector id), under
 * the aggregation consent `consentId`. The connector's grant (and, while pending, its authorisation
 * state) is stored encrypted under the customer's key; `stateIndex` is the blind index of the OAuth
 * `state` so the redirect back finds the connection without storing the state in clear.
 */
@Entity({ tableName: 'connection' })
@TenantOwned()
export class Connection {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'uuid' })
  consentId!: string;

  @Property({ type: 'text' })
  connector!: string;

  @Property({ type: 'text' })
  status!: ConnectionStatus;

  @Property({ type: 'text', nullable: true })
  grantEnc: string | null = null;

  @Property({ type: 'text', nullable: true })
  pendingEnc: string | null = null;

  @Property({ type: 'text', nullable: true })
  stateIndex: string | null = null;

  /** When the source's own consent ends (from the connector's grant). */
  @Property({ type: 'datetime', length: 3, nullable: true })
  sourceExpiresAt: Date | null = null;

  /** Per source account id, the connector's cursor after the last fully stored page. */
  @Property({ type: 'json', fieldName: 'sync_cursor' })
  syncCursor: Record<string, string | null> & Opt = {};

  @Property({ type: 'datetime', length: 3, nullable: true })
  lastSyncAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  lastSyncStatus: string | null = null;

  @Property({ type: 'text', nullable: true })
  errorCode: string | null = null;

  @Property({ type: 'text', nullable: true })
  errorMessage: string | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3, onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
