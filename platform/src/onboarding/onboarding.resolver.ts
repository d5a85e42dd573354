import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize } from '../access';
import { TenantView } from '../tenancy';
import { OnboardingRunView, OnboardTenantInputValue } from './onboarding.graphql';
import { type OnboardingRun, OnboardingService } from './onboarding.service';

@Resolver()
export class OnboardingResolver {
  constructor(private readonly onboarding: OnboardingService) {}

  @Mutation(() => OnboardingRunView, {
    description: 'Platform operators: start onboarding a bank (workflow onboard-tenant:<slug>).',
  })
  async onboardTenant(
    @Args('input', { type: () => OnboardTenantInputValue }) input: OnboardTenantInputValue,
  ): Promise<OnboardingRunView> {
    authorize('create', 'OnboardingRun', 'onboard a tenant');
    return view(await this.onboarding.start(input));
  }

  @Query(() => OnboardingRunView, {
    description: 'Platform operators: status of an onboarding run, with the tenant once completed.',
  })
  async onboardingRun(
    @Args('workflowId', { type: () => ID }) workflowId: string,
  ): Promise<OnboardingRunView> {
    authorize('read', 'OnboardingRun', 'read onboarding runs');
    return view(await this.onboarding.describe(workflowId));
  }
}

function view(run: OnboardingRun): OnboardingRunView {
  return Object.assign(new OnboardingRunView(), {
    workflowId: run.workflowId,
    status: run.status,
    tenant: run.tenant ? TenantView.of(run.tenant) : null,
  });
}
