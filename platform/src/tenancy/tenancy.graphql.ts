import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Branding, Region, Tenant, TenantStatus } from './tenant.entity';

export enum RegionValue {
  EU = 'EU',
  UK = 'UK',
  US = 'US',
}
registerEnumType(RegionValue, { name: 'Region' });

export enum TenantStatusValue {
  PROVISIONING = 'PROVISIONING',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
}
registerEnumType(TenantStatusValue, {
  name: 'TenantStatus',
  valuesMap: {
    PROVISIONING: {
      description: "Being onboarded: its realm's tokens are not accepted and its branding is not served.",
    },
    ACTIVE: { description: 'Live.' },
    SUSPENDED: {
      description:
        "Switched off by a platform operator: its realm's tokens are not accepted; onboarding again keeps it suspended.",
    },
  },
});

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

@ObjectType('Tenant')
export class TenantView {
  @Field(() => ID) id!: string;
  @Field(() => String) slug!: string;
  @Field(() => String) name!: string;
  @Field(() => RegionValue) region!: Region;
  @Field(() => TenantStatusValue) status!: TenantStatus;
  @Field(() => BrandingView) branding!: BrandingView;

  static of(tenant: Tenant): TenantView {
    return Object.assign(new TenantView(), {
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      region: tenant.region,
      status: tenant.status,
      branding: BrandingView.of(tenant.branding),
    });
  }
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
