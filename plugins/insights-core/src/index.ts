/**
 * @finpersona/insights-core — the first-party insight-generator plugin: unusual spending, subscription
 * price rise, upcoming low balance, idle cash, new recurring payment and salary change.
 */
export { insightsCorePlugin, insightsCorePluginId } from './plugin';
export { createInsightGenerator, features, kinds } from './generator';
export {
  defaultSettings,
  resolveSettings,
  settingsProblems,
  settingsSchema,
  transactionDays,
  type IdleCashSettings,
  type InsightKind,
  type InsightSettings,
  type NewRecurringPaymentSettings,
  type SalaryChangeSettings,
  type SubscriptionPriceRiseSettings,
  type UnusualSpendingSettings,
  type UpcomingLowBalanceSettings,
} from './settings';
