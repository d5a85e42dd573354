import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { AuditService, auditChainLockKey } from '../audit';
import { API_CONFIG, type ApiConfig, type WebhooksConfig } from '../config';
import { ensureContext, runAsTenant, type TenantRef } from '../request-context';
import { PeriodicTask } from '../scheduling';

/** How often a dispatching process prunes (each bank once per round). */
const pruneEveryMs = 60 * 60 * 1000;
/** Events removed per statement, so one bank's backlog never makes one long transaction. */
const batchSize = 1000;

/**
 * Keeps the outbox from growing without end: events older than `WEBHOOK_RETENTION_DAYS` whose deliveries
 * are all finished (`delivered` or `dead`) are deleted with their deliveries (the foreign key cascades).
 * Kept whatever their age: an event with a delivery still `pending` or `failed` (it will be sent), and each
 * bank's newest event (the next sequence is `max + 1`, so removing it would hand its number out again).
 *
 * Runs in the processes that dispatch (`WEBHOOK_DISPATCH`), once shortly after start and then hourly, bank
 * by bank under row-level security. Each batch takes the bank's audit-chain advisory lock first — the
 * lock `OutboxService.record` and a replay's audit entry hold to the end of their transactions — so an
 * event replayed (its delivery set back to `pending`) while a prune runs is seen as open and kept. A
 * bank whose events were removed gets one `webhook.prune` audit entry per round (as the system), with
 * the count and the cut-off. Several processes may prune the same bank: the deletes are idempotent.
 */
@Injectable()
export class OutboxRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private readonly config: WebhooksConfig;
  private readonly task = new PeriodicTask({
    name: 'outbox pruning',
    everyMs: pruneEveryMs,
    run: () => this.pruneAll(),
    logger: this.logger,
  });

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.config = config.webhooks;
  }

  onApplicationBootstrap(): void {
    if (this.config.dispatch) this.task.start(60_000);
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One round over the ACTIVE banks; returns the events removed per bank id (banks with none left out). */
  async pruneAll(): Promise<Map<string, number>> {
    const tenants = await ensureContext(() =>
      this.em.execute<TenantRef[]>(`select id, slug, realm from tenant where status = 'ACTIVE' order by id`),
    );
    const removed = new Map<string, number>();
    for (const tenant of tenants) {
      if (this.task.stopping) break;
      const count = await this.pruneBank(tenant);
      if (count > 0) removed.set(tenant.id, count);
    }
    return removed;
  }

  /** Removes the bank's prunable events (see the class); returns how many. */
  pruneBank(tenant: TenantRef): Promise<number> {
    return runAsTenant(
      tenant,
      async () => {
        const cutoff = new Date(Date.now() - this.config.retentionDays * 86_400_000);
        let total = 0;
        for (;;) {
          const removed = await this.em.transactional(async (em) => {
            await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [
              auditChainLockKey(tenant.id),
            ]);
            const rows = await em.execute<{ id: string }[]>(
              `delete from outbox_event where id in (
                 select e.id from outbox_event e
                  where e.tenant_id = ? and e.created_at < ?
                    and e.sequence < (select max(sequence) from outbox_event where tenant_id = ?)
                    and not exists (
                      select 1 from webhook_delivery d
                       where d.event_id = e.id and d.status in ('pending', 'failed'))
                  order by e.sequence
                  limit ?)
               returning id`,
              [tenant.id, cutoff, tenant.id, batchSize],
            );
            return rows.length;
          });
          total += removed;
          if (removed < batchSize || this.task.stopping) break;
        }
        if (total > 0) {
          await this.em.transactional(() =>
            this.audit.record({
              action: 'webhook.prune',
              resourceType: 'outbox_event',
              changes: {
                removed: total,
                olderThan: cutoff.toISOString(),
                retentionDays: this.config.retentionDays,
              },
            }),
          );
        }
        return total;
      },
      { requestId: `webhooks-prune-${randomUUID()}` },
    );
  }
}
