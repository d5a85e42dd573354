import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize, requireStepUp } from '../access';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';
import {
  deliveryStatusOf,
  eventTypeOf,
  WebhookDeliveryConnectionView,
  WebhookDeliveryStatusValue,
  WebhookDeliveryView,
  WebhookEventTypeValue,
  WebhookSubscriptionSecretView,
  WebhookSubscriptionView,
} from './webhooks.graphql';

const subscriptionIdArg = { type: () => ID, description: 'One of the bank’s webhook subscriptions.' };
const urlArg = {
  type: () => String,
  description:
    'The endpoint: an https:// URL on a public address (loopback http(s) only where WEBHOOK_ALLOW_LOOPBACK is set).',
};

/** The bank administrator's webhook operations (platform/README.md "Outbound events"). */
@Resolver()
export class WebhooksResolver {
  constructor(private readonly webhooks: WebhookSubscriptionsService) {}

  @Query(() => [WebhookSubscriptionView], { description: "The bank's webhook subscriptions (no secrets)." })
  async webhookSubscriptions(): Promise<WebhookSubscriptionView[]> {
    authorize('read', 'WebhookSubscription', "list the bank's webhook subscriptions");
    return (await this.webhooks.list()).map((row) => WebhookSubscriptionView.of(row));
  }

  @Query(() => WebhookDeliveryConnectionView, {
    description:
      'The delivery log, newest event first, optionally of one subscription, status or event type.',
  })
  async webhookDeliveries(
    @Args('first', { type: () => Int, nullable: true, defaultValue: 25 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('subscriptionId', { type: () => ID, nullable: true }) subscriptionId: string | null,
    @Args('status', { type: () => WebhookDeliveryStatusValue, nullable: true })
    status: WebhookDeliveryStatusValue | null,
    @Args('eventType', { type: () => WebhookEventTypeValue, nullable: true }) eventType: string | null,
  ): Promise<WebhookDeliveryConnectionView> {
    authorize('read', 'WebhookDelivery', "read the bank's webhook deliveries");
    const page = await this.webhooks.deliveries({
      first: first ?? 25,
      after,
      subscriptionId,
      status: status ? deliveryStatusOf(status) : null,
      eventType: eventType ? eventTypeOf(eventType) : null,
    });
    return {
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: WebhookDeliveryView.of(edge.node) })),
      pageInfo: page.pageInfo,
    };
  }

  @Mutation(() => WebhookSubscriptionSecretView, {
    description: 'Subscribes an endpoint to event types; returns the signing secret ONCE; step-up; audited.',
  })
  async createWebhookSubscription(
    @Args('url', urlArg) url: string,
    @Args('eventTypes', { type: () => [WebhookEventTypeValue] }) eventTypes: string[],
    @Args('description', { type: () => String, nullable: true }) description: string | null,
  ): Promise<WebhookSubscriptionSecretView> {
    this.allow('create', 'create a webhook subscription');
    const { subscription, secret } = await this.webhooks.create({
      url,
      eventTypes: eventTypes.map(eventTypeOf),
      description,
    });
    return { subscription: WebhookSubscriptionView.of(subscription), secret };
  }

  @Mutation(() => WebhookSubscriptionView, {
    description:
      'Changes the URL, event types, description or enabled flag (what is given); step-up; audited.',
  })
  async updateWebhookSubscription(
    @Args('subscriptionId', subscriptionIdArg) subscriptionId: string,
    @Args('url', { ...urlArg, nullable: true }) url: string | null,
    @Args('eventTypes', { type: () => [WebhookEventTypeValue], nullable: true }) eventTypes: string[] | null,
    @Args('description', { type: () => String, nullable: true }) description: string | null,
    @Args('enabled', { type: () => Boolean, nullable: true }) enabled: boolean | null,
  ): Promise<WebhookSubscriptionView> {
    this.allow('update', 'update a webhook subscription');
    return WebhookSubscriptionView.of(
      await this.webhooks.update(subscriptionId, {
        url,
        eventTypes: eventTypes?.map(eventTypeOf) ?? null,
        ...(description === null ? {} : { description }),
        enabled,
      }),
    );
  }

  @Mutation(() => WebhookSubscriptionView, {
    description: 'Deletes a subscription and its delivery log; returns what was removed; step-up; audited.',
  })
  async deleteWebhookSubscription(
    @Args('subscriptionId', subscriptionIdArg) subscriptionId: string,
  ): Promise<WebhookSubscriptionView> {
    this.allow('delete', 'delete a webhook subscription');
    return WebhookSubscriptionView.of(await this.webhooks.delete(subscriptionId));
  }

  @Mutation(() => WebhookSubscriptionSecretView, {
    description:
      'Issues a new signing secret, returned ONCE; the previous one also signs for 24 hours; step-up; audited.',
  })
  async rotateWebhookSecret(
    @Args('subscriptionId', subscriptionIdArg) subscriptionId: string,
  ): Promise<WebhookSubscriptionSecretView> {
    this.allow('update', 'rotate a webhook secret');
    const { subscription, secret } = await this.webhooks.rotateSecret(subscriptionId);
    return { subscription: WebhookSubscriptionView.of(subscription), secret };
  }

  @Mutation(() => WebhookDeliveryView, {
    description: 'Sends a delivered or dead delivery again from its first attempt; step-up; audited.',
  })
  async replayWebhookDelivery(
    @Args('deliveryId', { type: () => ID }) deliveryId: string,
  ): Promise<WebhookDeliveryView> {
    this.allow('update', 'replay a webhook delivery', 'WebhookDelivery');
    return WebhookDeliveryView.of(await this.webhooks.replay(deliveryId));
  }

  @Mutation(() => Int, {
    description: 'Replays every dead delivery of a subscription; returns how many; step-up; audited.',
  })
  async replayDeadWebhookDeliveries(
    @Args('subscriptionId', subscriptionIdArg) subscriptionId: string,
  ): Promise<number> {
    this.allow('update', 'replay dead webhook deliveries', 'WebhookDelivery');
    return this.webhooks.replayDead(subscriptionId);
  }

  /** Role first (FORBIDDEN), then the second factor (STEP_UP_REQUIRED). */
  private allow(
    action: 'create' | 'update' | 'delete',
    does: string,
    subject: 'WebhookSubscription' | 'WebhookDelivery' = 'WebhookSubscription',
  ): void {
    authorize(action, subject, does);
    requireStepUp('change webhooks');
  }
}
