import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize } from '../access';
import { TenancyService } from './tenancy.service';
import { BrandingInputValue, TenantConnectionView, TenantStatusValue, TenantView } from './tenancy.graphql';
import type { TenantStatus } from './tenant.entity';

/** The tenant lifecycle for platform operators: list, read, rebrand, suspend, reactivate. */
@Resolver()
export class TenantsResolver {
  constructor(private readonly tenancy: TenancyService) {}

  @Query(() => TenantConnectionView, {
    description: 'Platform operators: every bank, oldest first; `first` is 1-100, optionally one status.',
  })
  async tenants(
    @Args('first', { type: () => Int, nullable: true, defaultValue: 25 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('status', { type: () => TenantStatusValue, nullable: true }) status: TenantStatus | null,
  ): Promise<TenantConnectionView> {
    authorize('manage', 'Tenant', 'list tenants');
    const page = await this.tenancy.list({ first: first ?? 25, after, status });
    return {
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: TenantView.of(edge.node) })),
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
    };
  }

  @Query(() => TenantView, { description: 'Platform operators: one bank by id (NOT_FOUND when unknown).' })
  async tenant(@Args('id', { type: () => ID }) id: string): Promise<TenantView> {
    authorize('manage', 'Tenant', 'read tenants');
    return TenantView.of(await this.tenancy.getById(id));
  }

  @Mutation(() => TenantView, {
    description: "Platform operators: replace a bank's branding (validated as in onboardTenant).",
  })
  async updateTenantBranding(
    @Args('id', { type: () => ID }) id: string,
    @Args('branding', { type: () => BrandingInputValue }) branding: BrandingInputValue,
  ): Promise<TenantView> {
    authorize('update', 'Tenant', 'update tenant branding');
    return TenantView.of(await this.tenancy.updateBranding(id, branding));
  }

  @Mutation(() => TenantView, {
    description:
      "Platform operators: switch an ACTIVE bank off at once (its users' tokens are refused, its branding hidden). " +
      'The reason (1-500 characters, no personal data) is kept on the bank and in the audit trail.',
  })
  async suspendTenant(
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String }) reason: string,
  ): Promise<TenantView> {
    authorize('update', 'Tenant', 'suspend tenants');
    return TenantView.of(await this.tenancy.suspend(id, reason));
  }

  @Mutation(() => TenantView, { description: 'Platform operators: put a SUSPENDED bank back live.' })
  async reactivateTenant(@Args('id', { type: () => ID }) id: string): Promise<TenantView> {
    authorize('update', 'Tenant', 'reactivate tenants');
    return TenantView.of(await this.tenancy.reactivate(id));
  }
}
