import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { type EnumValue, graphqlEnum } from '../graphql-enums';
import type { CategoryModelSummary, TransactionCategory } from './categorisation.service';
import type { CategoryRuleEntity } from './category-rule.entity';
import type { CategoryRuleConditions } from './rules';
import { categoryLabel } from './category-labels';
import type { Category, CategoryId } from './taxonomy';

export const CategoryKindValue = graphqlEnum(
  'CategoryKind',
  { INCOME: 'income', SPENDING: 'spending', TRANSFER: 'transfer', CASH: 'cash' },
  { description: 'Which way the money moves in the customer’s eyes (platform/README.md "Enrichment").' },
);
export type CategoryKindValue = EnumValue<typeof CategoryKindValue>;

export const CategorySourceValue = graphqlEnum(
  'CategorySource',
  { MCC: 'mcc', RULE: 'rule', MODEL: 'model', CUSTOMER: 'customer' },
  {
    valueDescriptions: {
      MCC: 'The merchant category code (ISO 18245) of a card payment.',
      RULE: 'A rule of the bank or of the platform.',
      MODEL: 'The bank’s learned classifier (see categoryConfidence).',
      CUSTOMER: 'The customer chose it; never overwritten by a sync or a model.',
    },
  },
);
export type CategorySourceValue = EnumValue<typeof CategorySourceValue>;

@ObjectType('Category', { description: 'A category of the taxonomy; ids are fixed lower-case kebab.' })
export class CategoryView {
  @Field(() => String) id!: string;
  @Field(() => CategoryKindValue) kind!: CategoryKindValue;
  @Field(() => String, {
    description:
      'A short label for screens, in the request’s language (`Accept-Language`: en or sl; else English).',
  })
  label!: string;
  @Field(() => String, { description: 'What belongs in it (English: written for staff writing rules).' })
  description!: string;

  static of(category: Category & { id: CategoryId }): CategoryView {
    return Object.assign(new CategoryView(), {
      ...category,
      kind: category.kind as CategoryKindValue,
      label: categoryLabel(category.id),
    });
  }
}

@ObjectType('CategoryRuleConditions', {
  description:
    'The one condition language (bank and customer rules): all given fields must hold; within a list any entry may match; `all` / `any` nest further conditions (at most 3 levels).',
})
export class CategoryRuleConditionsView {
  @Field(() => [String], { nullable: true }) descriptionContains!: string[] | null;
  @Field(() => [String], { nullable: true }) counterpartyContains!: string[] | null;
  @Field(() => [String], { nullable: true }) merchantContains!: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Four-digit MCCs or ranges like 5811-5814.' })
  mcc!: string[] | null;
  @Field(() => String, { nullable: true, description: 'Minor units of `currency`, inclusive.' })
  minAmountMinor!: string | null;
  @Field(() => String, { nullable: true, description: 'Minor units of `currency`, inclusive.' })
  maxAmountMinor!: string | null;
  @Field(() => String, { nullable: true }) currency!: string | null;
  @Field(() => String, { nullable: true, description: '`credit` or `debit`.' }) direction!: string | null;
  @Field(() => [String], { nullable: true, description: 'The source’s own transaction codes.' })
  sourceCodes!: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Account ids (customer rules only).' })
  accountIds!: string[] | null;
  @Field(() => [String], {
    nullable: true,
    description: 'Category ids the platform gave (customer rules only).',
  })
  categories!: string[] | null;
  @Field(() => [CategoryRuleConditionsView], { nullable: true, description: 'Every one of these holds too.' })
  all!: CategoryRuleConditionsView[] | null;
  @Field(() => [CategoryRuleConditionsView], {
    nullable: true,
    description: 'At least one of these holds too.',
  })
  any!: CategoryRuleConditionsView[] | null;

  static of(conditions: CategoryRuleConditions): CategoryRuleConditionsView {
    return Object.assign(new CategoryRuleConditionsView(), {
      descriptionContains: conditions.descriptionContains ?? null,
      counterpartyContains: conditions.counterpartyContains ?? null,
      merchantContains: conditions.merchantContains ?? null,
      mcc: conditions.mcc ?? null,
      minAmountMinor: conditions.minAmountMinor === undefined ? null : String(conditions.minAmountMinor),
      maxAmountMinor: conditions.maxAmountMinor === undefined ? null : String(conditions.maxAmountMinor),
      currency: conditions.currency ?? null,
      direction: conditions.direction ?? null,
      sourceCodes: conditions.sourceCodes ?? null,
      accountIds: conditions.accountIds ?? null,
      categories: conditions.categories ?? null,
      all: conditions.all?.map((child) => CategoryRuleConditionsView.of(child)) ?? null,
      any: conditions.any?.map((child) => CategoryRuleConditionsView.of(child)) ?? null,
    });
  }
}

@ObjectType('CategoryRule', {
  description: 'A bank’s own categorisation rule, tried before the MCC and the platform’s rules.',
})
export class CategoryRuleView {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Int, { description: 'Lower runs first (0–100000).' }) priority!: number;
  @Field(() => String, { description: 'The category id a match gets.' }) category!: string;
  @Field(() => CategoryRuleConditionsView) conditions!: CategoryRuleConditionsView;
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => String) createdBy!: string;
  @Field(() => String) updatedBy!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;

  static of(row: CategoryRuleEntity): CategoryRuleView {
    return Object.assign(new CategoryRuleView(), {
      ...row,
      conditions: CategoryRuleConditionsView.of(row.conditions),
    });
  }
}

@InputType('CategoryRuleConditionsInput', {
  description:
    'At least one condition per level; amounts need a currency. Text is matched case- and accent-insensitively at word boundaries. `all` / `any` nest conditions, at most 3 levels; `accountIds` and `categories` are for customer rules only.',
})
export class CategoryRuleConditionsInputValue {
  @Field(() => [String], { nullable: true }) descriptionContains?: string[] | null;
  @Field(() => [String], { nullable: true }) counterpartyContains?: string[] | null;
  @Field(() => [String], { nullable: true }) merchantContains?: string[] | null;
  @Field(() => [String], { nullable: true }) mcc?: string[] | null;
  @Field(() => String, { nullable: true }) minAmountMinor?: string | null;
  @Field(() => String, { nullable: true }) maxAmountMinor?: string | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => String, { nullable: true }) direction?: string | null;
  @Field(() => [String], { nullable: true }) sourceCodes?: string[] | null;
  @Field(() => [String], { nullable: true }) accountIds?: string[] | null;
  @Field(() => [String], { nullable: true }) categories?: string[] | null;
  @Field(() => [CategoryRuleConditionsInputValue], { nullable: true })
  all?: CategoryRuleConditionsInputValue[] | null;
  @Field(() => [CategoryRuleConditionsInputValue], { nullable: true })
  any?: CategoryRuleConditionsInputValue[] | null;
}

/**
 * GraphQL input → the stored condition tree: absent fields dropped at every level, amounts parsed (a bad
 * one becomes NaN, which validation reports with its path).
 */
export function conditionsFromInput(input: CategoryRuleConditionsInputValue): CategoryRuleConditions {
  const amount = (value: string | null | undefined) =>
    value == null ? undefined : /^[0-9]{1,15}$/.test(value) ? Number(value) : Number.NaN;
  const conditions: Record<string, unknown> = {
    descriptionContains: input.descriptionContains ?? undefined,
    counterpartyContains: input.counterpartyContains ?? undefined,
    merchantContains: input.merchantContains ?? undefined,
    mcc: input.mcc ?? undefined,
    minAmountMinor: amount(input.minAmountMinor),
    maxAmountMinor: amount(input.maxAmountMinor),
    currency: input.currency ?? undefined,
    direction: input.direction ?? undefined,
    sourceCodes: input.sourceCodes ?? undefined,
    accountIds: input.accountIds ?? undefined,
    categories: input.categories ?? undefined,
    all: input.all?.map(conditionsFromInput) ?? undefined,
    any: input.any?.map(conditionsFromInput) ?? undefined,
  };
  return Object.fromEntries(
    Object.entries(conditions).filter(([, value]) => value !== undefined),
  ) as CategoryRuleConditions;
}

@InputType('CategoryRuleInput', { description: 'A new rule (all fields but enabled are required).' })
export class CategoryRuleInputValue {
  @Field(() => String, { description: '1–100 characters.' }) name!: string;
  @Field(() => Int) priority!: number;
  @Field(() => String, { description: 'A category id (see `categories`).' }) category!: string;
  @Field(() => CategoryRuleConditionsInputValue) conditions!: CategoryRuleConditionsInputValue;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) enabled?: boolean | null;
}

@InputType('CategoryRuleUpdateInput', {
  description: 'What to change; `conditions` replaces all conditions.',
})
export class CategoryRuleUpdateInputValue {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => Int, { nullable: true }) priority?: number | null;
  @Field(() => String, { nullable: true }) category?: string | null;
  @Field(() => CategoryRuleConditionsInputValue, { nullable: true })
  conditions?: CategoryRuleConditionsInputValue | null;
  @Field(() => Boolean, { nullable: true }) enabled?: boolean | null;
}

@ObjectType('CategoryModel', { description: 'A trained categorisation classifier of the bank.' })
export class CategoryModelView {
  @Field(() => ID) id!: string;
  @Field(() => [String], { description: 'The categories it chooses between.' }) classes!: string[];
  @Field(() => Int, { description: 'Training examples (customers’ own choices counted several times).' })
  examples!: number;
  @Field(() => Int, { description: 'How many of them are customers’ re-categorisations.' })
  customerLabels!: number;
  @Field(() => String, { description: 'TF.js backend it trained on: tensorflow, wasm or cpu.' })
  backend!: string;
  @Field(() => Int) trainingMs!: number;
  @Field(() => String) trainedBy!: string;
  @Field(() => Date) trainedAt!: Date;

  static of(summary: CategoryModelSummary): CategoryModelView {
    return Object.assign(new CategoryModelView(), { ...summary, classes: [...summary.classes] });
  }
}

@ObjectType('CategoriserTraining', { description: 'What a retraining did.' })
export class CategoriserTrainingView {
  @Field(() => Boolean, { description: 'Whether a new model was trained and is now used.' })
  trained!: boolean;
  @Field(() => String, { nullable: true, description: 'Why not, when not trained.' }) reason!: string | null;
  @Field(() => CategoryModelView, { nullable: true, description: 'The bank’s model in use after the run.' })
  model!: CategoryModelView | null;
}

@ObjectType('TransactionCategory', { description: 'A transaction’s category after a customer chose it.' })
export class TransactionCategoryView {
  @Field(() => ID) transactionId!: string;
  @Field(() => String) category!: string;
  @Field(() => CategorySourceValue) categorySource!: CategorySourceValue;
  @Field(() => Float) categoryConfidence!: number;

  static of(result: TransactionCategory): TransactionCategoryView {
    return Object.assign(new TransactionCategoryView(), {
      ...result,
      categorySource: result.categorySource as CategorySourceValue,
    });
  }
}
