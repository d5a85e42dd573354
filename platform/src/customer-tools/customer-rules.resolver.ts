import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize } from '../access';
import { conditionsFromInput } from '../enrichment';
import { CustomerRulesService } from './customer-rules.service';
import {
  CreateCustomerRuleInputView,
  CustomerRuleView,
  RulePastApplicationView,
  RuleSuggestionView,
  UpdateCustomerRuleInputView,
} from './customer-rules.graphql';
import type { CustomerRuleAction } from './customer-rule.entity';
import { RuleSuggestionsService } from './rule-suggestions.service';

const ruleId = { type: () => ID, description: 'One of your rules.' };
const suggestionId = { type: () => ID, description: 'One of your open rule suggestions.' };

/** The signed-in customer's own rules and rule suggestions (customers only; README "Customer tools"). */
@Resolver()
export class CustomerRulesResolver {
  constructor(
    private readonly rules: CustomerRulesService,
    private readonly suggestions: RuleSuggestionsService,
  ) {}

  @Query(() => [CustomerRuleView], { description: 'Your own rules, oldest first (first match wins).' })
  async customerRules(): Promise<CustomerRuleView[]> {
    authorize('read', 'CustomerRule', 'read your rules');
    return (await this.rules.listOwn()).map(CustomerRuleView.of);
  }

  @Mutation(() => CustomerRuleView, {
    description:
      'Adds a rule, applied to new transactions from the next sync on; INVALID names each bad field with its path in the condition tree; audited.',
  })
  async createCustomerRule(@Args('input') input: CreateCustomerRuleInputView): Promise<CustomerRuleView> {
    authorize('create', 'CustomerRule', 'create a rule');
    return CustomerRuleView.of(
      await this.rules.create({
        action: input.action as CustomerRuleAction,
        category: input.category ?? null,
        conditions: conditionsFromInput(input.conditions),
        enabled: input.enabled ?? true,
      }),
    );
  }

  @Mutation(() => CustomerRuleView, {
    description: 'Changes one of your rules; NOT_FOUND for any other id; audited.',
  })
  async updateCustomerRule(
    @Args('id', ruleId) id: string,
    @Args('input') input: UpdateCustomerRuleInputView,
  ): Promise<CustomerRuleView> {
    authorize('update', 'CustomerRule', 'change a rule');
    return CustomerRuleView.of(
      await this.rules.change(id, {
        category: input.category ?? null,
        conditions: input.conditions ? conditionsFromInput(input.conditions) : null,
        enabled: input.enabled ?? null,
      }),
    );
  }

  @Mutation(() => CustomerRuleView, {
    description: 'Deletes one of your rules (and its alert) and returns it; categories it set stay; audited.',
  })
  async deleteCustomerRule(@Args('id', ruleId) id: string): Promise<CustomerRuleView> {
    authorize('delete', 'CustomerRule', 'delete a rule');
    return CustomerRuleView.of(await this.rules.delete(id));
  }

  @Mutation(() => RulePastApplicationView, {
    description:
      'Applies a SET_CATEGORY rule to your newest 5000 transactions now (never over a category you chose by hand); reports how many changed; audited.',
  })
  async applyRuleToPast(@Args('id', ruleId) id: string): Promise<RulePastApplicationView> {
    authorize('update', 'CustomerRule', 'apply a rule to past transactions');
    return RulePastApplicationView.of(await this.rules.applyToPast(id));
  }

  @Query(() => [RuleSuggestionView], {
    description: 'Rules suggested from your re-categorisations and recurring payments, with their evidence.',
  })
  async ruleSuggestions(): Promise<RuleSuggestionView[]> {
    authorize('read', 'CustomerRule', 'read your rule suggestions');
    return (await this.suggestions.listOwn()).map(RuleSuggestionView.of);
  }

  @Mutation(() => CustomerRuleView, { description: 'Turns a suggestion into one of your rules; audited.' })
  async acceptSuggestion(@Args('id', suggestionId) id: string): Promise<CustomerRuleView> {
    authorize('create', 'CustomerRule', 'accept a rule suggestion');
    return CustomerRuleView.of(await this.suggestions.accept(id));
  }

  @Mutation(() => RuleSuggestionView, {
    description: 'Hides a suggestion for good (it never returns for the same evidence); audited.',
  })
  async dismissSuggestion(@Args('id', suggestionId) id: string): Promise<RuleSuggestionView> {
    authorize('update', 'CustomerRule', 'dismiss a rule suggestion');
    return RuleSuggestionView.of(await this.suggestions.dismiss(id));
  }
}
