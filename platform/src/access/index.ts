export { requirePlatformRole, requireTenantRole } from './authorize';
export { requireStepUp, STEP_UP_ACR, stepUpActions, stepUpMaxAgeSeconds } from './step-up';
export type { StepUpAction } from './step-up';
