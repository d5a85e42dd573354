import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { DEMO, passwordGrant } from './deploy';

export interface BankRealm {
  realm: string;
  /** A fresh access token of the realm's bank administrator (no second factor in this realm). */
  bankAdminToken(): Promise<string>;
  /** A fresh access token of the realm's compliance officer (no second factor either). */
  complianceOfficerToken(): Promise<string>;
  remove(): Promise<void>;
}

/**
 * A second bank realm, created in the test run's Keycloak through its admin REST API (master realm
 * `admin`/`admin`, set by the local Keycloak starter), shaped like deploy/keycloak/demo-bank.realm.json
 * where tokens are concerned: roles bank-admin/compliance-officer/customer, the `finpersona-dev-cli`
 * client with the `finpersona-api` audience, one bank administrator and one compliance officer. It has no OTP requirement, so
 * tokens come from the plain password grant. Keycloak runs in memory for tests; `remove()` deletes it anyway.
 */
export async function createBankRealm(label: string): Promise<BankRealm> {
  const keycloakUrl = inject('services').KEYCLOAK_URL;
  const realm = `${label}-${randomBytes(3).toString('hex')}`;
  const admin = { username: 'bank.admin', password: `Admin-${randomBytes(6).toString('hex')}-1` };
  const officer = { username: 'compliance', password: `Officer-${randomBytes(6).toString('hex')}-1` };
  const adminApi = async (method: string, path: string, body?: unknown) => {
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
    if (!response.ok && !(method === 'DELETE' && response.status === 404)) {
      throw new Error(`Keycloak admin ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    }
  };
  await adminApi('POST', '', {
    realm,
    enabled: true,
    roles: {
      realm: [{ name: 'bank-admin' }, { name: 'compliance-officer' }, { name: 'customer' }],
    },
    clients: [
      {
        clientId: DEMO.clients.devCli,
        protocol: 'openid-connect',
        publicClient: true,
        standardFlowEnabled: false,
        directAccessGrantsEnabled: true,
        protocolMappers: [
          {
            name: `audience ${DEMO.audience}`,
            protocol: 'openid-connect',
            protocolMapper: 'oidc-audience-mapper',
            config: {
              'included.custom.audience': DEMO.audience,
              'access.token.claim': 'true',
              'id.token.claim': 'false',
            },
          },
        ],
      },
    ],
    users: [
      {
        username: admin.username,
        enabled: true,
        emailVerified: true,
        firstName: 'Second',
        lastName: 'Admin',
        email: `bank.admin@${realm}.example`,
        credentials: [{ type: 'password', value: admin.password, temporary: false }],
        requiredActions: [],
        realmRoles: ['bank-admin'],
      },
      {
        username: officer.username,
        enabled: true,
        emailVerified: true,
        firstName: 'Second',
        lastName: 'Officer',
        email: `compliance@${realm}.example`,
        credentials: [{ type: 'password', value: officer.password, temporary: false }],
        requiredActions: [],
        realmRoles: ['compliance-officer'],
      },
    ],
  });
  return {
    realm,
    async bankAdminToken() {
      const tokens = await passwordGrant({ keycloakUrl, realm, ...admin });
      return tokens.access_token;
    },
    async complianceOfficerToken() {
      const tokens = await passwordGrant({ keycloakUrl, realm, ...officer });
      return tokens.access_token;
    },
    remove: () => adminApi('DELETE', `/${realm}`),
  };
}
