// STEP_UP_REQUIRED: the API refuses a sensitive operation until the caller signs in again with a second
// factor. Its error carries what to ask the identity provider for; both apps re-authenticate with it
// (oidc-client-ts `signinRedirect({ acr_values })`) and come back to the page they were on.

/** What a STEP_UP_REQUIRED error tells the client (from `extensions`). */
export interface StepUpChallenge {
  /** Send as `acr_values` in the new sign-in (Keycloak asks for the one-time code). */
  acrValues: string;
  /** How long the second factor counts once entered, when the API says. */
  maxAgeSeconds: number | undefined;
}

const acrValuesPattern = /^[A-Za-z0-9_.:-]+( [A-Za-z0-9_.:-]+)*$/;

/** The challenge in a STEP_UP_REQUIRED error's `extensions`, or undefined when it is missing or malformed. */
export function stepUpChallengeOf(extensions: unknown): StepUpChallenge | undefined {
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const { code, acrValues, maxAgeSeconds } = extensions as Record<string, unknown>;
  if (code !== 'STEP_UP_REQUIRED' || typeof acrValues !== 'string' || !acrValuesPattern.test(acrValues)) {
    return undefined;
  }
  return {
    acrValues,
    maxAgeSeconds:
      typeof maxAgeSeconds === 'number' && Number.isInteger(maxAgeSeconds) && maxAgeSeconds > 0
        ? maxAgeSeconds
        : undefined,
  };
}

/** What to tell the person before sending them to confirm with their code. */
export const STEP_UP_MESSAGE =
  'This needs a recent one-time code from your authenticator app. Confirm it is you and you will come back here.';

/**
 * A path inside the app to return to after the new sign-in; anything else (another origin, `//host`,
 * a scheme) becomes `/`, so the sign-in's state cannot send anyone elsewhere.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
    return '/';
  }
  return value;
}
