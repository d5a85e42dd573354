// GraphQL documents of the staff's webhooks page (the API's code-first schema in platform/src/webhooks is the
// source of truth): the bank's subscriptions, their delivery log (cursor pages) and the changes (bank
// administrators, step-up, audited). A signing secret is answered only by creation and rotation.

/** The API's `WebhookEventType` values (`consent.granted` ⇄ `CONSENT_GRANTED`). */
export type WebhookEventTypeValue = string;

/** `FAILED` is retried at `nextAttemptAt`; `DEAD` is not retried any more (replay it). */
export type WebhookDeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'DEAD';

/** A bank's webhook endpoint (never its secret). */
export interface WebhookSubscriptionNode {
  id: string;
  url: string;
  description: string | null;
  eventTypes: WebhookEventTypeValue[];
  enabled: boolean;
  /** Until when the previous secret still signs, after a rotation. */
  previousSecretValidUntil: string | null;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A subscription with its signing secret: shown once. */
export interface WebhookSubscriptionSecretNode {
  subscription: WebhookSubscriptionNode;
  secret: string;
}

/** One event for one subscription, with its attempts. */
export interface WebhookDeliveryNode {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: WebhookEventTypeValue;
  eventSequence: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** A page of the delivery log, newest event first. */
export interface WebhookDeliveryPage {
  deliveries: WebhookDeliveryNode[];
  hasNextPage: boolean;
  endCursor: string | null;
}

const SUBSCRIPTION_FIELDS = /* GraphQL */ `
  fragment WebhookSubscriptionFields on WebhookSubscription {
    id
    url
    description
    eventTypes
    enabled
    previousSecretValidUntil
    createdBy
    updatedBy
    createdAt
    updatedAt
  }
`;

export const WEBHOOK_SUBSCRIPTIONS = /* GraphQL */ `
  query WebhookSubscriptions {
    webhookSubscriptions {
      ...WebhookSubscriptionFields
    }
  }
  ${SUBSCRIPTION_FIELDS}
`;

export const WEBHOOK_DELIVERIES = /* GraphQL */ `
  query WebhookDeliveries($first: Int, $after: String, $subscriptionId: ID) {
    webhookDeliveries(first: $first, after: $after, subscriptionId: $subscriptionId) {
      edges {
        node {
          id
          subscriptionId
          eventId
          eventType
          eventSequence
          status
          attempts
          nextAttemptAt
          lastAttemptAt
          lastStatusCode
          lastError
          deliveredAt
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const CREATE_WEBHOOK_SUBSCRIPTION = /* GraphQL */ `
  mutation CreateWebhookSubscription($url: String!, $eventTypes: [WebhookEventType!]!, $description: String) {
    createWebhookSubscription(url: $url, eventTypes: $eventTypes, description: $description) {
      subscription {
        ...WebhookSubscriptionFields
      }
      secret
    }
  }
  ${SUBSCRIPTION_FIELDS}
`;

export const UPDATE_WEBHOOK_SUBSCRIPTION = /* GraphQL */ `
  mutation UpdateWebhookSubscription(
    $subscriptionId: ID!
    $url: String
    $eventTypes: [WebhookEventType!]
    $description: String
    $enabled: Boolean
  ) {
    updateWebhookSubscription(
      subscriptionId: $subscriptionId
      url: $url
      eventTypes: $eventTypes
      description: $description
      enabled: $enabled
    ) {
      ...WebhookSubscriptionFields
    }
  }
  ${SUBSCRIPTION_FIELDS}
`;

export const DELETE_WEBHOOK_SUBSCRIPTION = /* GraphQL */ `
  mutation DeleteWebhookSubscription($subscriptionId: ID!) {
    deleteWebhookSubscription(subscriptionId: $subscriptionId) {
      ...WebhookSubscriptionFields
    }
  }
  ${SUBSCRIPTION_FIELDS}
`;

export const ROTATE_WEBHOOK_SECRET = /* GraphQL */ `
  mutation RotateWebhookSecret($subscriptionId: ID!) {
    rotateWebhookSecret(subscriptionId: $subscriptionId) {
      subscription {
        ...WebhookSubscriptionFields
      }
      secret
    }
  }
  ${SUBSCRIPTION_FIELDS}
`;

export const REPLAY_WEBHOOK_DELIVERY = /* GraphQL */ `
  mutation ReplayWebhookDelivery($deliveryId: ID!) {
    replayWebhookDelivery(deliveryId: $deliveryId) {
      id
      status
    }
  }
`;

export const REPLAY_DEAD_WEBHOOK_DELIVERIES = /* GraphQL */ `
  mutation ReplayDeadWebhookDeliveries($subscriptionId: ID!) {
    replayDeadWebhookDeliveries(subscriptionId: $subscriptionId)
  }
`;
