// Realm provisioning against the test run's real Keycloak: a bank realm created from the template and
// checked through the admin API and real sign-ins (browser flow with PKCE, exact redirect URIs, OTP for
// staff), converged again without losing users, disabled as compensation, and its tokens accepted by the
// real API only while the tenant is ACTIVE.
import { temporaryKeyFile } from '../testing/key-file';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPlatformContext } from '../api';
import { loadKeycloakAdminConfig } from '../config';
import { DEMO_BANK } from '../onboarding';
import { TenancyService } from '../tenancy';
import { type ApiFixture, startApiFixture, tokensOf } from '../testing/api-fixture';
import { demoOtpCredential, devCliClient } from '../testing/bank-realm';
import { browserSignIn } from '../testing/browser-sign-in';
import { DEMO, freshTotp, passwordGrant, totpNow } from '../testing/deploy';
import { managedFlowPrefix } from './flow-aliases';
import { KeycloakAdminApi } from './keycloak-admin-api';
import { signInImport } from './realm-import';
import { staffRoles } from './realm-template';
import { clientProtocolMappers, signInFlows } from './sign-in';
import { RealmsService } from './realms.service';

const adminOrigin = 'http://localhost:25173';
const customerOrigin = 'http://127.0.0.1:25174';
const customersQuery = '{ customers(first: 1) { totalCount } }';
/** How Keycloak shows the config values of authenticators that do not declare them. */
const masked = '**********';

/** The claims of a JWT (not verified: the API does that; here only what Keycloak put in is read). */
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
    amr?: string[];
    acr?: string;
  };

describe('realm provisioning (real Keycloak)', () => {
  let api: ApiFixture;
  let platform: Awaited<ReturnType<typeof createPlatformContext>>;
  let realms: RealmsService;
  let admin: KeycloakAdminApi;
  let keycloakUrl: string;
  const slug = `prov-${randomBytes(3).toString('hex')}`;
  const customer = { username: 'cara.customer', password: `Customer-${randomBytes(4).toString('hex')}-1!` };
  const staff = { username: 'sam.staff', password: `Staff-${randomBytes(4).toString('hex')}-1!A` };

  beforeAll(async () => {
    keycloakUrl = inject('services').KEYCLOAK_URL;
    api = await startApiFixture();
    const keycloakAdmin = loadKeycloakAdminConfig({
      KEYCLOAK_URL: keycloakUrl,
      KEYCLOAK_ADMIN_USERNAME: 'admin',
      KEYCLOAK_ADMIN_PASSWORD: 'admin',
    });
    platform = await createPlatformContext({
      config: {
        database: { appUrl: api.database.appUrl, poolSize: 4 },
        crypto: (await temporaryKeyFile()).crypto,
        keycloakAdmin,
      },
      logger: ['error'],
    });
    realms = platform.get(RealmsService);
    admin = new KeycloakAdminApi(keycloakAdmin);
    await platform.get(TenancyService).upsertTenant(
      {
        slug,
        name: 'Provisioned Bank',
        region: 'EU',
        realm: slug,
        branding: { displayName: 'Provisioned Bank', primaryColor: '#112233', accentColor: '#445566' },
        appOrigins: { admin: [adminOrigin], customer: [customerOrigin] },
      },
      { initialStatus: 'PROVISIONING' },
    );
  });
  afterAll(async () => {
    await admin?.request('DELETE', `/${slug}`, { accept: [404] }).catch(() => undefined);
    await platform?.close();
    await api?.close();
  });

  const realm = async () => (await admin.request<Record<string, unknown>>('GET', `/${slug}`)).body;
  const clientOf = async (clientId: string) =>
    (await admin.request<Record<string, unknown>[]>('GET', `/${slug}/clients?clientId=${clientId}`)).body[0]!;

  it('creates the realm, enabled, with the security settings of the template', async () => {
    const provisioned = await realms.provisionTenantRealm(slug);

    expect(provisioned).toMatchObject({ realm: slug, created: true });
    expect(await realm()).toMatchObject({
      enabled: true,
      displayName: 'Provisioned Bank',
      registrationAllowed: false,
      bruteForceProtected: true,
      permanentLockout: false,
      failureFactor: 10,
      accessTokenLifespan: 300,
      ssoSessionIdleTimeout: 1800,
      revokeRefreshToken: true,
      passwordPolicy: expect.stringContaining('length(12)'),
      otpPolicyType: 'totp',
      browserFlow: provisioned.flows.browser,
      directGrantFlow: provisioned.flows.directGrant,
      attributes: expect.objectContaining({ 'acr.loa.map': '{"password":1,"mfa":2}' }),
    });
    // The same flows, under the same aliases, as the template's import form (the realm files).
    const imported = signInImport(signInFlows(staffRoles));
    expect(provisioned.flows).toEqual({
      browser: imported.browserFlow,
      directGrant: imported.directGrantFlow,
    });
    const flows = (await admin.request<{ alias: string }[]>('GET', `/${slug}/authentication/flows`)).body;
    expect(flows.map((flow) => flow.alias)).toEqual(expect.arrayContaining([imported.browserFlow]));
    // Every authenticator config of the import form exists in the realm with its values (Keycloak masks
    // the values of some authenticators' configs when read back: those are proven by the tokens below).
    const configs = await configsOf(slug);
    for (const config of imported.authenticatorConfig) {
      const values = configs.get(config.alias);
      expect(Object.keys(values ?? {}).sort(), config.alias).toEqual(Object.keys(config.config).sort());
      for (const [key, value] of Object.entries(values!)) {
        expect([config.config[key], masked], `${config.alias} ${key}`).toContain(value);
      }
    }
    const roles = (await admin.request<{ name: string }[]>('GET', `/${slug}/roles`)).body.map((r) => r.name);
    expect(roles).toEqual(expect.arrayContaining(['bank-admin', 'compliance-officer', 'customer']));
  });

  it('the two clients are public, code + PKCE S256 only, with exact redirect URIs and origins, the API audience, amr and acr', async () => {
    for (const [clientId, origin, callback, signedOut] of [
      ['finpersona-admin', adminOrigin, '/auth-callback', '/login'],
      ['finpersona-customer', customerOrigin, '/auth/callback', '/'],
    ] as const) {
      const client = await clientOf(clientId);
      expect(client, clientId).toMatchObject({
        publicClient: true,
        standardFlowEnabled: true,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: false,
        redirectUris: [`${origin}${callback}`],
        webOrigins: [origin],
        attributes: expect.objectContaining({
          'pkce.code.challenge.method': 'S256',
          'post.logout.redirect.uris': `${origin}${signedOut}`,
        }),
      });
      const mappers = (
        await admin.request<{ name: string; config: Record<string, string> }[]>(
          'GET',
          `/${slug}/clients/${String(client.id)}/protocol-mappers/models`,
        )
      ).body;
      expect(mappers.map((mapper) => mapper.name).sort()).toEqual(
        clientProtocolMappers('finpersona-api')
          .map((mapper) => mapper.name)
          .sort(),
      );
      expect(mappers).toContainEqual(
        expect.objectContaining({
          name: 'audience finpersona-api',
          config: expect.objectContaining({
            'included.custom.audience': 'finpersona-api',
            'id.token.claim': 'false',
          }),
        }),
      );
    }
  });

  it('browser sign-in: a customer gets tokens; a wrong redirect URI, another origin or no PKCE is refused', async () => {
    await createUser(customer, 'customer');
    const signIn = (overrides: { redirectUri?: string; pkce?: boolean; clientId?: string } = {}) =>
      browserSignIn({
        keycloakUrl,
        realm: slug,
        clientId: overrides.clientId ?? 'finpersona-customer',
        redirectUri: overrides.redirectUri ?? `${customerOrigin}/auth/callback`,
        ...customer,
        pkce: overrides.pkce,
      });

    expect(await signIn()).toMatchObject({ outcome: 'tokens' });
    for (const redirectUri of [
      `${customerOrigin}/auth/callback/../evil`,
      `${customerOrigin}/auth/callbackx`,
      `${customerOrigin}/`,
      `http://localhost:25174/auth/callback`,
      `${adminOrigin}/auth-callback`,
    ]) {
      const refused = await signIn({ redirectUri });
      expect(refused, redirectUri).toMatchObject({ outcome: 'page', status: 400 });
      expect((refused as { html: string }).html, redirectUri).toContain('Invalid parameter: redirect_uri');
    }
    expect(await signIn({ pkce: false })).toMatchObject({
      outcome: 'error',
      error: 'invalid_request',
      description: expect.stringContaining('code_challenge'),
    });
  });

  it('browser sign-in: staff (bank-admin, compliance-officer) are stopped for a one-time code; customers are not', async () => {
    for (const [user, role] of [
      [staff, 'bank-admin'],
      [{ username: 'olga.officer', password: staff.password }, 'compliance-officer'],
    ] as const) {
      await createUser(user, role);
      const staffSignIn = await browserSignIn({
        keycloakUrl,
        realm: slug,
        clientId: 'finpersona-admin',
        redirectUri: `${adminOrigin}/auth-callback`,
        ...user,
      });
      // No code configured yet: Keycloak makes the staff member set up an authenticator before any token.
      expect(staffSignIn, role).toMatchObject({ outcome: 'page', status: 200 });
      expect((staffSignIn as { html: string }).html, role).toContain('Mobile Authenticator Setup');
    }
    // The same form for a customer ends with tokens (checked above): the code is asked of staff only.
  });

  it('tokens of the realm are accepted by the API only while the tenant is ACTIVE (refused while PROVISIONING or SUSPENDED)', async () => {
    const tokens = await browserSignIn({
      keycloakUrl,
      realm: slug,
      clientId: 'finpersona-customer',
      redirectUri: `${customerOrigin}/auth/callback`,
      ...customer,
    });
    if (tokens.outcome !== 'tokens')
      throw new Error(`sign-in failed: ${JSON.stringify(tokens).slice(0, 300)}`);
    const me = () => api.graphql(`{ me { realm roles tenant { slug } } }`, { token: tokens.accessToken });
    const tenancy = platform.get(TenancyService);

    expect((await me()).status).toBe(401);
    await tenancy.activateTenant(slug);
    const accepted = await me();
    expect(accepted.body.data?.me).toEqual({ realm: slug, roles: ['customer'], tenant: { slug } });
    const { id } = (await tenancy.findBySlug(slug))!;
    await tenancy.suspend(id, 'provisioning test');
    expect((await me()).status).toBe(401);
    await tenancy.reactivate(id);
    expect((await me()).status).toBe(200);
  });

  it('provisioning again converges without creating anything twice and keeps users and their sign-in', async () => {
    const before = await realm();
    const usersBefore = (await admin.request<{ id: string }[]>('GET', `/${slug}/users`)).body.map(
      (u) => u.id,
    );
    // Drift made by hand in the console: the provisioner puts it back.
    const client = await clientOf('finpersona-customer');
    await admin.request('PUT', `/${slug}/clients/${String(client.id)}`, {
      body: { ...client, redirectUris: ['*'], webOrigins: ['*'] },
    });
    await admin.request('PUT', `/${slug}`, {
      body: { registrationAllowed: true, bruteForceProtected: false },
    });
    // An attribute the template does not name stays; one it names is put back (Keycloak replaces the
    // whole attribute set on update, so the provisioner must carry the others over).
    await admin.request('PUT', `/${slug}`, {
      body: { attributes: { 'acr.loa.map': '{"password":1}', 'bank.console-note': 'kept' } },
    });

    const again = await realms.provisionTenantRealm(slug);

    expect(again.created).toBe(false);
    expect(again.flows).toEqual({ browser: before.browserFlow, directGrant: before.directGrantFlow });
    expect(await realm()).toMatchObject({
      registrationAllowed: false,
      bruteForceProtected: true,
      enabled: true,
      attributes: expect.objectContaining({
        'acr.loa.map': '{"password":1,"mfa":2}',
        'bank.console-note': 'kept',
      }),
    });
    expect(await clientOf('finpersona-customer')).toMatchObject({
      redirectUris: [`${customerOrigin}/auth/callback`],
      webOrigins: [customerOrigin],
    });
    const clients = (await admin.request<{ clientId: string }[]>('GET', `/${slug}/clients`)).body;
    expect(
      clients
        .filter((c) => c.clientId.startsWith('finpersona-'))
        .map((c) => c.clientId)
        .sort(),
    ).toEqual(['finpersona-admin', 'finpersona-customer']);
    const managedFlows = (
      await admin.request<{ alias: string }[]>('GET', `/${slug}/authentication/flows`)
    ).body
      .map((flow) => flow.alias)
      .filter((alias) => alias.startsWith(managedFlowPrefix));
    expect(managedFlows.sort()).toEqual([again.flows.browser, again.flows.directGrant].sort());
    expect((await admin.request<{ id: string }[]>('GET', `/${slug}/users`)).body.map((u) => u.id)).toEqual(
      usersBefore,
    );
    expect(
      await browserSignIn({
        keycloakUrl,
        realm: slug,
        clientId: 'finpersona-customer',
        redirectUri: `${customerOrigin}/auth/callback`,
        ...customer,
      }),
    ).toMatchObject({ outcome: 'tokens' });
  });

  it('a flow left half-built by an interrupted run is rebuilt, not trusted', async () => {
    const { browserFlow } = await realm();
    // Unbind the flow (as if the run stopped before binding) and strip it of its steps.
    await admin.request('PUT', `/${slug}`, { body: { browserFlow: 'browser' } });
    const executions = (
      await admin.request<{ id: string; level: number }[]>(
        'GET',
        `/${slug}/authentication/flows/${encodeURIComponent(String(browserFlow))}/executions`,
      )
    ).body;
    for (const execution of executions.filter((e) => e.level === 0)) {
      await admin.request('DELETE', `/${slug}/authentication/executions/${execution.id}`);
    }

    await realms.provisionTenantRealm(slug);

    expect((await realm()).browserFlow).toBe(browserFlow);
    const rebuilt = (
      await admin.request<{ level: number }[]>(
        'GET',
        `/${slug}/authentication/flows/${encodeURIComponent(String(browserFlow))}/executions`,
      )
    ).body;
    expect(rebuilt.filter((e) => e.level === 0)).toHaveLength(3);
    expect(rebuilt.length).toBeGreaterThan(10);
  });

  it('step-up: staff get `otp` in amr only from a checked code, and the API asks for one otherwise', async () => {
    // Runs on the realm converged and rebuilt by the tests above.
    const { directGrantFlow } = await realm();
    const stepUpStaff = { username: 'stella.stepup', password: staff.password };
    await createUser(stepUpStaff, 'bank-admin', { otp: true });
    await allowCodeReuse();
    // The developer client (direct grant) the demo realm has, which the test API accepts.
    await admin.request('POST', `/${slug}/clients`, { body: devCliClient() });
    const grant = async (totp?: string) =>
      (await passwordGrant({ keycloakUrl, realm: slug, ...stepUpStaff, ...(totp ? { totp } : {}) }))
        .access_token;
    const customers = (token: string) => api.graphql(customersQuery, { token });

    // Direct grant: no code, no token; with the code, amr lists it and staff may read customers.
    await expect(grant()).rejects.toThrow();
    // Seen once in a CI run (not reproduced since): the grant with a valid code, made right after the
    // admin changes above and the refused grant, was answered invalid_grant. Try up to 3 times, 2 s apart,
    // each with a code that has time left in its 30 s period.
    const withCode = await grantWithFreshCode(grant);
    expect(claimsOf(withCode).amr).toEqual(expect.arrayContaining(['pwd', 'otp']));
    expect((await customers(withCode)).body).toEqual({ data: { customers: { totalCount: 0 } } });

    // Browser flow, level 1: staff type the code after the password and the token says so.
    const browser = await browserSignIn({
      keycloakUrl,
      realm: slug,
      clientId: 'finpersona-admin',
      redirectUri: `${adminOrigin}/auth-callback`,
      ...stepUpStaff,
      totp: () => totpNow(DEMO.otpSecret),
    });
    if (browser.outcome !== 'tokens')
      throw new Error(`sign-in failed: ${JSON.stringify(browser).slice(0, 300)}`);
    expect(claimsOf(browser.accessToken)).toMatchObject({
      amr: expect.arrayContaining(['pwd', 'otp']),
      acr: expect.any(String),
    });
    expect((await customers(browser.accessToken)).body.errors).toBeUndefined();

    // A code that no longer counts (as 15 minutes after it was typed): the step's `otp` reference is
    // taken away for a moment, so Keycloak still checks the code but leaves it out of amr.
    const reference = `${String(directGrantFlow)} - OTP for bank-admin - otp reference`;
    const restore = await setConfig(slug, reference, { 'default.reference.maxAge': '900' });
    expect(restore.original).toEqual({ 'default.reference.value': 'otp', 'default.reference.maxAge': '900' });
    try {
      const stale = await grant(totpNow(DEMO.otpSecret));
      expect(claimsOf(stale).amr ?? []).not.toContain('otp');
      expect((await customers(stale)).body.errors?.[0]?.extensions).toMatchObject({
        code: 'STEP_UP_REQUIRED',
        acrValues: 'mfa',
        maxAgeSeconds: 900,
      });
    } finally {
      await restore.undo();
    }
    expect(claimsOf(await grant(totpNow(DEMO.otpSecret))).amr).toContain('otp');

    // A customer without a code: no otp in amr; asking for acr_values=mfa runs level 2, which makes
    // them set up a code before any token.
    const customerSignIn = (acrValues?: string) =>
      browserSignIn({
        keycloakUrl,
        realm: slug,
        clientId: 'finpersona-customer',
        redirectUri: `${customerOrigin}/auth/callback`,
        ...customer,
        acrValues,
      });
    const plain = await customerSignIn();
    if (plain.outcome !== 'tokens') throw new Error(`sign-in failed: ${JSON.stringify(plain).slice(0, 300)}`);
    expect(claimsOf(plain.accessToken).amr).toEqual(['pwd']);
    const stepUp = await customerSignIn('mfa');
    expect(stepUp).toMatchObject({ outcome: 'page', status: 200 });
    expect((stepUp as { html: string }).html).toContain('Mobile Authenticator Setup');
  });

  it('compensation disables the realm of a tenant that is still PROVISIONING only; provisioning enables it again', async () => {
    const tenancy = platform.get(TenancyService);
    // The tenant is ACTIVE now (an earlier test activated it): a live bank's realm is never disabled.
    expect(await realms.disableRealmOfUnfinishedTenant(slug)).toBe(false);
    expect((await realm()).enabled).toBe(true);

    const unfinished = `prov-unfinished-${randomBytes(2).toString('hex')}`;
    await tenancy.upsertTenant(
      { ...(await tenancy.findBySlug(slug))!, slug: unfinished, realm: unfinished, appOrigins: null },
      { initialStatus: 'PROVISIONING' },
    );
    try {
      await realms.provisionTenantRealm(unfinished);
      expect(await realms.disableRealmOfUnfinishedTenant(unfinished)).toBe(true);
      expect((await admin.request<{ enabled: boolean }>('GET', `/${unfinished}`)).body.enabled).toBe(false);
      await realms.provisionTenantRealm(unfinished);
      expect((await admin.request<{ enabled: boolean }>('GET', `/${unfinished}`)).body.enabled).toBe(true);
      // No app origins configured: the clients accept no redirect at all (no browser sign-in until set).
      const client = (
        await admin.request<{ redirectUris: string[]; webOrigins: string[] }[]>(
          'GET',
          `/${unfinished}/clients?clientId=finpersona-customer`,
        )
      ).body[0];
      expect(client).toMatchObject({ redirectUris: [], webOrigins: [] });
    } finally {
      await admin.request('DELETE', `/${unfinished}`, { accept: [404] });
    }
  });

  it('converging the imported demo realm keeps its users, their OTP and the dev client working', async () => {
    await platform.get(TenancyService).upsertTenant(DEMO_BANK);

    const importedFlows = await admin.request<Record<string, unknown>>('GET', '/demo-bank');
    const provisioned = await realms.provisionTenantRealm(DEMO_BANK.slug);

    expect(provisioned.created).toBe(false);
    // The realm file carries the template's flows under the provisioner's aliases: kept, not rebuilt.
    expect(provisioned.flows).toEqual({
      browser: importedFlows.body.browserFlow,
      directGrant: importedFlows.body.directGrantFlow,
    });
    // Settings the template leaves alone survive (Keycloak would reset the OTP policy's code reuse).
    expect((await admin.request<Record<string, unknown>>('GET', '/demo-bank')).body).toMatchObject({
      otpPolicyCodeReusable: true,
      bruteForceProtected: true,
    });
    // Staff still sign in with password + one-time code, the customer with a password (dev CLI client).
    const bankAdmin = await tokensOf('bankAdmin');
    // ...and their tokens still show the code (step-up).
    expect(claimsOf(bankAdmin.accessToken).amr).toEqual(expect.arrayContaining(['pwd', 'otp']));
    await expect(tokensOf('customer')).resolves.toMatchObject({ accessToken: expect.any(String) });
    // ...and staff without the code are refused by the provisioned direct grant flow.
    await expect(
      passwordGrant({ keycloakUrl, realm: DEMO.bank.realm, ...DEMO.bank.complianceOfficer }),
    ).rejects.toThrow();
    await expect(
      passwordGrant({
        keycloakUrl,
        realm: DEMO.bank.realm,
        ...DEMO.bank.complianceOfficer,
        totp: totpNow(DEMO.otpSecret),
      }),
    ).resolves.toMatchObject({ access_token: expect.any(String) });
    // The demo customer app's client now redirects to exactly the app's callback on the demo origins.
    const client = (
      await admin.request<{ redirectUris: string[] }[]>(
        'GET',
        `/demo-bank/clients?clientId=finpersona-customer`,
      )
    ).body[0];
    expect(client?.redirectUris.sort()).toEqual(
      DEMO_BANK.appOrigins!.customer.map((origin) => `${origin}/auth/callback`).sort(),
    );
    expect(
      await browserSignIn({
        keycloakUrl,
        realm: DEMO.bank.realm,
        clientId: 'finpersona-customer',
        redirectUri: 'http://localhost:15174/auth/callback',
        ...DEMO.bank.customer,
      }),
    ).toMatchObject({ outcome: 'tokens' });
  });

  async function createUser(
    user: { username: string; password: string },
    role: string,
    options: { otp?: boolean } = {},
  ): Promise<void> {
    await admin.request('POST', `/${slug}/users`, {
      body: {
        username: user.username,
        enabled: true,
        emailVerified: true,
        firstName: 'Test',
        lastName: role,
        email: `${user.username}@${slug}.example`,
        credentials: [
          { type: 'password', value: user.password, temporary: false },
          ...(options.otp ? [demoOtpCredential()] : []),
        ],
      },
    });
    const [created] = (
      await admin.request<{ id: string }[]>('GET', `/${slug}/users?username=${user.username}&exact=true`)
    ).body;
    const roleRepresentation = (await admin.request('GET', `/${slug}/roles/${role}`)).body;
    await admin.request('POST', `/${slug}/users/${created!.id}/role-mappings/realm`, {
      body: [roleRepresentation],
    });
  }

  /**
   * One code serves several sign-ins within its 30 s here (new realms get Keycloak's single-use default).
   * The whole OTP policy is sent: Keycloak replaces it as a whole.
   */
  async function grantWithFreshCode(grant: (totp: string) => Promise<string>): Promise<string> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await grant(await freshTotp(DEMO.otpSecret));
      } catch (error) {
        if (attempt === 3) throw error;
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
  }

  async function allowCodeReuse(): Promise<void> {
    const current = await realm();
    const policy = Object.fromEntries(Object.entries(current).filter(([key]) => key.startsWith('otpPolicy')));
    await admin.request('PUT', `/${slug}`, { body: { ...policy, otpPolicyCodeReusable: true } });
  }

  /** The authenticator configs used by a realm's flows, with their admin API paths. */
  async function authenticatorConfigs(
    realmName: string,
  ): Promise<{ path: string; id: string; alias: string; config: Record<string, string> }[]> {
    const found = [];
    const { body: flows } = await admin.request<{ alias: string; topLevel: boolean }[]>(
      'GET',
      `/${realmName}/authentication/flows`,
    );
    for (const flow of flows.filter((candidate) => candidate.topLevel)) {
      // Lists the executions of the flow and of all its sub-flows.
      const { body: executions } = await admin.request<{ authenticationConfig?: string }[]>(
        'GET',
        `/${realmName}/authentication/flows/${encodeURIComponent(flow.alias)}/executions`,
      );
      for (const { authenticationConfig } of executions) {
        if (!authenticationConfig) continue;
        const path = `/${realmName}/authentication/config/${authenticationConfig}`;
        const { body } = await admin.request<{ id: string; alias: string; config: Record<string, string> }>(
          'GET',
          path,
        );
        found.push({ path, ...body });
      }
    }
    return found;
  }

  async function configsOf(realmName: string): Promise<Map<string, Record<string, string>>> {
    return new Map((await authenticatorConfigs(realmName)).map((config) => [config.alias, config.config]));
  }

  /**
   * Replaces the values of the authenticator config `alias`; returns its values in the template (what
   * Keycloak reads back is masked) and the undo, which writes those.
   */
  async function setConfig(
    realmName: string,
    alias: string,
    values: Record<string, string>,
  ): Promise<{ original: Record<string, string>; undo: () => Promise<void> }> {
    const found = (await authenticatorConfigs(realmName)).find((config) => config.alias === alias);
    const original = signInImport(signInFlows(staffRoles)).authenticatorConfig.find(
      (config) => config.alias === alias,
    )?.config;
    if (!found || !original) throw new Error(`realm ${realmName} has no authenticator config "${alias}"`);
    const { path, ...before } = found;
    await admin.request('PUT', path, { body: { ...before, config: values } });
    return {
      original,
      undo: async () => {
        await admin.request('PUT', path, { body: { ...before, config: original } });
      },
    };
  }
});
