import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  NotificationPreferencesInput,
  NotificationPreferencesView,
  PushSubscriptionInput,
  PushSubscriptionView,
} from './notification-preferences.graphql';
import { NotificationPreferencesService } from './notification-preferences.service';

@Resolver()
export class NotificationPreferencesResolver {
  constructor(private readonly service: NotificationPreferencesService) {}

  @Query(() => NotificationPreferencesView, {
    description: "The signed-in customer's notification channels, quiet hours and subscribed browsers.",
  })
  async notificationPreferences(): Promise<NotificationPreferencesView> {
    const own = await this.service.own();
    return NotificationPreferencesView.of(
      own.preferences,
      own.pushSubscriptions,
      this.service.channelsOffered(),
    );
  }

  @Mutation(() => NotificationPreferencesView, {
    description:
      "Changes the signed-in customer's notification preferences (INVALID, nothing changed, for a bad address, time or zone, or a channel this bank does not offer).",
  })
  async updateNotificationPreferences(
    @Args('input', { type: () => NotificationPreferencesInput }) input: NotificationPreferencesInput,
  ): Promise<NotificationPreferencesView> {
    await this.service.updateOwn(input);
    return this.notificationPreferences();
  }

  @Mutation(() => PushSubscriptionView, {
    description:
      "Subscribes one of the signed-in customer's browsers to web push (the same endpoint again replaces its keys).",
  })
  async registerPushSubscription(
    @Args('input', { type: () => PushSubscriptionInput }) input: PushSubscriptionInput,
  ): Promise<PushSubscriptionView> {
    return PushSubscriptionView.of(await this.service.registerPushSubscription(input));
  }

  @Mutation(() => Boolean, {
    description: "Removes one of the signed-in customer's browsers; NOT_FOUND for any other id.",
  })
  async removePushSubscription(@Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.removePushSubscription(id);
  }
}
