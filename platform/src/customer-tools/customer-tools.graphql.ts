import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { type EnumValue, graphqlEnum } from '../graphql-enums';
import { MoneyView } from '../money';
import type { AlertRecord } from './alerts.service';
import type { BudgetRecord } from './budgets.service';
import type { SavingsGoalRecord } from './savings-goals.service';

/** GraphQL enums carry the stored values under upper-case names. */
export const BudgetPeriodValue = graphqlEnum(
  'BudgetPeriod',
  {
    MONTHLY: 'monthly',
  },
  {
    description: 'Calendar periods (UTC) of a budget.',
  },
);
export type BudgetPeriodValue = EnumValue<typeof BudgetPeriodValue>;
export const BudgetStatusValue = graphqlEnum(
  'BudgetStatus',
  {
    ON_TRACK: 'ON_TRACK',
    AT_RISK: 'AT_RISK',
    OVER: 'OVER',
  },
  {
    description:
      'ON_TRACK: at the pace so far the period ends within the budget; AT_RISK: within it so far, but the pace would end over it; OVER: more than the budget is spent.',
  },
);
export type BudgetStatusValue = EnumValue<typeof BudgetStatusValue>;
export const SavingsGoalStatusValue = graphqlEnum(
  'SavingsGoalStatus',
  {
    IN_PROGRESS: 'IN_PROGRESS',
    REACHED: 'REACHED',
    OVERDUE: 'OVERDUE',
  },
  {
    description:
      'IN_PROGRESS; REACHED (saved at least the target); OVERDUE (not reached and the target date has come).',
  },
);
export type SavingsGoalStatusValue = EnumValue<typeof SavingsGoalStatusValue>;
export const SavingsProgressSourceValue = graphqlEnum(
  'SavingsProgressSource',
  {
    LINKED_ACCOUNT: 'LINKED_ACCOUNT',
    MANUAL: 'MANUAL',
  },
  {
    description:
      "LINKED_ACCOUNT: the linked account's latest balance; MANUAL: the contributions recorded by hand.",
  },
);
export type SavingsProgressSourceValue = EnumValue<typeof SavingsProgressSourceValue>;
/** Order matters to generated tests (they use the first value): the kind needing the fewest inputs first. */
export const AlertKindValue = graphqlEnum(
  'AlertKind',
  {
    TRANSACTION_ABOVE: 'transaction-above',
    BALANCE_BELOW: 'balance-below',
    BUDGET_OVER: 'budget-over',
    RULE_MATCH: 'rule-match',
  },
  {
    description:
      "TRANSACTION_ABOVE: a transaction of more than the threshold (optionally on one account); BALANCE_BELOW: an account's balance under the threshold (once per dip); BUDGET_OVER: a budget's spending over its amount (once per period); RULE_MATCH: a new transaction matching a customer rule with action ALERT (made and deleted with the rule, never by createAlert).",
  },
);
export type AlertKindValue = EnumValue<typeof AlertKindValue>;

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

@ObjectType('Alert', {
  description: 'A condition alert the signed-in customer set, with what it sent and what was held back.',
})
export class AlertView {
  @Field(() => ID) id!: string;
  @Field(() => AlertKindValue) kind!: AlertKindValue;
  @Field(() => ID, { nullable: true }) accountId!: string | null;
  @Field(() => ID, { nullable: true }) budgetId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The customer rule of a RULE_MATCH alert.' })
  ruleId!: string | null;
  @Field(() => MoneyView, {
    nullable: true,
    description: 'The floor or transaction size; null for BUDGET_OVER.',
  })
  threshold!: MoneyView | null;
  @Field(() => Int, { description: 'Hours between two notifications of this alert at the least.' })
  cooldownHours!: number;
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => Date, { nullable: true }) lastSentAt!: Date | null;
  @Field(() => Int, { description: 'Occurrences sent.' }) sentCount!: number;
  @Field(() => Int, {
    description:
      'Occurrences held back against alert fatigue (its cooldown, or the daily cap of alert notifications).',
  })
  suppressedCount!: number;
  @Field(() => Date) createdAt!: Date;

  static of(record: AlertRecord): AlertView {
    return Object.assign(new AlertView(), {
      ...record,
      kind: record.kind as AlertKindValue,
      threshold:
        record.thresholdMinor === null || record.currency === null
          ? null
          : money(record.thresholdMinor, record.currency),
    });
  }
}

@InputType('CreateAlertInput', {
  description:
    'BALANCE_BELOW needs accountId, thresholdMinor and currency; BUDGET_OVER needs budgetId only; TRANSACTION_ABOVE needs thresholdMinor and currency (accountId optional).',
})
export class CreateAlertInputView {
  @Field(() => AlertKindValue) kind!: AlertKindValue;
  @Field(() => ID, { nullable: true }) accountId?: string | null;
  @Field(() => ID, { nullable: true }) budgetId?: string | null;
  @Field(() => String, { nullable: true, description: 'Positive minor units as a decimal string.' })
  thresholdMinor?: string | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => Int, { nullable: true, description: '0-720; default 24.' }) cooldownHours?: number | null;
}

@InputType('UpdateAlertInput', { description: 'Fields left out stay as they are.' })
export class UpdateAlertInputView {
  @Field(() => Boolean, { nullable: true }) enabled?: boolean | null;
  @Field(() => Int, { nullable: true }) cooldownHours?: number | null;
  @Field(() => String, { nullable: true }) thresholdMinor?: string | null;
}
