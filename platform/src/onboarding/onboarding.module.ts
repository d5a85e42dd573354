import { Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy';
import { OnboardingResolver } from './onboarding.resolver';
import { OnboardingService } from './onboarding.service';
import { TemporalGateway } from './temporal';

@Module({
  imports: [TenancyModule],
  providers: [TemporalGateway, OnboardingService, OnboardingResolver],
  exports: [TemporalGateway],
})
export class OnboardingModule {}
