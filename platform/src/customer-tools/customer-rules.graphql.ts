import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { type EnumValue, graphqlEnum } from '../graphql-enums';
import { CategoryRuleConditionsInputValue, CategoryRuleConditionsView } from '../enrichment';
import type { CustomerRuleRecord, PastApplication } from './customer-rules.service';
import type { RuleSuggestion } from './rule-suggestions.service';

export const CustomerRuleActionValue = graphqlEnum(
  'CustomerRuleAction',
  { SET_CATEGORY: 'set-category', ALERT: 'alert' },
  {
    valueDescriptions: {
      SET_CATEGORY:
        'Matching transactions get the rule’s category as your own choice (at sync; applyRuleToPast for older ones).',
      ALERT:
        'A new matching transaction notifies you, through the rule’s RULE_MATCH alert (its cooldown and the daily cap apply).',
    },
  },
);
export type CustomerRuleActionValue = EnumValue<typeof CustomerRuleActionValue>;

export const RuleSuggestionKindValue = graphqlEnum(
  'RuleSuggestionKind',
  { RECATEGORISATION: 'recategorisation', SUBSCRIPTION_PRICE: 'subscription-price' },
  {
    valueDescriptions: {
      RECATEGORISATION: 'You re-categorised the same merchant or description twice or more.',
      SUBSCRIPTION_PRICE: 'A recurring payment whose price change you may want to hear about.',
    },
  },
);
export type RuleSuggestionKindValue = EnumValue<typeof RuleSuggestionKindValue>;

@ObjectType('CustomerRule', {
  description:
    'One of your own rules: conditions (the same language as the bank’s rules) and what a match does.',
})
export class CustomerRuleView {
  @Field(() => ID) id!: string;
  @Field(() => CustomerRuleActionValue) action!: CustomerRuleActionValue;
  @Field(() => String, { nullable: true, description: 'The category of a SET_CATEGORY rule.' })
  category!: string | null;
  @Field(() => CategoryRuleConditionsView) conditions!: CategoryRuleConditionsView;
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => ID, { nullable: true, description: 'The RULE_MATCH alert of an ALERT rule.' })
  alertId!: string | null;
  @Field(() => Boolean, { description: 'Accepted from a suggestion.' }) fromSuggestion!: boolean;
  @Field(() => Int, { description: 'Transactions whose category it set, as stored now.' })
  appliedCount!: number;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;

  static of(record: CustomerRuleRecord): CustomerRuleView {
    return Object.assign(new CustomerRuleView(), {
      ...record,
      action: record.action as CustomerRuleActionValue,
      conditions: CategoryRuleConditionsView.of(record.conditions),
    });
  }
}

@ObjectType('RulePastApplication', { description: 'What applyRuleToPast did.' })
export class RulePastApplicationView {
  @Field(() => CustomerRuleView) rule!: CustomerRuleView;
  @Field(() => Int, { description: 'Transactions looked at (your newest, at most 5000).' }) examined!: number;
  @Field(() => Int, { description: 'Of those, how many met the conditions (manual choices excluded).' })
  matched!: number;
  @Field(() => Int, { description: 'How many changed category.' }) changed!: number;
  @Field(() => Boolean, { description: 'Whether older transactions were left out by the bound.' })
  truncated!: boolean;

  static of(result: PastApplication): RulePastApplicationView {
    return Object.assign(new RulePastApplicationView(), {
      ...result,
      rule: CustomerRuleView.of(result.rule),
    });
  }
}

@ObjectType('RuleSuggestion', {
  description: 'A rule suggested from your own evidence; accept it to make it a rule, dismiss it for good.',
})
export class RuleSuggestionView {
  @Field(() => ID) id!: string;
  @Field(() => RuleSuggestionKindValue) kind!: RuleSuggestionKindValue;
  @Field(() => String, { description: 'What the rule would do.' }) summary!: string;
  @Field(() => String, { description: 'Why it is suggested.' }) evidence!: string;
  @Field(() => Int, { description: 'Transactions behind it.' }) evidenceCount!: number;
  @Field(() => CustomerRuleActionValue) action!: CustomerRuleActionValue;
  @Field(() => String, { nullable: true }) category!: string | null;
  @Field(() => CategoryRuleConditionsView) conditions!: CategoryRuleConditionsView;

  static of(suggestion: RuleSuggestion): RuleSuggestionView {
    return Object.assign(new RuleSuggestionView(), {
      ...suggestion,
      kind: suggestion.kind as RuleSuggestionKindValue,
      action: suggestion.action as CustomerRuleActionValue,
      conditions: CategoryRuleConditionsView.of(suggestion.conditions),
    });
  }
}

@InputType('CreateCustomerRuleInput', {
  description: 'SET_CATEGORY needs a category; ALERT takes none. Conditions: at most 3 levels of all/any.',
})
export class CreateCustomerRuleInputView {
  @Field(() => CustomerRuleActionValue) action!: CustomerRuleActionValue;
  @Field(() => String, { nullable: true, description: 'A category id (see `categories`).' })
  category?: string | null;
  @Field(() => CategoryRuleConditionsInputValue) conditions!: CategoryRuleConditionsInputValue;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) enabled?: boolean | null;
}

@InputType('UpdateCustomerRuleInput', {
  description: 'Fields left out stay as they are; `conditions` replaces the whole tree.',
})
export class UpdateCustomerRuleInputView {
  @Field(() => String, { nullable: true }) category?: string | null;
  @Field(() => CategoryRuleConditionsInputValue, { nullable: true })
  conditions?: CategoryRuleConditionsInputValue | null;
  @Field(() => Boolean, { nullable: true }) enabled?: boolean | null;
}
