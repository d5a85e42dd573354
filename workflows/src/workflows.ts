// Every workflow the worker serves (its workflowsPath). Workflow code only: no Node or platform imports.
export { onboardTenant } from './onboarding/workflows';
export { consentLifecycle } from './consents/workflows';
