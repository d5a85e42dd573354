import { Module } from '@nestjs/common';
import { OnboardingModule } from '../onboarding';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  imports: [OnboardingModule],
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
