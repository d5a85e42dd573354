// The webhooks page's pure parts: the event types a bank can subscribe to, the form's values to the API's
// input, a delivery's status as a chip, and the delivery log's cursor pages.
import type {
  WebhookDeliveryStatus,
  WebhookSubscriptionChanges,
  WebhookSubscriptionInput,
  WebhookSubscriptionNode,
} from '../data/index.ts';
import type { Mark, Tone } from '../layout/index.ts';

/**
 * The API's `WebhookEventType` enum (platform/src/webhooks/event-catalogue.ts, which the API validates against;
 * the API offers no query of it and refuses introspection). `e2e/webhooks.e2e.test.ts` checks this list against
 * the platform's, so a new event type fails that test until it is offered here.
 */
export const webhookEventTypes: readonly { value: string; name: string; description: string }[] = [
  {
    value: 'CONSENT_GRANTED',
    name: 'consent.granted',
    description: 'A customer granted a consent (purpose, deadlines).',
  },
  {
    value: 'CONSENT_REVOKED',
    name: 'consent.revoked',
    description: 'A consent was revoked by its customer, or ended by their erasure.',
  },
  {
    value: 'CONSENT_EXPIRED',
    name: 'consent.expired',
    description: 'A consent reached its deadline (expiry or missed renewal).',
  },
  {
    value: 'SYNC_FINISHED',
    name: 'sync.finished',
    description: 'A sync run of a connection finished (status and counts).',
  },
  {
    value: 'PLUGIN_CHANGED',
    name: 'plugin.changed',
    description: 'A plugin was installed, configured, enabled, disabled, upgraded or uninstalled.',
  },
  {
    value: 'RECOMMENDATION_ACCEPTED',
    name: 'recommendation.accepted',
    description: 'A customer accepted a recommendation.',
  },
];

/** `PLUGIN_CHANGED` → `plugin.changed`, the name subscribers receive as the event's `type`. */
export function eventTypeName(value: string): string {
  return webhookEventTypes.find((type) => type.value === value)?.name ?? value.toLowerCase();
}

export interface SubscriptionFormValues {
  url: string;
  eventTypes: string[];
  description: string;
  enabled: boolean;
}

/** A new subscription's form (enabled, nothing chosen) or an existing one's as stored. */
export function formValuesOf(subscription?: WebhookSubscriptionNode): SubscriptionFormValues {
  return {
    url: subscription?.url ?? '',
    eventTypes: subscription ? [...subscription.eventTypes] : [],
    description: subscription?.description ?? '',
    enabled: subscription?.enabled ?? true,
  };
}

/** Event types in the catalogue's order, whichever order they were ticked in. */
function ordered(eventTypes: readonly string[]): string[] {
  const known = webhookEventTypes.map((type) => type.value).filter((value) => eventTypes.includes(value));
  return [...known, ...eventTypes.filter((value) => !known.includes(value))];
}

/** What a create sends: the API checks it (URL, at least one event type, description length). */
export function createInput(values: SubscriptionFormValues): WebhookSubscriptionInput {
  return {
    url: values.url.trim(),
    eventTypes: ordered(values.eventTypes),
    description: values.description.trim() || null,
  };
}

/** What an update sends: every field, so an emptied description is removed ('' — the API's null keeps it). */
export function updateChanges(values: SubscriptionFormValues): WebhookSubscriptionChanges {
  return {
    url: values.url.trim(),
    eventTypes: ordered(values.eventTypes),
    description: values.description.trim(),
    enabled: values.enabled,
  };
}

/** A delivery's status as its chip says it: only a delivered one is a success. */
export function deliveryLook(status: WebhookDeliveryStatus): { label: string; tone: Tone; mark: Mark } {
  switch (status) {
    case 'DELIVERED':
      return { label: 'Delivered', tone: 'success', mark: 'done' };
    case 'FAILED':
      return { label: 'Failed — retrying', tone: 'warning', mark: 'busy' };
    case 'DEAD':
      return { label: 'Dead', tone: 'error', mark: 'failed' };
    case 'PENDING':
      return { label: 'Pending', tone: 'info', mark: 'waiting' };
  }
}

/** The API replays a delivered or dead delivery only (one still being attempted: CONFLICT). */
export const replayable = (status: WebhookDeliveryStatus): boolean =>
  status === 'DELIVERED' || status === 'DEAD';

/** Whether the log shows a delivery that will still change by itself (so the page keeps it fresh). */
export const stillAttempted = (statuses: readonly WebhookDeliveryStatus[]): boolean =>
  statuses.some((status) => status === 'PENDING' || status === 'FAILED');
