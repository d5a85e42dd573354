// Every workflow the worker serves (its workflowsPath). Workflow code only: no Node or platform imports.
export { onboardTenant } from './onboarding/workflows';
export { erasePersonalData, exportPersonalData } from './data-subject-rights/workflows';
