import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { type EnumValue, graphqlEnum } from '../graphql-enums';
import { PageInfoView } from '../pagination';
import { type WebhookEventType, webhookEventDescriptions, webhookEventTypes } from './event-catalogue';
import { type DeliveryStatus, type WebhookDelivery, type WebhookSubscription } from './webhook.entities';

/** GraphQL enum names cannot hold dots: `consent.granted` ⇄ `CONSENT_GRANTED`. */
const enumName = (type: string) => type.replace(/\./g, '_').toUpperCase();

export const WebhookEventTypeValue = graphqlEnum(
  'WebhookEventType',
  Object.fromEntries(webhookEventTypes.map((type) => [enumName(type), enumName(type)])),
  {
    description: 'An outbound event type (platform/README.md "Outbound events": payload shapes).',
    valueDescriptions: Object.fromEntries(
      webhookEventTypes.map((type) => [enumName(type), `\`${type}\`: ${webhookEventDescriptions[type]}`]),
    ),
  },
);

export function eventTypeOf(value: string): WebhookEventType {
  const type = webhookEventTypes.find((candidate) => enumName(candidate) === value);
  if (!type) throw new Error(`Unknown webhook event type ${value}`);
  return type;
}
export const eventTypeValue = (type: string): string => enumName(type);

export const WebhookDeliveryStatusValue = graphqlEnum(
  'WebhookDeliveryStatus',
  { PENDING: 'PENDING', DELIVERED: 'DELIVERED', FAILED: 'FAILED', DEAD: 'DEAD' },
  {
    valueDescriptions: {
      PENDING: 'Not attempted yet (or replayed).',
      DELIVERED: 'The endpoint answered 2xx.',
      FAILED: 'The last attempt failed; it will be retried at nextAttemptAt.',
      DEAD: 'Every attempt failed; replay it once the endpoint works.',
    },
  },
);
export type WebhookDeliveryStatusValue = EnumValue<typeof WebhookDeliveryStatusValue>;
export const deliveryStatusOf = (value: WebhookDeliveryStatusValue): DeliveryStatus =>
  value.toLowerCase() as DeliveryStatus;

@ObjectType('WebhookSubscription', {
  description: "A bank's webhook endpoint (its signing secret is shown only at creation or rotation).",
})
export class WebhookSubscriptionView {
  @Field(() => ID) id!: string;
  @Field(() => String) url!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => [WebhookEventTypeValue]) eventTypes!: string[];
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => Date, {
    nullable: true,
    description: 'Until when the previous secret still signs events (after a rotation).',
  })
  previousSecretValidUntil!: Date | null;
  @Field(() => String) createdBy!: string;
  @Field(() => String) updatedBy!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;

  static of(row: WebhookSubscription): WebhookSubscriptionView {
    return Object.assign(new WebhookSubscriptionView(), {
      id: row.id,
      url: row.url,
      description: row.description,
      eventTypes: row.eventTypes.map(eventTypeValue),
      enabled: row.enabled,
      previousSecretValidUntil:
        row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date()
          ? row.previousSecretExpiresAt
          : null,
      createdBy: row.createdBy,
      updatedBy: row.updatedBy,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    });
  }
}

@ObjectType('WebhookSubscriptionSecret', {
  description:
    'A subscription with its signing secret: returned once, by creation and rotation. Store it now.',
})
export class WebhookSubscriptionSecretView {
  @Field(() => WebhookSubscriptionView) subscription!: WebhookSubscriptionView;
  @Field(() => String, { description: 'The signing secret (`whsec_…`); it cannot be read again.' })
  secret!: string;
}

@ObjectType('WebhookDelivery', { description: 'One event for one subscription, with its attempts.' })
export class WebhookDeliveryView {
  @Field(() => ID) id!: string;
  @Field(() => ID) subscriptionId!: string;
  @Field(() => ID, { description: 'The event id (subscribers deduplicate by it).' }) eventId!: string;
  @Field(() => WebhookEventTypeValue) eventType!: string;
  @Field(() => String, { description: "The event's sequence in the bank (1, 2, 3 …), as text." })
  eventSequence!: string;
  @Field(() => WebhookDeliveryStatusValue) status!: WebhookDeliveryStatusValue;
  @Field(() => Int) attempts!: number;
  @Field(() => Date, { description: 'When it is (or was to be) attempted next.' }) nextAttemptAt!: Date;
  @Field(() => Date, { nullable: true }) lastAttemptAt!: Date | null;
  @Field(() => Int, { nullable: true, description: 'HTTP status of the last attempt (no body is kept).' })
  lastStatusCode!: number | null;
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed, e.g. HTTP 500.' })
  lastError!: string | null;
  @Field(() => Date, { nullable: true }) deliveredAt!: Date | null;
  @Field(() => Date) createdAt!: Date;

  static of(row: WebhookDelivery): WebhookDeliveryView {
    return Object.assign(new WebhookDeliveryView(), {
      id: row.id,
      subscriptionId: row.subscriptionId,
      eventId: row.eventId,
      eventType: eventTypeValue(row.eventType),
      eventSequence: String(row.eventSequence),
      status: row.status.toUpperCase() as WebhookDeliveryStatusValue,
      attempts: row.attempts,
      nextAttemptAt: row.nextAttemptAt,
      lastAttemptAt: row.lastAttemptAt,
      lastStatusCode: row.lastStatusCode,
      lastError: row.lastError,
      deliveredAt: row.deliveredAt,
      createdAt: row.createdAt,
    });
  }
}

@ObjectType('WebhookDeliveryEdge')
export class WebhookDeliveryEdgeView {
  @Field(() => String) cursor!: string;
  @Field(() => WebhookDeliveryView) node!: WebhookDeliveryView;
}

@ObjectType('WebhookDeliveryConnection', { description: 'A page of the delivery log, newest event first.' })
export class WebhookDeliveryConnectionView {
  @Field(() => [WebhookDeliveryEdgeView]) edges!: WebhookDeliveryEdgeView[];
  @Field(() => PageInfoView) pageInfo!: PageInfoView;
}
