export {
  ONBOARDING_WORKFLOW,
  ONBOARDING_WORKFLOW_ID_PREFIX,
  TASK_QUEUE,
  onboardingWorkflowId,
} from './contract';
export type { OnboardingResult, OnboardTenantInput } from './contract';
export {
  DEMO_BANK,
  DEMO_BANK_LOGO_URL,
  DEMO_CUSTOMER_SUBJECT,
  describeDemoBankSeed,
  seedDemoBank,
} from './demo-bank';
export type { DemoBankSeed } from './demo-bank';
export { OnboardingGraphqlModule, OnboardingModule } from './onboarding.module';
export { defaultOnboardingTimeoutMs, OnboardingService } from './onboarding.service';
export type { OnboardingRun } from './onboarding.service';
export { TemporalGateway } from './temporal';
