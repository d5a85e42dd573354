import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { CryptoModule } from '../crypto';
import { Notification } from './notification.entity';
import { NotificationsResolver } from './notifications.resolver';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [MikroOrmModule.forFeature([Notification]), AuditModule, CryptoModule],
  providers: [NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}

/** The customers' `notifications` query and `markNotificationRead` mutation. */
@Module({
  imports: [NotificationsModule],
  providers: [NotificationsResolver],
})
export class NotificationsGraphqlModule {}
