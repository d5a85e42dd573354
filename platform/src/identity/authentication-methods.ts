import { STEP_UP_ACR, stepUpMaxAgeSeconds } from '../access';

/**
 * The names and ages of authentication strength shared by the API (which reads them from tokens) and the
 * Keycloak realm template (`realms/sign-in.ts`, which makes Keycloak put them into tokens).
 */

/** `acr` values, lowest first; realm attribute `acr.loa.map` maps them to levels 1 and 2 (step-up asks for 2). */
export const ACR_PASSWORD = 'password';
export const ACR_SECOND_FACTOR = STEP_UP_ACR;
export const acrLevels: Readonly<Record<string, number>> = { [ACR_PASSWORD]: 1, [ACR_SECOND_FACTOR]: 2 };

/** `amr` values Keycloak puts in tokens (RFC 8176 names). */
export const AMR_PASSWORD = 'pwd';
export const AMR_ONE_TIME_CODE = 'otp';

/** How long a second factor counts for step-up after it was entered (seconds): the access policy's. */
export const secondFactorMaxAgeSeconds = stepUpMaxAgeSeconds;
/** How long a password sign-in counts (matches a long SSO session). */
export const passwordMaxAgeSeconds = 36_000;
