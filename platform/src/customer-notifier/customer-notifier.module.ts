import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { ConsentsModule } from '../consents';
import { MarketingModule } from '../marketing';
import { NotificationsModule } from '../notifications';
import { CustomerNotifier } from './customer-notifier.service';

/**
 * `CustomerNotifier` for the API and the worker. Its own capability (not inside `notifications/`) because
 * it sits above consents and marketing, which themselves write to the in-app inbox of `notifications/`.
 */
@Module({
  imports: [NotificationsModule, ConsentsModule, MarketingModule, AuditModule],
  providers: [CustomerNotifier],
  exports: [CustomerNotifier],
})
export class CustomerNotifierModule {}
