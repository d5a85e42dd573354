// react-admin's AuthProvider over Keycloak (oidc-client-ts). The only place that knows Keycloak.
import { safeReturnPath, type StepUpChallenge } from '@finpersona/api-client';
import type { AuthProvider, UserIdentity } from 'react-admin';
import type { AdminConfig } from '../config.ts';
import type { ApiSession } from '../data/graphqlClient.ts';
import type { Me, TenantBranding } from '../data/queries.ts';
import { forgetRecordedExports } from '../data/recorded-exports.ts';
import { forgetAudience, loadAudience, PLATFORM_REALM, saveAudience, type Audience } from './audience.ts';
import { userManagerFor } from './oidc.ts';

/** What the login screen submits. */
export type LoginRequest = { kind: 'bank'; tenantSlug: string } | { kind: 'platform' };

export interface AuthDependencies {
  config: AdminConfig;
  /** Public lookup of a bank's realm by slug (null: unknown or suspended). */
  findBank(slug: string): Promise<TenantBranding | null>;
  /** The signed-in principal, as the API sees it. */
  me(): Promise<Me>;
}

export class LoginError extends Error {
  override name = 'LoginError';
}

function managerForAudience(config: AdminConfig, audience: Audience) {
  return userManagerFor(config.keycloakUrl, audience.realm);
}

async function currentUser(config: AdminConfig) {
  const audience = loadAudience();
  if (!audience) return null;
  const user = await managerForAudience(config, audience).getUser();
  return user && !user.expired ? user : null;
}

/** How the data layer authenticates: the current access token and, for bank staff, X-Tenant. */
export function createApiSession(config: AdminConfig): ApiSession {
  return {
    accessToken: async () => (await currentUser(config))?.access_token ?? null,
    tenantSlug: () => {
      const audience = loadAudience();
      return audience?.kind === 'bank' ? audience.tenantSlug : null;
    },
  };
}

function isUnauthenticated(error: unknown): boolean {
  const candidate = error as { status?: number; code?: string } | null;
  return candidate?.status === 401 || candidate?.code === 'UNAUTHENTICATED';
}

/** The route that explains a step-up and starts it (see StepUpPage). */
export const STEP_UP_PATH = '/step-up';

/** Where checkError sends the person when the API asks for a second factor: the step-up page, with the way back. */
export function stepUpLocation(challenge: StepUpChallenge, returnTo: string): string {
  const query = new URLSearchParams({ acr: challenge.acrValues, returnTo: safeReturnPath(returnTo) });
  return `${STEP_UP_PATH}?${query.toString()}`;
}

/**
 * Signs in again through Keycloak asking for `acrValues` (Keycloak then asks for the one-time code, keeping
 * the rest of the session), and comes back to `returnTo` through the sign-in callback.
 */
export async function startStepUp(config: AdminConfig, acrValues: string, returnTo: string): Promise<never> {
  const audience = loadAudience();
  if (!audience) throw new LoginError('Your session has ended. Please sign in again.');
  await managerForAudience(config, audience).signinRedirect({
    acr_values: acrValues,
    state: { returnTo: safeReturnPath(returnTo) },
  });
  return new Promise<never>(() => undefined);
}

export function createAuthProvider({ config, findBank, me }: AuthDependencies): AuthProvider {
  let identity: Promise<Me> | undefined;
  /** `me`, asked once per sign-in; a failure is forgotten, so the next call (e.g. "Try again") asks again. */
  const principal = (): Promise<Me> =>
    (identity ??= me()).catch((error: unknown) => {
      identity = undefined;
      throw error;
    });

  return {
    async login(request: LoginRequest) {
      let audience: Audience;
      if (request.kind === 'platform') {
        audience = { kind: 'platform', realm: PLATFORM_REALM };
      } else {
        const slug = request.tenantSlug.trim().toLowerCase();
        const bank = await findBank(slug);
        if (!bank)
          throw new LoginError(`No active bank is registered as "${slug}". Check the bank's short name.`);
        audience = {
          kind: 'bank',
          tenantSlug: bank.slug,
          realm: bank.realm,
          bankName: bank.branding.displayName,
        };
      }
      saveAudience(audience);
      identity = undefined;
      await managerForAudience(config, audience).signinRedirect();
      // The browser is leaving for Keycloak; never resolve so react-admin does not navigate meanwhile.
      return new Promise<never>(() => undefined);
    },

    async handleCallback() {
      const audience = loadAudience();
      if (!audience)
        throw new LoginError('The sign-in could not be completed: start again from the login page.');
      const user = await managerForAudience(config, audience).signinRedirectCallback();
      identity = undefined;
      // After a step-up, back to the page that asked for it (its data is fetched again there).
      return { redirectTo: safeReturnPath((user.state as { returnTo?: unknown } | undefined)?.returnTo) };
    },

    async checkAuth() {
      if (!(await currentUser(config))) throw { redirectTo: '/login', message: false };
    },

    async checkError(error: unknown) {
      if (isUnauthenticated(error)) {
        throw { redirectTo: '/login', message: 'Your session has ended. Please sign in again.' };
      }
      const stepUp = (error as { code?: string; stepUp?: StepUpChallenge } | null)?.stepUp;
      if (stepUp && (error as { code?: string }).code === 'STEP_UP_REQUIRED') {
        // Not a sign-out: the step-up page explains why, then asks Keycloak for the code.
        const here = `${window.location.pathname}${window.location.search}`;
        throw { redirectTo: stepUpLocation(stepUp, here), logoutUser: false, message: false };
      }
      // NETWORK (the API out of reach) is not a sign-out either: the session is kept for "Try again"
      // (ApiUnreachableGate before the portal has started, the page's own error after).
      // FORBIDDEN and everything else stay on the page and are shown as errors; they are not a reason to log out.
    },

    async logout() {
      const audience = loadAudience();
      identity = undefined;
      forgetAudience();
      forgetRecordedExports();
      if (!audience) return '/login';
      const manager = managerForAudience(config, audience);
      const user = await manager.getUser();
      await manager.removeUser();
      if (user && !user.expired && user.id_token) {
        // A deliberate sign-out also ends the Keycloak session, so the next sign-in asks for credentials again.
        await manager.signoutRedirect({ id_token_hint: user.id_token });
        return new Promise<never>(() => undefined);
      }
      return '/login';
    },

    async getIdentity(): Promise<UserIdentity> {
      const signedIn = await principal();
      return {
        id: signedIn.subject,
        fullName: signedIn.displayName ?? signedIn.username ?? signedIn.subject,
        realm: signedIn.realm,
        tenant: signedIn.tenant,
      };
    },

    async getPermissions() {
      if (!(await currentUser(config))) return [];
      return (await principal()).roles;
    },
  };
}
