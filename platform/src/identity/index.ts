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
  passwordMaxAgeSeconds,
  secondFactorMaxAgeSeconds,
} from './authentication-methods';
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
