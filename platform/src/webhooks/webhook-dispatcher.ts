import { randomInt, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { API_CONFIG, type ApiConfig, type WebhooksConfig } from '../config';
import { FieldEncryptionService } from '../crypto';
import { ensureContext, runAsTenant, type TenantRef } from '../request-context';
import { PeriodicTask } from '../scheduling';
import { sendWebhook } from './webhook-sender';
import { signatureHeader, signWebhook } from './webhook-signature';

/** Attempts one claim of a subscription may make before it is released (and claimed again, maybe elsewhere). */
const attemptsPerClaim = 100;

/**
 * Delivers the outbox: a polling loop in each API process (`WEBHOOK_DISPATCH`, on by default).
 *
 * Why here and not a Temporal workflow per bank: the outbox rows already are the durable state, so a
 * loop over them with database leases survives restarts with nothing else to run or keep in step; a
 * workflow per bank would add a second copy of the queue (its history) to reconcile with the table.
 *
 * How: every `pollIntervalMs` it walks the ACTIVE banks (row-level security: tables are read as one bank
 * at a time, `runAsTenant`) and claims subscriptions whose first open delivery (lowest sequence) is due —
 * `update … where id in (select … for update skip locked)` setting a lease (`lease_owner`,
 * `lease_expires_at`). Several processes never hold one subscription at once. For a claimed subscription
 * it sends the head delivery, records the result, and moves to the next only when the head is
 * `delivered` or `dead`: a subscription's events go out in sequence order. A failure is retried with
 * exponential backoff and jitter (`retryBaseMs` doubling up to `retryMaxMs`, each wait drawn from
 * [half, all] of it) until `maxAttempts`, then `dead`. The HTTP call runs outside any transaction; the
 * lease is renewed before each send and the result is written only while the lease is still this
 * process's.
 *
 * Crash safety: a process killed mid-delivery leaves its lease to expire (`leaseMs`, at least twice the
 * request timeout); the head delivery is still open, so the next process to claim the subscription sends
 * it again — at least once, never lost, order kept. Subscribers deduplicate by event id.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private readonly config: WebhooksConfig;
  /** Identifies this process's leases (host, pid and a random part: pids repeat across restarts). */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly polling: PeriodicTask;
  /** Subscriptions this process is sending to, and their loops. */
  private readonly active = new Map<string, Promise<void>>();

  constructor(
    private readonly em: EntityManager,
    private readonly encryption: FieldEncryptionService,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.config = config.webhooks;
    this.polling = new PeriodicTask({
      name: 'webhook dispatch round',
      everyMs: this.config.pollIntervalMs,
      run: () => this.tick(),
      logger: this.logger,
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.dispatch) this.polling.start(0);
  }

  async onModuleDestroy(): Promise<void> {
    await this.polling.stop();
    await Promise.allSettled([...this.active.values()]);
  }

  /** One round: claim due subscriptions bank by bank, up to the free concurrency, and start sending. */
  async tick(): Promise<void> {
    if (this.active.size >= this.config.concurrency) return;
    const tenants = await ensureContext(() =>
      this.em.execute<TenantRef[]>(`select id, slug, realm from tenant where status = 'ACTIVE' order by id`),
    );
    for (const tenant of tenants) {
      const free = this.config.concurrency - this.active.size;
      if (free <= 0 || this.polling.stopping) return;
      const claimed = await runAsTenant(tenant, () => this.claim(tenant.id, free), {
        requestId: `webhooks-${randomUUID()}`,
      });
      for (const subscriptionId of claimed) this.start(tenant, subscriptionId);
    }
  }

  private start(tenant: TenantRef, subscriptionId: string): void {
    const loop = runAsTenant(tenant, () => this.drain(subscriptionId), {
      requestId: `webhooks-${randomUUID()}`,
    })
      .catch((error: unknown) =>
        this.logger.warn(`webhooks of subscription ${subscriptionId} stopped: ${String(error)}`),
      )
      .finally(() => this.active.delete(subscriptionId));
    this.active.set(subscriptionId, loop);
  }

  private claim(tenantId: string, limit: number): Promise<string[]> {
    return this.em.transactional(async (em) => {
      const rows = await em.execute<{ id: string }[]>(
        `update webhook_subscription
            set lease_owner = ?, lease_expires_at = now() + ? * interval '1 millisecond'
          where id in (
            select s.id from webhook_subscription s
             where s.tenant_id = ? and s.enabled
               and (s.lease_expires_at is null or s.lease_expires_at < now())
               and exists (
                 select 1 from webhook_delivery d
                  where d.subscription_id = s.id and d.status in ('pending', 'failed')
                    and d.next_attempt_at <= now()
                    and not exists (
                      select 1 from webhook_delivery e
                       where e.subscription_id = s.id and e.status in ('pending', 'failed')
                         and e.event_sequence < d.event_sequence))
             order by s.id
             limit ?
             for update skip locked)
          returning id`,
        [this.owner, this.config.leaseMs, tenantId, limit],
      );
      return rows.map((row) => row.id).filter((id) => !this.active.has(id));
    });
  }

  /** Sends a claimed subscription's due deliveries in sequence order, then lets go of it. */
  private async drain(subscriptionId: string): Promise<void> {
    try {
      // A busy subscription lets go now and then, so it cannot hold a slot of this process forever.
      for (let sent = 0; sent < attemptsPerClaim && !this.polling.stopping; sent += 1) {
        const next = await this.nextAttempt(subscriptionId);
        if (!next) return;
        const timestamp = Math.floor(Date.now() / 1000);
        const result = await sendWebhook(
          next.url,
          next.body,
          {
            'content-type': 'application/json',
            'user-agent': 'FinPersona-Webhooks/1',
            [signatureHeader]: signWebhook(next.body, next.secrets, timestamp),
            'finpersona-event-id': next.eventId,
            'finpersona-event-type': next.eventType,
            'finpersona-delivery-id': next.deliveryId,
            'finpersona-delivery-attempt': String(next.attempt),
          },
          { timeoutMs: this.config.timeoutMs, allowLoopback: this.config.allowLoopback },
        );
        await this.recordAttempt(subscriptionId, next.deliveryId, next.attempt, result);
      }
    } finally {
      await this.release(subscriptionId).catch(() => undefined);
    }
  }

  /** Renews the lease and reads the head delivery; null when there is nothing due (or the lease is gone). */
  private nextAttempt(subscriptionId: string): Promise<{
    url: string;
    secrets: string[];
    deliveryId: string;
    attempt: number;
    eventId: string;
    eventType: string;
    body: string;
  } | null> {
    return this.em.transactional(async (em) => {
      const [subscription] = await em.execute<
        {
          url: string;
          secret_enc: string;
          previous_secret_enc: string | null;
          previous_valid: boolean | null;
        }[]
      >(
        `update webhook_subscription set lease_expires_at = now() + ? * interval '1 millisecond'
          where id = ? and lease_owner = ? and enabled
          returning url, secret_enc, previous_secret_enc, previous_secret_expires_at > now() as previous_valid`,
        [this.config.leaseMs, subscriptionId, this.owner],
      );
      if (!subscription) return null;
      const [head] = await em.execute<
        {
          id: string;
          attempts: number;
          due: boolean;
          event_id: string;
          sequence: string;
          type: string;
          payload: Record<string, unknown>;
          created_at: string;
          tenant_id: string;
        }[]
      >(
        `select d.id, d.attempts, d.next_attempt_at <= now() as due, e.id as event_id, e.sequence, e.type,
                e.payload, e.created_at, e.tenant_id
           from webhook_delivery d join outbox_event e on e.id = d.event_id
          where d.subscription_id = ? and d.status in ('pending', 'failed')
          order by d.event_sequence limit 1`,
        [subscriptionId],
      );
      if (!head || !head.due) return null;
      const secrets = [
        await this.encryption.decrypt(subscription.secret_enc, secretAddress(subscriptionId, 'secret_enc')),
      ];
      if (subscription.previous_secret_enc && subscription.previous_valid) {
        secrets.push(
          await this.encryption.decrypt(
            subscription.previous_secret_enc,
            secretAddress(subscriptionId, 'previous_secret_enc'),
          ),
        );
      }
      return {
        url: subscription.url,
        secrets,
        deliveryId: head.id,
        attempt: head.attempts + 1,
        eventId: head.event_id,
        eventType: head.type,
        body: JSON.stringify({
          id: head.event_id,
          type: head.type,
          sequence: Number(head.sequence),
          createdAt: new Date(head.created_at).toISOString(),
          tenantId: head.tenant_id,
          data: head.payload,
        }),
      };
    });
  }

  /** Writes an attempt's result, only while this process still holds the subscription. */
  private async recordAttempt(
    subscriptionId: string,
    deliveryId: string,
    attempt: number,
    result: { delivered: boolean; statusCode: number | null; error: string | null },
  ): Promise<void> {
    const status = result.delivered ? 'delivered' : attempt >= this.config.maxAttempts ? 'dead' : 'failed';
    const delayMs = status === 'failed' ? retryDelayMs(attempt, this.config) : 0;
    await this.em.transactional((em) =>
      em.execute(
        `update webhook_delivery
            set status = ?, attempts = ?, last_attempt_at = now(), last_status_code = ?, last_error = ?,
                delivered_at = case when ? then now() else delivered_at end,
                next_attempt_at = now() + ? * interval '1 millisecond', updated_at = now()
          where id = ? and status in ('pending', 'failed')
            and exists (select 1 from webhook_subscription s where s.id = ? and s.lease_owner = ?)`,
        [
          status,
          attempt,
          result.statusCode,
          result.error?.slice(0, 200) ?? null,
          result.delivered,
          delayMs,
          deliveryId,
          subscriptionId,
          this.owner,
        ],
      ),
    );
  }

  private release(subscriptionId: string): Promise<unknown> {
    return this.em.transactional((em) =>
      em.execute(
        `update webhook_subscription set lease_owner = null, lease_expires_at = null
          where id = ? and lease_owner = ?`,
        [subscriptionId, this.owner],
      ),
    );
  }
}

export function secretAddress(rowId: string, column: 'secret_enc' | 'previous_secret_enc') {
  return { table: 'webhook_subscription', column, rowId };
}

/**
 * The wait after failed attempt `attempt` (1-based): `retryBaseMs · 2^(attempt-1)`, at most `retryMaxMs`,
 * drawn uniformly from [half, all] of that so that many subscribers failing together do not retry together.
 */
export function retryDelayMs(
  attempt: number,
  config: Pick<WebhooksConfig, 'retryBaseMs' | 'retryMaxMs'>,
  random: (max: number) => number = randomInt,
): number {
  const ceiling = Math.min(config.retryMaxMs, config.retryBaseMs * 2 ** Math.min(attempt - 1, 30));
  const half = Math.floor(ceiling / 2);
  return half + random(ceiling - half + 1);
}
