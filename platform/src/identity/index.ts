export { IDENTITY_CLOCK, systemClock } from './clock';
export type { Clock } from './clock';
export { registerIdentity } from './identity-hook';
export { IdentityModule } from './identity.module';
export {
  ACR_PASSWORD,
  ACR_SECOND_FACTOR,
  acrLevels,
  AMR_ONE_TIME_CODE,
  AMR_PASSWORD,
  BROWSER_FLOW,
  clientProtocolMappers,
  DIRECT_GRANT_FLOW,
  passwordMaxAgeSeconds,
  secondFactorMaxAgeSeconds,
  stepUpRealmSettings,
} from './realm-settings';
export type { AuthenticatorConfig, ProtocolMapper, StepUpRealmSettings } from './realm-settings';
export {
  ADMIN_CLIENT,
  CUSTOMER_CLIENT,
  DEV_CLIENT,
  PLATFORM_REALM,
  TokenRejected,
  TokenVerifier,
  allowedAlgorithms,
  authenticationOf,
  clockToleranceSeconds,
  rolesByClient,
  secondFactorMethods,
} from './token-verifier';
export type { TokenRefusal, VerifiedToken } from './token-verifier';
