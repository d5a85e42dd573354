/**
 * @finpersona/insights-core — the first-party insight-generator plugin: unusual spending, subscription
 * price rise, upcoming low balance, idle cash, new recurring payment and salary change.
 */
export { insightsCorePlugin, insightsCorePluginId } from './plugin';
export { createInsightGenerator, features, kinds } from './generator';
// The platform writes its own short texts (transaction prompts) with the same words: category names above all.
export { insightLocales, messagesFor, type InsightLocale, type Messages } from './messages';
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
