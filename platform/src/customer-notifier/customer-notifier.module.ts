import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { ComplianceModule } from '../compliance';
import { ConsentsModule } from '../consents';
import { CryptoModule } from '../crypto';
import { MarketingModule } from '../marketing';
import { NotificationsModule } from '../notifications';
import { CustomerNotifier } from './customer-notifier.service';
import { EmailChannel } from './email-channel';
import {
  NotificationDelivery,
  NotificationPreference,
  PushSubscription,
} from './notification-preference.entities';
import { NotificationPreferencesResolver } from './notification-preferences.resolver';
import { NotificationPreferencesService } from './notification-preferences.service';
import { PushChannel } from './push-channel';

/**
 * `CustomerNotifier` and the customers' notification preferences, for the API and the worker. Its own
 * capability (not inside `notifications/`, the in-app inbox) because it sits above consents and marketing,
 * which themselves write to that inbox.
 */
@Module({
  imports: [
    MikroOrmModule.forFeature([NotificationPreference, PushSubscription, NotificationDelivery]),
    NotificationsModule,
    ConsentsModule,
    MarketingModule,
    ComplianceModule,
    CryptoModule,
    AuditModule,
  ],
  providers: [EmailChannel, PushChannel, NotificationPreferencesService, CustomerNotifier],
  exports: [CustomerNotifier, NotificationPreferencesService],
})
export class CustomerNotifierModule {}

/** The customers' `notificationPreferences` query and its mutations. */
@Module({
  imports: [CustomerNotifierModule],
  providers: [NotificationPreferencesResolver],
})
export class CustomerNotifierGraphqlModule {}
