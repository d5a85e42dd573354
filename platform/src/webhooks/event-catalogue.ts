/**
 * The events banks' systems can subscribe to (platform/README.md "Outbound events"). Payloads carry ids,
 * codes, counts and times only — never a name, an e-mail, an IBAN or a transaction text — so an event
 * can be stored in the outbox and sent to a bank's endpoint without personal data in clear. Ids are the
 * platform's opaque ids (a customer id after erasure points at a tombstone).
 */
export const webhookEventTypes = [
  'consent.granted',
  'consent.revoked',
  'consent.expired',
  'sync.finished',
  'plugin.changed',
  'recommendation.accepted',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (webhookEventTypes as readonly string[]).includes(value);
}

/** The payload (`data`) of each event type. */
export interface WebhookEventPayloads {
  'consent.granted': {
    consentId: string;
    customerId: string;
    purpose: string;
    grantedAt: string;
    expiresAt: string | null;
    renewalDueAt: string | null;
  };
  /** Ended before its deadline: by the customer (`revoked`) or by their erasure (`erased`). */
  'consent.revoked': {
    consentId: string;
    customerId: string;
    purpose: string;
    reason: 'revoked' | 'erased';
    revokedAt: string;
  };
  /** Its deadline passed: the AIS cap (`expired`) or a missed renewal (`renewal-missed`). */
  'consent.expired': {
    consentId: string;
    customerId: string;
    purpose: string;
    reason: 'expired' | 'renewal-missed';
    expiredAt: string;
  };
  'sync.finished': {
    syncRunId: string;
    connectionId: string;
    customerId: string;
    connector: string;
    trigger: string;
    status: string;
    finishedAt: string;
    accounts: number;
    inserted: number;
    updated: number;
    unchanged: number;
    rejected: number;
    errorCode: string | null;
  };
  'plugin.changed': {
    installationId: string;
    pluginId: string;
    change: 'install' | 'configure' | 'enable' | 'disable' | 'upgrade' | 'uninstall';
    version: string;
    fromVersion: string | null;
    status: 'enabled' | 'disabled' | 'uninstalled';
  };
  /**
   * A customer accepted a recommendation: `RecommendationsService` records it through `OutboxService.record`
   * in the accepting transaction.
   */
  'recommendation.accepted': {
    recommendationId: string;
    customerId: string;
    productId: string;
    acceptedAt: string;
  };
}

/** One line per event type, for the GraphQL enum and the README. */
export const webhookEventDescriptions: Record<WebhookEventType, string> = {
  'consent.granted': 'A customer granted a consent (purpose, deadlines).',
  'consent.revoked': 'A consent was revoked by its customer, or ended by their erasure.',
  'consent.expired': 'A consent reached its deadline (expiry or missed renewal).',
  'sync.finished': 'A sync run of a connection finished (status and counts).',
  'plugin.changed': 'A plugin was installed, configured, enabled, disabled, upgraded or uninstalled.',
  'recommendation.accepted': 'A customer accepted a recommendation.',
};
