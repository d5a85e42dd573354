// react-admin's AuthProvider over Keycloak (oidc-client-ts). The only place that knows Keycloak.
import type { AuthProvider, UserIdentity } from 'react-admin';
import type { AdminConfig } from '../config.ts';
import type { ApiSession } from '../data/graphqlClient.ts';
import type { Me, TenantBranding } from '../data/queries.ts';
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

export function createAuthProvider({ config, findBank, me }: AuthDependencies): AuthProvider {
  let identity: Promise<Me> | undefined;

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
      await managerForAudience(config, audience).signinRedirectCallback();
      identity = undefined;
      return { redirectTo: '/' };
    },

    async checkAuth() {
      if (!(await currentUser(config))) throw { redirectTo: '/login', message: false };
    },

    async checkError(error: unknown) {
      if (isUnauthenticated(error)) {
        throw { redirectTo: '/login', message: 'Your session has ended. Please sign in again.' };
      }
      // FORBIDDEN and everything else stay on the page and are shown as errors; they are not a reason to log out.
    },

    async logout() {
      const audience = loadAudience();
      identity = undefined;
      forgetAudience();
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
      identity ??= me();
      const principal = await identity.catch((error: unknown) => {
        identity = undefined;
        throw error;
      });
      return {
        id: principal.subject,
        fullName: principal.displayName ?? principal.username ?? principal.subject,
        realm: principal.realm,
        tenant: principal.tenant,
      };
    },

    async getPermissions() {
      if (!(await currentUser(config))) return [];
      return (await (identity ??= me())).roles;
    },
  };
}
