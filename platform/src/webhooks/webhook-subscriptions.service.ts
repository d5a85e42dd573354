import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { accessibleWhere } from '../access';
import { AuditService } from '../audit';
import { API_CONFIG, type ApiConfig } from '../config';
import { FieldEncryptionService } from '../crypto';
import { Conflict, type FieldProblem, Invalid, NotFound } from '../errors';
import { requireContext } from '../request-context';
import { isWebhookEventType, type WebhookEventType, webhookEventTypes } from './event-catalogue';
import { secretAddress } from './webhook-dispatcher';
import { newWebhookSecret } from './webhook-signature';
import { webhookUrlProblems } from './webhook-target';
import {
  type DeliveryStatus,
  deliveryStatuses,
  WebhookDelivery,
  WebhookSubscription,
} from './webhook.entities';

/** Most subscriptions one bank may have. */
export const maxSubscriptionsPerBank = 20;
/** How long the previous secret still signs (as a second `v1`) after a rotation. */
export const rotationGraceHours = 24;
export const maxDeliveryPageSize = 100;
const maxDescriptionLength = 200;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SubscriptionInput {
  url?: string | null;
  eventTypes?: readonly string[] | null;
  description?: string | null;
  enabled?: boolean | null;
}

/** What a create or update changes: only the given fields. */
interface CheckedInput {
  url?: string;
  eventTypes?: string[];
  description?: string | null;
  enabled?: boolean;
}

export interface DeliveryFilter {
  first: number;
  after?: string | null;
  subscriptionId?: string | null;
  status?: DeliveryStatus | null;
  eventType?: WebhookEventType | null;
}

export interface DeliveryPage {
  edges: { cursor: string; node: WebhookDelivery }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * The bank administrator's side of outbound webhooks: subscriptions (create, update, delete, rotate the
 * secret — shown once, at creation or rotation, never again), the delivery log and replay. Every change
 * is audited in its transaction (`webhook-subscription.*`, `webhook-delivery.replay`; the URL in clear,
 * never a secret). Rows are the current bank's only: CASL conditions, the ORM filter and RLS.
 */
@Injectable()
export class WebhookSubscriptionsService {
  private readonly allowLoopback: boolean;

  constructor(
    private readonly em: EntityManager,
    private readonly encryption: FieldEncryptionService,
    private readonly audit: AuditService,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.allowLoopback = config.webhooks.allowLoopback;
  }

  async list(): Promise<WebhookSubscription[]> {
    const where = accessibleWhere('read', 'WebhookSubscription');
    if (!where) return [];
    return this.em.find(WebhookSubscription, where as FilterQuery<WebhookSubscription>, {
      orderBy: { createdAt: 'asc', id: 'asc' },
    });
  }

  /** A new subscription (enabled) and its secret, which is returned here only. */
  async create(input: SubscriptionInput): Promise<{ subscription: WebhookSubscription; secret: string }> {
    const tenantId = this.tenantId();
    const checked = this.checkInput(input, true);
    const count = await this.em.count(WebhookSubscription, { tenantId });
    if (count >= maxSubscriptionsPerBank) {
      throw new Conflict(
        `This bank has ${maxSubscriptionsPerBank} webhook subscriptions already; delete one or add event types to an existing one.`,
      );
    }
    const secret = newWebhookSecret();
    const subscription = this.em.create(WebhookSubscription, {
      tenantId,
      url: checked.url!,
      eventTypes: checked.eventTypes!,
      description: checked.description ?? null,
      enabled: checked.enabled ?? true,
      secretEnc: '',
      createdBy: this.actor(),
      updatedBy: this.actor(),
    });
    subscription.secretEnc = await this.seal(subscription.id, 'secret_enc', secret);
    await this.em.flush();
    await this.record('webhook-subscription.create', subscription);
    return { subscription, secret };
  }

  /** Changes what is given (URL, event types, description, enabled); the rest is kept. */
  async update(subscriptionId: string, input: SubscriptionInput): Promise<WebhookSubscription> {
    const checked = this.checkInput(input, false);
    const subscription = await this.own(subscriptionId);
    if (checked.url !== undefined) subscription.url = checked.url;
    if (checked.eventTypes !== undefined) subscription.eventTypes = checked.eventTypes;
    if (checked.description !== undefined) subscription.description = checked.description;
    if (checked.enabled !== undefined) subscription.enabled = checked.enabled;
    subscription.updatedBy = this.actor();
    subscription.updatedAt = new Date();
    await this.em.flush();
    await this.record('webhook-subscription.update', subscription);
    return subscription;
  }

  /** Deletes the subscription and its delivery log; returns what was removed. */
  async delete(subscriptionId: string): Promise<WebhookSubscription> {
    const subscription = await this.own(subscriptionId);
    this.em.remove(subscription);
    await this.em.flush();
    await this.record('webhook-subscription.delete', subscription);
    return subscription;
  }

  /**
   * A new secret, returned here only. The previous one keeps signing (a second `v1`) for
   * `rotationGraceHours`, so the bank can deploy the new secret without refusing events meanwhile.
   */
  async rotateSecret(subscriptionId: string): Promise<{ subscription: WebhookSubscription; secret: string }> {
    const subscription = await this.own(subscriptionId);
    const previous = await this.encryption.decrypt(
      subscription.secretEnc,
      secretAddress(subscription.id, 'secret_enc'),
    );
    const secret = newWebhookSecret();
    subscription.previousSecretEnc = await this.seal(subscription.id, 'previous_secret_enc', previous);
    subscription.previousSecretExpiresAt = new Date(Date.now() + rotationGraceHours * 3_600_000);
    subscription.secretEnc = await this.seal(subscription.id, 'secret_enc', secret);
    subscription.updatedBy = this.actor();
    subscription.updatedAt = new Date();
    await this.em.flush();
    await this.record('webhook-subscription.rotate-secret', subscription, {
      previousSecretValidUntil: subscription.previousSecretExpiresAt.toISOString(),
    });
    return { subscription, secret };
  }

  /** The delivery log, newest event first, filtered by subscription, status and event type. */
  async deliveries(filter: DeliveryFilter): Promise<DeliveryPage> {
    const problems: FieldProblem[] = [];
    if (!Number.isInteger(filter.first) || filter.first < 1 || filter.first > maxDeliveryPageSize) {
      problems.push({ field: 'first', problem: `must be between 1 and ${maxDeliveryPageSize}` });
    }
    if (filter.subscriptionId != null && !uuid.test(filter.subscriptionId)) {
      problems.push({ field: 'subscriptionId', problem: 'must be the id of one of your subscriptions' });
    }
    const after = filter.after ? decodeDeliveryCursor(filter.after) : null;
    if (problems.length > 0) throw Invalid.fields(problems);
    const where = accessibleWhere('read', 'WebhookDelivery');
    if (!where) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    const conditions: FilterQuery<WebhookDelivery>[] = [where as FilterQuery<WebhookDelivery>];
    if (filter.subscriptionId) conditions.push({ subscriptionId: filter.subscriptionId });
    if (filter.status) conditions.push({ status: filter.status });
    if (filter.eventType) conditions.push({ eventType: filter.eventType });
    if (after) {
      conditions.push({
        $or: [
          { eventSequence: { $lt: after.sequence } },
          { eventSequence: after.sequence, id: { $gt: after.id } },
        ],
      });
    }
    const rows = await this.em.find(
      WebhookDelivery,
      { $and: conditions },
      { orderBy: { eventSequence: 'desc', id: 'asc' }, limit: filter.first + 1 },
    );
    const page = rows.slice(0, filter.first);
    const edges = page.map((node) => ({ cursor: encodeDeliveryCursor(node), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > filter.first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  /**
   * Sends a `dead` or `delivered` delivery again from its first attempt (due now). A replayed older event
   * goes out before the subscription's later open deliveries (sequence order). CONFLICT while it is
   * still being delivered.
   */
  async replay(deliveryId: string): Promise<WebhookDelivery> {
    const delivery = await this.ownForUpdate(WebhookDelivery, deliveryId, 'webhook delivery');
    if (delivery.status === 'pending' || delivery.status === 'failed') {
      throw new Conflict('This delivery is still being attempted; replay it once it is delivered or dead.');
    }
    const previousStatus = delivery.status;
    await this.reopen([delivery.id]);
    await this.em.refresh(delivery);
    await this.audit.record({
      action: 'webhook-delivery.replay',
      resourceType: 'webhook-delivery',
      resourceId: delivery.id,
      changes: {
        subscriptionId: delivery.subscriptionId,
        eventId: delivery.eventId,
        eventType: delivery.eventType,
        previousStatus,
      },
    });
    return delivery;
  }

  /** Replays every `dead` delivery of a subscription (in sequence order); returns how many. */
  async replayDead(subscriptionId: string): Promise<number> {
    const subscription = await this.own(subscriptionId);
    const dead = await this.em.find(
      WebhookDelivery,
      { tenantId: subscription.tenantId, subscriptionId: subscription.id, status: 'dead' },
      { lockMode: LockMode.PESSIMISTIC_WRITE, fields: ['id'] },
    );
    await this.reopen(dead.map((delivery) => delivery.id));
    await this.audit.record({
      action: 'webhook-delivery.replay',
      resourceType: 'webhook-subscription',
      resourceId: subscription.id,
      changes: { previousStatus: 'dead', replayed: dead.length },
    });
    return dead.length;
  }

  // --- helpers ---

  private async reopen(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.em.nativeUpdate(
      WebhookDelivery,
      { id: { $in: [...ids] }, tenantId: this.tenantId() },
      { status: 'pending', attempts: 0, nextAttemptAt: new Date(), deliveredAt: null, updatedAt: new Date() },
    );
  }

  /** One of the bank's subscriptions, locked for the change; NOT_FOUND for any other id. */
  private own(subscriptionId: string): Promise<WebhookSubscription> {
    return this.ownForUpdate(WebhookSubscription, subscriptionId, 'webhook subscription');
  }

  /**
   * A row the caller may update (CASL conditions, the ORM filter and RLS), locked for the change;
   * another bank's id is the same NOT_FOUND as an id of nobody.
   */
  private async ownForUpdate<T extends WebhookSubscription | WebhookDelivery>(
    entity: new () => T,
    id: string,
    noun: string,
  ): Promise<T> {
    const where = accessibleWhere('update', entity.name as 'WebhookSubscription' | 'WebhookDelivery');
    const row =
      where && uuid.test(id)
        ? await this.em.findOne(entity, { $and: [where, { id }] } as FilterQuery<T>, {
            lockMode: LockMode.PESSIMISTIC_WRITE,
          })
        : null;
    if (!row) throw new NotFound(`No ${noun} with this id belongs to your bank; check the id.`);
    return row as T;
  }

  /** Every problem of the input at once (nothing is written on bad input). */
  private checkInput(input: SubscriptionInput, creating: boolean): CheckedInput {
    const problems: FieldProblem[] = [];
    const checked: CheckedInput = {};
    if (input.url != null) {
      const url = input.url.trim();
      problems.push(...webhookUrlProblems(url, this.allowLoopback));
      checked.url = url;
    } else if (creating) problems.push({ field: 'url', problem: 'is required' });
    if (input.eventTypes != null) {
      const unknown = input.eventTypes.filter((type) => !isWebhookEventType(type));
      if (input.eventTypes.length === 0) {
        problems.push({ field: 'eventTypes', problem: 'must name at least one event type' });
      } else if (unknown.length > 0) {
        problems.push({
          field: 'eventTypes',
          problem: `must be among ${webhookEventTypes.join(', ')} (unknown: ${unknown.join(', ')})`,
        });
      }
      checked.eventTypes = [...new Set(input.eventTypes)];
    } else if (creating) problems.push({ field: 'eventTypes', problem: 'is required' });
    if (input.description !== undefined) {
      const description = input.description?.trim() || null;
      if (description && description.length > maxDescriptionLength) {
        problems.push({
          field: 'description',
          problem: `must be at most ${maxDescriptionLength} characters`,
        });
      }
      checked.description = description;
    }
    if (input.enabled != null) checked.enabled = input.enabled;
    if (problems.length > 0) throw Invalid.fields(problems);
    return checked;
  }

  private seal(rowId: string, column: 'secret_enc' | 'previous_secret_enc', secret: string): Promise<string> {
    return this.encryption
      .encryptForTenant([{ address: secretAddress(rowId, column), plaintext: secret }])
      .then(([sealed]) => sealed!);
  }

  private record(
    action: string,
    subscription: WebhookSubscription,
    extra: Record<string, string> = {},
  ): Promise<unknown> {
    // The URL is the bank's own endpoint (no personal data); the secret is never recorded.
    return this.audit.record({
      action,
      resourceType: 'webhook-subscription',
      resourceId: subscription.id,
      changes: {
        url: subscription.url,
        eventTypes: [...subscription.eventTypes],
        enabled: subscription.enabled,
        ...extra,
      },
    });
  }

  private tenantId(): string {
    const tenant = requireContext().tenant;
    if (!tenant) throw new Error('Webhook subscriptions are tenant-owned: use them in a request of a bank');
    return tenant.id;
  }

  private actor(): string {
    return requireContext().principal?.subject ?? 'system';
  }
}

function encodeDeliveryCursor(delivery: WebhookDelivery): string {
  return Buffer.from(JSON.stringify(['w1', String(delivery.eventSequence), delivery.id])).toString(
    'base64url',
  );
}

function decodeDeliveryCursor(value: string): { sequence: string; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed[0] === 'w1' &&
      typeof parsed[1] === 'string' &&
      /^[1-9][0-9]{0,18}$/.test(parsed[1]) &&
      typeof parsed[2] === 'string' &&
      uuid.test(parsed[2])
    ) {
      return { sequence: parsed[1], id: parsed[2] };
    }
  } catch {
    // Reported below.
  }
  throw Invalid.fields([{ field: 'after', problem: 'must be a cursor returned by this API' }]);
}

export { deliveryStatuses };
