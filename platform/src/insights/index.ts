export { formatParameter, renderInsightText } from './insight-text';
export {
  defaultNotifyThreshold,
  ignoredWeight,
  learnedRelevance,
  noEngagement,
  relevancePriorStrength,
  shouldNotify,
  type KindEngagement,
} from './relevance';
export { InsightsModule } from './insights.module';
export { InsightsService, type InsightRunReport } from './insights.service';
