// Tenant onboarding, as a platform operator would describe it: record the bank (not live yet), set up its
// sign-in realm, give it its demo customers, then switch it on; if a step after the realm fails, switch the
// unfinished bank's realm off again. Deterministic: all I/O happens in the activities.
import { ParentClosePolicy, patched, proxyActivities, startChild } from '@temporalio/workflow';
import type { OnboardingResult, OnboardTenantInput } from '@finpersona/platform';
import type { OnboardingActivities } from './activities';

const {
  createTenantRecord,
  provisionRealm,
  createTenantDataKey,
  createDemoCustomers,
  installInitialPlugins,
  activateTenant,
  disableUnfinishedRealm,
} = proxyActivities<OnboardingActivities>({
  // Each step is one short database transaction or a few dozen Keycloak admin calls (a new realm takes
  // seconds); anything longer is a stuck connection worth retrying.
  startToCloseTimeout: '2 minutes',
  retry: {
    // Rides out a database restart or fail-over (about four minutes of backoff in all); invalid input
    // is thrown as non-retryable by the activities and fails at once.
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
});

/** Same as the platform's `RETRAINING_WORKFLOW` / `retrainingWorkflowId` (workflow code may not import it). */
const retrainingWorkflow = 'retrainRecommendationModel';
const retrainingWorkflowId = (tenantId: string, modelPluginId: string) =>
  `model-retraining:${tenantId}:${modelPluginId}`;

/**
 * Starts the bank's retraining loop of a model, abandoned by onboarding when it completes; one that runs
 * already (a re-run of onboarding, or the API started it when the model was enabled) is left as it is.
 */
async function startRetrainingLoop(tenantId: string, modelPluginId: string): Promise<void> {
  try {
    await startChild(retrainingWorkflow, {
      workflowId: retrainingWorkflowId(tenantId, modelPluginId),
      args: [{ tenantId, modelPluginId }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (error) {
    // @temporalio/common's WorkflowExecutionAlreadyStartedError (not re-exported to workflow code) names itself.
    if ((error as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
  }
}

/**
 * Onboards a bank. Safe to run again with the same input: every step is idempotent, so a run after a
 * failure completes what the failed one left PROVISIONING.
 */
export async function onboardTenant(input: OnboardTenantInput): Promise<OnboardingResult> {
  // A new bank is recorded PROVISIONING: nobody can sign in to it or see its branding while it is incomplete.
  const tenant = await createTenantRecord(input);

  // Its Keycloak realm, created (disabled until complete) or converged to the template.
  await provisionRealm({ tenantSlug: tenant.slug });

  let customers: { count: number };
  let live: { status: string };
  try {
    // Its own data key (wrapped by the platform's KEK) before any of its personal data is written.
    await createTenantDataKey({ tenantSlug: tenant.slug });

    customers = await createDemoCustomers({ tenantSlug: tenant.slug, customers: input.customers });

    // The plugins it starts with (e.g. the demo bank's sandbox connector), before customers can use it.
    if (input.plugins?.length) {
      const { recommendationModels } = await installInitialPlugins({
        tenantSlug: tenant.slug,
        plugins: input.plugins,
      });
      // Each recommendation model it has enabled (e.g. the default one) gets its retraining loop, which
      // outlives onboarding. (Onboarding runs started before this step existed replay without it.)
      if (patched('start-retraining-loops')) {
        for (const modelPluginId of recommendationModels ?? [])
          await startRetrainingLoop(tenant.id, modelPluginId);
      }
    }

    // Only a fully provisioned bank goes live.
    live = await activateTenant({ tenantSlug: tenant.slug });
  } catch (error) {
    // Compensation: the bank stays PROVISIONING (tokens refused, branding hidden) and its realm is switched
    // off too, until a re-run completes it. The realm of a live or suspended bank is never touched. Should
    // the compensation itself fail, the step's own failure is what the operator needs to see.
    await disableUnfinishedRealm({ tenantSlug: tenant.slug }).catch(() => undefined);
    throw error;
  }

  return { tenantId: tenant.id, slug: tenant.slug, status: live.status, demoCustomers: customers.count };
}
