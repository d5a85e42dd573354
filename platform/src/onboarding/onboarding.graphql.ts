import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { AppOriginsInputValue, BrandingInputValue, RegionValue, TenantView } from '../tenancy';
import type { OnboardTenantInput } from './contract';

@InputType('DemoCustomerInput')
export class DemoCustomerInputValue {
  @Field(() => String, { nullable: true }) subject?: string | null;
  @Field(() => String) displayName!: string;
  @Field(() => String, { nullable: true }) email?: string | null;
}

@InputType('OnboardTenantInput')
export class OnboardTenantInputValue {
  @Field(() => String, { description: 'Lowercase letters, digits and dashes, 3-40 characters.' })
  slug!: string;
  @Field(() => String) name!: string;
  @Field(() => RegionValue) region!: OnboardTenantInput['region'];
  @Field(() => String, { description: "Keycloak realm of the bank's users." }) realm!: string;
  @Field(() => BrandingInputValue) branding!: BrandingInputValue;
  @Field(() => AppOriginsInputValue, {
    nullable: true,
    description:
      "Origins of the bank's admin portal and customer app: the realm's clients redirect to exactly these. Omitted: none yet (no browser sign-in).",
  })
  appOrigins?: AppOriginsInputValue | null;
  @Field(() => [DemoCustomerInputValue]) customers!: DemoCustomerInputValue[];
}

@ObjectType('OnboardingRun')
export class OnboardingRunView {
  @Field(() => ID) workflowId!: string;
  @Field(() => String, { description: 'RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT, …' })
  status!: string;
  @Field(() => TenantView, {
    nullable: true,
    description: 'The onboarded tenant, once the run has completed.',
  })
  tenant!: TenantView | null;
}
