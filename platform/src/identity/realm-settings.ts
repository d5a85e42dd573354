import { STEP_UP_ACR, stepUpMaxAgeSeconds } from '../access';

/**
 * The Keycloak realm settings that make tokens carry the authentication strength the API checks for
 * step-up, in ONE place: `testing/bank-realm.ts` applies them, the realm provisioner of onboarding must
 * apply them too, and `deploy/keycloak/*.realm.json` mirror them (`realm-settings.test.ts` fails when a
 * realm file drifts from this function).
 *
 * How it works (Keycloak 26):
 * - Level of Authentication: realm attribute `acr.loa.map` names the levels (`password` = 1, `mfa` = 2).
 *   The browser flow has one conditional sub-flow per level (`conditional-level-of-authentication`):
 *   level 1 asks for the password and, for staff roles (or anyone who has set OTP up), the one-time
 *   code, as every sign-in did before; level 2 asks for the one-time code. A client asking for
 *   `acr_values=mfa` makes Keycloak run the level-2 step (again, once its max age has passed: that is
 *   step-up through the SSO cookie, level 1 is not repeated) and the token's `acr` says `mfa`.
 *   Known cost: when the SSO session has ended before a step-up, staff type a code for level 1 and
 *   another for level 2.
 * - Authentication Method Reference: every password and OTP execution (browser and direct grant)
 *   carries `default.reference.value` (`pwd` / `otp`) and `default.reference.maxAge`, and each client
 *   has the `oidc-amr-mapper`. Keycloak lists in `amr` the methods completed within their max age when
 *   it issues (or refreshes) a token, so `otp` drops out of tokens issued after the second factor is
 *   older than `secondFactorMaxAgeSeconds`. The API trusts `amr` (fresh by construction) for step-up;
 *   `acr` is what clients ask for and is kept on the principal for information, because Keycloak keeps
 *   an elevated `acr` on refreshed tokens indefinitely.
 * - The direct grant (`finpersona-dev-cli`, development and tests only) keeps its role conditions: staff
 *   must send `totp`; other users send it when they have configured OTP. Its executions carry the same
 *   references, so its tokens show `otp` exactly when a code was checked.
 */

/** `acr` values, lowest first; `acr.loa.map` maps them to levels 1 and 2 (level 2 is what step-up asks for). */
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

export const BROWSER_FLOW = 'finpersona browser';
export const DIRECT_GRANT_FLOW = 'finpersona direct grant';

/** Roles that must pass the one-time code in the direct grant (staff of the realm's kind). */
export type StaffRoles = readonly string[];

interface Execution {
  authenticator?: string;
  authenticatorFlow: boolean;
  flowAlias?: string;
  authenticatorConfig?: string;
  requirement: 'REQUIRED' | 'ALTERNATIVE' | 'CONDITIONAL' | 'DISABLED';
  priority: number;
  userSetupAllowed: boolean;
}

interface Flow {
  alias: string;
  description: string;
  providerId: 'basic-flow';
  topLevel: boolean;
  builtIn: false;
  authenticationExecutions: Execution[];
}

export interface AuthenticatorConfig {
  alias: string;
  config: Record<string, string>;
}

export interface ProtocolMapper {
  name: string;
  protocol: 'openid-connect';
  protocolMapper: string;
  consentRequired: false;
  config: Record<string, string>;
}

/** The part of a Keycloak RealmRepresentation this module owns (merge it into the realm). */
export interface StepUpRealmSettings {
  attributes: Record<string, string>;
  browserFlow: string;
  directGrantFlow: string;
  authenticationFlows: Flow[];
  authenticatorConfig: AuthenticatorConfig[];
}

const step = (
  authenticator: string,
  priority: number,
  requirement: Execution['requirement'],
  authenticatorConfig?: string,
): Execution => ({
  authenticator,
  authenticatorFlow: false,
  ...(authenticatorConfig ? { authenticatorConfig } : {}),
  requirement,
  priority,
  userSetupAllowed: false,
});

const subFlow = (flowAlias: string, priority: number, requirement: Execution['requirement']): Execution => ({
  authenticatorFlow: true,
  flowAlias,
  requirement,
  priority,
  userSetupAllowed: false,
});

const flow = (alias: string, description: string, topLevel: boolean, executions: Execution[]): Flow => ({
  alias,
  description,
  providerId: 'basic-flow',
  topLevel,
  builtIn: false,
  authenticationExecutions: executions,
});

const reference = (alias: string, value: string, maxAge: number): AuthenticatorConfig => ({
  alias,
  config: { 'default.reference.value': value, 'default.reference.maxAge': String(maxAge) },
});

/**
 * Flows, authenticator configs and attributes for a realm whose staff hold `staffRoles` (bank realms:
 * `bank-admin`, `compliance-officer`; the platform realm: `platform-operator`).
 */
export function stepUpRealmSettings(staffRoles: StaffRoles): StepUpRealmSettings {
  const browser = {
    forms: `${BROWSER_FLOW} forms`,
    level1: `${BROWSER_FLOW} - level 1 password`,
    level2: `${BROWSER_FLOW} - level 2 one-time code`,
  };
  const browserCodes = secondFactorByRole(BROWSER_FLOW, 'auth-otp-form', staffRoles);
  const directCodes = secondFactorByRole(DIRECT_GRANT_FLOW, 'direct-grant-validate-otp', staffRoles);

  const authenticatorConfig: AuthenticatorConfig[] = [
    {
      alias: 'level 1',
      config: { 'loa-condition-level': '1', 'loa-max-age': String(passwordMaxAgeSeconds) },
    },
    // A little shorter than the `otp` reference: Keycloak asks for a new code before `amr` loses `otp`,
    // so a client stepping up never gets a token without it.
    {
      alias: 'level 2',
      config: { 'loa-condition-level': '2', 'loa-max-age': String(secondFactorMaxAgeSeconds - 60) },
    },
    reference('browser password reference', AMR_PASSWORD, passwordMaxAgeSeconds),
    reference('browser otp reference', AMR_ONE_TIME_CODE, secondFactorMaxAgeSeconds),
    reference('direct grant password reference', AMR_PASSWORD, passwordMaxAgeSeconds),
    ...browserCodes.configs,
    ...directCodes.configs,
    ...staffRoles.flatMap((role) => [
      { alias: hasRole(role), config: { condUserRole: role, negate: 'false' } },
      { alias: lacksRole(role), config: { condUserRole: role, negate: 'true' } },
    ]),
  ];

  const authenticationFlows: Flow[] = [
    ...browserCodes.flows,
    flow(browser.level1, 'Level 1 (acr password): password, and the one-time code for staff', false, [
      step('conditional-level-of-authentication', 10, 'REQUIRED', 'level 1'),
      step('auth-username-password-form', 20, 'REQUIRED', 'browser password reference'),
      ...browserCodes.steps(30),
    ]),
    flow(
      browser.level2,
      'Level 2 (acr mfa): one-time code; users without OTP are asked to set it up',
      false,
      [
        step('conditional-level-of-authentication', 10, 'REQUIRED', 'level 2'),
        step('auth-otp-form', 20, 'REQUIRED', 'browser otp reference'),
      ],
    ),
    flow(browser.forms, 'One sub-flow per level of authentication', false, [
      subFlow(browser.level1, 10, 'CONDITIONAL'),
      subFlow(browser.level2, 20, 'CONDITIONAL'),
    ]),
    flow(BROWSER_FLOW, 'Browser sign-in with levels of authentication (step-up with acr_values=mfa)', true, [
      step('auth-cookie', 10, 'ALTERNATIVE'),
      subFlow(browser.forms, 30, 'ALTERNATIVE'),
    ]),
    ...directCodes.flows,
    flow(
      DIRECT_GRANT_FLOW,
      'Direct grant (dev CLI); OTP (parameter totp) is mandatory for staff roles',
      true,
      [
        step('direct-grant-validate-username', 10, 'REQUIRED'),
        step('direct-grant-validate-password', 20, 'REQUIRED', 'direct grant password reference'),
        ...directCodes.steps(30),
      ],
    ),
  ];

  return {
    attributes: { 'acr.loa.map': JSON.stringify(acrLevels) },
    browserFlow: BROWSER_FLOW,
    directGrantFlow: DIRECT_GRANT_FLOW,
    authenticationFlows,
    authenticatorConfig,
  };
}

const hasRole = (role: string) => `user has role ${role}`;
const lacksRole = (role: string) => `user lacks role ${role}`;

/**
 * The one-time code at sign-in: required for each staff role, and for everyone else who has set OTP up.
 * A user holding several staff roles passes one sub-flow only (each excludes the roles before it).
 * Every code step carries the `otp` reference, so the token's `amr` shows it.
 */
function secondFactorByRole(prefix: string, authenticator: string, staffRoles: StaffRoles) {
  const kind = prefix === BROWSER_FLOW ? 'browser' : 'direct grant';
  const byRole = staffRoles.map((role, index) => ({
    alias: `${prefix} - OTP for ${role}`,
    reference: `${kind} otp reference ${role}`,
    description: `OTP is required for users holding ${role}`,
    conditions: [
      step('conditional-user-role', 10, 'REQUIRED', hasRole(role)),
      ...staffRoles
        .slice(0, index)
        .map((earlier, offset) => step('conditional-user-role', 11 + offset, 'REQUIRED', lacksRole(earlier))),
    ],
  }));
  const others = {
    alias: `${prefix} - OTP when configured`,
    reference: `${kind} otp reference others`,
    description: 'Other users: OTP when they have configured it',
    conditions: [
      step('conditional-user-configured', 10, 'REQUIRED'),
      ...staffRoles.map((role, offset) =>
        step('conditional-user-role', 11 + offset, 'REQUIRED', lacksRole(role)),
      ),
    ],
  };
  const all = [...byRole, others];
  return {
    configs: all.map((sub) => reference(sub.reference, AMR_ONE_TIME_CODE, secondFactorMaxAgeSeconds)),
    flows: all.map((sub) =>
      flow(sub.alias, sub.description, false, [
        ...sub.conditions,
        step(authenticator, 20, 'REQUIRED', sub.reference),
      ]),
    ),
    steps: (firstPriority: number) =>
      all.map((sub, index) => subFlow(sub.alias, firstPriority + index, 'CONDITIONAL')),
  };
}

/** Protocol mappers every FinPersona client of a realm carries: audience, `amr` and `acr`. */
export function clientProtocolMappers(audience: string): ProtocolMapper[] {
  return [
    {
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
    },
    {
      name: 'authentication methods (amr)',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-amr-mapper',
      consentRequired: false,
      config: { 'access.token.claim': 'true', 'id.token.claim': 'true', 'introspection.token.claim': 'true' },
    },
    {
      name: 'level of authentication (acr)',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-acr-mapper',
      consentRequired: false,
      config: { 'access.token.claim': 'true', 'id.token.claim': 'true', 'introspection.token.claim': 'true' },
    },
  ];
}
