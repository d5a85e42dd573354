import type { Client } from '@temporalio/client';
import {
  CONSENT_LIFECYCLE_WORKFLOW,
  type ConsentLifecycleEngine,
  type ConsentLifecycleInput,
  type ConsentLifecycleSignal,
  consentLifecycleWorkflowId,
} from './consent-lifecycle';

/** The lifecycle engine on Temporal: starts `consentLifecycle` (id `consent-<id>`) and signals it. */
export class TemporalConsentLifecycle implements ConsentLifecycleEngine {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  async start(input: ConsentLifecycleInput): Promise<void> {
    await this.client.workflow.start(CONSENT_LIFECYCLE_WORKFLOW, {
      taskQueue: this.taskQueue,
      workflowId: consentLifecycleWorkflowId(input.consentId),
      args: [input],
      // A consent id is new on every grant; should a start be retried, join the running workflow.
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  }

  async signal(consentId: string, signal: ConsentLifecycleSignal): Promise<void> {
    await this.client.workflow.getHandle(consentLifecycleWorkflowId(consentId)).signal(signal);
  }
}
