import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { API_CONFIG, type ApiConfig } from '../config';
import { demoCustomerProblems } from '../customers';
import { Conflict, Internal, Invalid, NotFound } from '../errors';
import { type Tenant, TenancyService, tenantInputProblems } from '../tenancy';
import {
  ONBOARDING_WORKFLOW,
  ONBOARDING_WORKFLOW_ID_PREFIX,
  type OnboardTenantInput,
  onboardingWorkflowId,
} from './contract';
import { TemporalGateway } from './temporal';

export interface OnboardingRun {
  workflowId: string;
  status: string;
  tenant: Tenant | null;
}

@Injectable()
export class OnboardingService {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly temporal: TemporalGateway,
    private readonly tenancy: TenancyService,
  ) {}

  /**
   * Starts onboarding a bank. Starting again while a run for the slug is in progress returns that run;
   * after it finished, a new run re-applies the input (its activities are idempotent).
   */
  async start(input: OnboardTenantInput): Promise<OnboardingRun> {
    const problems = [
      ...tenantInputProblems(input, 'input'),
      ...demoCustomerProblems(input.customers, 'input'),
    ];
    if (problems.length > 0) throw Invalid.fields(problems);
    const realmOwner = await this.tenancy.findActiveByRealm(input.realm);
    if (realmOwner && realmOwner.slug !== input.slug) {
      throw new Conflict(
        `Realm "${input.realm}" already belongs to tenant "${realmOwner.slug}"; choose another realm.`,
      );
    }

    const workflowId = onboardingWorkflowId(input.slug);
    try {
      await this.temporal.client.workflow.start(ONBOARDING_WORKFLOW, {
        taskQueue: this.config.temporal.taskQueue,
        workflowId,
        args: [plain(input)],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    } catch (error) {
      throw new Internal(
        'Onboarding could not be started: the workflow service is unavailable. Try again shortly.',
        { cause: error },
      );
    }
    return { workflowId, status: 'RUNNING', tenant: null };
  }

  async describe(workflowId: string): Promise<OnboardingRun> {
    const slug = workflowId.startsWith(ONBOARDING_WORKFLOW_ID_PREFIX)
      ? workflowId.slice(ONBOARDING_WORKFLOW_ID_PREFIX.length)
      : '';
    // Only onboarding runs are visible here, whatever else runs in the namespace.
    if (!slug)
      throw new NotFound(
        `No onboarding run "${workflowId}"; ids look like ${ONBOARDING_WORKFLOW_ID_PREFIX}<slug>.`,
      );
    let status: string;
    try {
      const description = await this.temporal.client.workflow.getHandle(workflowId).describe();
      status = description.status.name;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError)
        throw new NotFound(`No onboarding run "${workflowId}".`, { cause: error });
      throw new Internal(
        'The onboarding run cannot be read: the workflow service is unavailable. Try again shortly.',
        { cause: error },
      );
    }
    const tenant = status === 'COMPLETED' ? await this.tenancy.findBySlug(slug) : null;
    return { workflowId, status, tenant };
  }
}

/** The workflow argument as plain JSON (no GraphQL input class instances, no undefined). */
function plain(input: OnboardTenantInput): OnboardTenantInput {
  return {
    slug: input.slug,
    name: input.name.trim(),
    region: input.region,
    realm: input.realm,
    branding: {
      displayName: input.branding.displayName,
      primaryColor: input.branding.primaryColor,
      accentColor: input.branding.accentColor,
      logoUrl: input.branding.logoUrl ?? null,
    },
    customers: input.customers.map((customer) => ({
      subject: customer.subject ?? null,
      displayName: customer.displayName,
      email: customer.email ?? null,
    })),
  };
}
