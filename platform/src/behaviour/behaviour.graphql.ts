import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { type EnumValue, graphqlEnum } from '../graphql-enums';
import { TransactionDirectionValue } from '../accounts';
import { MoneyView } from '../money';
import type { StoredRecurringPayment } from './behaviour.service';
import type { CashFlowForecast } from './forecast-types';
import type { SpendingByCategory } from './spending';

export const RecurringCadenceValue = graphqlEnum('RecurringCadence', {
  WEEKLY: 'weekly',
  MONTHLY: 'monthly',
  QUARTERLY: 'quarterly',
  YEARLY: 'yearly',
});
export type RecurringCadenceValue = EnumValue<typeof RecurringCadenceValue>;

const money = (minor: number, currency: string | null) =>
  MoneyView.of({ minor: String(Math.round(minor)), currency: currency ?? 'XXX' });

@ObjectType('MonthAmount')
export class MonthAmountView {
  @Field(() => String, { description: 'YYYY-MM.' }) month!: string;
  @Field(() => MoneyView) amount!: MoneyView;
}

@ObjectType('CategorySpending')
export class CategorySpendingView {
  @Field(() => String, {
    nullable: true,
    description: 'A spending category id of the taxonomy (e.g. "groceries"); null: not categorised yet.',
  })
  category!: string | null;
  @Field(() => MoneyView) total!: MoneyView;
  @Field(() => Int) transactions!: number;
  @Field(() => [MonthAmountView], { description: 'Per calendar month of the window, oldest first.' })
  byMonth!: MonthAmountView[];
}

@ObjectType('SpendByCategory', {
  description:
    'Spending (debits other than moves between your own accounts) per category, in your main currency.',
})
export class SpendByCategoryView {
  @Field(() => String, { description: 'First day of the window (YYYY-MM-DD, the first of a month).' })
  from!: string;
  @Field(() => String, { description: 'The day after the window (today, YYYY-MM-DD).' }) to!: string;
  @Field(() => [CategorySpendingView], { description: 'Largest total first.' })
  categories!: CategorySpendingView[];

  static of(spending: SpendingByCategory): SpendByCategoryView {
    return Object.assign(new SpendByCategoryView(), {
      from: spending.from,
      to: spending.to,
      categories: spending.categories.map((entry) =>
        Object.assign(new CategorySpendingView(), {
          category: entry.category,
          total: money(entry.totalMinor, spending.currency),
          transactions: entry.transactions,
          byMonth: entry.byMonth.map((month) =>
            Object.assign(new MonthAmountView(), {
              month: month.month,
              amount: money(month.amountMinor, spending.currency),
            }),
          ),
        }),
      ),
    });
  }
}

@ObjectType('PriceChange', { description: 'The last payment’s amount against the one before.' })
export class PriceChangeView {
  @Field(() => MoneyView) previous!: MoneyView;
  @Field(() => MoneyView) last!: MoneyView;
  @Field(() => MoneyView, { description: 'last − previous (signed).' }) change!: MoneyView;
  @Field(() => Float, { description: 'last / previous − 1.' }) changeRatio!: number;
  @Field(() => String, { description: 'YYYY-MM-DD of the first payment at the new amount.' }) since!: string;
}

@ObjectType('RecurringPayment', {
  description: 'Payments to (debit) or from (credit) one party at a regular cadence and a similar amount.',
})
export class RecurringPaymentView {
  @Field(() => ID, { description: 'Opaque and stable: name it in cashFlowForecast scenarios.' }) key!: string;
  @Field(() => ID) accountId!: string;
  @Field(() => TransactionDirectionValue) direction!: TransactionDirectionValue;
  @Field(() => String, { nullable: true, description: 'The counterparty (name or account) or merchant.' })
  party!: string | null;
  @Field(() => String, { nullable: true, description: 'Category id of its payments, when categorised.' })
  category!: string | null;
  @Field(() => RecurringCadenceValue) cadence!: RecurringCadenceValue;
  @Field(() => MoneyView, { description: 'Median amount.' }) typicalAmount!: MoneyView;
  @Field(() => MoneyView) lastAmount!: MoneyView;
  @Field(() => Int) occurrences!: number;
  @Field(() => String, { description: 'YYYY-MM-DD.' }) lastDate!: string;
  @Field(() => String, { description: 'YYYY-MM-DD.' }) nextExpectedDate!: string;
  @Field(() => MoneyView) nextExpectedAmount!: MoneyView;
  @Field(() => PriceChangeView, { nullable: true }) priceChange!: PriceChangeView | null;
  @Field(() => Boolean, { description: 'False once a payment is overdue past its grace (e.g. cancelled).' })
  active!: boolean;

  static of(payment: StoredRecurringPayment): RecurringPaymentView {
    const amount = (minor: number) => money(minor, payment.currency);
    const change = payment.priceChange;
    return Object.assign(new RecurringPaymentView(), {
      key: payment.key,
      accountId: payment.accountId,
      direction: payment.direction as TransactionDirectionValue,
      party: payment.party,
      category: payment.category ?? null,
      cadence: payment.cadence as RecurringCadenceValue,
      typicalAmount: amount(payment.typicalAmountMinor),
      lastAmount: amount(payment.lastAmountMinor),
      occurrences: payment.occurrences,
      lastDate: payment.lastDate,
      nextExpectedDate: payment.nextExpectedDate,
      nextExpectedAmount: amount(payment.nextExpectedAmountMinor),
      priceChange:
        change === null
          ? null
          : Object.assign(new PriceChangeView(), {
              previous: amount(change.previousAmountMinor),
              last: amount(change.lastAmountMinor),
              change: amount(change.changeMinor),
              changeRatio: change.changeRatio,
              since: change.since,
            }),
      active: payment.active,
    });
  }
}

@ObjectType('ForecastDay')
export class ForecastDayView {
  @Field(() => String, { description: 'YYYY-MM-DD.' }) date!: string;
  @Field(() => MoneyView, { description: 'End-of-day balance: 10th percentile (a bad case).' })
  low!: MoneyView;
  @Field(() => MoneyView, { description: 'End-of-day balance: median.' }) expected!: MoneyView;
  @Field(() => MoneyView, { description: 'End-of-day balance: 90th percentile (a good case).' })
  high!: MoneyView;
  @Field(() => MoneyView, { description: 'Recurring items expected that day (signed).' })
  recurring!: MoneyView;
}

@ObjectType('CashFlowForecast', {
  description:
    'Your current accounts’ balance day by day: recurring items at their expected dates plus your own day-to-day spending pattern, with a 10th–90th percentile band.',
})
export class CashFlowForecastView {
  @Field(() => Date) asOf!: Date;
  @Field(() => MoneyView, {
    nullable: true,
    description: 'Null when no balance is known: days are net flow.',
  })
  startingBalance!: MoneyView | null;
  @Field(() => [ForecastDayView]) days!: ForecastDayView[];
  @Field(() => ForecastDayView, { nullable: true, description: 'The day with the lowest expected balance.' })
  lowest!: ForecastDayView | null;

  static of(forecast: CashFlowForecast): CashFlowForecastView {
    const amount = (minor: number) => money(minor, forecast.currency);
    const days = forecast.days.map((day) =>
      Object.assign(new ForecastDayView(), {
        date: day.date,
        low: amount(day.p10Minor),
        expected: amount(day.p50Minor),
        high: amount(day.p90Minor),
        recurring: amount(day.recurringMinor),
      }),
    );
    return Object.assign(new CashFlowForecastView(), {
      asOf: new Date(forecast.asOf),
      startingBalance: forecast.startingBalanceMinor === null ? null : amount(forecast.startingBalanceMinor),
      days,
      lowest:
        forecast.lowest === null ? null : (days.find((day) => day.date === forecast.lowest!.date) ?? null),
    });
  }
}

@InputType('RecurringScale')
export class RecurringScaleValue {
  @Field(() => ID, { description: 'A RecurringPayment.key of yours.' }) key!: string;
  @Field(() => Float, { description: 'Percent, -100 to 1000: 5 = 5 % more.' }) percent!: number;
}

@InputType('CategoryScale')
export class CategoryScaleValue {
  @Field(() => String, { description: 'A category id (e.g. "housing").' }) category!: string;
  @Field(() => Float, { description: 'Percent, -100 to 1000: its recurring and day-to-day spending alike.' })
  percent!: number;
}

@InputType('ForecastScenario', { description: 'A what-if: at most 50 items per list.' })
export class ForecastScenarioValue {
  @Field(() => [ID], {
    nullable: true,
    description: 'Recurring payments (keys) to leave out: "if I cancel".',
  })
  removeRecurring?: string[] | null;
  @Field(() => [RecurringScaleValue], { nullable: true }) scaleRecurring?: RecurringScaleValue[] | null;
  @Field(() => [CategoryScaleValue], { nullable: true, description: '"If rent rises 5 %": housing +5.' })
  scaleCategories?: CategoryScaleValue[] | null;
}
