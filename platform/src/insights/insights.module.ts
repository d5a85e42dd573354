import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { ConsentsModule } from '../consents';
import { CryptoModule } from '../crypto';
import { CustomerNotifierModule } from '../customer-notifier';
import { PluginsModule } from '../plugins';
import { InsightsService } from './insights.service';

/** `InsightsService` for the worker (after a sync) and the API. */
@Module({
  imports: [CryptoModule, ConsentsModule, PluginsModule, CustomerNotifierModule, AuditModule],
  providers: [InsightsService],
  exports: [InsightsService],
})
export class InsightsModule {}
