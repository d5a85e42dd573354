import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { API_CONFIG, type ApiConfig } from '../config';
import { Unauthenticated } from '../errors';
import { requireContext } from '../request-context';
import { TenancyService } from './tenancy.service';
import { BrandingView, MeView, TenantBrandingView, TenantView } from './tenancy.graphql';

@Resolver()
export class TenancyResolver {
  constructor(
    private readonly tenancy: TenancyService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Query(() => MeView, { description: 'The signed-in caller: any valid access token.' })
  async me(): Promise<MeView> {
    const { principal, tenant } = requireContext();
    if (!principal) throw new Unauthenticated('Sign in: this query needs a bearer access token.');
    const tenantRow = tenant ? await this.tenancy.findById(tenant.id) : null;
    return Object.assign(new MeView(), {
      subject: principal.subject,
      username: principal.username ?? null,
      displayName: principal.displayName ?? null,
      realm: principal.realm,
      roles: [...principal.roles],
      tenant: tenantRow ? TenantView.of(tenantRow) : null,
    });
  }

  @Query(() => TenantBrandingView, {
    nullable: true,
    description: 'Public: branding and sign-in realm of an active tenant; null when unknown or suspended.',
  })
  async tenantBranding(
    @Args('slug', { type: () => String }) slug: string,
  ): Promise<TenantBrandingView | null> {
    const tenant = await this.tenancy.findBySlug(slug);
    if (!tenant || tenant.status !== 'ACTIVE') return null;
    return Object.assign(new TenantBrandingView(), {
      slug: tenant.slug,
      realm: tenant.realm,
      issuer: `${this.config.identity.keycloakUrl}/realms/${tenant.realm}`,
      branding: BrandingView.of(tenant.branding),
    });
  }
}
