// Sign-in with the bank's own Keycloak realm: authorization code flow + PKCE (S256) via oidc-client-ts.
import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { safeReturnPath, type StepUpChallenge } from '@finpersona/api-client';

export const CUSTOMER_CLIENT_ID = 'finpersona-customer';
export const CALLBACK_PATH = '/auth/callback';

export function createUserManager(issuer: string): UserManager {
  return new UserManager({
    authority: issuer,
    client_id: CUSTOMER_CLIENT_ID,
    redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${window.location.origin}/`,
    response_type: 'code', // oidc-client-ts adds PKCE (S256) to every code flow
    scope: 'openid profile email',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
    loadUserInfo: false,
  });
}

export function isSignInCallback(location: Location): boolean {
  const params = new URLSearchParams(location.search);
  return location.pathname === CALLBACK_PATH && (params.has('code') || params.has('error'));
}

// A code can be redeemed once; React may run the start-up effect twice (StrictMode in development).
const completions = new Map<string, Promise<User>>();

/**
 * Finishes a redirect back from Keycloak (once per callback URL) and returns to the page the sign-in
 * started from (a step-up names it in its state), else to the app's home URL.
 */
export function completeSignIn(manager: UserManager): Promise<User> {
  const callbackUrl = window.location.href;
  let completion = completions.get(callbackUrl);
  if (!completion) {
    completion = manager.signinRedirectCallback(callbackUrl).then((user) => {
      window.history.replaceState(null, '', returnPathOf(user.state));
      return user;
    });
    completions.set(callbackUrl, completion);
  }
  return completion;
}

export async function currentUser(manager: UserManager): Promise<User | null> {
  const user = await manager.getUser();
  return user && !user.expired ? user : null;
}

/** Where to land after a sign-in: the step-up's recorded page when it is one of ours, else home. */
export function returnPathOf(state: unknown): string {
  return safeReturnPath((state as { returnTo?: unknown } | null | undefined)?.returnTo);
}

/**
 * Signs in again asking Keycloak for the second factor (`acr_values`); the rest of the Keycloak session is
 * kept, so only the one-time code is asked for. Comes back to the current page.
 */
export function startStepUp(manager: UserManager, challenge: StepUpChallenge): Promise<void> {
  return manager.signinRedirect({ acr_values: challenge.acrValues, state: { returnTo: returnPathHere() } });
}

/** The current page as a sign-in's way back (only a path of the app; `returnPathOf` checks it again). */
export function returnPathHere(): string {
  return safeReturnPath(`${window.location.pathname}${window.location.search}`);
}
