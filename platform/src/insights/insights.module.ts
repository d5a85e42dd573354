import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { ConsentsModule } from '../consents';
import { CryptoModule } from '../crypto';
import { CustomerNotifierModule } from '../customer-notifier';
import { PluginsModule } from '../plugins';
import { CustomerInsightsService } from './customer-insights.service';
import { InsightSettingsService } from './insight-settings.service';
import { InsightsResolver } from './insights.resolver';
import { InsightsService } from './insights.service';

/** `InsightsService` for the worker (after a sync) and the API, with the bank's insight settings. */
@Module({
  imports: [CryptoModule, ConsentsModule, PluginsModule, CustomerNotifierModule, AuditModule],
  providers: [InsightsService, InsightSettingsService, CustomerInsightsService],
  exports: [InsightsService, InsightSettingsService, CustomerInsightsService],
})
export class InsightsModule {}

/** The customers' insights and feedback, and the staff's insight settings and engagement (GraphQL). */
@Module({
  imports: [InsightsModule],
  providers: [InsightsResolver],
})
export class InsightsGraphqlModule {}
