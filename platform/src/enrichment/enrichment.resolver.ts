import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize, requireStepUp } from '../access';
import { CategorisationService } from './categorisation.service';
import { CategoryRulesService } from './category-rules.service';
import {
  CategoriserTrainingView,
  CategoryModelView,
  conditionsFromInput,
  CategoryRuleInputValue,
  CategoryRuleUpdateInputValue,
  CategoryRuleView,
  CategoryView,
  TransactionCategoryView,
} from './enrichment.graphql';
import { categories } from './taxonomy';

const ruleIdArg = { type: () => ID, description: 'One of the bank’s categorisation rules.' };

/**
 * Enrichment's GraphQL (platform/README.md "Enrichment"): the taxonomy for everyone signed in to a bank,
 * the bank administrator's rules and classifier, and a customer's re-categorisation of a transaction.
 */
@Resolver()
export class EnrichmentResolver {
  constructor(
    private readonly rules: CategoryRulesService,
    private readonly categorisation: CategorisationService,
  ) {}

  @Query(() => [CategoryView], { description: 'The category taxonomy, in its documented order.' })
  categories(): CategoryView[] {
    authorize('read', 'Tenant', 'read the category taxonomy');
    return categories.map((category) => CategoryView.of(category));
  }

  @Query(() => [CategoryRuleView], { description: "The bank's categorisation rules, by priority." })
  async categoryRules(): Promise<CategoryRuleView[]> {
    authorize('read', 'CategoryRule', "list the bank's categorisation rules");
    return (await this.rules.list()).map((row) => CategoryRuleView.of(row));
  }

  @Mutation(() => CategoryRuleView, {
    description: 'Adds a rule, applied from the next categorisation on; audited.',
  })
  async createCategoryRule(
    @Args('input', { type: () => CategoryRuleInputValue }) input: CategoryRuleInputValue,
  ): Promise<CategoryRuleView> {
    authorize('create', 'CategoryRule', 'create a categorisation rule');
    return CategoryRuleView.of(
      await this.rules.create({ ...input, conditions: conditionsFromInput(input.conditions) }),
    );
  }

  @Mutation(() => CategoryRuleView, { description: 'Changes what is given of a rule; audited.' })
  async updateCategoryRule(
    @Args('ruleId', ruleIdArg) ruleId: string,
    @Args('input', { type: () => CategoryRuleUpdateInputValue }) input: CategoryRuleUpdateInputValue,
  ): Promise<CategoryRuleView> {
    authorize('update', 'CategoryRule', 'update a categorisation rule');
    return CategoryRuleView.of(
      await this.rules.update(ruleId, {
        ...input,
        conditions: input.conditions ? conditionsFromInput(input.conditions) : null,
      }),
    );
  }

  @Mutation(() => CategoryRuleView, { description: 'Deletes a rule; returns what was removed; audited.' })
  async deleteCategoryRule(@Args('ruleId', ruleIdArg) ruleId: string): Promise<CategoryRuleView> {
    authorize('delete', 'CategoryRule', 'delete a categorisation rule');
    return CategoryRuleView.of(await this.rules.delete(ruleId));
  }

  @Query(() => CategoryModelView, {
    nullable: true,
    description: "The bank's classifier in use (null before its first training).",
  })
  async categoryModel(): Promise<CategoryModelView | null> {
    authorize('read', 'CategoryRule', "read the bank's categorisation model");
    const model = await this.categorisation.latestModel();
    return model ? CategoryModelView.of(model) : null;
  }

  @Mutation(() => CategoriserTrainingView, {
    description:
      "Trains the bank's classifier on its labelled transactions now (rules/MCC with high confidence, customers' own choices weighted up); step-up; audited.",
  })
  async retrainCategoriser(): Promise<CategoriserTrainingView> {
    authorize('update', 'CategoryRule', "retrain the bank's categoriser");
    requireStepUp('retrain the categoriser');
    const outcome = await this.categorisation.retrain();
    return Object.assign(new CategoriserTrainingView(), {
      ...outcome,
      model: outcome.model ? CategoryModelView.of(outcome.model) : null,
    });
  }

  @Mutation(() => TransactionCategoryView, {
    description:
      'Sets the category of one of your transactions: shown at once, never overwritten by a sync, and the bank’s classifier learns from it; audited.',
  })
  async categoriseTransaction(
    @Args('transactionId', { type: () => ID }) transactionId: string,
    @Args('category', { type: () => String, description: 'A category id (see `categories`).' })
    category: string,
  ): Promise<TransactionCategoryView> {
    authorize('read', 'AccountTransaction', 'categorise your transaction');
    return TransactionCategoryView.of(
      await this.categorisation.categoriseTransaction(transactionId, category),
    );
  }
}
