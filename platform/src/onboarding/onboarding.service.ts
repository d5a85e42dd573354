import { Inject, Injectable } from '@nestjs/common';
import {
  CancelledFailure,
  TerminatedFailure,
  TimeoutFailure,
  WorkflowFailedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { AuditService, redactedChanges } from '../audit';
import { firstPartyRulePacks } from '../compliance';
import { ONBOARDING_CONFIG, type OnboardingConfig } from '../config';
import { demoCustomerProblems } from '../customers';
import { Conflict, type FieldProblem, Internal, Invalid, NotFound } from '../errors';
import { type Tenant, TenancyService, tenantInputProblems } from '../tenancy';
import {
  ONBOARDING_WORKFLOW,
  ONBOARDING_WORKFLOW_ID_PREFIX,
  type OnboardingResult,
  type OnboardTenantInput,
  onboardingWorkflowId,
} from './contract';
import { TemporalGateway } from './temporal';

export interface OnboardingRun {
  workflowId: string;
  /** The Temporal run started (or joined) by `start`; not part of the GraphQL view. */
  runId?: string;
  status: string;
  tenant: Tenant | null;
}

/** Default for `awaitResult`: longer than the workflow's own retry budget for a database outage. */
export const defaultOnboardingTimeoutMs = 5 * 60_000;

@Injectable()
export class OnboardingService {
  constructor(
    @Inject(ONBOARDING_CONFIG) private readonly config: OnboardingConfig,
    private readonly temporal: TemporalGateway,
    private readonly tenancy: TenancyService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Starts onboarding a bank. Starting again while a run for the slug is in progress returns that run;
   * after it finished, a new run re-applies the input (its activities are idempotent).
   */
  async start(input: OnboardTenantInput): Promise<OnboardingRun> {
    const problems = [
      ...tenantInputProblems(input, 'input'),
      ...demoCustomerProblems(input.customers, 'input'),
      ...pluginProblems(input.plugins, 'input'),
    ];
    if (problems.length > 0) throw Invalid.fields(problems);
    // Any tenant holding the realm, live or not: the database would refuse the duplicate anyway.
    const realmOwner = await this.tenancy.findByRealm(input.realm);
    if (realmOwner && realmOwner.slug !== input.slug) {
      throw new Conflict(
        `Realm "${input.realm}" already belongs to tenant "${realmOwner.slug}"; choose another realm.`,
      );
    }

    const workflowId = onboardingWorkflowId(input.slug);
    // Recorded (platform chain) before the start, in the caller's transaction: a start that fails
    // rolls it back. The workflow's activities record the tenant and customer writes themselves.
    const { customers, ...tenantFields } = plain(input);
    await this.audit.record({
      action: 'tenant.onboard',
      resourceType: 'tenant',
      resourceId: input.slug,
      changes: {
        ...redactedChanges(tenantFields, [
          'slug',
          'region',
          'realm',
          'branding.primaryColor',
          'branding.accentColor',
          'appOrigins.admin',
          'appOrigins.customer',
        ]),
        customers: customers.length,
        workflowId,
      },
    });
    let runId: string;
    try {
      // The workflow id is reusable once a run has closed (Temporal's default reuse policy, ALLOW_DUPLICATE),
      // so onboarding a bank again starts a fresh run; while one is open, USE_EXISTING joins it.
      const handle = await this.temporal.client.workflow.start(ONBOARDING_WORKFLOW, {
        taskQueue: this.config.temporal.taskQueue,
        workflowId,
        args: [plain(input)],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      runId = handle.firstExecutionRunId;
    } catch (error) {
      throw new Internal(
        'Onboarding could not be started: the workflow service is unavailable. Try again shortly.',
        { cause: error },
      );
    }
    return { workflowId, runId, status: 'RUNNING', tenant: null };
  }

  /**
   * Waits until the run ends and returns the workflow's result. A failed, cancelled, terminated or timed
   * out run, or one still open after `timeoutMs` (no worker polling the task queue?), is INTERNAL with a
   * message saying what happened.
   */
  async awaitResult(
    run: { workflowId: string; runId?: string },
    options: { timeoutMs?: number } = {},
  ): Promise<OnboardingResult> {
    const timeoutMs = options.timeoutMs ?? defaultOnboardingTimeoutMs;
    const handle = this.temporal.client.workflow.getHandle(run.workflowId, run.runId);
    const deadline = AbortSignal.timeout(timeoutMs);
    try {
      return (await this.temporal.connection.withAbortSignal(deadline, () =>
        handle.result(),
      )) as OnboardingResult;
    } catch (error) {
      if (error instanceof WorkflowFailedError) {
        throw new Internal(`Onboarding run ${run.workflowId} did not complete: ${failureChain(error)}`, {
          cause: error,
        });
      }
      if (deadline.aborted) {
        throw new Internal(
          `Onboarding run ${run.workflowId} has not finished after ${Math.round(timeoutMs / 1000)} s; ` +
            `is a worker polling task queue "${this.config.temporal.taskQueue}"? The run continues once one does.`,
          { cause: error },
        );
      }
      throw new Internal(
        `The result of onboarding run ${run.workflowId} cannot be read: the workflow service is unavailable. Try again shortly.`,
        { cause: error },
      );
    }
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
    appOrigins: input.appOrigins
      ? { admin: [...input.appOrigins.admin], customer: [...input.appOrigins.customer] }
      : null,
    customers: input.customers.map((customer) => ({
      subject: customer.subject ?? null,
      displayName: customer.displayName,
      email: customer.email ?? null,
    })),
    // The bank's initial plugins travel with the input (the workflow installs them); settings as given.
    // Every bank starts with its region's compliance rule pack: consents and syncs need one.
    plugins: [
      ...(input.plugins ?? []).map((plugin) => ({ id: plugin.id, settings: { ...(plugin.settings ?? {}) } })),
      ...((input.plugins ?? []).some((plugin) => plugin.id === firstPartyRulePacks[input.region])
        ? []
        : [{ id: firstPartyRulePacks[input.region], settings: {} }]),
    ],
  };
}

/** Each initial plugin names a plugin id (whether it exists is the worker's catalogue's to say). */
function pluginProblems(plugins: OnboardTenantInput['plugins'], path: string): FieldProblem[] {
  return (plugins ?? []).flatMap((plugin, index) => {
    const problems: FieldProblem[] = [];
    if (typeof plugin?.id !== 'string' || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(plugin.id)) {
      problems.push({
        field: `${path}.plugins[${index}].id`,
        problem: 'must be a plugin id (e.g. connector-sandbox)',
      });
    }
    const settings: unknown = plugin?.settings;
    if (
      settings !== undefined &&
      (typeof settings !== 'object' || settings === null || Array.isArray(settings))
    ) {
      problems.push({ field: `${path}.plugins[${index}].settings`, problem: 'must be an object' });
    }
    return problems;
  });
}

/** e.g. "failed: Activity task failed: [INVALID] Invalid input: …" or "terminated: <reason>". */
function failureChain(error: WorkflowFailedError): string {
  const cause = error.cause;
  const outcome =
    cause instanceof TerminatedFailure
      ? 'terminated'
      : cause instanceof CancelledFailure
        ? 'cancelled'
        : cause instanceof TimeoutFailure
          ? 'timed out'
          : 'failed';
  const parts: string[] = [];
  let current: unknown = cause;
  while (current instanceof Error && parts.length < 6) {
    const type = (current as { type?: unknown }).type;
    const part = typeof type === 'string' && type ? `[${type}] ${current.message}` : current.message;
    if (part && part !== parts.at(-1)) parts.push(part);
    current = current.cause;
  }
  return parts.length > 0 ? `${outcome}: ${parts.join(': ')}` : outcome;
}
