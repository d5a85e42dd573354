export { CustomerNotifierGraphqlModule, CustomerNotifierModule } from './customer-notifier.module';
export { CustomerNotifier } from './customer-notifier.service';
export {
  notificationChannels,
  notificationImportances,
  notificationPurposes,
  type ChannelDecision,
  type ChannelOutcome,
  type CustomerNotification,
  type NotificationChannel,
  type NotificationImportance,
  type NotificationPurpose,
  type NotificationResult,
} from './customer-notifier.types';
export {
  NotificationDelivery,
  NotificationPreference,
  PushSubscription,
} from './notification-preference.entities';
export {
  defaultNotificationPreferences,
  NotificationPreferencesService,
  type NotificationPreferences,
  type NotificationPreferencesChange,
} from './notification-preferences.service';
export type { WebPushTarget } from './push-channel';
