// Onboarding activities: all I/O of the onboarding workflow, each one idempotent (upserts keyed by the
// tenant's slug and by each customer's subject or email), so Temporal may retry or re-run them freely.
// They call the platform's services; the platform enters the tenant's context for tenant-owned rows.
import {
  type CustomersService,
  type FieldEncryptionService,
  NotFound,
  type OnboardTenantInput,
  type PluginsService,
  type RealmsService,
  runAsTenant,
  type TenancyService,
  tenantRef,
} from '@finpersona/platform';
import { asActivity } from '../platform-errors';

/** What the onboarding activities need from the platform (resolved once per worker from its context). */
export interface OnboardingServices {
  tenancy: Pick<TenancyService, 'upsertTenant' | 'activateTenant' | 'findBySlug'>;
  customers: Pick<CustomersService, 'upsertDemoCustomers'>;
  encryption: Pick<FieldEncryptionService, 'ensureTenantDataKey'>;
  realms: Pick<RealmsService, 'provisionTenantRealm' | 'disableRealmOfUnfinishedTenant'>;
  plugins: Pick<PluginsService, 'installInitialPlugins' | 'enabledPluginIds'>;
}

export interface RealmRecord {
  realm: string;
  /** True when this run created the realm. */
  created: boolean;
}

export interface TenantRecord {
  id: string;
  slug: string;
  status: string;
}

export interface DemoCustomersInput {
  tenantSlug: string;
  customers: OnboardTenantInput['customers'];
}

export function createOnboardingActivities({
  tenancy,
  customers,
  realms,
  encryption,
  plugins,
}: OnboardingServices) {
  return {
    /** Records the bank, PROVISIONING (not live) when new; an existing bank keeps its status and gets the new details. */
    async createTenantRecord(input: OnboardTenantInput): Promise<TenantRecord> {
      return asActivity(async () => {
        const tenant = await tenancy.upsertTenant(input, { initialStatus: 'PROVISIONING' });
        return { id: tenant.id, slug: tenant.slug, status: tenant.status };
      });
    },

    /**
     * Creates the bank's Keycloak realm, or converges it to the template (settings, roles, clients with the
     * bank's app origins, staff OTP flows); users and their credentials are kept. A new realm is enabled only
     * once complete. Keycloak outages are retried like database ones.
     */
    async provisionRealm({ tenantSlug }: { tenantSlug: string }): Promise<RealmRecord> {
      return asActivity(async () => {
        const { realm, created } = await realms.provisionTenantRealm(tenantSlug);
        return { realm, created };
      });
    },

    /**
     * Compensation after a failed onboarding: disables the realm while the bank is still PROVISIONING, so a
     * half-onboarded bank has no working sign-in either; never touches a live or suspended bank's realm.
     */
    async disableUnfinishedRealm({ tenantSlug }: { tenantSlug: string }): Promise<{ disabled: boolean }> {
      return asActivity(async () => ({ disabled: await realms.disableRealmOfUnfinishedTenant(tenantSlug) }));
    },

    /**
     * Creates the bank's data key (wrapped by the platform's key-encryption key), from which its blind
     * indexes are derived. An existing key is kept: re-running never replaces it (that would orphan data).
     */
    async createTenantDataKey({ tenantSlug }: { tenantSlug: string }): Promise<{ created: boolean }> {
      return asActivity(async () => {
        const tenant = await tenancy.findBySlug(tenantSlug);
        if (!tenant) throw new NotFound(`No tenant with slug "${tenantSlug}"; create the tenant first.`);
        const created = await runAsTenant(tenantRef(tenant), () => encryption.ensureTenantDataKey());
        return { created };
      });
    },

    /** Adds the bank's demo customers; ones that already exist (same subject or email) are updated, not duplicated. */
    async createDemoCustomers(input: DemoCustomersInput): Promise<{ count: number }> {
      return asActivity(async () => {
        const { upserted } = await customers.upsertDemoCustomers(input.tenantSlug, input.customers);
        return { count: upserted };
      });
    },

    /**
     * Installs and enables the bank's initial plugins (audited as the system). Idempotent: a plugin the bank
     * has already is left as its administrators set it, so re-running onboarding never re-enables one. Also
     * says which recommendation models the bank has enabled now (their retraining loops are the workflow's
     * next step).
     */
    async installInitialPlugins(input: {
      tenantSlug: string;
      plugins: NonNullable<OnboardTenantInput['plugins']>;
    }): Promise<{ installed: string[]; recommendationModels: string[] }> {
      return asActivity(async () => {
        const tenant = await tenancy.findBySlug(input.tenantSlug);
        if (!tenant)
          throw new NotFound(`No tenant with slug "${input.tenantSlug}"; create the tenant first.`);
        return runAsTenant(tenantRef(tenant), async () => {
          const { installed } = await plugins.installInitialPlugins(input.plugins);
          return { installed, recommendationModels: await plugins.enabledPluginIds('recommendation-model') };
        });
      });
    },

    /**
     * Makes a provisioned bank live (its realm is accepted, its branding served). An active bank stays active
     * and a bank an operator suspended stays suspended: re-running onboarding never overrides that decision.
     */
    async activateTenant({ tenantSlug }: { tenantSlug: string }): Promise<TenantRecord> {
      return asActivity(async () => {
        const tenant = await tenancy.activateTenant(tenantSlug);
        return { id: tenant.id, slug: tenant.slug, status: tenant.status };
      });
    },
  };
}

export type OnboardingActivities = ReturnType<typeof createOnboardingActivities>;
