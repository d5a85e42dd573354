import { Inject, Injectable } from '@nestjs/common';
import { ONBOARDING_CONFIG, type OnboardingConfig } from '../config';
import { TemporalGateway } from '../onboarding';
import { requireContext } from '../request-context';
import type { SyncTrigger } from './sync-run.entity';

/** The account-sync workflow type and its one argument (the contract in the design notes of issue 5). */
export const SYNC_WORKFLOW = 'syncConnection';
export interface SyncWorkflowInput {
  tenantId: string;
  connectionId: string;
  trigger: SyncTrigger;
}

/**
 * Starts a sync of a connection of the current tenant on the Temporal task queue, by workflow type name.
 * Interim: the sync side exports `startSync(connectionId, trigger)` from `accounts/`; after merging, this
 * class delegates to it (same workflow type, argument and id prefix `sync-<connectionId>`).
 */
@Injectable()
export class SyncStarter {
  constructor(
    private readonly temporal: TemporalGateway,
    @Inject(ONBOARDING_CONFIG) private readonly config: OnboardingConfig,
  ) {}

  /** Starts the workflow; resolves with its workflow id. */
  async start(connectionId: string, trigger: SyncTrigger): Promise<string> {
    const tenant = requireContext().tenant;
    if (!tenant) throw new Error('A sync is started for a tenant: run this in a request or runAsTenant()');
    const workflowId = `sync-${connectionId}-${trigger}-${Date.now()}`;
    const input: SyncWorkflowInput = { tenantId: tenant.id, connectionId, trigger };
    await this.temporal.client.workflow.start(SYNC_WORKFLOW, {
      taskQueue: this.config.temporal.taskQueue,
      workflowId,
      args: [input],
    });
    return workflowId;
  }
}
