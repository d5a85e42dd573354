// What a bank's Keycloak realm must look like, as data. `bankRealmTemplate` assembles it from small named
// parts, so a new concern is one more part, not a rewrite; the provisioner (realm-provisioner.ts) makes a
// realm match it, and realm-import.ts turns the same parts into Keycloak's import JSON. How users sign
// in (flows with step-up, amr/acr mappers) is the part in sign-in.ts. Nothing here talks to Keycloak.
import type { AppOrigins } from '../tenancy';
import { clientProtocolMappers, levelOfAuthentication, type SignInFlows, signInFlows } from './sign-in';

/** What the template needs to know about the bank. */
export interface BankRealmInput {
  realm: string;
  displayName: string;
  appOrigins: AppOrigins;
  /** Audience the API requires in access tokens (`API_AUDIENCE`). */
  apiAudience: string;
}

/** Realm-level settings (fields of Keycloak's RealmRepresentation). `enabled` is the provisioner's to set. */
export type RealmSettings = Record<string, string | number | boolean>;

export interface RoleTemplate {
  name: string;
  description: string;
}

export interface ProtocolMapperTemplate {
  name: string;
  protocol: 'openid-connect';
  protocolMapper: string;
  consentRequired: false;
  config: Record<string, string>;
}

/** Fields of Keycloak's ClientRepresentation, plus its protocol mappers (converged one by one, by name). */
export interface ClientTemplate {
  clientId: string;
  representation: Record<string, unknown>;
  protocolMappers: ProtocolMapperTemplate[];
}

export type Requirement = 'REQUIRED' | 'ALTERNATIVE' | 'CONDITIONAL' | 'DISABLED';

/** An authentication flow: executions and sub-flows in order. Aliases in the realm: flow-aliases.ts. */
export interface FlowTemplate {
  name: string;
  description: string;
  steps: FlowStep[];
}

/**
 * An authenticator's configuration (Keycloak's AuthenticatorConfig). `name` is unique within its flow;
 * the alias in the realm is derived from the flow's alias and the name (`configAlias`), so every version
 * of a flow has configurations of its own.
 */
export interface StepConfig {
  name: string;
  values: Record<string, string>;
}

export type FlowStep =
  | { authenticator: string; requirement: Requirement; config?: StepConfig }
  | { subflow: FlowTemplate; requirement: Requirement };

export interface BankRealmTemplate {
  realm: string;
  settings: RealmSettings;
  /** Realm attributes (the provisioner keeps the realm's other attributes). */
  attributes: Record<string, string>;
  roles: RoleTemplate[];
  clients: ClientTemplate[];
  /** Bound as the realm's browser flow and direct grant flow. */
  flows: SignInFlows;
}

/** The roles of a bank realm; staff roles must sign in with a one-time code (`signInFlows`). */
export const bankRoles: readonly RoleTemplate[] = [
  { name: 'bank-admin', description: 'Bank administrator: branding, products, plugins, models, staff' },
  {
    name: 'compliance-officer',
    description: 'Compliance officer: audit log, consents, data-subject requests',
  },
  { name: 'customer', description: 'Bank customer' },
];
export const staffRoles: readonly string[] = ['bank-admin', 'compliance-officer'];

/**
 * The apps' sign-in callback and sign-out landing paths. They must match what the apps send as
 * redirect_uri / post_logout_redirect_uri: admin/src/auth/oidc.ts and tenant-templates/customer-app/src/auth/oidc.ts.
 */
export const appPaths = {
  admin: { callback: '/auth-callback', signedOut: '/login' },
  customer: { callback: '/auth/callback', signedOut: '/' },
} as const;

/** The whole template of a bank's realm. */
export function bankRealmTemplate(bank: BankRealmInput): BankRealmTemplate {
  return {
    realm: bank.realm,
    settings: {
      displayName: bank.displayName,
      ...accountPolicy(),
      ...tokenLifetimes(),
      ...bruteForceProtection(),
      ...passwordPolicy(),
      ...otpPolicy(),
    },
    attributes: levelOfAuthentication(),
    roles: [...bankRoles],
    clients: [
      browserAppClient({
        clientId: 'finpersona-admin',
        name: `${bank.displayName} admin portal`,
        origins: bank.appOrigins.admin,
        paths: appPaths.admin,
        apiAudience: bank.apiAudience,
      }),
      browserAppClient({
        clientId: 'finpersona-customer',
        name: `${bank.displayName} customer app`,
        origins: bank.appOrigins.customer,
        paths: appPaths.customer,
        apiAudience: bank.apiAudience,
      }),
    ],
    flows: signInFlows(staffRoles),
  };
}

/** Accounts come from the bank (no self-registration); sign-in by username or e-mail; TLS outside localhost. */
export function accountPolicy(): RealmSettings {
  return {
    registrationAllowed: false,
    registrationEmailAsUsername: false,
    resetPasswordAllowed: false,
    rememberMe: false,
    loginWithEmailAllowed: true,
    duplicateEmailsAllowed: false,
    editUsernameAllowed: false,
    verifyEmail: false,
    sslRequired: 'external',
  };
}

/**
 * Short-lived access tokens (5 min: a suspended user or a revoked role stops working soon even for APIs
 * that cannot ask Keycloak), single-use refresh tokens, sessions ending after 30 min idle or 10 h.
 */
export function tokenLifetimes(): RealmSettings {
  return {
    accessTokenLifespan: 300,
    accessTokenLifespanForImplicitFlow: 300,
    accessCodeLifespan: 60,
    accessCodeLifespanUserAction: 300,
    accessCodeLifespanLogin: 1800,
    ssoSessionIdleTimeout: 1800,
    ssoSessionMaxLifespan: 36_000,
    offlineSessionIdleTimeout: 2_592_000,
    revokeRefreshToken: true,
    refreshTokenMaxReuse: 0,
  };
}

/** Temporary lockout after 10 failures, waits growing by a minute up to 15 minutes; never permanent. */
export function bruteForceProtection(): RealmSettings {
  return {
    bruteForceProtected: true,
    permanentLockout: false,
    failureFactor: 10,
    waitIncrementSeconds: 60,
    maxFailureWaitSeconds: 900,
    maxDeltaTimeSeconds: 43_200,
    minimumQuickLoginWaitSeconds: 60,
    // No "quick login" lockout: it would lock out a user who double-submits; the temporary lockout above is the guard.
    quickLoginCheckMilliSeconds: 0,
  };
}

export function passwordPolicy(): RealmSettings {
  return {
    passwordPolicy:
      'length(12) and maxLength(128) and digits(1) and lowerCase(1) and upperCase(1) and specialChars(1) ' +
      'and notUsername and notEmail and passwordHistory(3)',
  };
}

/**
 * TOTP as authenticator apps expect it. Code reuse is deliberately not managed: new realms get Keycloak's
 * default (a code works once), while the local demo realm keeps the reuse its tests rely on.
 */
export function otpPolicy(): RealmSettings {
  return {
    otpPolicyType: 'totp',
    otpPolicyAlgorithm: 'HmacSHA1',
    otpPolicyDigits: 6,
    otpPolicyPeriod: 30,
    otpPolicyLookAheadWindow: 1,
  };
}

/**
 * A public single-page-app client: authorization code with PKCE S256 only, redirects to exactly the app's
 * callback on each configured origin (no wildcard), and the API's audience, `amr` and `acr` in its tokens.
 */
export function browserAppClient(app: {
  clientId: string;
  name: string;
  origins: readonly string[];
  paths: { callback: string; signedOut: string };
  apiAudience: string;
}): ClientTemplate {
  return {
    clientId: app.clientId,
    representation: {
      clientId: app.clientId,
      name: app.name,
      description: `${app.name} (public SPA client: authorization code + PKCE S256)`,
      enabled: true,
      protocol: 'openid-connect',
      publicClient: true,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      frontchannelLogout: true,
      fullScopeAllowed: true,
      consentRequired: false,
      // Without a root URL Keycloak has nothing to resolve relative redirects against.
      rootUrl: app.origins[0] ?? '',
      baseUrl: '/',
      redirectUris: app.origins.map((origin) => `${origin}${app.paths.callback}`),
      webOrigins: [...app.origins],
      attributes: {
        'pkce.code.challenge.method': 'S256',
        'post.logout.redirect.uris': app.origins
          .map((origin) => `${origin}${app.paths.signedOut}`)
          .join('##'),
        'oauth2.device.authorization.grant.enabled': 'false',
        'oidc.ciba.grant.enabled': 'false',
      },
    },
    protocolMappers: clientProtocolMappers(app.apiAudience),
  };
}
