export {
  Consent,
  consentChannels,
  consentPurposes,
  consentStatuses,
  type ConsentChannel,
  type ConsentPurpose,
  type ConsentStatus,
} from './consent.entity';
export { ConsentHooks, type ConsentEnded, type ConsentEndedListener } from './consent-hooks';
export { isConsentLive } from './consent-liveness';
export { ConsentClock } from './consent-clock';
export { addDays, consentTerms, DAY_MS, deadlineOf, warningAt } from './consent-dates';
export type { ConsentDeadline, ConsentTerms } from './consent-dates';
export {
  consentLocales,
  consentTextCatalogue,
  currentConsentText,
  findConsentText,
  hashConsentText,
} from './consent-texts';
export type { ConsentLocale, ConsentTextVersion, ShownConsentText } from './consent-texts';
export {
  CONSENT_LIFECYCLE_WORKFLOW,
  ConsentLifecycle,
  consentLifecycleSignals,
  consentLifecycleWorkflowId,
} from './consent-lifecycle';
export type {
  ConsentLifecycleEngine,
  ConsentLifecycleInput,
  ConsentLifecycleSignal,
} from './consent-lifecycle';
export { TemporalConsentLifecycle } from './temporal-consent-lifecycle';
export { ConsentsGraphqlModule, ConsentsModule, TemporalConsentLifecycleModule } from './consents.module';
export {
  channelOfCaller,
  consentDataCategories,
  ConsentsService,
  maxConsentPageSize,
} from './consents.service';
export type {
  ConsentLifecycleState,
  ConsentOverview,
  ConsentSummary,
  GrantConsentInput,
} from './consents.service';
export { ConsentPurposeValue } from './consents.graphql';
