// Tenant onboarding, as a platform operator would describe it: record the bank (not live yet), give it
// its demo customers, then switch it on. Deterministic: all I/O happens in the activities.
import { proxyActivities } from '@temporalio/workflow';
import type { OnboardingResult, OnboardTenantInput } from '@finpersona/platform';
import type { OnboardingActivities } from './activities';

const { createTenantRecord, createTenantDataKey, createDemoCustomers, activateTenant } =
  proxyActivities<OnboardingActivities>({
    // Each step is one short database transaction; anything longer is a stuck connection worth retrying.
    startToCloseTimeout: '30 seconds',
    retry: {
      // Rides out a database restart or fail-over (about four minutes of backoff in all); invalid input
      // is thrown as non-retryable by the activities and fails at once.
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      maximumAttempts: 10,
    },
  });

/** Onboards a bank. Safe to run again with the same input: every step is idempotent. */
export async function onboardTenant(input: OnboardTenantInput): Promise<OnboardingResult> {
  // A new bank is recorded PROVISIONING: nobody can sign in to it or see its branding while it is incomplete.
  const tenant = await createTenantRecord(input);

  // Its own data key (wrapped by the platform's KEK) before any of its personal data is written.
  await createTenantDataKey({ tenantSlug: tenant.slug });

  const customers = await createDemoCustomers({ tenantSlug: tenant.slug, customers: input.customers });

  // Only a fully provisioned bank goes live; a failure above leaves it PROVISIONING, to be fixed and re-run.
  const live = await activateTenant({ tenantSlug: tenant.slug });

  return { tenantId: tenant.id, slug: tenant.slug, status: live.status, demoCustomers: customers.count };
}
