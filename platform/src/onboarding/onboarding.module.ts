import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { TenancyModule } from '../tenancy';
import { OnboardingResolver } from './onboarding.resolver';
import { OnboardingService } from './onboarding.service';
import { TemporalGateway } from './temporal';

/** Starting and following onboarding workflows: used by the API and by `cli seed-demo`. */
@Module({
  imports: [TenancyModule, AuditModule],
  providers: [TemporalGateway, OnboardingService],
  exports: [TemporalGateway, OnboardingService],
})
export class OnboardingModule {}

/** The onboarding part of the GraphQL API. */
@Module({
  imports: [OnboardingModule],
  providers: [OnboardingResolver],
})
export class OnboardingGraphqlModule {}
