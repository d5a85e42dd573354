import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { ComplianceModule } from '../compliance';
import { ConsentsModule } from '../consents';
import { NotificationsModule } from '../notifications';
import { MarketingService } from './marketing.service';

/** Marketing to customers under the bank's compliance rule pack (API and worker). */
@Module({
  imports: [ComplianceModule, ConsentsModule, NotificationsModule, AuditModule],
  providers: [MarketingService],
  exports: [MarketingService],
})
export class MarketingModule {}
