import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize } from '../access';
import { AlertsService } from './alerts.service';
import type { AlertKind } from './customer-alert.entity';
import { BudgetsService } from './budgets.service';
import {
  AlertView,
  BudgetView,
  CreateAlertInputView,
  UpdateAlertInputView,
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
    private readonly alertService: AlertsService,
  ) {}

  @Query(() => [AlertView], {
    description: "The signed-in customer's condition alerts, oldest first, with sent and suppressed counts.",
  })
  async alerts(): Promise<AlertView[]> {
    authorize('read', 'CustomerAlert', 'read your alerts');
    return (await this.alertService.listOwn()).map(AlertView.of);
  }

  @Mutation(() => AlertView, {
    description:
      "Sets a condition alert; INVALID naming each bad field, NOT_FOUND when the account or budget is not the caller's.",
  })
  async createAlert(@Args('input') input: CreateAlertInputView): Promise<AlertView> {
    authorize('create', 'CustomerAlert', 'create an alert');
    return AlertView.of(await this.alertService.create({ ...input, kind: input.kind as AlertKind }));
  }

  @Mutation(() => AlertView, {
    description: "Changes one of the caller's alerts; NOT_FOUND for any other id.",
  })
  async updateAlert(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateAlertInputView,
  ): Promise<AlertView> {
    authorize('update', 'CustomerAlert', 'change an alert');
    return AlertView.of(await this.alertService.change(id, input));
  }

  @Mutation(() => AlertView, {
    description: "Deletes one of the caller's alerts and returns it as it was; NOT_FOUND for any other id.",
  })
  async deleteAlert(@Args('id', { type: () => ID }) id: string): Promise<AlertView> {
    authorize('delete', 'CustomerAlert', 'delete an alert');
    return AlertView.of(await this.alertService.delete(id));
  }

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
