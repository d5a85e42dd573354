import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Conflict } from '../errors';
import { ensureContext, type TenantRef } from '../request-context';
import { assertValidTenantInput, type TenantInput } from './tenant-input';
import { Tenant } from './tenant.entity';

@Injectable()
export class TenancyService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Creates the tenant, or updates name, region, realm and branding of the tenant with that slug.
   * Idempotent: calling it again with the same input changes nothing but `updatedAt`. The status of an
   * existing tenant is left alone (re-onboarding does not reactivate a suspended bank).
   */
  async upsertTenant(input: TenantInput): Promise<Tenant> {
    assertValidTenantInput(input);
    return ensureContext(async () => {
      try {
        const tenant = await this.em.upsert(
          Tenant,
          {
            slug: input.slug,
            name: input.name,
            region: input.region,
            realm: input.realm,
            branding: normaliseBranding(input.branding),
            updatedAt: new Date(),
          },
          {
            onConflictFields: ['slug'],
            onConflictAction: 'merge',
            onConflictMergeFields: ['name', 'region', 'realm', 'branding', 'updatedAt'],
          },
        );
        return tenant;
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException) {
          throw new Conflict(
            `Realm "${input.realm}" already belongs to another tenant; choose another realm.`,
            { cause: error },
          );
        }
        throw error;
      }
    });
  }

  findBySlug(slug: string): Promise<Tenant | null> {
    return ensureContext(() => this.em.findOne(Tenant, { slug }));
  }

  /** The active tenant whose users live in Keycloak realm `realm`, if any. */
  findActiveByRealm(realm: string): Promise<Tenant | null> {
    return ensureContext(() => this.em.findOne(Tenant, { realm, status: 'ACTIVE' }));
  }

  findById(id: string): Promise<Tenant | null> {
    return ensureContext(() => this.em.findOne(Tenant, { id }));
  }
}

export function tenantRef(tenant: Tenant): TenantRef {
  return { id: tenant.id, slug: tenant.slug, realm: tenant.realm };
}

function normaliseBranding(branding: TenantInput['branding']): TenantInput['branding'] {
  return {
    displayName: branding.displayName.trim(),
    primaryColor: branding.primaryColor.toUpperCase(),
    accentColor: branding.accentColor.toUpperCase(),
    logoUrl: branding.logoUrl ?? null,
  };
}
