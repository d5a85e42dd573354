import { randomBytes, randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { bankRealmTemplate, clientProtocolMappers, realmImport } from '../realms';
import { DEMO, passwordGrant, totpNow } from './deploy';

/** A TOTP credential (Keycloak CredentialRepresentation) with the demo secret, for users made by tests. */
export function demoOtpCredential(): Record<string, unknown> {
  return {
    type: 'otp',
    userLabel: 'Test authenticator',
    secretData: JSON.stringify({ value: DEMO.otpSecret }),
    credentialData: JSON.stringify({
      subType: 'totp',
      digits: 6,
      counter: 0,
      period: 30,
      algorithm: 'HmacSHA1',
    }),
  };
}

/**
 * The developer client of the local realms (`finpersona-dev-cli`: direct grant, the protocol mappers of
 * the real clients), which the test API accepts; never part of a provisioned realm.
 */
export function devCliClient(): Record<string, unknown> {
  return {
    clientId: DEMO.clients.devCli,
    protocol: 'openid-connect',
    publicClient: true,
    standardFlowEnabled: false,
    directAccessGrantsEnabled: true,
    protocolMappers: clientProtocolMappers(DEMO.audience),
  };
}

export interface BankRealm {
  realm: string;
  /** A fresh access token of the realm's bank administrator, signed in with password and one-time code. */
  bankAdminToken(): Promise<string>;
  /** A fresh access token of the realm's compliance officer, signed in with password and one-time code. */
  complianceOfficerToken(): Promise<string>;
  /** The same for a second compliance officer, created only with `options.colleagueOfficer`. */
  colleagueOfficerToken(): Promise<string>;
  /** The customers created with the realm (`options.customers`): their Keycloak user id (= token subject). */
  customers: { username: string; subject: string; token(): Promise<string> }[];
  /** A fresh access token of one of those customers, with their one-time code (`amr` lists `otp`: a step-up). */
  customerToken(username: string): Promise<string>;
  /** Whether a user with this id exists in the realm (admin API). */
  userExists(subject: string): Promise<boolean>;
  /** Changes a user's first and last name through the admin API (their next token carries the new `name`). */
  renameUser(username: string, name: { firstName: string; lastName: string }): Promise<void>;
  remove(): Promise<void>;
}

/**
 * A second bank realm, created in the test run's Keycloak through its admin REST API (master realm
 * `admin`/`admin`, set by the local Keycloak starter) from the import JSON of the bank realm template
 * (`realmImport(bankRealmTemplate(...))`: the realm onboarding would provision, with its roles, clients,
 * step-up flows — staff must pass a one-time code; tokens carry `amr`/`acr`), plus what the demo realm
 * adds for tests: the `finpersona-dev-cli` direct-grant client with the same protocol mappers as the real
 * clients, reusable one-time codes, and one bank administrator and one compliance officer whose OTP secret
 * is the demo one (`DEMO.otpSecret`). Keycloak runs in memory for tests; `remove()` deletes it anyway.
 */
export async function createBankRealm(
  label: string,
  options: {
    /**
     * false: staff have no OTP and the realm uses Keycloak's built-in direct grant, so staff tokens carry
     * no second factor (for step-up tests). Default true.
     */
    staffSecondFactor?: boolean;
    /** Customers (role `customer`) to create, each with a password and the demo OTP secret. */
    customers?: string[];
    /** true: a second compliance officer (`colleagueOfficerToken`), e.g. to show what one officer keeps to themselves. */
    colleagueOfficer?: boolean;
  } = {},
): Promise<BankRealm> {
  const secondFactor = options.staffSecondFactor ?? true;
  const keycloakUrl = inject('services').KEYCLOAK_URL;
  const realm = `${label}-${randomBytes(3).toString('hex')}`;
  const admin = { username: 'bank.admin', password: `Admin-${randomBytes(6).toString('hex')}-1` };
  const officer = { username: 'compliance', password: `Officer-${randomBytes(6).toString('hex')}-1` };
  const colleague = {
    username: 'compliance.colleague',
    password: `Officer-${randomBytes(6).toString('hex')}-2`,
  };
  const customers = (options.customers ?? []).map((username) => ({ username, subject: randomUUID() }));
  const customerToken = async (username: string) =>
    (
      await passwordGrant({
        keycloakUrl,
        realm,
        username,
        password: customerPassword,
        totp: totpNow(DEMO.otpSecret),
      })
    ).access_token;
  const customerPassword = `Customer-${randomBytes(6).toString('hex')}-1`;
  const adminApi = async (method: string, path: string, body?: unknown, allowMissing = false) => {
    const { access_token } = await passwordGrant({
      keycloakUrl,
      realm: 'master',
      clientId: 'admin-cli',
      username: 'admin',
      password: 'admin',
    });
    const response = await fetch(`${keycloakUrl}/admin/realms${path}`, {
      method,
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok && !((method === 'DELETE' || allowMissing) && response.status === 404)) {
      throw new Error(`Keycloak admin ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    }
    return response;
  };
  const staffOtp = secondFactor ? [demoOtpCredential()] : [];
  const totp = () => (secondFactor ? { totp: totpNow(DEMO.otpSecret) } : {});
  const template = realmImport(
    bankRealmTemplate({
      realm,
      displayName: label,
      appOrigins: { admin: [], customer: [] },
      apiAudience: DEMO.audience,
    }),
  );
  await adminApi('POST', '', {
    ...template,
    ...(secondFactor ? {} : { directGrantFlow: 'direct grant' }),
    // Tests sign in several times within one 30 s period.
    otpPolicyCodeReusable: true,
    clients: [...template.clients, devCliClient()],
    users: [
      {
        username: admin.username,
        enabled: true,
        emailVerified: true,
        firstName: 'Second',
        lastName: 'Admin',
        email: `bank.admin@${realm}.example`,
        credentials: [{ type: 'password', value: admin.password, temporary: false }, ...staffOtp],
        requiredActions: [],
        realmRoles: ['bank-admin'],
      },
      ...[
        { ...officer, lastName: 'Officer' },
        ...(options.colleagueOfficer ? [{ ...colleague, lastName: 'Colleague' }] : []),
      ].map((user) => ({
        username: user.username,
        enabled: true,
        emailVerified: true,
        firstName: 'Second',
        lastName: user.lastName,
        email: `${user.username}@${realm}.example`,
        credentials: [{ type: 'password', value: user.password, temporary: false }, ...staffOtp],
        requiredActions: [],
        realmRoles: ['compliance-officer'],
      })),
      ...customers.map((customer) => ({
        id: customer.subject,
        username: customer.username,
        enabled: true,
        emailVerified: true,
        firstName: 'Test',
        lastName: 'Customer',
        email: `${customer.username}@${realm}.example`,
        credentials: [{ type: 'password', value: customerPassword, temporary: false }, demoOtpCredential()],
        requiredActions: [],
        realmRoles: ['customer'],
      })),
    ],
  });
  return {
    realm,
    async bankAdminToken() {
      const tokens = await passwordGrant({ keycloakUrl, realm, ...admin, ...totp() });
      return tokens.access_token;
    },
    async complianceOfficerToken() {
      const tokens = await passwordGrant({ keycloakUrl, realm, ...officer, ...totp() });
      return tokens.access_token;
    },
    async colleagueOfficerToken() {
      const tokens = await passwordGrant({ keycloakUrl, realm, ...colleague, ...totp() });
      return tokens.access_token;
    },
    customers: customers.map((customer) => ({ ...customer, token: () => customerToken(customer.username) })),
    customerToken,
    async renameUser(username, name) {
      const response = await adminApi(
        'GET',
        `/${realm}/users?exact=true&username=${encodeURIComponent(username)}`,
      );
      const [user] = (await response.json()) as Record<string, unknown>[];
      if (!user) throw new Error(`No user ${username} in realm ${realm}`);
      await adminApi('PUT', `/${realm}/users/${String(user.id)}`, { ...user, ...name });
    },
    async userExists(subject) {
      const response = await adminApi('GET', `/${realm}/users/${subject}`, undefined, true);
      return response.status === 200;
    },
    remove: async () => {
      await adminApi('DELETE', `/${realm}`);
    },
  };
}
