import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

/**
 * A bank's retraining settings for one model plugin, or for all (`modelPluginId` `*`) (migration
 * `ModelRegistry`). A bank without a row gets `defaultRetrainingPolicy`.
 */
@Entity({ tableName: 'model_retraining_policy' })
@TenantOwned()
export class RetrainingPolicyRow {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'text' })
  modelPluginId!: string;

  @Property({ type: 'integer' })
  periodDays!: number;

  @Property({ type: 'integer' })
  feedbackThreshold!: number;

  @Property({ type: 'float' })
  driftThreshold!: number;

  @Property({ type: 'boolean' })
  approvalRequired!: boolean;

  @Property({ type: 'text' })
  updatedBy!: string;

  @Property({ type: 'datetime', length: 3 })
  updatedAt: Date & Opt = new Date();
}
