// How users of a FinPersona realm sign in, and what their tokens say about it: the authentication flows,
// the level-of-authentication map and the clients' protocol mappers. The ONE definition of the Keycloak
// side of step-up: the provisioner applies it to bank realms (`bankRealmTemplate`), and its import-JSON
// form (`realm-import.ts`) is what deploy/keycloak/*.realm.json and the test realms contain.
//
// How step-up works (Keycloak 26):
// - Level of Authentication: realm attribute `acr.loa.map` names the levels (`password` = 1, `mfa` = 2).
//   The browser flow has one conditional sub-flow per level (`conditional-level-of-authentication`):
//   level 1 asks for the password and, for staff roles (or anyone who has set OTP up), the one-time code;
//   level 2 asks for the one-time code. A client asking for `acr_values=mfa` makes Keycloak run the
//   level-2 step (again, once its max age has passed: step-up through the SSO cookie, level 1 is not
//   repeated) and the token's `acr` says `mfa`. Known cost: when the SSO session has ended before a
//   step-up, staff type a code for level 1 and another for level 2.
// - Authentication Method Reference: every password and OTP step (browser and direct grant) carries
//   `default.reference.value` (`pwd` / `otp`) and `default.reference.maxAge`, and each client has the
//   `oidc-amr-mapper`. Keycloak lists in `amr` the methods completed within their max age when it issues
//   (or refreshes) a token, so `otp` drops out of tokens issued after the second factor is older than
//   `secondFactorMaxAgeSeconds`. The API trusts `amr` (fresh by construction) for step-up; `acr` is kept on
//   the principal for information, because Keycloak keeps an elevated `acr` on refreshed tokens.
// - The direct grant (development CLI and tests) keeps the role conditions: staff must send `totp`; other
//   users send it when they have configured OTP. Its steps carry the same references.
import {
  ACR_PASSWORD,
  ACR_SECOND_FACTOR,
  acrLevels,
  AMR_ONE_TIME_CODE,
  AMR_PASSWORD,
  passwordMaxAgeSeconds,
  secondFactorMaxAgeSeconds,
} from '../identity';
import type { FlowStep, FlowTemplate, ProtocolMapperTemplate, StepConfig } from './realm-template';

/** The browser and direct grant flows a realm binds. */
export interface SignInFlows {
  browser: FlowTemplate;
  directGrant: FlowTemplate;
}

/** Realm attributes naming the levels of authentication clients may ask for with `acr_values`. */
export function levelOfAuthentication(): Record<string, string> {
  return { 'acr.loa.map': JSON.stringify(acrLevels) };
}

/**
 * The sign-in flows of a realm whose staff hold `staffRoles` (bank realms: `bank-admin`,
 * `compliance-officer`; the platform realm: `platform-operator`). Staff must give a one-time code at
 * every sign-in (one without a code set up is made to enrol); everyone else gives one only if they have
 * set one up; any user gives one again when a client asks for `acr_values=mfa`.
 */
export function signInFlows(staffRoles: readonly string[]): SignInFlows {
  const level = (n: number, maxAge: number): FlowStep => ({
    authenticator: 'conditional-level-of-authentication',
    requirement: 'REQUIRED',
    config: {
      name: `level ${n}`,
      values: { 'loa-condition-level': String(n), 'loa-max-age': String(maxAge) },
    },
  });
  return {
    browser: {
      name: 'browser',
      description: 'Browser sign-in with levels of authentication (step-up with acr_values=mfa)',
      steps: [
        { authenticator: 'auth-cookie', requirement: 'ALTERNATIVE' },
        { authenticator: 'identity-provider-redirector', requirement: 'ALTERNATIVE' },
        {
          requirement: 'ALTERNATIVE',
          subflow: {
            name: 'forms',
            description: 'One sub-flow per level of authentication',
            steps: [
              {
                requirement: 'CONDITIONAL',
                subflow: {
                  name: `level 1 ${ACR_PASSWORD}`,
                  description: `Level 1 (acr ${ACR_PASSWORD}): password, and the one-time code for staff`,
                  steps: [
                    level(acrLevels[ACR_PASSWORD]!, passwordMaxAgeSeconds),
                    passwordStep('auth-username-password-form'),
                    ...oneTimeCodeByRole('auth-otp-form', staffRoles),
                  ],
                },
              },
              {
                requirement: 'CONDITIONAL',
                subflow: {
                  name: `level 2 ${ACR_SECOND_FACTOR}`,
                  description: `Level 2 (acr ${ACR_SECOND_FACTOR}): one-time code; users without OTP are asked to set it up`,
                  steps: [
                    // A little shorter than the `otp` reference: Keycloak asks for a new code before `amr`
                    // loses `otp`, so a client stepping up never gets a token without it.
                    level(acrLevels[ACR_SECOND_FACTOR]!, secondFactorMaxAgeSeconds - 60),
                    oneTimeCodeStep('auth-otp-form'),
                  ],
                },
              },
            ],
          },
        },
      ],
    },
    directGrant: {
      name: 'direct grant',
      description: 'Direct grant; a one-time code (parameter totp) is mandatory for staff',
      steps: [
        { authenticator: 'direct-grant-validate-username', requirement: 'REQUIRED' },
        passwordStep('direct-grant-validate-password'),
        ...oneTimeCodeByRole('direct-grant-validate-otp', staffRoles),
      ],
    },
  };
}

const reference = (value: string, maxAge: number): StepConfig => ({
  name: `${value} reference`,
  values: { 'default.reference.value': value, 'default.reference.maxAge': String(maxAge) },
});

/** A password step whose success `amr` lists as `pwd`. */
function passwordStep(authenticator: string): FlowStep {
  return {
    authenticator,
    requirement: 'REQUIRED',
    config: reference(AMR_PASSWORD, passwordMaxAgeSeconds),
  };
}

/** A one-time-code step whose success `amr` lists as `otp` for `secondFactorMaxAgeSeconds`. */
function oneTimeCodeStep(authenticator: string): FlowStep {
  return {
    authenticator,
    requirement: 'REQUIRED',
    config: reference(AMR_ONE_TIME_CODE, secondFactorMaxAgeSeconds),
  };
}

/**
 * The one-time code at sign-in: a conditional sub-flow per staff role, and one for everyone else who has
 * set OTP up. Each sub-flow also checks the roles before it are absent, so a user holding several staff
 * roles is asked once.
 */
function oneTimeCodeByRole(authenticator: string, staffRoles: readonly string[]): FlowStep[] {
  const hasRole = (role: string, negate: boolean): FlowStep => ({
    authenticator: 'conditional-user-role',
    requirement: 'REQUIRED',
    config: {
      name: `${negate ? 'lacks' : 'has'} role ${role}`,
      values: { condUserRole: role, negate: String(negate) },
    },
  });
  const byRole: FlowStep[] = staffRoles.map((role, index) => ({
    requirement: 'CONDITIONAL',
    subflow: {
      name: `OTP for ${role}`,
      description: `A one-time code is required from users holding ${role}`,
      steps: [
        hasRole(role, false),
        ...staffRoles.slice(0, index).map((earlier) => hasRole(earlier, true)),
        oneTimeCodeStep(authenticator),
      ],
    },
  }));
  const others: FlowStep = {
    requirement: 'CONDITIONAL',
    subflow: {
      name: 'OTP when configured',
      description: 'Other users: a one-time code when they have set one up',
      steps: [
        { authenticator: 'conditional-user-configured', requirement: 'REQUIRED' },
        ...staffRoles.map((role) => hasRole(role, true)),
        oneTimeCodeStep(authenticator),
      ],
    },
  };
  return [...byRole, others];
}

/** Puts the API's audience into access tokens (not ID tokens), which the API requires. */
export function audienceMapper(audience: string): ProtocolMapperTemplate {
  return {
    name: `audience ${audience}`,
    protocol: 'openid-connect',
    protocolMapper: 'oidc-audience-mapper',
    consentRequired: false,
    config: {
      'included.custom.audience': audience,
      'access.token.claim': 'true',
      'id.token.claim': 'false',
      'introspection.token.claim': 'true',
      'lightweight.claim': 'false',
    },
  };
}

const inAllTokens = {
  'access.token.claim': 'true',
  'id.token.claim': 'true',
  'introspection.token.claim': 'true',
};

/** Protocol mappers every FinPersona client of a realm carries: the API audience, `amr` and `acr`. */
export function clientProtocolMappers(audience: string): ProtocolMapperTemplate[] {
  return [
    audienceMapper(audience),
    {
      name: 'authentication methods (amr)',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-amr-mapper',
      consentRequired: false,
      config: { ...inAllTokens },
    },
    {
      name: 'level of authentication (acr)',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-acr-mapper',
      consentRequired: false,
      config: { ...inAllTokens },
    },
  ];
}
