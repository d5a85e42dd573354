import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { FeatureVector, ProductType } from '@finpersona/plugin-sdk';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';
import type { CandidateDecision } from './delivery-core';

export const recommendationStatuses = ['active', 'dismissed', 'accepted', 'withdrawn'] as const;
export type RecommendationStatus = (typeof recommendationStatuses)[number];

export const recommendationEventKinds = [
  'shown',
  'opened',
  'dismissed',
  'accepted',
  'rated',
  'contested',
] as const;
export type RecommendationEventKind = (typeof recommendationEventKinds)[number];

/**
 * One product recommended to one customer in one period, with its decision record (GDPR Art. 22): the
 * model (plugin, version, registry version id), the exact features it was given, every candidate with its
 * outcome, the rule pack that approved it, and the reason (ciphertext under the customer's key: it quotes
 * the customer's figures) with its attributions.
 */
@Entity({ tableName: 'recommendation' })
@TenantOwned()
export class Recommendation {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'text' })
  period!: string;

  @Property({ type: 'text' })
  productId!: string;

  @Property({ type: 'text' })
  productType!: ProductType;

  @Property({ type: 'text' })
  catalogue!: string;

  @Property({ type: 'integer' })
  rank!: number;

  @Property({ type: 'double' })
  score!: number;

  @Property({ type: 'text' })
  modelPluginId!: string;

  @Property({ type: 'text' })
  modelVersion!: string;

  @Property({ type: 'text' })
  modelVersionId!: string;

  @Property({ type: 'json' })
  features!: FeatureVector;

  @Property({ type: 'json' })
  candidates!: CandidateDecision[];

  @Property({ type: 'text' })
  reasonEnc!: string;

  @Property({ type: 'json' })
  attributions!: { feature: string; value: number | null; contribution: number }[];

  @Property({ type: 'text' })
  rulePackId!: string;

  @Property({ type: 'text' })
  rulePackVersion!: string;

  @Property({ type: 'json' })
  disclosures!: { id: string; document: string; when: string }[];

  @Property({ type: 'text' })
  status: RecommendationStatus & Opt = 'active';

  @Property({ type: 'datetime', length: 3 })
  deliveredAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3, nullable: true })
  statusChangedAt: Date | null = null;
}

/** What the customer did with a recommendation: the outcomes retraining reads as labels. */
@Entity({ tableName: 'recommendation_event' })
@TenantOwned()
export class RecommendationEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'uuid' })
  recommendationId!: string;

  @Property({ type: 'text' })
  kind!: RecommendationEventKind;

  @Property({ type: 'smallint', nullable: true })
  rating: number | null = null;

  @Property({ type: 'text', nullable: true })
  commentEnc: string | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();
}

/** A human review of a recommendation the customer asked for (Art. 22(3)), decided by the bank's staff. */
@Entity({ tableName: 'recommendation_review' })
@TenantOwned()
export class RecommendationReview {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'uuid' })
  recommendationId!: string;

  @Property({ type: 'text' })
  trigger!: 'contest' | 'request';

  @Property({ type: 'text', nullable: true })
  customerTextEnc: string | null = null;

  @Property({ type: 'text' })
  status: ('requested' | 'decided') & Opt = 'requested';

  @Property({ type: 'datetime', length: 3 })
  requestedAt: Date & Opt = new Date();

  @Property({ type: 'text', nullable: true })
  decision: 'upheld' | 'withdrawn' | null = null;

  @Property({ type: 'text', nullable: true })
  noteEnc: string | null = null;

  @Property({ type: 'text', nullable: true })
  decidedBy: string | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  decidedAt: Date | null = null;
}

/** The bank's delivery settings; no row means the defaults (`defaultRecommendationSettings`). */
@Entity({ tableName: 'recommendation_settings' })
@TenantOwned()
export class RecommendationSettings {
  @PrimaryKey({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'integer' })
  maxPerPeriod!: number;

  @Property({ type: 'integer', nullable: true })
  dismissedReturnAfterDays: number | null = null;

  @Property({ type: 'datetime', length: 3 })
  updatedAt: Date & Opt = new Date();
}
