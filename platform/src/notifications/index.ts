export { Notification } from './notification.entity';
export { NotificationsGraphqlModule, NotificationsModule } from './notifications.module';
export { maxNotificationPageSize, NotificationsService } from './notifications.service';
export type { NotificationPage, NotificationRecord } from './notifications.service';
export { customerAppPath, customerAppUrl } from './links';
