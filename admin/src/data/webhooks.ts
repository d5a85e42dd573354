// The webhooks page's side of the data provider: the bank's subscriptions, their delivery log and the changes
// (bank administrators; every change needs step-up and is audited by the API).
import type { GraphqlRequest } from './graphqlClient.ts';
import {
  CREATE_WEBHOOK_SUBSCRIPTION,
  DELETE_WEBHOOK_SUBSCRIPTION,
  REPLAY_DEAD_WEBHOOK_DELIVERIES,
  REPLAY_WEBHOOK_DELIVERY,
  ROTATE_WEBHOOK_SECRET,
  UPDATE_WEBHOOK_SUBSCRIPTION,
  WEBHOOK_DELIVERIES,
  WEBHOOK_SUBSCRIPTIONS,
  type WebhookDeliveryNode,
  type WebhookDeliveryPage,
  type WebhookSubscriptionNode,
  type WebhookSubscriptionSecretNode,
} from './webhook-queries.ts';

/** What a create sends; `description` null: none. */
export interface WebhookSubscriptionInput {
  url: string;
  eventTypes: string[];
  description: string | null;
}

/** What an update sends: every field given is changed (`description` '' removes it). */
export interface WebhookSubscriptionChanges {
  url: string;
  eventTypes: string[];
  description: string;
  enabled: boolean;
}

export interface WebhookMethods {
  webhookSubscriptions(): Promise<WebhookSubscriptionNode[]>;
  /** One page of a subscription's delivery log, newest event first; `after` is the previous page's end. */
  webhookDeliveries(
    subscriptionId: string,
    first: number,
    after: string | null,
  ): Promise<WebhookDeliveryPage>;
  /** Returns the signing secret, which the API never answers again. */
  createWebhookSubscription(input: WebhookSubscriptionInput): Promise<WebhookSubscriptionSecretNode>;
  updateWebhookSubscription(
    subscriptionId: string,
    changes: WebhookSubscriptionChanges,
  ): Promise<WebhookSubscriptionNode>;
  /** Removes the subscription and its delivery log. */
  deleteWebhookSubscription(subscriptionId: string): Promise<WebhookSubscriptionNode>;
  /** A new secret, shown once; the previous one also signs for 24 hours. */
  rotateWebhookSecret(subscriptionId: string): Promise<WebhookSubscriptionSecretNode>;
  /** Sends a delivered or dead delivery again from its first attempt. */
  replayWebhookDelivery(deliveryId: string): Promise<Pick<WebhookDeliveryNode, 'id' | 'status'>>;
  /** Replays every dead delivery of the subscription; returns how many. */
  replayDeadWebhookDeliveries(subscriptionId: string): Promise<number>;
}

export function webhookMethods(request: GraphqlRequest): WebhookMethods {
  return {
    webhookSubscriptions: async () =>
      (await request<{ webhookSubscriptions: WebhookSubscriptionNode[] }>(WEBHOOK_SUBSCRIPTIONS))
        .webhookSubscriptions,
    webhookDeliveries: async (subscriptionId, first, after) => {
      const { webhookDeliveries } = await request<{
        webhookDeliveries: {
          edges: { node: WebhookDeliveryNode }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      }>(WEBHOOK_DELIVERIES, { subscriptionId, first, after });
      return {
        deliveries: webhookDeliveries.edges.map((edge) => edge.node),
        hasNextPage: webhookDeliveries.pageInfo.hasNextPage,
        endCursor: webhookDeliveries.pageInfo.endCursor,
      };
    },
    createWebhookSubscription: async (input) =>
      (
        await request<{ createWebhookSubscription: WebhookSubscriptionSecretNode }>(
          CREATE_WEBHOOK_SUBSCRIPTION,
          { ...input },
        )
      ).createWebhookSubscription,
    updateWebhookSubscription: async (subscriptionId, changes) =>
      (
        await request<{ updateWebhookSubscription: WebhookSubscriptionNode }>(UPDATE_WEBHOOK_SUBSCRIPTION, {
          subscriptionId,
          ...changes,
        })
      ).updateWebhookSubscription,
    deleteWebhookSubscription: async (subscriptionId) =>
      (
        await request<{ deleteWebhookSubscription: WebhookSubscriptionNode }>(DELETE_WEBHOOK_SUBSCRIPTION, {
          subscriptionId,
        })
      ).deleteWebhookSubscription,
    rotateWebhookSecret: async (subscriptionId) =>
      (
        await request<{ rotateWebhookSecret: WebhookSubscriptionSecretNode }>(ROTATE_WEBHOOK_SECRET, {
          subscriptionId,
        })
      ).rotateWebhookSecret,
    replayWebhookDelivery: async (deliveryId) =>
      (
        await request<{ replayWebhookDelivery: Pick<WebhookDeliveryNode, 'id' | 'status'> }>(
          REPLAY_WEBHOOK_DELIVERY,
          { deliveryId },
        )
      ).replayWebhookDelivery,
    replayDeadWebhookDeliveries: async (subscriptionId) =>
      (
        await request<{ replayDeadWebhookDeliveries: number }>(REPLAY_DEAD_WEBHOOK_DELIVERIES, {
          subscriptionId,
        })
      ).replayDeadWebhookDeliveries,
  };
}
