export { BehaviourGraphqlModule, BehaviourModule } from './behaviour.module';
export { BehaviourService, type RecentActivity, type StoredRecurringPayment } from './behaviour.service';
export { computeFeatures, customerFacts } from './features';
export { forecastCashFlow, forecastDays } from './forecast';
export type { CashFlowForecast, ForecastDay, ForecastScenario } from './forecast-types';
export {
  productTypeOfAccount,
  productsHeldFrom,
  type BehaviourAccount,
  type BehaviourBalance,
  type BehaviourHistory,
  type BehaviourTransaction,
  type CategoryId,
} from './history';
export { detectRecurringPayments } from './recurring';
export {
  recurringCadences,
  type PriceChange,
  type RecurringCadence,
  type RecurringPayment,
} from './recurring-types';
export { behaviourTransactionOf, counterpartyKeyOf } from './history';
export {
  maxSpendingMonths,
  spendingByCategory,
  type CategorySpending,
  type SpendingByCategory,
} from './spending';
export { featureNames } from './features';
