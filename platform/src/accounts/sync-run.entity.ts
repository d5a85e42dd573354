import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

export const syncTriggers = ['initial', 'schedule', 'customer', 'staff'] as const;
export type SyncTrigger = (typeof syncTriggers)[number];

export const syncRunStatuses = ['running', 'succeeded', 'partial', 'failed', 'stopped'] as const;
export type SyncRunStatus = (typeof syncRunStatuses)[number];

/** One sync of one connection and its report (accounts, pages, transactions new/updated/unchanged, errors). */
@Entity({ tableName: 'sync_run' })
@TenantOwned()
export class SyncRun {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'uuid' })
  connectionId!: string;

  @Property({ type: 'text' })
  trigger!: SyncTrigger;

  @Property({ type: 'text' })
  status!: SyncRunStatus;

  @Property({ type: 'datetime', length: 3 })
  startedAt!: Date;

  @Property({ type: 'datetime', length: 3, nullable: true })
  finishedAt: Date | null = null;

  @Property({ type: 'json' })
  report!: Record<string, unknown>;
}
