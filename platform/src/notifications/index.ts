export { Notification } from './notification.entity';
