export { OutboxModule, WebhooksGraphqlModule } from './webhooks.module';
export { OutboxService, type OutboxEvent } from './outbox.service';
export {
  isWebhookEventType,
  webhookEventDescriptions,
  webhookEventTypes,
  type WebhookEventPayloads,
  type WebhookEventType,
} from './event-catalogue';
export { WebhookDispatcher, retryDelayMs } from './webhook-dispatcher';
export { OutboxRetention } from './outbox-retention';
export {
  defaultToleranceSeconds,
  newWebhookSecret,
  signatureHeader,
  signWebhook,
  verifyWebhookSignature,
} from './webhook-signature';
export { addressAllowed, addressKind, webhookUrlProblems } from './webhook-target';
export { sendWebhook, type AttemptResult } from './webhook-sender';
export {
  WebhookDelivery,
  WebhookSubscription,
  deliveryStatuses,
  type DeliveryStatus,
} from './webhook.entities';
