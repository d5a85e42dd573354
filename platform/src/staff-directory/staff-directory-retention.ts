import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { AuditService } from '../audit';
import { API_CONFIG, type ApiConfig, type StaffDirectoryConfig } from '../config';
import { ensureContext, runAsTenant, type TenantRef } from '../request-context';
import { PeriodicTask } from '../scheduling';

/** How often a pruning process goes over the banks (each bank once per round). */
const pruneEveryMs = 60 * 60 * 1000;

/**
 * Storage limitation for the staff directory (GDPR Art. 5(1)(e)): a staff member the API has not seen for
 * `STAFF_DIRECTORY_RETENTION_DAYS` (`last_seen_at` older than the cut-off) is removed from their bank's
 * directory; the portal then shows their short subject, as for anyone the directory does not know.
 *
 * Runs in the API processes that prune (`STAFF_DIRECTORY_PRUNE`), once shortly after start and then hourly,
 * bank by bank under row-level security, on a `PeriodicTask` as `OutboxRetention` is for the outbox.
 * Each bank's delete and its `staff-directory.prune` audit entry (as the system: the count, the cut-off and
 * the retention, never a name or subject) commit together in one transaction, so a removal is never
 * unrecorded. No lock beyond the rows' own: a sighting that refreshes a row while the delete runs is
 * re-checked by PostgreSQL (the refreshed row is newer than the cut-off and stays), and one that comes
 * after inserts the row again. Several processes may prune the same bank: a row goes once, and a round that
 * removes nothing writes no entry.
 */
@Injectable()
export class StaffDirectoryRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('StaffDirectory');
  private readonly config: StaffDirectoryConfig;
  private readonly task = new PeriodicTask({
    name: 'staff directory pruning',
    everyMs: pruneEveryMs,
    run: () => this.pruneAll(),
    logger: this.logger,
  });

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.config = config.staffDirectory;
  }

  onApplicationBootstrap(): void {
    if (this.config.prune) this.task.start(60_000);
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One round over every bank (suspended ones too: their staff are kept no longer); removals per bank id. */
  async pruneAll(): Promise<Map<string, number>> {
    const tenants = await ensureContext(() =>
      this.em.execute<TenantRef[]>(`select id, slug, realm from tenant order by id`),
    );
    const removed = new Map<string, number>();
    for (const tenant of tenants) {
      if (this.task.stopping) break;
      const count = await this.pruneBank(tenant);
      if (count > 0) removed.set(tenant.id, count);
    }
    return removed;
  }

  /** Removes the bank's staff members not seen within the retention; returns how many. */
  pruneBank(tenant: TenantRef): Promise<number> {
    const { retentionDays } = this.config;
    return runAsTenant(
      tenant,
      () =>
        this.em.transactional(async (em) => {
          const cutoff = new Date(Date.now() - retentionDays * 86_400_000);
          const rows = await em.execute<{ subject: string }[]>(
            `delete from staff_member where tenant_id = ? and last_seen_at < ? returning subject`,
            [tenant.id, cutoff],
          );
          if (rows.length > 0) {
            await this.audit.record({
              action: 'staff-directory.prune',
              resourceType: 'staff_member',
              changes: { removed: rows.length, notSeenSince: cutoff.toISOString(), retentionDays },
            });
          }
          return rows.length;
        }),
      { requestId: `staff-directory-prune-${randomUUID()}` },
    );
  }
}
