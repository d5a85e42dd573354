import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { ModelArtifact, TimeWindow } from '@finpersona/plugin-sdk';
import { TenantOwned } from '../database';
import type { ModelMetrics } from '../models';

export const modelVersionStatuses = [
  'candidate',
  'champion',
  'retired',
  'rejected',
  'awaiting-approval',
] as const;
/**
 * `candidate` (trained and evaluated, not decided yet) → `champion` (serves the bank's recommendations),
 * `rejected` (not better, or a person said no) or `awaiting-approval` (better, the bank wants a person to
 * say yes); a champion is `retired` when another version of the same model is promoted.
 */
export type ModelVersionStatus = (typeof modelVersionStatuses)[number];

export const retrainingTriggers = ['schedule', 'feedback', 'drift', 'manual'] as const;
/** Why a training run started: its period passed, enough new feedback, features drifted, or a person asked. */
export type RetrainingTrigger = (typeof retrainingTriggers)[number];

/** The windows a version was trained and validated on (the dataset's time split). */
export interface DataWindow {
  readonly train: { readonly featureWindow: TimeWindow; readonly labelWindow: TimeWindow };
  readonly validation: { readonly featureWindow: TimeWindow; readonly labelWindow: TimeWindow };
}

/** What the platform's evaluation measures (`evaluateOnValidation`: AUC, MAP@k, NDCG@k, Brier, ECE, counts). */
export type MetricValues = ModelMetrics;

/**
 * What the platform measured on one validation window: the version itself, the champion it was compared
 * with (null when the bank had none) and every baseline, so the comparison that decided stays readable.
 */
export interface ValidationReport {
  readonly window: { readonly featureWindow: TimeWindow; readonly labelWindow: TimeWindow };
  readonly challenger: MetricValues;
  readonly champion: { readonly versionId: string; readonly metrics: MetricValues } | null;
  readonly baselines: Readonly<Record<string, MetricValues>>;
}

/**
 * Per feature, the share of training examples in each bin (`edges` are the bins' upper bounds, the last bin
 * open; `missing` the share with no value): what the drift check compares new feature values with.
 */
export type FeatureProfile = Readonly<
  Record<
    string,
    { readonly edges: readonly number[]; readonly shares: readonly number[]; readonly missing: number }
  >
>;

/** One trained version of one recommendation-model plugin for one bank (migration `ModelRegistry`). */
@Entity({ tableName: 'model_version' })
@TenantOwned()
export class ModelVersion {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'text' })
  modelPluginId!: string;

  @Property({ type: 'text' })
  pluginVersion!: string;

  /** 1, 2, … per (bank, plugin). */
  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'text' })
  status!: ModelVersionStatus;

  @Property({ type: 'text' })
  trigger!: RetrainingTrigger;

  @Property({ type: 'uuid', nullable: true })
  trainingRunId: string | null = null;

  /** What the model reported about itself (`TrainingResult.metrics`). */
  @Property({ type: 'json' })
  modelMetrics: Readonly<Record<string, number>> & Opt = {};

  @Property({ type: 'json', nullable: true })
  validationMetrics: ValidationReport | null = null;

  @Property({ type: 'json' })
  dataWindow!: DataWindow;

  @Property({ type: 'json' })
  features!: readonly string[];

  @Property({ type: 'json' })
  featureProfile: FeatureProfile & Opt = {};

  @Property({ type: 'integer' })
  examples!: number;

  @Property({ type: 'integer' })
  positives!: number;

  @Property({ type: 'json' })
  artifact!: ModelArtifact;

  @Property({ type: 'text', nullable: true })
  decidedBy: string | null = null;

  @Property({ type: 'text', nullable: true })
  decisionReason: string | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  decidedAt: Date | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  promotedAt: Date | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  retiredAt: Date | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3 })
  updatedAt: Date & Opt = new Date();
}
