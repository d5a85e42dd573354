import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService, type JsonValue, redactedChanges } from '../audit';
import { Conflict, Invalid, NotFound } from '../errors';
import { afterCursor, type Cursor, decodeCursor, encodeCursor } from '../pagination';
import { ensureContext, type TenantRef } from '../request-context';
import {
  assertValidTenantInput,
  brandingProblems,
  isText,
  normaliseAppOrigins,
  type TenantInput,
} from './tenant-input';
import { type Branding, Tenant, type TenantStatus, tenantStatuses } from './tenant.entity';

export interface UpsertTenantOptions {
  /** Status of a tenant this call creates (default `ACTIVE`); an existing tenant keeps its status. */
  initialStatus?: TenantStatus;
}

export interface TenantPage {
  edges: { cursor: string; node: Tenant }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** Largest page of `list`. */
export const maxTenantPageSize = 100;
/** Longest suspension reason: a sentence or two for other operators, not a case file. */
export const maxSuspensionReasonLength = 500;

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
          const appOrigins = normaliseAppOrigins(input.appOrigins);
          const tenant = await em.upsert(
            Tenant,
            {
              slug: input.slug,
              name: input.name,
              region: input.region,
              realm: input.realm,
              branding,
              appOrigins,
              status: initialStatus,
              updatedAt: new Date(),
            },
            {
              onConflictFields: ['slug'],
              onConflictAction: 'merge',
              // Not `status`: only an insert sets it.
              onConflictMergeFields: ['name', 'region', 'realm', 'branding', 'appOrigins', 'updatedAt'],
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
                appOrigins,
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

  /** A page of every tenant, oldest first in a stable (createdAt, id) order, optionally of one status. */
  async list(options: {
    first: number;
    after?: string | null;
    status?: TenantStatus | null;
  }): Promise<TenantPage> {
    const { first } = options;
    if (!Number.isInteger(first) || first < 1 || first > maxTenantPageSize) {
      throw Invalid.fields([{ field: 'first', problem: `must be between 1 and ${maxTenantPageSize}` }]);
    }
    if (options.status != null && !tenantStatuses.includes(options.status)) {
      throw Invalid.fields([{ field: 'status', problem: `must be one of ${tenantStatuses.join(', ')}` }]);
    }
    const after: Cursor | undefined = options.after ? decodeCursor(options.after) : undefined;
    const ofStatus = options.status ? { status: options.status } : {};
    return ensureContext(async () => {
      const rows = await this.em.find(
        Tenant,
        { ...ofStatus, ...afterCursor(after) },
        { orderBy: { createdAt: 'asc', id: 'asc' }, limit: first + 1 },
      );
      const totalCount = await this.em.count(Tenant, ofStatus);
      const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(node), node }));
      return {
        edges,
        pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
        totalCount,
      };
    });
  }

  /** The tenant with this id; NOT_FOUND otherwise (an id that is not a UUID is simply unknown). */
  async getById(id: string): Promise<Tenant> {
    const tenant = uuidPattern.test(id) ? await this.findById(id) : null;
    if (!tenant) throw new NotFound(`No tenant with id "${id}"; list tenants to find its id.`);
    return tenant;
  }

  /**
   * Replaces a tenant's branding, validated as onboarding validates it (nothing is written when any field
   * is wrong). Recorded on the platform chain and on the bank's own chain.
   */
  async updateBranding(id: string, input: Branding): Promise<Tenant> {
    const problems = brandingProblems(input, 'branding');
    if (problems.length > 0) throw Invalid.fields(problems);
    const branding = normaliseBranding(input);
    return this.change(id, 'tenant.update-branding', async (em, tenant) => {
      tenant.branding = branding;
      tenant.updatedAt = new Date();
      await em.flush();
      return redactedChanges({ branding }, tenantClearFields);
    });
  }

  /**
   * Switches a live bank off at once: its realm's tokens are refused from the next request on (the token
   * check reads the status every request, no cache) and its public branding is no longer served. Only an
   * ACTIVE bank can be suspended: a PROVISIONING one is not live, and suspending it would let a later
   * reactivation skip the rest of its onboarding. Suspending a SUSPENDED bank again is CONFLICT.
   */
  async suspend(id: string, reason: string): Promise<Tenant> {
    if (!isText(reason, maxSuspensionReasonLength)) {
      throw Invalid.fields([
        { field: 'reason', problem: `must be 1-${maxSuspensionReasonLength} characters` },
      ]);
    }
    return this.change(id, 'tenant.suspend', async (em, tenant) => {
      const suspendedAt = new Date();
      // Conditional, so a concurrent change of status is never overwritten.
      const changed = await em.nativeUpdate(
        Tenant,
        { id, status: 'ACTIVE' },
        { status: 'SUSPENDED', suspensionReason: reason.trim(), suspendedAt, updatedAt: suspendedAt },
      );
      if (changed === 0) throw statusConflict(tenant, 'suspend', 'ACTIVE');
      return { status: 'SUSPENDED', reason: reason.trim() };
    });
  }

  /** Puts a SUSPENDED bank back live; any other status is CONFLICT (onboarding activates new banks). */
  async reactivate(id: string): Promise<Tenant> {
    return this.change(id, 'tenant.reactivate', async (em, tenant) => {
      const changed = await em.nativeUpdate(
        Tenant,
        { id, status: 'SUSPENDED' },
        { status: 'ACTIVE', suspensionReason: null, suspendedAt: null, updatedAt: new Date() },
      );
      if (changed === 0) throw statusConflict(tenant, 'reactivate', 'SUSPENDED');
      return { status: 'ACTIVE' };
    });
  }

  /**
   * One operator change of tenant `id` in one transaction: `apply` writes it and returns the audit changes,
   * recorded on the platform chain and the bank's chain alike; the fresh row is returned.
   */
  private change(
    id: string,
    action: string,
    apply: (em: EntityManager, tenant: Tenant) => Promise<{ [key: string]: JsonValue }>,
  ): Promise<Tenant> {
    return ensureContext(() =>
      this.em.transactional(async (em) => {
        const tenant = await this.getById(id);
        const changes = await apply(em, tenant);
        const event = { action, resourceType: 'tenant', resourceId: tenant.id, changes };
        await this.audit.record(event);
        await this.audit.recordOnTenantChain(tenantRef(tenant), event);
        return em.findOneOrFail(Tenant, { id }, { refresh: true });
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
  'appOrigins.admin',
  'appOrigins.customer',
] as const;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function statusConflict(tenant: Tenant, verb: string, required: TenantStatus): Conflict {
  return new Conflict(
    `Tenant "${tenant.slug}" is ${tenant.status}; only a ${required} tenant can be ${verb === 'suspend' ? 'suspended' : 'reactivated'}.`,
  );
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
