import { Inject, Injectable } from '@nestjs/common';
import { ONBOARDING_CONFIG, type OnboardingConfig } from '../config';
import { Internal } from '../errors';
import { TemporalGateway } from '../onboarding';
import { ERASURE_WORKFLOW, EXPORT_WORKFLOW } from './contract';
import type { CreatedRequest } from './data-subject-rights.service';

/**
 * Starts the workflow of a new request on the platform's task queue (the API's side; the worker runs it).
 * The id is the request's (`data-export:<id>`, `erasure:<id>`), so starting twice joins the same run.
 */
@Injectable()
export class DataSubjectWorkflowStarter {
  constructor(
    @Inject(ONBOARDING_CONFIG) private readonly config: OnboardingConfig,
    private readonly temporal: TemporalGateway,
  ) {}

  async start(workflow: CreatedRequest['workflow']): Promise<void> {
    try {
      await this.temporal.client.workflow.start(
        workflow.type === 'export' ? EXPORT_WORKFLOW : ERASURE_WORKFLOW,
        {
          taskQueue: this.config.temporal.taskQueue,
          workflowId: workflow.workflowId,
          args: [workflow.input],
          workflowIdConflictPolicy: 'USE_EXISTING',
        },
      );
    } catch (error) {
      throw new Internal(
        'Your request could not be started: the workflow service is unavailable. Try again shortly.',
        {
          cause: error,
        },
      );
    }
  }
}
