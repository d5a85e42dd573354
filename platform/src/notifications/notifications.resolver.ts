import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize } from '../access';
import { NotificationConnectionView, NotificationView } from './notifications.graphql';
import { NotificationsService } from './notifications.service';

@Resolver()
export class NotificationsResolver {
  constructor(private readonly service: NotificationsService) {}

  @Query(() => NotificationConnectionView, {
    description: "The signed-in customer's in-app notifications, newest first; `first` is 1-100.",
  })
  async notifications(
    @Args('first', { type: () => Int, nullable: true, defaultValue: 25 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<NotificationConnectionView> {
    authorize('read', 'Notification', 'read your notifications');
    const page = await this.service.listOwn({ first: first ?? 25, after });
    return Object.assign(new NotificationConnectionView(), {
      ...page,
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: NotificationView.of(edge.node) })),
    });
  }

  @Mutation(() => NotificationView, {
    description: "Marks one of the signed-in customer's notifications read; NOT_FOUND for any other id.",
  })
  async markNotificationRead(@Args('id', { type: () => ID }) id: string): Promise<NotificationView> {
    authorize('update', 'Notification', 'mark a notification read');
    return NotificationView.of(await this.service.markRead(id));
  }
}
