export {
  ONBOARDING_WORKFLOW,
  ONBOARDING_WORKFLOW_ID_PREFIX,
  TASK_QUEUE,
  onboardingWorkflowId,
} from './contract';
export type { OnboardTenantInput } from './contract';
export { OnboardingModule } from './onboarding.module';
export { OnboardingService } from './onboarding.service';
export { TemporalGateway } from './temporal';
