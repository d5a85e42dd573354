// The plugin host through GraphQL, against the real API, PostgreSQL and Keycloak: a bank administrator of
// bank B (UK) installs, configures (bad settings refused field by field, nothing changed), enables,
// disables, upgrades and uninstalls plugins; B's customer connects through the Open Banking UK connector
// configured with B's settings (a spec-validated local ASPSP); the demo bank A, which installed nothing,
// neither sees B's plugins nor can connect with them. Secrets never appear in a response or an audit row.
import { sdkVersion } from '@finpersona/plugin-sdk';
import { startLocalAspsp, type LocalAspsp } from '@finpersona/connector-open-banking-uk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomersService } from '../customers';
import { DEMO_CUSTOMER_SUBJECT } from '../onboarding';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { auditRows } from '../testing/audit-rows';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { grantAggregationConsent } from '../testing/customer-data';
import { demoAccessTokens } from '../testing/demo-tokens';
import { withClient } from '../testing/deploy';
import { fixturePlugin } from '../testing/plugin-fixtures';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';
import { rowsAsTenant } from '../testing/tenant-rows';
import { PluginCatalogue } from './plugin-catalogue';
import { withRulePack } from '../testing/rule-packs';

const customerApp = 'http://localhost:15174';
const installation = `id pluginId version status settings secrets { name set } installedBy updatedBy installedAt updatedAt`;
const install = `mutation($pluginId: String!, $version: String, $settings: String) {
  installPlugin(pluginId: $pluginId, version: $version, settings: $settings) { ${installation} } }`;
const configure = `mutation($pluginId: String!, $settings: String!) {
  configurePlugin(pluginId: $pluginId, settings: $settings) { ${installation} } }`;
const enable = `mutation($pluginId: String!) { enablePlugin(pluginId: $pluginId) { ${installation} } }`;
const disable = `mutation($pluginId: String!) { disablePlugin(pluginId: $pluginId) { ${installation} } }`;
const upgrade = `mutation($pluginId: String!, $version: String!, $settings: String) {
  upgradePlugin(pluginId: $pluginId, version: $version, settings: $settings) { ${installation} } }`;
const uninstall = `mutation($pluginId: String!) { uninstallPlugin(pluginId: $pluginId) { ${installation} } }`;
const installations = `{ pluginInstallations { ${installation} } }`;
const available = `{ plugins { id name publisher trust latestVersion appliesToBank
  versions { version sdk compatible incompatibility capabilities settingsSchema secretSettings dataPermissions hostPermissions regions hooks } } }`;
const connect = `mutation($input: ConnectSourceInput!) {
  connectSource(input: $input) { authorisationUrl connection { id status connector } } }`;

interface Installation {
  id: string;
  pluginId: string;
  version: string;
  status: string;
  settings: string;
  secrets: { name: string; set: boolean }[];
}

describe('plugin host', () => {
  let api: ApiFixture;
  let realm: BankRealm;
  let noOtpRealm: BankRealm;
  let aspsp: LocalAspsp;
  let bankA: { id: string; slug: string; realm: string };
  let bankB: { id: string; slug: string; realm: string };
  let tokens: { adminA: string; officerA: string; customerA: string; adminB: string; customerB: string };
  let customerIds: { a: string; b: string };
  /** Every secret value this suite sends: none may come back or reach the audit trail. */
  const secrets: string[] = [];

  const gql = <T = Record<string, unknown>>(
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ) => api.graphql<T>(query, { token, variables });
  const ok = async <T>(token: string, query: string, variables: Record<string, unknown>, field: string) => {
    const { body } = await gql<Record<string, T>>(token, query, variables);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const text = JSON.stringify(body);
    for (const secret of secrets) expect(text).not.toContain(secret);
    return body.data![field]!;
  };
  const rowOf = async (tenantId: string, pluginId: string) =>
    (
      await rowsAsTenant<{ version: string; status: string; settings: unknown; secrets_enc: string | null }>(
        api.database.ownerUrl,
        tenantId,
        'select version, status, settings, secrets_enc from plugin_installation where plugin_id = $1',
        [pluginId],
      )
    )[0];
  const obSettings = (overrides: Record<string, unknown> = {}) => ({
    apiBaseUrl: aspsp.apiBaseUrl,
    authorizationEndpoint: aspsp.authorizationEndpoint,
    tokenEndpoint: aspsp.tokenEndpoint,
    clientId: aspsp.clientId,
    clientSecret: aspsp.clientSecret,
    ...overrides,
  });

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '10000' } });
    const tenancy = api.running.app.get(TenancyService);
    const customers = api.running.app.get(CustomersService);
    bankA = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(demoBank)));
    await customers.upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    [realm, noOtpRealm] = await Promise.all([
      createBankRealm('plugins', { customers: ['olivia'] }),
      createBankRealm('plugins-nootp', { staffSecondFactor: false }),
    ]);
    bankB = tenantRef(
      await withRulePack(
        api.running.app,
        tenancy.upsertTenant({
          ...otherBank,
          region: 'UK',
          slug: realm.realm,
          realm: realm.realm,
          name: 'Plugin Bank',
          appOrigins: { admin: [], customer: [customerApp] },
        }),
      ),
    );
    await withRulePack(
      api.running.app,
      tenancy.upsertTenant({
        ...otherBank,
        slug: noOtpRealm.realm,
        realm: noOtpRealm.realm,
        name: 'No OTP Bank',
      }),
    );
    await customers.upsertDemoCustomers(realm.realm, [
      {
        subject: realm.customers[0]!.subject,
        displayName: 'Olivia B',
        email: `olivia@${realm.realm}.example`,
      },
    ]);
    const [aRow] = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      bankA.id,
      'select id from customer where subject = $1',
      [DEMO_CUSTOMER_SUBJECT],
    );
    const [bRow] = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      bankB.id,
      'select id from customer',
    );
    customerIds = { a: aRow!.id, b: bRow!.id };
    const demo = await demoAccessTokens();
    tokens = {
      adminA: demo.bankAdmin,
      officerA: demo.complianceOfficer,
      customerA: demo.customer,
      adminB: await realm.bankAdminToken(),
      customerB: await realm.customerToken('olivia'),
    };
    aspsp = await startLocalAspsp({ clientSecret: 'aspsp-client-secret-of-bank-b' });
    secrets.push(aspsp.clientSecret, 'fixture-secret-one', 'fixture-secret-two');
    // Versions of a fixture plugin to upgrade through: 1.1.0 requires a new setting; 9.0.0 needs an SDK
    // this platform does not have.
    const catalogue = api.running.app.get(PluginCatalogue);
    catalogue.register(fixturePlugin('fixture-upgradable', '1.0.0'));
    catalogue.register(
      fixturePlugin('fixture-upgradable', '1.1.0', {
        settings: {
          type: 'object',
          additionalProperties: false,
          required: ['mode'],
          properties: {
            apiUrl: { type: 'string', format: 'uri' },
            apiKey: { type: 'string', minLength: 8, writeOnly: true },
            mode: { type: 'string', enum: ['live', 'test'] },
          },
        },
      }),
    );
    catalogue.register(fixturePlugin('fixture-upgradable', '9.0.0', { sdk: '^9.0.0' }));
  }, 240_000);

  afterAll(async () => {
    await aspsp?.close();
    await Promise.all([realm?.remove().catch(() => undefined), noOtpRealm?.remove().catch(() => undefined)]);
    await api?.close();
  });

  it('lists the available plugins: the four first-party connectors with settings schemas and secrets', async () => {
    const plugins = await ok<
      {
        id: string;
        appliesToBank: boolean;
        trust: string;
        versions: {
          settingsSchema: string;
          secretSettings: string[];
          compatible: boolean;
          hostPermissions: string[];
        }[];
      }[]
    >(tokens.adminB, available, {}, 'plugins');
    const byId = new Map(plugins.map((plugin) => [plugin.id, plugin]));
    expect([...byId.keys()]).toEqual(
      expect.arrayContaining(['connector-sandbox', 'connector-open-banking-uk', 'connector-berlin-group']),
    );
    const ob = byId.get('connector-open-banking-uk')!;
    expect(ob).toMatchObject({ trust: 'first-party', appliesToBank: true });
    expect(ob.versions[0]!.secretSettings).toEqual(['clientSecret']);
    expect(ob.versions[0]!.hostPermissions).toEqual(['setting:apiBaseUrl', 'setting:tokenEndpoint']);
    expect(JSON.parse(ob.versions[0]!.settingsSchema).required).toContain('clientSecret');
    // Berlin Group applies to EU banks; bank B is in the UK.
    expect(byId.get('connector-berlin-group')!.appliesToBank).toBe(false);
    const upgradable = byId.get('fixture-upgradable')!;
    expect(upgradable.versions.map((version) => version.compatible)).toEqual([false, true, true]);
  });

  it('installs Open Banking UK, refuses invalid settings field by field with nothing changed, then configures it', async () => {
    const installed = await ok<Installation>(
      tokens.adminB,
      install,
      { pluginId: 'connector-open-banking-uk' },
      'installPlugin',
    );
    expect(installed).toMatchObject({ version: '0.1.0', status: 'DISABLED', settings: '{}' });
    expect(installed.secrets).toEqual([{ name: 'clientSecret', set: false }]);
    const before = await rowOf(bankB.id, 'connector-open-banking-uk');

    // The schema: a malformed URL, a missing secret, an unknown setting, a wrong type — all named.
    const bad = await gql(tokens.adminB, configure, {
      pluginId: 'connector-open-banking-uk',
      settings: JSON.stringify({
        ...obSettings({ apiBaseUrl: 'not a url', clientSecret: undefined, retry: { maxAttempts: 'many' } }),
        colour: 'blue',
      }),
    });
    expect(bad.body.errors?.[0]?.extensions.code).toBe('INVALID');
    const fields = (bad.body.errors?.[0]?.extensions.fields as { field: string; problem: string }[]).map(
      (problem) => problem.field,
    );
    expect(fields.sort()).toEqual(
      [
        'settings.apiBaseUrl',
        'settings.clientSecret',
        'settings.colour',
        'settings.retry.maxAttempts',
      ].sort(),
    );
    // The plugin's own check (configure hook): plain http to a host that is not this machine.
    const insecure = await gql(tokens.adminB, configure, {
      pluginId: 'connector-open-banking-uk',
      settings: JSON.stringify(obSettings({ tokenEndpoint: 'http://auth.bank.example/token' })),
    });
    expect(insecure.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [{ field: 'settings.tokenEndpoint', problem: expect.stringMatching(/must use https/) }],
    });
    expect(await rowOf(bankB.id, 'connector-open-banking-uk')).toEqual(before);

    const configured = await ok<Installation>(
      tokens.adminB,
      configure,
      { pluginId: 'connector-open-banking-uk', settings: JSON.stringify(obSettings()) },
      'configurePlugin',
    );
    expect(configured.secrets).toEqual([{ name: 'clientSecret', set: true }]);
    expect(JSON.parse(configured.settings)).toEqual({ ...obSettings(), clientSecret: undefined });
    // Stored: the secret only as ciphertext under the bank's key, never in the jsonb settings.
    const row = await rowOf(bankB.id, 'connector-open-banking-uk');
    expect(JSON.stringify(row!.settings)).not.toContain(aspsp.clientSecret);
    expect(row!.secrets_enc).toBeTruthy();
    expect(row!.secrets_enc).not.toContain(aspsp.clientSecret);

    // A configuration that omits the secret keeps it.
    const kept = await ok<Installation>(
      tokens.adminB,
      configure,
      {
        pluginId: 'connector-open-banking-uk',
        settings: JSON.stringify({ ...obSettings(), clientSecret: undefined, financialId: 'OB-001' }),
      },
      'configurePlugin',
    );
    expect(kept.secrets).toEqual([{ name: 'clientSecret', set: true }]);
  });

  it("enabled, B's customer connects through the ASPSP with B's settings; the demo bank can neither see nor use it", async () => {
    const connectAs = async (
      token: string,
      tenant: { id: string },
      customerId: string,
      connector: string,
    ) => {
      const consentId = await grantAggregationConsent(api.running.app, tenant as never, customerId);
      return gql<{ connectSource: { authorisationUrl: string; connection: { connector: string } } }>(
        token,
        connect,
        {
          input: { connector, consentId, redirectUri: `${customerApp}/connections/callback` },
        },
      );
    };
    // Installed but disabled: not usable yet.
    const whileDisabled = await connectAs(tokens.customerB, bankB, customerIds.b, 'open-banking-uk');
    expect(whileDisabled.body.errors?.[0]?.extensions.fields).toEqual([
      { field: 'input.connector', problem: 'must be the id of a connector this bank offers' },
    ]);
    expect(
      (
        await ok<Installation>(
          tokens.adminB,
          enable,
          { pluginId: 'connector-open-banking-uk' },
          'enablePlugin',
        )
      ).status,
    ).toBe('ENABLED');

    const requestsBefore = aspsp.requests.length;
    const connected = await connectAs(tokens.customerB, bankB, customerIds.b, 'open-banking-uk');
    expect(connected.body.errors).toBeUndefined();
    expect(connected.body.data!.connectSource.authorisationUrl.startsWith(aspsp.authorizationEndpoint)).toBe(
      true,
    );
    // The connector called B's ASPSP with B's client credentials (the token request succeeded: the
    // consent was created with the token it got).
    const calls = aspsp.requests.slice(requestsBefore).map((request) => `${request.method} ${request.path}`);
    expect(calls.some((call) => call.includes('token'))).toBe(true);
    expect(calls.some((call) => call.includes('account-access-consents'))).toBe(true);
    aspsp.assertSpecClean();

    // Bank A installed no connector (only its region's rule pack, as onboarding does): its customer cannot
    // connect with B's plugin.
    expect(
      (await ok<Installation[]>(tokens.adminA, installations, {}, 'pluginInstallations')).map(
        (row) => row.pluginId,
      ),
    ).toEqual(['compliance-eu']);
    const fromA = await connectAs(tokens.customerA, bankA, customerIds.a, 'open-banking-uk');
    expect(fromA.body.errors?.[0]?.extensions.fields).toEqual([
      { field: 'input.connector', problem: 'must be the id of a connector this bank offers' },
    ]);
    // Nor can A address B's installations or change them: B's plugin is not A's.
    const crossed = await gql(tokens.adminA, disable, { pluginId: 'connector-open-banking-uk' });
    expect(crossed.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect((await rowOf(bankB.id, 'connector-open-banking-uk'))!.status).toBe('enabled');

    // The sandbox, enabled for A, does not reach B either.
    await ok(tokens.adminA, install, { pluginId: 'connector-sandbox' }, 'installPlugin');
    await ok(tokens.adminA, enable, { pluginId: 'connector-sandbox' }, 'enablePlugin');
    const sandboxA = await connectAs(tokens.customerA, bankA, customerIds.a, 'sandbox');
    expect(sandboxA.body.errors).toBeUndefined();
    expect(sandboxA.body.data!.connectSource.connection.connector).toBe('sandbox');
    const sandboxB = await connectAs(tokens.customerB, bankB, customerIds.b, 'sandbox');
    expect(sandboxB.body.errors?.[0]?.extensions.code).toBe('INVALID');
    expect(
      (await ok<Installation[]>(tokens.adminB, installations, {}, 'pluginInstallations')).map(
        (i) => i.pluginId,
      ),
    ).toEqual(['compliance-uk', 'connector-open-banking-uk']);

    // Disabled again: B's customers cannot start new connections with it.
    expect(
      (
        await ok<Installation>(
          tokens.adminB,
          disable,
          { pluginId: 'connector-open-banking-uk' },
          'disablePlugin',
        )
      ).status,
    ).toBe('DISABLED');
    const afterDisable = await connectAs(tokens.customerB, bankB, customerIds.b, 'open-banking-uk');
    expect(afterDisable.body.errors?.[0]?.extensions.code).toBe('INVALID');
  });

  it('refuses a plugin of another region, an unknown plugin and a second install, changing nothing', async () => {
    const region = await gql(tokens.adminB, install, { pluginId: 'connector-berlin-group' });
    expect(region.body.errors?.[0]?.extensions.fields).toEqual([
      { field: 'pluginId', problem: 'applies to banks in EU; this bank is in UK' },
    ]);
    const unknown = await gql(tokens.adminB, install, { pluginId: 'connector-nowhere' });
    expect(unknown.body.errors?.[0]?.extensions.code).toBe('INVALID');
    const twice = await gql(tokens.adminB, install, { pluginId: 'connector-open-banking-uk' });
    expect(twice.body.errors?.[0]?.extensions.code).toBe('CONFLICT');
    const notJson = await gql(tokens.adminB, install, { pluginId: 'fixture-upgradable', settings: '[1,2]' });
    expect(notJson.body.errors?.[0]?.extensions.fields).toEqual([
      { field: 'settings', problem: 'must be a JSON object, as text' },
    ]);
    expect(await rowOf(bankB.id, 'connector-berlin-group')).toBeUndefined();
    expect(await rowOf(bankB.id, 'fixture-upgradable')).toBeUndefined();
  });

  it('upgrades only to a newer, compatible version whose schema the settings satisfy; secrets survive', async () => {
    await ok(
      tokens.adminB,
      install,
      {
        pluginId: 'fixture-upgradable',
        version: '1.0.0',
        settings: JSON.stringify({ apiUrl: 'https://api.fixture.example', apiKey: 'fixture-secret-one' }),
      },
      'installPlugin',
    );
    const incompatible = await gql(tokens.adminB, upgrade, {
      pluginId: 'fixture-upgradable',
      version: '9.0.0',
    });
    expect(incompatible.body.errors?.[0]?.extensions.fields).toEqual([
      {
        field: 'version',
        problem: `cannot run here: needs SDK ^9.0.0; this platform runs SDK ${sdkVersion}`,
      },
    ]);
    const missing = await gql(tokens.adminB, upgrade, { pluginId: 'fixture-upgradable', version: '1.1.0' });
    expect(missing.body.errors?.[0]?.extensions.fields).toEqual([
      {
        field: 'settings.mode',
        problem: 'is required (they do not fit version 1.1.0; pass settings with the upgrade)',
      },
    ]);
    const unknownVersion = await gql(tokens.adminB, upgrade, {
      pluginId: 'fixture-upgradable',
      version: '3.0.0',
    });
    expect(unknownVersion.body.errors?.[0]?.extensions.code).toBe('INVALID');
    expect((await rowOf(bankB.id, 'fixture-upgradable'))!.version).toBe('1.0.0');

    const upgraded = await ok<Installation>(
      tokens.adminB,
      upgrade,
      {
        pluginId: 'fixture-upgradable',
        version: '1.1.0',
        settings: JSON.stringify({ apiUrl: 'https://api.fixture.example', mode: 'live' }),
      },
      'upgradePlugin',
    );
    expect(upgraded).toMatchObject({ version: '1.1.0', secrets: [{ name: 'apiKey', set: true }] });
    const downgrade = await gql(tokens.adminB, upgrade, { pluginId: 'fixture-upgradable', version: '1.0.0' });
    expect(downgrade.body.errors?.[0]?.extensions.fields).toEqual([
      { field: 'version', problem: 'must be newer than the installed version 1.1.0' },
    ]);
    // Removing the secret with null, replacing it, then enabling with a complete configuration.
    const removed = await ok<Installation>(
      tokens.adminB,
      configure,
      { pluginId: 'fixture-upgradable', settings: JSON.stringify({ mode: 'live', apiKey: null }) },
      'configurePlugin',
    );
    expect(removed.secrets).toEqual([{ name: 'apiKey', set: false }]);
    expect((await rowOf(bankB.id, 'fixture-upgradable'))!.secrets_enc).toBeNull();
    await ok(
      tokens.adminB,
      configure,
      {
        pluginId: 'fixture-upgradable',
        settings: JSON.stringify({ mode: 'test', apiKey: 'fixture-secret-two' }),
      },
      'configurePlugin',
    );
    expect(
      (await ok<Installation>(tokens.adminB, enable, { pluginId: 'fixture-upgradable' }, 'enablePlugin'))
        .status,
    ).toBe('ENABLED');
  });

  it('uninstalls: the row, its settings and secrets are gone, and its connector no longer serves the bank', async () => {
    const removed = await ok<Installation>(
      tokens.adminB,
      uninstall,
      { pluginId: 'fixture-upgradable' },
      'uninstallPlugin',
    );
    expect(removed.pluginId).toBe('fixture-upgradable');
    expect(await rowOf(bankB.id, 'fixture-upgradable')).toBeUndefined();
    const again = await gql(tokens.adminB, uninstall, { pluginId: 'fixture-upgradable' });
    expect(again.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('only bank administrators may see or change plugins, and changes need a recent second factor', async () => {
    for (const token of [tokens.officerA, tokens.customerA]) {
      for (const [query, variables] of [
        [installations, {}],
        [install, { pluginId: 'connector-sandbox' }],
      ] as const) {
        const { body } = await gql(token, query, variables);
        expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      }
    }
    const adminWithoutOtp = await noOtpRealm.bankAdminToken();
    const listed = await gql(adminWithoutOtp, installations);
    expect(listed.body.errors).toBeUndefined();
    const refused = await gql(adminWithoutOtp, install, { pluginId: 'connector-sandbox' });
    expect(refused.body.errors?.[0]?.extensions.code).toBe('STEP_UP_REQUIRED');
  });

  it('every change is audited on the bank chain, and no secret value is in any audit row or in the database in clear', async () => {
    const rows = await auditRows(api.database.ownerUrl, bankB.id);
    // The bank's rule pack was installed and enabled first, by the system (as onboarding does).
    const isRulePack = (row: { changes: Record<string, unknown> }) =>
      row.changes.pluginId === 'compliance-uk';
    expect(rows.filter(isRulePack).map((row) => [row.action, row.actor_subject])).toEqual([
      ['plugin.install', 'system'],
      ['plugin.enable', 'system'],
    ]);
    const pluginRows = rows.filter((row) => row.action.startsWith('plugin.') && !isRulePack(row));
    expect(pluginRows.map((row) => row.action)).toEqual([
      'plugin.install',
      'plugin.configure',
      'plugin.configure',
      'plugin.enable',
      'plugin.disable',
      'plugin.install',
      'plugin.upgrade',
      'plugin.configure',
      'plugin.configure',
      'plugin.enable',
      'plugin.uninstall',
    ]);
    expect(pluginRows[1]!.changes).toMatchObject({
      pluginId: 'connector-open-banking-uk',
      'settings.clientId': '[redacted]',
      secrets: { clientSecret: 'set' },
    });
    expect(pluginRows[2]!.changes).toMatchObject({ secrets: { clientSecret: 'kept' } });
    expect(pluginRows[6]!.changes).toMatchObject({ fromVersion: '1.0.0', version: '1.1.0' });
    expect(pluginRows[7]!.changes).toMatchObject({ secrets: { apiKey: 'removed' } });
    expect(pluginRows.every((row) => row.actor_subject !== 'system' && row.outcome === 'allowed')).toBe(true);
    // The whole database, read as its owner: no secret anywhere in clear.
    const dump = await withClient(api.database.ownerUrl, async (client) => {
      const tables = (
        await client.query<{ table_name: string }>(
          `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
        )
      ).rows.map((row) => row.table_name);
      const texts: string[] = [];
      // Row-level security is forced on the owner too: read as bank B, as the platform would.
      await client.query('begin');
      try {
        await client.query(`select set_config('app.tenant_id', $1, true)`, [bankB.id]);
        for (const table of tables) {
          const rows = await client.query<{ t: string }>(`select t::text as t from "${table}" t`);
          texts.push(...rows.rows.map((row) => row.t));
        }
      } finally {
        await client.query('rollback');
      }
      expect(texts.join('\n')).toContain('connector-open-banking-uk');
      return texts.join('\n');
    });
    for (const secret of secrets) expect(dump).not.toContain(secret);
  });
});
