import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { type EnumValue, graphqlEnum } from '../graphql-enums';
import { PageInfoView } from '../pagination';
import type { AppOrigins, Branding, Region, Tenant, TenantStatus } from './tenant.entity';

export const RegionValue = graphqlEnum('Region', { EU: 'EU', UK: 'UK', US: 'US' });
export type RegionValue = EnumValue<typeof RegionValue>;

export const TenantStatusValue = graphqlEnum(
  'TenantStatus',
  { PROVISIONING: 'PROVISIONING', ACTIVE: 'ACTIVE', SUSPENDED: 'SUSPENDED' },
  {
    valueDescriptions: {
      PROVISIONING: "Being onboarded: its realm's tokens are not accepted and its branding is not served.",
      ACTIVE: 'Live.',
      SUSPENDED:
        "Switched off by a platform operator: its realm's tokens are not accepted; onboarding again keeps it suspended.",
    },
  },
);
export type TenantStatusValue = EnumValue<typeof TenantStatusValue>;

@ObjectType('Branding')
export class BrandingView {
  @Field(() => String) displayName!: string;
  @Field(() => String) primaryColor!: string;
  @Field(() => String) accentColor!: string;
  @Field(() => String, { nullable: true }) logoUrl!: string | null;

  static of(branding: Branding): BrandingView {
    return Object.assign(new BrandingView(), { ...branding, logoUrl: branding.logoUrl ?? null });
  }
}

@ObjectType('AppOrigins', {
  description: "Origins of a bank's apps; its realm's clients accept sign-in redirects to exactly these.",
})
export class AppOriginsView {
  @Field(() => [String]) admin!: string[];
  @Field(() => [String]) customer!: string[];
}

@ObjectType('Tenant')
export class TenantView {
  @Field(() => ID) id!: string;
  @Field(() => String) slug!: string;
  @Field(() => String) name!: string;
  @Field(() => RegionValue) region!: Region;
  @Field(() => String, { description: "Keycloak realm of the bank's users." }) realm!: string;
  @Field(() => TenantStatusValue) status!: TenantStatus;
  @Field(() => BrandingView) branding!: BrandingView;
  @Field(() => AppOriginsView) appOrigins!: AppOrigins;
  @Field(() => String, {
    nullable: true,
    description: 'Why an operator suspended the bank; null unless SUSPENDED.',
  })
  suspensionReason!: string | null;
  @Field(() => Date, { nullable: true }) suspendedAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;

  static of(tenant: Tenant): TenantView {
    return Object.assign(new TenantView(), {
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      region: tenant.region,
      realm: tenant.realm,
      status: tenant.status,
      branding: BrandingView.of(tenant.branding),
      appOrigins: { admin: [...tenant.appOrigins.admin], customer: [...tenant.appOrigins.customer] },
      suspensionReason: tenant.suspensionReason,
      suspendedAt: tenant.suspendedAt,
      createdAt: tenant.createdAt,
      updatedAt: tenant.updatedAt,
    });
  }
}

@ObjectType('TenantEdge')
export class TenantEdgeView {
  @Field(() => String) cursor!: string;
  @Field(() => TenantView) node!: TenantView;
}

@ObjectType('TenantConnection')
export class TenantConnectionView {
  @Field(() => [TenantEdgeView]) edges!: TenantEdgeView[];
  @Field(() => PageInfoView) pageInfo!: PageInfoView;
  @Field(() => Int) totalCount!: number;
}

@InputType('BrandingInput')
export class BrandingInputValue {
  @Field(() => String) displayName!: string;
  @Field(() => String, { description: '#RRGGBB' }) primaryColor!: string;
  @Field(() => String, { description: '#RRGGBB' }) accentColor!: string;
  @Field(() => String, {
    nullable: true,
    description: 'An https URL, a path starting with /, or a data:image URL.',
  })
  logoUrl?: string | null;
}

@InputType('AppOriginsInput')
export class AppOriginsInputValue {
  @Field(() => [String], {
    description: 'Admin portal origins, e.g. https://admin.bank.example (at most 10).',
  })
  admin!: string[];
  @Field(() => [String], { description: 'Customer app origins, e.g. https://app.bank.example (at most 10).' })
  customer!: string[];
}

/** What a login page needs before anyone has signed in: which realm to send the user to, and the look. */
@ObjectType('TenantBranding')
export class TenantBrandingView {
  @Field(() => String) slug!: string;
  @Field(() => String) realm!: string;
  @Field(() => String) issuer!: string;
  @Field(() => BrandingView) branding!: BrandingView;
}

@ObjectType('Me')
export class MeView {
  @Field(() => ID) subject!: string;
  @Field(() => String, { nullable: true }) username!: string | null;
  @Field(() => String, { nullable: true }) displayName!: string | null;
  @Field(() => String) realm!: string;
  @Field(() => [String]) roles!: string[];
  @Field(() => TenantView, {
    nullable: true,
    description: 'The bank the caller belongs to; null for platform operators.',
  })
  tenant!: TenantView | null;
}
