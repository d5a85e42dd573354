import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit';
import { ONBOARDING_CONFIG, type OnboardingConfig } from '../config';
import { NotFound } from '../errors';
import { TemporalGateway } from '../onboarding';
import { requireContext } from '../request-context';
import { SYNC_WORKFLOW, type SyncConnectionInput, syncWorkflowId } from './sync-contract';
import type { SyncTrigger } from './sync-run.entity';

/**
 * Starts account syncs from the API side (the connections capability calls it after a connection is
 * authorised, and for "refresh now" by the customer or staff). Tenant from the request context.
 */
@Injectable()
export class SyncStarter {
  constructor(
    private readonly temporal: TemporalGateway,
    @Inject(ONBOARDING_CONFIG) private readonly config: OnboardingConfig,
    private readonly audit: AuditService,
    private readonly em: EntityManager,
  ) {}

  /**
   * Starts workflow `syncConnection` for a connection of the current tenant, with workflow id
   * `sync-<connectionId>`; while a sync of that connection is running, that run is joined (its id is
   * returned) instead of starting a second one. Audited `sync.request` in the caller's transaction.
   * The connection must be one of the current bank's (else `NOT_FOUND`, as for an unknown id: row-level
   * security); whether it is active and its consent live is checked by the workflow before any source call.
   */
  async startSync(
    connectionId: string,
    trigger: Exclude<SyncTrigger, 'schedule'>,
  ): Promise<{ workflowId: string; runId: string }> {
    const tenant = requireContext().tenant;
    if (!tenant) throw new NotFound('A sync is started for a connection of a bank; no bank is addressed.');
    const inTransaction = (this.em.getContext() as EntityManager).isInTransaction();
    const find = () =>
      this.em.execute<{ id: string }[]>(`select id from connection where id = ?`, [connectionId]);
    const found = /^[0-9a-f-]{36}$/i.test(connectionId)
      ? await (inTransaction ? find() : this.em.transactional(find))
      : [];
    if (found.length === 0) throw new NotFound(`No connection with id "${connectionId}".`);
    await this.audit.record({
      action: 'sync.request',
      resourceType: 'connection',
      resourceId: connectionId,
      changes: { trigger },
    });
    return this.startWorkflow(tenant.id, connectionId, trigger);
  }

  /**
   * Only starts (or joins) the workflow: no look-up, no audit. For callers that have already checked and
   * audited the request in their own transaction and start the sync once it has committed (the
   * connections capability), so the workflow never looks for a connection that is not there yet.
   */
  async startWorkflow(
    tenantId: string,
    connectionId: string,
    trigger: Exclude<SyncTrigger, 'schedule'>,
  ): Promise<{ workflowId: string; runId: string }> {
    const input: SyncConnectionInput = { tenantId, connectionId, trigger };
    const handle = await this.temporal.client.workflow.start(SYNC_WORKFLOW, {
      taskQueue: this.config.temporal.taskQueue,
      workflowId: syncWorkflowId(connectionId),
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [input],
      // Shown by Temporal's UI and list API: why this run was started.
      memo: { trigger },
    });
    return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
  }
}
