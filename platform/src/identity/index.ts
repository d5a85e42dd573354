export { IDENTITY_CLOCK, systemClock } from './clock';
export type { Clock } from './clock';
export { registerIdentity } from './identity-hook';
export { IdentityModule } from './identity.module';
export { PLATFORM_REALM, TokenVerifier, allowedAlgorithms, clockToleranceSeconds } from './token-verifier';
export type { VerifiedToken } from './token-verifier';
