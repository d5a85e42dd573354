import { Inject, Injectable, Logger } from '@nestjs/common';
import { ONBOARDING_CONFIG, type OnboardingConfig } from '../config';
import { TemporalGateway } from '../onboarding';
import {
  RETRAINING_WORKFLOW,
  type RetrainingInput,
  retrainingSignals,
  retrainingWorkflowId,
  type RetrainNowRequest,
} from './retraining-contract';

/**
 * Starts and signals the retraining workflows from the API (one per bank and model, id
 * `model-retraining:<tenant>:<plugin>`): `retrainNow` starts the loop when it is not running and asks it
 * for a run now (Temporal's signal-with-start), `approvalDecided` wakes a run waiting for approval.
 */
@Injectable()
export class RetrainingStarter {
  private readonly logger = new Logger('RetrainingStarter');

  constructor(
    private readonly temporal: TemporalGateway,
    @Inject(ONBOARDING_CONFIG) private readonly config: OnboardingConfig,
  ) {}

  async retrainNow(tenantId: string, modelPluginId: string, request: RetrainNowRequest): Promise<string> {
    const input: RetrainingInput = { tenantId, modelPluginId };
    const workflowId = retrainingWorkflowId(tenantId, modelPluginId);
    await this.temporal.client.workflow.signalWithStart(RETRAINING_WORKFLOW, {
      taskQueue: this.config.temporal.taskQueue,
      workflowId,
      args: [input],
      signal: retrainingSignals.retrainNow,
      signalArgs: [request],
    });
    return workflowId;
  }

  /**
   * Starts the bank's retraining loop for a model unless it runs already (the first scheduled run a period
   * later). For whoever enables a model plugin for a bank.
   */
  async ensureRunning(tenantId: string, modelPluginId: string): Promise<string> {
    const input: RetrainingInput = { tenantId, modelPluginId };
    const handle = await this.temporal.client.workflow.start(RETRAINING_WORKFLOW, {
      taskQueue: this.config.temporal.taskQueue,
      workflowId: retrainingWorkflowId(tenantId, modelPluginId),
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [input],
    });
    return handle.workflowId;
  }

  /** Tells the model's workflow a version waiting for approval was decided; never fails the decision. */
  async approvalDecided(tenantId: string, modelPluginId: string, versionId: string): Promise<void> {
    await this.temporal.client.workflow
      .getHandle(retrainingWorkflowId(tenantId, modelPluginId))
      .signal(retrainingSignals.approvalDecided, { versionId })
      .catch((error: unknown) =>
        // The workflow reads the version again when its approval wait ends anyway.
        this.logger.warn(`approval of ${versionId} not signalled (${String(error)})`),
      );
  }
}
