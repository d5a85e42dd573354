import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { authorize } from '../access';
import {
  CashFlowForecastView,
  ForecastScenarioValue,
  RecurringPaymentView,
  SpendByCategoryView,
} from './behaviour.graphql';
import { BehaviourService } from './behaviour.service';

/**
 * The signed-in customer's own behaviour: spending by category, recurring payments, the cash-flow
 * forecast with what-ifs. Customers only (the role matrix), and only while their aggregation consent is
 * live (FORBIDDEN otherwise). Reads of one's own data: not audited, as for transactions.
 */
@Resolver()
export class BehaviourResolver {
  constructor(private readonly behaviour: BehaviourService) {}

  @Query(() => SpendByCategoryView, {
    description:
      'Your spending per category over this month and the `months − 1` before it (1-24, default 3).',
  })
  async spendByCategory(
    @Args('months', { type: () => Int, nullable: true, defaultValue: 3 }) months: number | null,
  ): Promise<SpendByCategoryView> {
    authorize('read', 'AccountTransaction', 'read your spending by category');
    return SpendByCategoryView.of(await this.behaviour.spendByCategory(months ?? 3));
  }

  @Query(() => [RecurringPaymentView], {
    description:
      'Your recurring payments as of your last sync: active ones first, then by next expected date.',
  })
  async recurringPayments(): Promise<RecurringPaymentView[]> {
    authorize('read', 'AccountTransaction', 'read your recurring payments');
    return (await this.behaviour.recurringPayments()).map((payment) => RecurringPaymentView.of(payment));
  }

  @Query(() => CashFlowForecastView, {
    description:
      'Your cash-flow forecast from today for `days` days (1-366, default 30), with an optional what-if.',
  })
  async cashFlowForecast(
    @Args('scenario', { type: () => ForecastScenarioValue, nullable: true })
    scenario: ForecastScenarioValue | null,
    @Args('days', { type: () => Int, nullable: true, defaultValue: 30 }) days: number | null,
  ): Promise<CashFlowForecastView> {
    authorize('read', 'AccountTransaction', 'read your cash-flow forecast');
    const forecast = await this.behaviour.cashFlowForecast(
      {
        removeRecurring: scenario?.removeRecurring ?? [],
        scaleRecurring: scenario?.scaleRecurring ?? [],
        scaleCategories: scenario?.scaleCategories ?? [],
      },
      days ?? 30,
    );
    return CashFlowForecastView.of(forecast);
  }
}
