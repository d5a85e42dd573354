export { formatParameter, insightLanguage, renderInsightText } from './insight-text';
export {
  defaultNotifyThreshold,
  ignoredWeight,
  learnedRelevance,
  noEngagement,
  relevancePriorStrength,
  shouldNotify,
  type KindEngagement,
} from './relevance';
export { InsightsGraphqlModule, InsightsModule } from './insights.module';
export { CustomerInsightsService } from './customer-insights.service';
export { InsightSettingsService } from './insight-settings.service';
export { InsightsService, type InsightRunReport } from './insights.service';
