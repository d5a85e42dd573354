import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { RegionValue, TenantView } from '../tenancy';
import type { OnboardTenantInput } from './contract';

@InputType('BrandingInput')
export class BrandingInputValue {
  @Field(() => String) displayName!: string;
  @Field(() => String) primaryColor!: string;
  @Field(() => String) accentColor!: string;
  @Field(() => String, { nullable: true }) logoUrl?: string | null;
}

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
