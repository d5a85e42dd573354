import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ConnectionGrant, DataConnector, RegionComplianceRules } from '@finpersona/plugin-sdk';
import { AuditService } from '../audit';
import { ComplianceRules } from '../compliance';
import { ConsentClock } from '../consents';
import { FieldEncryptionService } from '../crypto';
import { Invalid, NotFound } from '../errors';
import { requireContext, runAsTenant, type TenantRef } from '../request-context';
import { type Region, TenancyService, tenantRef } from '../tenancy';
import { OutboxService } from '../webhooks';
import { grantReplacementProblem, openGrant, sameGrant, sealGrant } from './connection-grant';
import { ConnectorRegistry } from './connector-registry';
import { connectionStopReason, readConnection } from './ingest.service';
import type { SyncReport } from './sync-contract';
import type { SyncRunStatus, SyncTrigger } from './sync-run.entity';

export type SyncStart =
  | { kind: 'started'; runId: string }
  /** A scheduled run beyond the region's unattended refreshes in the last 24 h: nothing was done. */
  | { kind: 'skipped'; reason: 'unattended-cap' }
  /** The connection (or its consent, or its bank) does not allow a sync: nothing was done. */
  | { kind: 'not-active'; reason: string };

const day = 24 * 60 * 60 * 1000;

/** How often a connection is refreshed unattended under `rules`: the pack's cap a day, else daily. */
export function scheduleIntervalMs(rules: Pick<RegionComplianceRules, 'ais'>): number {
  const perDay = rules.ais.unattendedRefreshes.perDay;
  return perDay === null ? day : Math.ceil(day / perDay);
}

/**
 * The platform side of the account-sync workflow's activities (workflows/src/sync): runs, liveness checks
 * before every source call, the connector of a connection with its decrypted grant, the end of a
 * connection whose source consent ended. Tenant from the context (`runAsTenant` in the worker).
 */
@Injectable()
export class SyncService {
  constructor(
    private readonly em: EntityManager,
    private readonly encryption: FieldEncryptionService,
    private readonly audit: AuditService,
    private readonly tenancy: TenancyService,
    private readonly registry: ConnectorRegistry,
    /**
     * The consents' "now" (system time in production): a consent's deadlines are written in it, so the
     * liveness checks before source calls and the unattended-refresh window are measured in it too.
     */
    private readonly clock: ConsentClock,
    private readonly outbox: OutboxService,
    private readonly compliance: ComplianceRules,
  ) {}

  /** The current bank's unattended refresh interval (`scheduleIntervalMs` of its rule pack). */
  async scheduleIntervalMs(): Promise<number> {
    return scheduleIntervalMs(await this.compliance.forCurrentTenant());
  }

  /** Runs `work` as tenant `tenantId` (a job: no principal); NOT_FOUND for an unknown tenant. */
  async asTenant<T>(
    tenantId: string,
    work: (tenant: TenantRef & { region: Region; status: string }) => Promise<T>,
  ): Promise<T> {
    const tenant = /^[0-9a-f-]{36}$/i.test(tenantId) ? await this.tenancy.findById(tenantId) : null;
    if (!tenant) throw new NotFound(`No tenant with id "${tenantId}".`);
    return runAsTenant(tenantRef(tenant), () =>
      work({ ...tenantRef(tenant), region: tenant.region, status: tenant.status }),
    );
  }

  /**
   * Starts a run of `trigger` on a connection (`running`, audited `sync.start`), unless the connection is
   * not active, its consent is not live or its bank is not active (`not-active`), or — for scheduled runs —
   * the region's unattended refreshes in the last 24 hours are used up (`skipped`, audited `sync.skipped`;
   * customer- and staff-triggered runs do not count). The connection row is locked, so concurrent starts count right.
   */
  async startRun(connectionId: string, trigger: SyncTrigger, tenantStatus: string): Promise<SyncStart> {
    return this.em.transactional(async (em) => {
      const connection = await readConnection(em, connectionId, { lock: true });
      if (!connection) throw new NotFound(`No connection with id "${connectionId}".`);
      if (tenantStatus !== 'ACTIVE')
        return { kind: 'not-active', reason: `tenant-${tenantStatus.toLowerCase()}` };
      const now = this.clock.now();
      const stop = connectionStopReason(connection, now);
      if (stop) return { kind: 'not-active', reason: stop };
      const cap =
        trigger === 'schedule'
          ? (await this.compliance.forCurrentTenant()).ais.unattendedRefreshes.perDay
          : null;
      if (cap !== null) {
        const [row] = await em.execute<{ runs: string }[]>(
          `select count(*) as runs from sync_run
            where connection_id = ? and trigger = 'schedule' and started_at > ?::timestamptz - interval '24 hours'`,
          [connectionId, now.toISOString()],
        );
        if (Number(row!.runs) >= cap) {
          await this.recordSkipped(connectionId, trigger, 'unattended-cap');
          return { kind: 'skipped', reason: 'unattended-cap' };
        }
      }
      const runId = randomUUID();
      await em.execute(
        `insert into sync_run (id, tenant_id, customer_id, connection_id, trigger, status, started_at, report)
         values (?, ?, ?, ?, ?, 'running', ?, '{}'::jsonb)`,
        [runId, this.tenantId(), connection.customerId, connectionId, trigger, now.toISOString()],
      );
      await this.audit.record({
        action: 'sync.start',
        resourceType: 'connection',
        resourceId: connectionId,
        changes: { runId, trigger },
      });
      return { kind: 'started', runId };
    });
  }

  /**
   * Where the syncs of these connections of the current tenant stand, for a tool waiting on them
   * (`cli import-pkdd99`): how many have a finished run, how many of those ended other than `succeeded`
   * (their latest run), and how many transactions their accounts hold.
   */
  async progressOf(
    connectionIds: readonly string[],
  ): Promise<{ finished: number; unsuccessful: number; transactions: number }> {
    if (connectionIds.length === 0) return { finished: 0, unsuccessful: 0, transactions: 0 };
    const tenantId = requireContext().tenant!.id;
    const ids = `{${connectionIds.join(',')}}`;
    return this.em.transactional(async (em) => {
      const [row] = await em.execute<{ finished: string; unsuccessful: string; transactions: string }[]>(
        `with latest as (
           select distinct on (connection_id) connection_id, status from sync_run
            where tenant_id = ? and connection_id = any(?::uuid[]) and finished_at is not null
            order by connection_id, finished_at desc)
         select (select count(*) from latest) as finished,
                (select count(*) from latest where status <> 'succeeded') as unsuccessful,
                (select count(*) from account_transaction t join account a on a.id = t.account_id
                  where a.tenant_id = ? and a.connection_id = any(?::uuid[])) as transactions`,
        [tenantId, ids, tenantId, ids],
      );
      return {
        finished: Number(row!.finished),
        unsuccessful: Number(row!.unsuccessful),
        transactions: Number(row!.transactions),
      };
    });
  }

  /** Why a source call may not be made now (connection not active, consent not live), or null when it may. */
  async stopReason(connectionId: string): Promise<string | null> {
    return this.em.transactional(async (em) => {
      const connection = await readConnection(em, connectionId, { lock: false });
      if (!connection) return 'connection-gone';
      return connectionStopReason(connection, this.clock.now());
    });
  }

  /** The connector of a connection, built for its tenant, with the connection's grant decrypted. */
  async connectorOf(
    connectionId: string,
    region: Region,
  ): Promise<{ connector: DataConnector; grant: ConnectionGrant }> {
    return this.em.transactional(async (em) => {
      const connection = await readConnection(em, connectionId, { lock: false });
      if (!connection) throw new NotFound(`No connection with id "${connectionId}".`);
      if (!connection.grantEnc)
        throw new NotFound('The connection has no grant yet; the customer must finish connecting.');
      const grant = await openGrant(this.encryption, connection.id, connection.grantEnc);
      // The bank's plugin settings (decrypted secrets included) come from its plugin installation.
      const connector = await this.registry.connectorFor(connection.connector, {
        tenantId: this.tenantId(),
        region,
      });
      return { connector, grant };
    });
  }

  /**
   * Stores `grant` as the connection's grant in place of `previous` (what a connector's
   * `ConnectorContext.saveGrant` does): encrypted like the first, `source_expires_at` following its
   * `expiresAt`, committed in its own transaction before this resolves, so a rotated token is durable
   * before the connector uses it and later (or retried) calls get it. The connection row is locked, so a
   * save never races its end: when the connection is no longer active or its consent not live, nothing is
   * stored (`{saved: false, reason}`). Saving the grant already stored changes nothing (no write, no audit
   * entry), which makes retries idempotent. A grant for another source consent, not JSON or too large is
   * `INVALID` and stores nothing. Audited `connection.grant-renewed` (no credentials in the entry).
   */
  async saveGrant(
    connectionId: string,
    previous: ConnectionGrant,
    grant: ConnectionGrant,
  ): Promise<{ saved: true; changed: boolean } | { saved: false; reason: string }> {
    const problem = grantReplacementProblem(previous, grant);
    if (problem) throw Invalid.fields([{ field: 'grant', problem }]);
    return this.em.transactional(async (em) => {
      const connection = await readConnection(em, connectionId, { lock: true });
      if (!connection) return { saved: false, reason: 'connection-gone' };
      const stop = connectionStopReason(connection, new Date());
      if (stop) return { saved: false, reason: stop };
      if (!connection.grantEnc) return { saved: false, reason: 'connection-without-grant' };
      const stored = await openGrant(this.encryption, connectionId, connection.grantEnc);
      if (sameGrant(stored, grant)) return { saved: true, changed: false };
      const sealed = await sealGrant(this.encryption, connection.customerId, connectionId, grant);
      await em.execute(
        `update connection set grant_enc = ?, source_expires_at = ?, updated_at = now() where id = ?`,
        [sealed.grantEnc, sealed.sourceExpiresAt, connectionId],
      );
      await this.audit.record({
        action: 'connection.grant-renewed',
        resourceType: 'connection',
        resourceId: connectionId,
        changes: { sourceExpiresAt: sealed.sourceExpiresAt?.toISOString() ?? null },
      });
      return { saved: true, changed: true };
    });
  }

  /**
   * Ends a run: its status and report on `sync_run`, the connection's last sync, and `sync.finished` in the
   * audit trail (counts and error codes only). Returns whether the connection is still active and whether
   * its connector's source changes (`ConnectorRegistry.refreshes`): the workflow keeps a schedule only then.
   */
  async finishRun(
    runId: string,
    status: SyncRunStatus,
    report: SyncReport,
  ): Promise<{ connectionActive: boolean; refreshes: boolean }> {
    return this.em.transactional(async (em) => {
      const now = this.clock.now().toISOString();
      const [run] = await em.execute<{ connection_id: string; trigger: string }[]>(
        `update sync_run set status = ?, finished_at = ?, report = ?::jsonb where id = ?
         returning connection_id, trigger`,
        [status, now, JSON.stringify(report), runId],
      );
      if (!run) throw new NotFound(`No sync run with id "${runId}".`);
      const [connection] = await em.execute<{ status: string; connector: string; customer_id: string }[]>(
        `update connection set last_sync_at = ?, last_sync_status = ?,
                error_code = ?, error_message = ?, updated_at = now()
          where id = ? returning status, connector, customer_id`,
        [now, status, report.error?.code ?? null, report.error?.message ?? null, run.connection_id],
      );
      const totals = Object.values(report.perAccount).reduce(
        (sum, account) => ({
          pages: sum.pages + account.pages,
          inserted: sum.inserted + account.inserted,
          updated: sum.updated + account.updated,
          unchanged: sum.unchanged + account.unchanged,
          rejected: sum.rejected + account.rejected,
          failedAccounts: sum.failedAccounts + (account.error ? 1 : 0),
        }),
        { pages: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, failedAccounts: 0 },
      );
      await this.audit.record({
        action: 'sync.finished',
        resourceType: 'connection',
        resourceId: run.connection_id,
        changes: {
          runId,
          trigger: run.trigger,
          status,
          accounts: Object.keys(report.perAccount).length,
          ...totals,
          stoppedReason: report.stoppedReason,
          errorCode: report.error?.code ?? null,
        },
      });
      if (connection) {
        await this.outbox.record('sync.finished', {
          syncRunId: runId,
          connectionId: run.connection_id,
          customerId: connection.customer_id,
          connector: connection.connector,
          trigger: run.trigger,
          status,
          finishedAt: now,
          accounts: Object.keys(report.perAccount).length,
          inserted: totals.inserted,
          updated: totals.updated,
          unchanged: totals.unchanged,
          rejected: totals.rejected,
          errorCode: report.error?.code ?? null,
        });
      }
      return {
        connectionActive: connection?.status === 'active',
        refreshes: connection ? this.registry.refreshes(connection.connector) : false,
      };
    });
  }

  /**
   * The source said its consent ended (`CONSENT_EXPIRED` / `CONSENT_REVOKED`): the connection becomes
   * `expired` / `revoked` (no call reaches the source again until the customer reconnects), audited.
   */
  async endConnection(
    connectionId: string,
    code: 'CONSENT_EXPIRED' | 'CONSENT_REVOKED',
    message: string,
  ): Promise<void> {
    const status = code === 'CONSENT_EXPIRED' ? 'expired' : 'revoked';
    await this.em.transactional(async (em) => {
      const rows = await em.execute<{ id: string }[]>(
        `update connection set status = ?, error_code = ?, error_message = ?, updated_at = now()
          where id = ? and status = 'active' returning id`,
        [status, code, message.slice(0, 500), connectionId],
      );
      if (rows.length > 0) {
        await this.audit.record({
          action: 'connection.end',
          resourceType: 'connection',
          resourceId: connectionId,
          changes: { status, errorCode: code },
        });
      }
    });
  }

  /**
   * A scheduled run that did not sync because a sync of the connection was already running and took its
   * request (`already-running`), or because the region's unattended refreshes were used up (`unattended-cap`,
   * from `startRun`): audited `sync.skipped` (trigger, reason), so the bank's history shows the schedule fired. Nothing else changes (no `sync_run` row; the running sync records its own).
   */
  async recordSkipped(
    connectionId: string,
    trigger: SyncTrigger,
    reason: 'already-running' | 'unattended-cap',
  ): Promise<void> {
    await this.audit.record({
      action: 'sync.skipped',
      resourceType: 'connection',
      resourceId: connectionId,
      changes: { trigger, reason },
    });
  }

  private tenantId(): string {
    const tenant = requireContext().tenant;
    if (!tenant) throw new Error('Sync needs a tenant: runAsTenant()');
    return tenant.id;
  }
}
