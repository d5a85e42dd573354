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
