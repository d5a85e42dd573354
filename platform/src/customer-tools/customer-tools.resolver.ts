import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize } from '../access';
import { BudgetsService } from './budgets.service';
import {
  BudgetView,
  CreateBudgetInputView,
  CreateSavingsGoalInputView,
  SavingsGoalView,
  UpdateBudgetInputView,
  UpdateSavingsGoalInputView,
} from './customer-tools.graphql';
import { SavingsGoalsService } from './savings-goals.service';

/** The signed-in customer's budgets and savings goals (customers only; see "Customer tools" in the README). */
@Resolver()
export class CustomerToolsResolver {
  constructor(
    private readonly budgetService: BudgetsService,
    private readonly goalService: SavingsGoalsService,
  ) {}

  @Query(() => [BudgetView], {
    description: "The signed-in customer's budgets, oldest first, with this period's progress.",
  })
  async budgets(): Promise<BudgetView[]> {
    authorize('read', 'Budget', 'read your budgets');
    return (await this.budgetService.listOwn()).map(BudgetView.of);
  }

  @Mutation(() => BudgetView, {
    description:
      'Sets a budget for a spending category; INVALID naming each bad field, CONFLICT when one exists for the category.',
  })
  async createBudget(@Args('input') input: CreateBudgetInputView): Promise<BudgetView> {
    authorize('create', 'Budget', 'create a budget');
    return BudgetView.of(await this.budgetService.create(input));
  }

  @Mutation(() => BudgetView, {
    description: "Changes one of the caller's budgets; NOT_FOUND for any other id.",
  })
  async updateBudget(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateBudgetInputView,
  ): Promise<BudgetView> {
    authorize('update', 'Budget', 'change a budget');
    return BudgetView.of(await this.budgetService.change(id, input));
  }

  @Mutation(() => BudgetView, {
    description: "Deletes one of the caller's budgets and returns it as it was; NOT_FOUND for any other id.",
  })
  async deleteBudget(@Args('id', { type: () => ID }) id: string): Promise<BudgetView> {
    authorize('delete', 'Budget', 'delete a budget');
    return BudgetView.of(await this.budgetService.delete(id));
  }

  @Query(() => [SavingsGoalView], {
    description: "The signed-in customer's savings goals, oldest first, with today's progress.",
  })
  async savingsGoals(): Promise<SavingsGoalView[]> {
    authorize('read', 'SavingsGoal', 'read your savings goals');
    return (await this.goalService.listOwn()).map(SavingsGoalView.of);
  }

  @Mutation(() => SavingsGoalView, {
    description:
      "Sets a savings goal; INVALID naming each bad field, NOT_FOUND when the linked account is not the caller's.",
  })
  async createSavingsGoal(@Args('input') input: CreateSavingsGoalInputView): Promise<SavingsGoalView> {
    authorize('create', 'SavingsGoal', 'create a savings goal');
    return SavingsGoalView.of(await this.goalService.create(input));
  }

  @Mutation(() => SavingsGoalView, {
    description: "Changes one of the caller's savings goals; NOT_FOUND for any other id.",
  })
  async updateSavingsGoal(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateSavingsGoalInputView,
  ): Promise<SavingsGoalView> {
    authorize('update', 'SavingsGoal', 'change a savings goal');
    return SavingsGoalView.of(await this.goalService.change(id, input));
  }

  @Mutation(() => SavingsGoalView, {
    description:
      'Records a manual contribution (negative: a withdrawal) on a goal without a linked account; CONFLICT on a linked one.',
  })
  async contributeToSavingsGoal(
    @Args('id', { type: () => ID }) id: string,
    @Args('amountMinor', { type: () => String }) amountMinor: string,
  ): Promise<SavingsGoalView> {
    authorize('update', 'SavingsGoal', 'record a savings contribution');
    return SavingsGoalView.of(await this.goalService.contribute(id, amountMinor));
  }

  @Mutation(() => SavingsGoalView, {
    description:
      "Deletes one of the caller's savings goals and returns it as it was; NOT_FOUND for any other id.",
  })
  async deleteSavingsGoal(@Args('id', { type: () => ID }) id: string): Promise<SavingsGoalView> {
    authorize('delete', 'SavingsGoal', 'delete a savings goal');
    return SavingsGoalView.of(await this.goalService.delete(id));
  }
}
