import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';
import type { RetrainingTrigger } from './model-version.entity';

export const trainingRunStatuses = [
  'running',
  'awaiting-approval',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export type TrainingRunStatus = (typeof trainingRunStatuses)[number];

export const trainingRunStages = [
  'dataset',
  'training',
  'evaluating',
  'deciding',
  'awaiting-approval',
  'done',
] as const;
export type TrainingRunStage = (typeof trainingRunStages)[number];

/**
 * One run of the retraining workflow for one bank and model plugin (migration `ModelRegistry`): why it
 * started, where it is (`stage`, `progress` in [0, 1], written by the activities' heartbeats) and how it
 * ended (`outcomeReason`: the promotion decision's reason, or what failed).
 */
@Entity({ tableName: 'model_training_run' })
@TenantOwned()
export class TrainingRun {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'text' })
  modelPluginId!: string;

  @Property({ type: 'text' })
  workflowId!: string;

  @Property({ type: 'text' })
  trigger!: RetrainingTrigger;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'text' })
  status: TrainingRunStatus & Opt = 'running';

  @Property({ type: 'text' })
  stage: TrainingRunStage & Opt = 'dataset';

  @Property({ type: 'float' })
  progress: number & Opt = 0;

  /** Staff subject for a manual run, `system` for the workflow's own. */
  @Property({ type: 'text' })
  requestedBy!: string;

  @Property({ type: 'uuid', nullable: true })
  modelVersionId: string | null = null;

  @Property({ type: 'text', nullable: true })
  outcomeReason: string | null = null;

  @Property({ type: 'datetime', length: 3 })
  startedAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3 })
  updatedAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3, nullable: true })
  finishedAt: Date | null = null;
}
