import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService, redactedChanges } from '../audit';
import { Conflict, Invalid, NotFound } from '../errors';
import { ensureContext, type TenantRef } from '../request-context';
import { assertValidTenantInput, type TenantInput } from './tenant-input';
import { Tenant, type TenantStatus, tenantStatuses } from './tenant.entity';

export interface UpsertTenantOptions {
  /** Status of a tenant this call creates (default `ACTIVE`); an existing tenant keeps its status. */
  initialStatus?: TenantStatus;
}

@Injectable()
export class TenancyService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates the tenant, or updates name, region, realm and branding of the tenant with that slug.
   * Idempotent: calling it again with the same input changes nothing but `updatedAt`.
   *
   * A new tenant starts as `options.initialStatus` (default `ACTIVE`; onboarding passes `PROVISIONING`
   * so a half-onboarded bank never looks live). The status of an existing tenant is never touched:
   * re-onboarding neither reactivates a suspended bank nor takes a live one offline.
   */
  async upsertTenant(input: TenantInput, options: UpsertTenantOptions = {}): Promise<Tenant> {
    assertValidTenantInput(input);
    const initialStatus = options.initialStatus ?? 'ACTIVE';
    if (!tenantStatuses.includes(initialStatus)) {
      throw Invalid.fields([
        { field: 'initialStatus', problem: `must be one of ${tenantStatuses.join(', ')}` },
      ]);
    }
    return ensureContext(async () => {
      try {
        // The change and its audit entry (platform chain) commit together.
        return await this.em.transactional(async (em) => {
          const existed = (await em.count(Tenant, { slug: input.slug })) > 0;
          const branding = normaliseBranding(input.branding);
          const tenant = await em.upsert(
            Tenant,
            {
              slug: input.slug,
              name: input.name,
              region: input.region,
              realm: input.realm,
              branding,
              status: initialStatus,
              updatedAt: new Date(),
            },
            {
              onConflictFields: ['slug'],
              onConflictAction: 'merge',
              // Not `status`: only an insert sets it.
              onConflictMergeFields: ['name', 'region', 'realm', 'branding', 'updatedAt'],
            },
          );
          await this.audit.record({
            action: existed ? 'tenant.update' : 'tenant.create',
            resourceType: 'tenant',
            resourceId: tenant.id,
            changes: redactedChanges(
              {
                slug: input.slug,
                name: input.name,
                region: input.region,
                realm: input.realm,
                branding,
                ...(existed ? {} : { status: initialStatus }),
              },
              tenantClearFields,
            ),
          });
          return tenant;
        });
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

  /**
   * Makes a `PROVISIONING` tenant live (`ACTIVE`). An `ACTIVE` tenant is left as it is, and so is a
   * `SUSPENDED` one: an operator's suspension wins over onboarding. Idempotent; NOT_FOUND for an unknown slug.
   */
  async activateTenant(slug: string): Promise<Tenant> {
    return ensureContext(() =>
      this.em.transactional(async (em) => {
        // One conditional update, so a concurrent suspension is never overwritten.
        const activated = await em.nativeUpdate(
          Tenant,
          { slug, status: 'PROVISIONING' },
          { status: 'ACTIVE', updatedAt: new Date() },
        );
        const tenant = await em.findOne(Tenant, { slug }, { refresh: true });
        if (!tenant) throw new NotFound(`No tenant with slug "${slug}"; create the tenant first.`);
        if (activated > 0) {
          await this.audit.record({
            action: 'tenant.activate',
            resourceType: 'tenant',
            resourceId: tenant.id,
            changes: { status: 'ACTIVE' },
          });
        }
        return tenant;
      }),
    );
  }

  findBySlug(slug: string): Promise<Tenant | null> {
    return ensureContext(() => this.em.findOne(Tenant, { slug }));
  }

  /** The active tenant whose users live in Keycloak realm `realm`, if any. */
  findActiveByRealm(realm: string): Promise<Tenant | null> {
    return ensureContext(() => this.em.findOne(Tenant, { realm, status: 'ACTIVE' }));
  }

  /** The tenant, whatever its status, whose users live in Keycloak realm `realm`, if any. */
  findByRealm(realm: string): Promise<Tenant | null> {
    return ensureContext(() => this.em.findOne(Tenant, { realm }));
  }

  findById(id: string): Promise<Tenant | null> {
    return ensureContext(() => this.em.findOne(Tenant, { id }));
  }
}

/** Tenant fields whose values the audit trail keeps in clear (identifiers and looks, nothing about a person). */
const tenantClearFields = [
  'slug',
  'region',
  'realm',
  'status',
  'branding.primaryColor',
  'branding.accentColor',
] as const;

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
