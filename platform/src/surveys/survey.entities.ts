import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';
import type { StoredAnswer, SurveyAudience, SurveyQuestion } from './survey-definition';

export const surveyStatuses = ['draft', 'published', 'closed'] as const;
export type SurveyStatus = (typeof surveyStatuses)[number];

/**
 * One version of a bank's survey (migration `Surveys`). Versions of one survey share `seriesId`; a
 * published version's questions never change (a change makes a new draft version).
 */
@Entity({ tableName: 'survey' })
@TenantOwned()
export class Survey {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  seriesId!: string;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  status: SurveyStatus & Opt = 'draft';

  @Property({ type: 'json' })
  questions!: SurveyQuestion[];

  @Property({ type: 'json' })
  audience!: SurveyAudience;

  @Property({ type: 'datetime', length: 3, nullable: true })
  opensAt: Date | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  closesAt: Date | null = null;

  /** The staff member's token subject. */
  @Property({ type: 'text' })
  createdBy!: string;

  @Property({ type: 'datetime', length: 3, nullable: true })
  publishedAt: Date | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  closedAt: Date | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3, onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}

/**
 * A customer's answer to one survey version. `freeTextEnc`: a JSON map question id → text, ciphertext under
 * the customer's key bound to (`survey_response`, `free_text_enc`, id); null when no free text was given.
 */
@Entity({ tableName: 'survey_response' })
@TenantOwned()
export class SurveyResponse {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  surveyId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'json' })
  answers!: StoredAnswer[];

  @Property({ type: 'text', nullable: true })
  freeTextEnc: string | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();
}
