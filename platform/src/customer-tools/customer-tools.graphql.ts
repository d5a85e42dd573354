import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MoneyView } from '../money';
import type { BudgetRecord } from './budgets.service';
import type { SavingsGoalRecord } from './savings-goals.service';

/** GraphQL enums carry the stored values under upper-case names. */
export enum BudgetPeriodValue {
  MONTHLY = 'monthly',
}
export enum BudgetStatusValue {
  ON_TRACK = 'ON_TRACK',
  AT_RISK = 'AT_RISK',
  OVER = 'OVER',
}
export enum SavingsGoalStatusValue {
  IN_PROGRESS = 'IN_PROGRESS',
  REACHED = 'REACHED',
  OVERDUE = 'OVERDUE',
}
export enum SavingsProgressSourceValue {
  LINKED_ACCOUNT = 'LINKED_ACCOUNT',
  MANUAL = 'MANUAL',
}

registerEnumType(BudgetPeriodValue, {
  name: 'BudgetPeriod',
  description: 'Calendar periods (UTC) of a budget.',
});
registerEnumType(BudgetStatusValue, {
  name: 'BudgetStatus',
  description:
    'ON_TRACK: at the pace so far the period ends within the budget; AT_RISK: within it so far, but the pace would end over it; OVER: more than the budget is spent.',
});
registerEnumType(SavingsGoalStatusValue, {
  name: 'SavingsGoalStatus',
  description:
    'IN_PROGRESS; REACHED (saved at least the target); OVERDUE (not reached and the target date has come).',
});
registerEnumType(SavingsProgressSourceValue, {
  name: 'SavingsProgressSource',
  description:
    "LINKED_ACCOUNT: the linked account's latest balance; MANUAL: the contributions recorded by hand.",
});

const money = (minor: bigint, currency: string) => MoneyView.of({ minor: minor.toString(), currency });

@ObjectType('Budget', {
  description: "A spending limit the signed-in customer set for one category, with this period's progress.",
})
export class BudgetView {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'A spending category id of the taxonomy, e.g. `groceries`.' })
  category!: string;
  @Field(() => BudgetPeriodValue) period!: BudgetPeriodValue;
  @Field(() => MoneyView, { description: 'The limit per period.' }) amount!: MoneyView;
  @Field(() => String, { description: 'First day of the current period (YYYY-MM-DD, UTC).' })
  periodStart!: string;
  @Field(() => String, { description: 'First day after the current period (YYYY-MM-DD, UTC).' })
  periodEnd!: string;
  @Field(() => MoneyView, {
    description: 'Booked debits in the category and currency this period so far.',
  })
  spent!: MoneyView;
  @Field(() => MoneyView, { description: 'Amount minus spent; negative when over.' }) remaining!: MoneyView;
  @Field(() => MoneyView, {
    description:
      'Spent so far scaled to the whole period at the same daily pace (days in period ÷ days elapsed).',
  })
  projected!: MoneyView;
  @Field(() => BudgetStatusValue) status!: BudgetStatusValue;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;

  static of(record: BudgetRecord): BudgetView {
    const { progress, currency } = record;
    return Object.assign(new BudgetView(), {
      id: record.id,
      category: record.category,
      period: record.period as BudgetPeriodValue,
      amount: money(record.amountMinor, currency),
      periodStart: progress.window.start,
      periodEnd: progress.window.end,
      spent: money(progress.spentMinor, currency),
      remaining: money(progress.remainingMinor, currency),
      projected: money(progress.projectedMinor, currency),
      status: progress.status as BudgetStatusValue,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    });
  }
}

@ObjectType('SavingsGoal', {
  description: "A savings goal of the signed-in customer, with today's progress.",
})
export class SavingsGoalView {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: "The customer's own name for it." }) name!: string;
  @Field(() => MoneyView) target!: MoneyView;
  @Field(() => String, { nullable: true, description: 'Date to reach it by (YYYY-MM-DD), if any.' })
  targetDate!: string | null;
  @Field(() => ID, { nullable: true, description: 'The linked account whose balance is the progress.' })
  linkedAccountId!: string | null;
  @Field(() => SavingsProgressSourceValue) progressSource!: SavingsProgressSourceValue;
  @Field(() => MoneyView) saved!: MoneyView;
  @Field(() => MoneyView, { description: 'Target minus saved, never below 0.' }) remaining!: MoneyView;
  @Field(() => Float, { description: 'Saved ÷ target × 100, two decimals, not capped at 100.' })
  percent!: number;
  @Field(() => Int, {
    nullable: true,
    description: 'Months left to the target date, a started month counting as one; null without a date.',
  })
  monthsLeft!: number | null;
  @Field(() => MoneyView, {
    nullable: true,
    description:
      'To put aside each month to reach the target on time: remaining ÷ months left, rounded up; the whole remainder once the date has come; null without a date.',
  })
  monthlyNeeded!: MoneyView | null;
  @Field(() => SavingsGoalStatusValue) status!: SavingsGoalStatusValue;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;

  static of(record: SavingsGoalRecord): SavingsGoalView {
    const { progress, currency } = record;
    return Object.assign(new SavingsGoalView(), {
      id: record.id,
      name: record.name,
      target: money(record.targetMinor, currency),
      targetDate: record.targetDate,
      linkedAccountId: record.accountId,
      progressSource: record.progressSource as SavingsProgressSourceValue,
      saved: money(progress.savedMinor, currency),
      remaining: money(progress.remainingMinor, currency),
      percent: progress.percent,
      monthsLeft: progress.monthsLeft,
      monthlyNeeded:
        progress.monthlyNeededMinor === null ? null : money(progress.monthlyNeededMinor, currency),
      status: progress.status as SavingsGoalStatusValue,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    });
  }
}

@InputType('CreateBudgetInput')
export class CreateBudgetInputView {
  @Field(() => String, { description: 'A spending category id, e.g. `groceries`.' }) category!: string;
  @Field(() => String, { description: 'Positive minor units as a decimal string, e.g. "40000".' })
  amountMinor!: string;
  @Field(() => String, { description: 'ISO 4217 code, e.g. "EUR"; only debits in it count.' })
  currency!: string;
  @Field(() => BudgetPeriodValue, { defaultValue: BudgetPeriodValue.MONTHLY }) period!: BudgetPeriodValue;
}

@InputType('UpdateBudgetInput', { description: 'Fields left out stay as they are.' })
export class UpdateBudgetInputView {
  @Field(() => String, { nullable: true }) amountMinor?: string | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
}

@InputType('CreateSavingsGoalInput')
export class CreateSavingsGoalInputView {
  @Field(() => String, { description: '1-80 characters.' }) name!: string;
  @Field(() => String, { description: 'Positive minor units as a decimal string.' })
  targetAmountMinor!: string;
  @Field(() => String, { description: 'ISO 4217 code, e.g. "EUR".' }) currency!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, after today.' }) targetDate?:
    string | null;
  @Field(() => ID, {
    nullable: true,
    description: "One of the customer's accounts in the goal's currency: its balance is the progress.",
  })
  linkedAccountId?: string | null;
}

@InputType('UpdateSavingsGoalInput', {
  description:
    'Fields left out stay as they are; `targetDate: null` removes the date, `linkedAccountId: null` unlinks the account.',
})
export class UpdateSavingsGoalInputView {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) targetAmountMinor?: string | null;
  @Field(() => String, { nullable: true }) targetDate?: string | null;
  @Field(() => ID, { nullable: true }) linkedAccountId?: string | null;
}
