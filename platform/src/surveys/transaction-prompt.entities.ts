import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantOwned } from '../database';

export const promptReasons = ['large-amount', 'new-recurring', 'new-merchant'] as const;
export type PromptReason = (typeof promptReasons)[number];
export const promptQuestions = ['expected', 'category'] as const;
export type PromptQuestion = (typeof promptQuestions)[number];
export const promptAnswers = ['expected', 'unexpected', 'category-right', 'category-wrong'] as const;
export type PromptAnswer = (typeof promptAnswers)[number];

/** A short question about one of the customer's notable transactions (migration `Surveys`). */
@Entity({ tableName: 'transaction_prompt' })
@TenantOwned()
export class TransactionPrompt {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'uuid' })
  transactionId!: string;

  @Property({ type: 'text' })
  reason!: PromptReason;

  @Property({ type: 'text' })
  question!: PromptQuestion;

  @Property({ type: 'text', nullable: true })
  answer: PromptAnswer | null = null;

  @Property({ type: 'text', nullable: true })
  answerCategory: string | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  answeredAt: Date | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();
}

/** The bank's prompt settings (one row per bank; none: `defaultPromptSettings`). */
@Entity({ tableName: 'transaction_prompt_settings' })
@TenantOwned()
export class TransactionPromptSettingsRow {
  @PrimaryKey({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'boolean' })
  enabled!: boolean;

  @Property({ type: 'float' })
  largeAmountMultiple!: number;

  @Property({ type: 'bigint' })
  largeAmountMinMinor!: string;

  @Property({ type: 'integer' })
  weeklyCap!: number;

  @Property({ type: 'datetime', length: 3, onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
