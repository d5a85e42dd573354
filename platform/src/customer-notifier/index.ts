export { CustomerNotifierModule } from './customer-notifier.module';
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
