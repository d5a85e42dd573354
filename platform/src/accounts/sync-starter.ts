import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { ScheduleNotFoundError, WorkflowNotFoundError } from '@temporalio/client';
import { AuditService } from '../audit';
import { ONBOARDING_CONFIG, type OnboardingConfig } from '../config';
import { NotFound } from '../errors';
import { TemporalGateway } from '../onboarding';
import { requireContext } from '../request-context';
import {
  SYNC_REQUESTED_SIGNAL,
  SYNC_WORKFLOW,
  type SyncConnectionInput,
  type SyncRequest,
  syncScheduleId,
  syncWorkflowId,
} from './sync-contract';
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
   * Asks for a sync of a connection of the current tenant: starts workflow `syncConnection` with workflow id
   * `sync-<connectionId>`, or, while a sync of that connection is running (that one, or a run of the
   * connection's schedule), signals that run instead of starting a second one (its id is returned). A run whose fetch had already begun then runs once more
   * when it ends (one follow-up however many requests came); one that had not yet fetched serves the
   * request itself. Audited `sync.request` in the caller's transaction.
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
   * Only requests the sync (signal-with-start, as `startSync`): no look-up, no audit. For callers that have
   * already checked and audited the request in their own transaction and start the sync once it has
   * committed (the connections capability), so the workflow never looks for a connection that is not there
   * yet. Returns the run that was started or signalled.
   */
  async startWorkflow(
    tenantId: string,
    connectionId: string,
    trigger: Exclude<SyncTrigger, 'schedule'>,
  ): Promise<{ workflowId: string; runId: string }> {
    const input: SyncConnectionInput = { tenantId, connectionId, trigger };
    const request: SyncRequest = { trigger };
    // A run the connection's schedule started has an id Temporal makes (`sync-<id>-schedule-<time>`), so
    // signal-with-start on `sync-<id>` would start a second sync beside it: that run gets the request.
    const scheduled = await this.runningScheduledSync(connectionId);
    if (scheduled) {
      try {
        await this.temporal.client.workflow
          .getHandle(scheduled.workflowId)
          .signal(SYNC_REQUESTED_SIGNAL, request);
        return scheduled;
      } catch (error) {
        // It ended in between: start one as if it had not been there.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    }
    // Signal-with-start rather than a start that joins a running sync: the running run learns that a
    // request came, and serves it with a follow-up when its fetch may have missed what the caller expects.
    const handle = await this.temporal.client.workflow.signalWithStart(SYNC_WORKFLOW, {
      taskQueue: this.config.temporal.taskQueue,
      workflowId: syncWorkflowId(connectionId),
      args: [input],
      signal: SYNC_REQUESTED_SIGNAL,
      signalArgs: [request],
      // Shown by Temporal's UI and list API: why this run was started.
      memo: { trigger },
    });
    return { workflowId: handle.workflowId, runId: handle.signaledRunId };
  }

  /**
   * The sync the connection's schedule is running now, or null (none, or no schedule). Read from the
   * schedule's latest action and that workflow's own status: the schedule's list of running actions is
   * not kept up to date by every Temporal server (the CLI dev server leaves it empty).
   */
  private async runningScheduledSync(
    connectionId: string,
  ): Promise<{ workflowId: string; runId: string } | null> {
    let latest: string | undefined;
    try {
      const schedule = await this.temporal.client.schedule.getHandle(syncScheduleId(connectionId)).describe();
      latest = [...schedule.info.recentActions].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime())[0]
        ?.action.workflow.workflowId;
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return null;
      throw error;
    }
    if (!latest) return null;
    const run = await this.temporal.client.workflow.getHandle(latest).describe();
    return run.status.name === 'RUNNING' ? { workflowId: latest, runId: run.runId } : null;
  }
}
