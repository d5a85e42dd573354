/**
 * The onboarding contract shared with the Temporal worker (workflows/). Kept free of NestJS and
 * database imports so workflow code can import the names and types without pulling in the platform.
 */
export const ONBOARDING_WORKFLOW = 'onboardTenant';
/** Default task queue; the API reads TEMPORAL_TASK_QUEUE, which defaults to this. */
export const TASK_QUEUE = 'finpersona';
export const ONBOARDING_WORKFLOW_ID_PREFIX = 'onboard-tenant:';

export function onboardingWorkflowId(slug: string): string {
  return `${ONBOARDING_WORKFLOW_ID_PREFIX}${slug}`;
}

/** The single argument of the `onboardTenant` workflow: plain JSON. */
export interface OnboardTenantInput {
  slug: string;
  name: string;
  region: 'EU' | 'UK' | 'US';
  realm: string;
  branding: { displayName: string; primaryColor: string; accentColor: string; logoUrl?: string | null };
  /** Origins of the bank's admin portal and customer app (exact redirect URIs are built from them). */
  appOrigins?: { admin: string[]; customer: string[] } | null;
  customers: { subject?: string | null; displayName: string; email?: string | null }[];
  /**
   * Plugins the bank starts with (installed and enabled; ones it has already are left as they are), e.g.
   * the sandbox bank's connector for the demo bank. Settings as the plugin's schema asks.
   */
  plugins?: { id: string; settings?: Record<string, unknown> }[] | null;
}

/** What the `onboardTenant` workflow returns once it has completed. */
export interface OnboardingResult {
  tenantId: string;
  slug: string;
  /** ACTIVE, unless an operator had suspended the bank before the run. */
  status: string;
  demoCustomers: number;
}
