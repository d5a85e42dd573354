import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoView } from '../pagination';
import type { NotificationRecord } from './notifications.service';

@ObjectType('Notification', { description: 'An in-app message to the signed-in customer.' })
export class NotificationView {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'What it is about, e.g. `consent.reminder`.' }) kind!: string;
  @Field(() => String, { nullable: true }) subjectRef!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "The customer app's page for it, a path relative to the app (e.g. `/dashboard/for-you/insights/<id>` for an insight); null when there is none.",
  })
  link!: string | null;
  @Field(() => String, { nullable: true, description: 'A short heading; null on consent reminders.' })
  title!: string | null;
  @Field(() => String) body!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) readAt!: Date | null;

  static of(record: NotificationRecord): NotificationView {
    return Object.assign(new NotificationView(), record);
  }
}

@ObjectType('NotificationEdge')
export class NotificationEdgeView {
  @Field(() => String) cursor!: string;
  @Field(() => NotificationView) node!: NotificationView;
}

@ObjectType('NotificationConnection')
export class NotificationConnectionView {
  @Field(() => [NotificationEdgeView]) edges!: NotificationEdgeView[];
  @Field(() => PageInfoView) pageInfo!: PageInfoView;
  @Field(() => Int) totalCount!: number;
  @Field(() => Int) unreadCount!: number;
}
