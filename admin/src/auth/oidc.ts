// One oidc-client-ts UserManager per Keycloak realm: authorization code flow with PKCE (S256).
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

export const ADMIN_CLIENT_ID = 'finpersona-admin';
export const CALLBACK_PATH = '/auth-callback';

const managers = new Map<string, UserManager>();

export function issuerFor(keycloakUrl: string, realm: string): string {
  return `${keycloakUrl}/realms/${encodeURIComponent(realm)}`;
}

export function userManagerFor(keycloakUrl: string, realm: string): UserManager {
  const authority = issuerFor(keycloakUrl, realm);
  let manager = managers.get(authority);
  if (!manager) {
    manager = new UserManager({
      authority,
      client_id: ADMIN_CLIENT_ID,
      redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
      post_logout_redirect_uri: `${window.location.origin}/login`,
      response_type: 'code', // oidc-client-ts always adds PKCE with S256 to the code flow
      scope: 'openid profile email',
      userStore: new WebStorageStateStore({ store: window.sessionStorage }),
      automaticSilentRenew: false,
      loadUserInfo: false,
    });
    managers.set(authority, manager);
  }
  return manager;
}
