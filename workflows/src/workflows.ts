// Every workflow the worker serves (its workflowsPath). Workflow code only: no Node or platform imports.
export { onboardTenant } from './onboarding/workflows';
export { syncConnection } from './sync/workflows';
export { consentLifecycle } from './consents/workflows';
export { erasePersonalData, exportPersonalData } from './data-subject-rights/workflows';
export { retrainRecommendationModel } from './models/workflows';
export { deliverDeferredNotifications } from './notifications/workflows';
