import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit';
import { KEYCLOAK_ADMIN_CONFIG, type KeycloakAdminConfig } from '../config';
import { NotFound } from '../errors';
import { ensureContext } from '../request-context';
import { type Tenant, TenancyService } from '../tenancy';
import { KeycloakAdminApi } from './keycloak-admin-api';
import { type ProvisionedRealm, RealmProvisioner } from './realm-provisioner';
import { bankRealmTemplate } from './realm-template';

/**
 * Provisions tenants' Keycloak realms from their tenant records (realm name, display name, app origins):
 * what the onboarding workflow's realm activities call. Each change is on the platform audit chain.
 */
@Injectable()
export class RealmsService {
  private readonly provisioner: RealmProvisioner;
  private readonly admin: KeycloakAdminApi;

  constructor(
    @Inject(KEYCLOAK_ADMIN_CONFIG) private readonly config: KeycloakAdminConfig,
    private readonly tenancy: TenancyService,
    private readonly audit: AuditService,
  ) {
    this.admin = new KeycloakAdminApi(config);
    this.provisioner = new RealmProvisioner(this.admin);
  }

  /** Creates or converges the realm of tenant `slug` (idempotent; users and their credentials are kept). */
  async provisionTenantRealm(slug: string): Promise<ProvisionedRealm> {
    const tenant = await this.tenantOf(slug);
    const provisioned = await this.provisioner.provision(
      bankRealmTemplate({
        realm: tenant.realm,
        displayName: tenant.branding.displayName,
        appOrigins: tenant.appOrigins,
        apiAudience: this.config.apiAudience,
      }),
    );
    await ensureContext(() =>
      this.audit.record({
        action: 'tenant.provision-realm',
        resourceType: 'tenant',
        resourceId: tenant.id,
        changes: { realm: tenant.realm, created: provisioned.created, ...provisioned.flows },
      }),
    );
    return provisioned;
  }

  /**
   * Compensation for an onboarding that failed after its realm was provisioned: disables the realm, but
   * only while the tenant is still PROVISIONING — never the realm of a bank that is (or was) live. Returns
   * whether it disabled anything. A later successful onboarding enables the realm again.
   */
  async disableRealmOfUnfinishedTenant(slug: string): Promise<boolean> {
    const tenant = await this.tenantOf(slug);
    if (tenant.status !== 'PROVISIONING') return false;
    const disabled = await this.provisioner.disable(tenant.realm);
    if (disabled) {
      await ensureContext(() =>
        this.audit.record({
          action: 'tenant.disable-realm',
          resourceType: 'tenant',
          resourceId: tenant.id,
          changes: { realm: tenant.realm, reason: 'onboarding failed' },
        }),
      );
    }
    return disabled;
  }

  /**
   * Deletes a user (by subject, which is Keycloak's user id) from a bank's realm: erasure removes the
   * person's login. Idempotent: a user who is already gone is `absent`, not an error.
   */
  async removeRealmUser(realm: string, subject: string): Promise<'removed' | 'absent'> {
    const response = await this.admin.request(
      'DELETE',
      `/${encodeURIComponent(realm)}/users/${encodeURIComponent(subject)}`,
      { accept: [404] },
    );
    return response.status === 404 ? 'absent' : 'removed';
  }

  private async tenantOf(slug: string): Promise<Tenant> {
    const tenant = await this.tenancy.findBySlug(slug);
    if (!tenant) throw new NotFound(`No tenant with slug "${slug}"; create the tenant record first.`);
    return tenant;
  }
}
