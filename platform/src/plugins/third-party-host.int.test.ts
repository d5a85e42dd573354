// Third-party plugins through the plugin host, end to end against the real API, PostgreSQL and Keycloak:
// releases published with `PluginReleases.publish` (what `cli.js publish-plugin` runs), installed, configured
// and enabled by bank administrators through GraphQL, and called through the host — hooks, the data
// connector and the data host functions run in the bank's sandbox. Then the whole hostile corpus the same
// way: every case published, installed for bank A through GraphQL and invoked through the host, contained,
// reported and audited on A's chain, while bank B's third-party plugin keeps answering through the host.
import type { ConnectorContext } from '@finpersona/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../accounts';
import { AuditService, type JsonValue, PLATFORM_CHAIN, chainQuery, entryOf } from '../audit';
import { CustomersService } from '../customers';
import { DEMO_CUSTOMER_SUBJECT } from '../onboarding';
import { PluginIsolation, type PluginCallOutcome, defaultIsolationLimits } from '../plugin-isolation';
import {
  corpusLimits,
  fixtureBundle,
  hostileCorpus,
  type HostileCase,
  startCorpusHost,
} from '../plugin-isolation/hostile/corpus';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { demoAccessTokens } from '../testing/demo-tokens';
import { withClient } from '../testing/deploy';
import { seedPersonalData } from '../testing/personal-data';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';
import { rowsAsTenant } from '../testing/tenant-rows';
import {
  hostileBundle,
  testGeneratorDeclarations,
  thirdPartyBundle,
  thirdPartyManifest,
} from '../testing/third-party-bundles';
import { PluginReleases } from './plugin-releases';
import { PluginsService } from './plugins.service';
import { ThirdPartyRuntime } from './third-party-runtime';

const declaredHost = 'rates.plugin-test.example';
const install = `mutation($pluginId: String!, $settings: String) {
  installPlugin(pluginId: $pluginId, settings: $settings) { pluginId version status } }`;
const configure = `mutation($pluginId: String!, $settings: String!) {
  configurePlugin(pluginId: $pluginId, settings: $settings) { pluginId settings } }`;
const enable = `mutation($pluginId: String!) { enablePlugin(pluginId: $pluginId) { pluginId status } }`;
const disable = `mutation($pluginId: String!) { disablePlugin(pluginId: $pluginId) { pluginId status } }`;
const uninstall = `mutation($pluginId: String!) { uninstallPlugin(pluginId: $pluginId) { pluginId } }`;
const available = `{ plugins { id trust latestVersion versions { version capabilities dataPermissions hooks } } }`;

/** Bank B's well-behaved third-party plugin: a price quote, answered while A's hostile plugins run. */
const quoteBundle = thirdPartyBundle(
  thirdPartyManifest('acme-quote', '1.0.0'),
  `{ 'insight-generator': { ${testGeneratorDeclarations} price: (args) => ({ product: args.product, priceMinor: args.quantity * 1250, currency: 'EUR' }) } }`,
);

/** A connector, an insight generator reading granted data, and hooks: the host path's happy cases. */
const servicesManifest = thirdPartyManifest('acme-services', '1.0.0', {
  capabilities: ['data-connector', 'insight-generator'],
  permissions: { data: ['accounts'], hosts: [declaredHost] },
  hooks: ['install', 'configure', 'uninstall'],
});
const servicesBundle = thirdPartyBundle(
  servicesManifest,
  `{
    'data-connector': {
      connectorId: 'acme-bank',
      create: (plugin) => ({
        id: 'acme-bank',
        async beginConnection() { return { kind: 'ready', grant: { credentials: { token: 't1' } } }; },
        async completeConnection() { throw Object.assign(new Error('no redirect here'), { name: 'ConnectorError', code: 'UNSUPPORTED' }); },
        async consentStatus() { return 'valid'; },
        async listAccounts(grant, ctx) {
          const response = await ctx.fetch('http://${declaredHost}/rates');
          const rates = await response.json();
          await ctx.saveGrant({ credentials: { token: 't2' } });
          return [{ sourceId: 'acc-1', type: 'current', currency: 'EUR', identifiers: [],
            name: 'threshold ' + plugin.settings.threshold + ' at ' + ctx.now().toISOString() + ' gbp ' + rates.GBP,
            holderName: ctx.customer.present ? ctx.customer.ipAddress : 'absent' }];
        },
        async listBalances() { throw Object.assign(new Error('slow down'), { name: 'ConnectorError', code: 'RATE_LIMITED', retryAfterMs: 1500 }); },
        async listTransactions() { for (;;) {} },
        async revoke(grant, ctx) { await ctx.fetch('http://exfiltrate.example/'); },
      }),
    },
    'insight-generator': {
      ${testGeneratorDeclarations}
      async accounts(args, ctx) { return ctx.call('accounts.list', { customerId: args.customerId, limit: 10 }); },
      async accountsPage(args, ctx) { return ctx.call('accounts.list', { customerId: args.customerId, limit: 1, cursor: args.cursor }); },
      async transactions(args, ctx) { return ctx.call('transactions.list', { customerId: args.customerId }); },
      async otherBank(args, ctx) { return ctx.call('accounts.list', { customerId: args.customerId, tenantId: args.tenantId }); },
    },
  }`,
  `{
    install: (context) => { if (context.settings.threshold === 13) throw new Error('unlucky'); },
    configure: (context) => {
      if (context.settings.threshold > 1000) {
        throw Object.assign(new Error('bad'), { name: 'PluginSettingsError', problems: [{ field: 'threshold', problem: 'must be at most 1000 for this bank' }] });
      }
    },
    uninstall: () => undefined,
  }`,
);

describe('third-party plugins through the plugin host', () => {
  let api: ApiFixture;
  let realm: BankRealm;
  let corpusHost: Awaited<ReturnType<typeof startCorpusHost>>;
  let bankA: TenantRef;
  let bankB: TenantRef;
  let customerA: string;
  let tokens: { adminA: string; adminB: string; issuedAt: number };
  let plugins: PluginsService;
  let releases: PluginReleases;

  const freshTokens = async () => {
    // Staff tokens live a few minutes; the corpus run takes longer.
    if (Date.now() - tokens.issuedAt < 120_000) return tokens;
    tokens = {
      adminA: (await demoAccessTokens()).bankAdmin,
      adminB: await realm.bankAdminToken(),
      issuedAt: Date.now(),
    };
    return tokens;
  };
  const ok = async (token: string, query: string, variables: Record<string, unknown>) => {
    const { body } = await api.graphql(query, { token, variables });
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data!;
  };
  const installEnabled = async (token: string, pluginId: string, settings: Record<string, unknown> = {}) => {
    await ok(token, install, { pluginId, settings: JSON.stringify(settings) });
    await ok(token, enable, { pluginId });
  };
  const chainOf = (tenant: TenantRef | null) =>
    withClient(api.database.ownerUrl, async (client) => {
      await client.query(`select set_config('app.tenant_id', $1, false)`, [tenant?.id ?? '']);
      return (await client.query(chainQuery, [tenant?.id ?? PLATFORM_CHAIN])).rows.map(
        entryOf as never,
      ) as ReturnType<typeof entryOf>[];
    });

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '100000' } });
    const app = api.running.app;
    const tenancy = app.get(TenancyService);
    bankA = tenantRef(await tenancy.upsertTenant(demoBank));
    await app.get(CustomersService).upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    realm = await createBankRealm('thirdparty', {});
    bankB = tenantRef(
      await tenancy.upsertTenant({
        ...otherBank,
        slug: realm.realm,
        realm: realm.realm,
        name: 'Third-party Bank',
      }),
    );
    const [row] = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      bankA.id,
      'select id from customer where subject = $1',
      [DEMO_CUSTOMER_SUBJECT],
    );
    customerA = row!.id;
    await seedPersonalData(app, bankA, customerA, 'ana');
    tokens = {
      adminA: (await demoAccessTokens()).bankAdmin,
      adminB: await realm.bankAdminToken(),
      issuedAt: Date.now(),
    };

    corpusHost = await startCorpusHost();
    // The documented test-only override: the declared public name is served by this loopback server.
    app.get(PluginIsolation).useTestOnlyConnectTo({
      [declaredHost]: corpusHost.address,
    });
    plugins = app.get(PluginsService);
    releases = app.get(PluginReleases);
    await releases.publish(Buffer.from(quoteBundle), 'tests');
    await releases.publish(Buffer.from(servicesBundle), 'tests');
  }, 240_000);

  afterAll(async () => {
    await corpusHost?.close();
    await realm?.remove().catch(() => undefined);
    await api?.close();
  });

  describe('a published release, installed per bank through GraphQL', () => {
    it('is listed as third-party; hooks run in the sandbox (a settings refusal names the field, nothing changes)', async () => {
      const { plugins: listed } = (await ok(tokens.adminA, available, {})) as {
        plugins: { id: string; trust: string; versions: { hooks: string[]; dataPermissions: string[] }[] }[];
      };
      expect(listed.find((plugin) => plugin.id === 'acme-services')).toMatchObject({
        trust: 'third-party',
        versions: [{ hooks: ['install', 'configure', 'uninstall'], dataPermissions: ['accounts'] }],
      });
      // install hook refuses (a plain error): CONFLICT, nothing installed
      const refused = await api.graphql(install, {
        token: tokens.adminA,
        variables: { pluginId: 'acme-services', settings: JSON.stringify({ threshold: 13 }) },
      });
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(refused.body.errors?.[0]?.message).toMatch(/refused the change in its install hook/);
      await installEnabled(tokens.adminA, 'acme-services', { threshold: 5 });
      const bad = await api.graphql(configure, {
        token: tokens.adminA,
        variables: { pluginId: 'acme-services', settings: JSON.stringify({ threshold: 5000 }) },
      });
      expect(bad.body.errors?.[0]?.extensions).toMatchObject({
        code: 'INVALID',
        fields: [{ field: 'settings.threshold', problem: 'must be at most 1000 for this bank' }],
      });
      const [stored] = await rowsAsTenant<{ settings: unknown }>(
        api.database.ownerUrl,
        bankA.id,
        `select settings from plugin_installation where plugin_id = 'acme-services'`,
      );
      expect(stored!.settings).toEqual({ threshold: 5 });
    }, 60_000);

    it('its data connector runs in the sandbox: fetch through the host to the declared host, saveGrant, typed errors', async () => {
      const saved: unknown[] = [];
      const context: ConnectorContext = {
        signal: new AbortController().signal,
        heartbeat: () => undefined,
        fetch: () => Promise.reject(new Error('the isolated connector never uses the platform fetch')),
        now: () => new Date('2026-11-26T09:00:00.000Z'),
        customer: { present: true, ipAddress: '198.51.100.7' },
        saveGrant: async (grant) => void saved.push(grant),
      };
      const registry = api.running.app.get(ConnectorRegistry);
      await runAsTenant(bankA, async () => {
        const connector = await registry.connectorFor('acme-bank', { tenantId: bankA.id, region: 'EU' });
        expect(
          await connector.beginConnection(
            { redirectUri: 'x', state: 's', validUntil: 'v', includeHistory: false },
            context,
          ),
        ).toEqual({
          kind: 'ready',
          grant: { credentials: { token: 't1' } },
        });
        expect(await connector.listAccounts({ credentials: {} }, context)).toEqual([
          {
            sourceId: 'acc-1',
            type: 'current',
            currency: 'EUR',
            identifiers: [],
            name: 'threshold 5 at 2026-11-26T09:00:00.000Z gbp 0.86',
            holderName: '198.51.100.7',
          },
        ]);
        expect(saved).toEqual([{ credentials: { token: 't2' } }]);
        await expect(connector.listBalances({ credentials: {} }, 'acc-1', context)).rejects.toMatchObject({
          name: 'ConnectorError',
          code: 'RATE_LIMITED',
          retryAfterMs: 1500,
          retryable: true,
        });
        await expect(
          connector.completeConnection({ pending: {}, callback: {}, redirectUri: 'x' }, context),
        ).rejects.toMatchObject({
          code: 'UNSUPPORTED',
        });
        // A connector that hangs is stopped by the CPU limit: retryable, not a crash of the platform.
        await expect(
          connector.listTransactions({ credentials: {} }, 'acc-1', { cursor: null }, context),
        ).rejects.toMatchObject({
          code: 'SOURCE_UNAVAILABLE',
          message: expect.stringMatching(/did not answer listTransactions \(timeout\)/),
        });
        // An undeclared host is refused by the host, and the call fails (never a silent success).
        await expect(connector.revoke({ credentials: {} }, context)).rejects.toMatchObject({
          name: 'PluginCallFailed',
        });
      });
      // Bank B has not installed it: the connector is not there for B.
      await runAsTenant(bankB, async () => {
        await expect(
          registry.connectorFor('acme-bank', { tenantId: bankB.id, region: 'EU' }),
        ).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
      });
      const calls = (await chainOf(bankA)).filter((entry) => entry.action === 'plugin.call');
      expect(calls.map((entry) => [entry.changes.method, entry.changes.outcome, entry.outcome])).toEqual(
        expect.arrayContaining([
          ['data-connector.listBalances', 'threw', 'failed'],
          ['data-connector.listTransactions', 'timeout', 'failed'],
          ['data-connector.revoke', 'denied', 'denied'],
        ]),
      );
    }, 60_000);

    it('reads granted data as the calling bank only; an ungranted category or another bank is refused and audited', async () => {
      const call = (method: string, args: JsonValue) =>
        runAsTenant(bankA, () => plugins.call('acme-services', 'insight-generator', method, args));
      const accounts = await call('accounts', { customerId: customerA });
      expect(accounts).toEqual({
        kind: 'ok',
        value: {
          items: [
            {
              id: expect.any(String),
              type: 'current',
              currency: 'EUR',
              name: 'Everyday',
              openedOn: '2020-02-29',
            },
          ],
          nextCursor: null,
        },
      });
      // No personal field crosses: no holder name, identifier, counterparty or description.
      expect(JSON.stringify(accounts)).not.toMatch(/Holder ana|SI56|Counterparty ana|Rent for ana/);
      // Pages: a second account, read one a call with the cursor handed out; a made-up cursor is refused.
      await seedPersonalData(api.running.app, bankA, customerA, 'ana-second');
      const first = (await call('accountsPage', { customerId: customerA })) as {
        kind: 'ok';
        value: { items: { id: string }[]; nextCursor: string };
      };
      expect(first.value.items).toHaveLength(1);
      const second = (await call('accountsPage', {
        customerId: customerA,
        cursor: first.value.nextCursor,
      })) as {
        kind: 'ok';
        value: { items: { id: string }[]; nextCursor: string | null };
      };
      expect(second.value.items).toHaveLength(1);
      expect(second.value.items[0]!.id).not.toBe(first.value.items[0]!.id);
      expect(second.value.nextCursor).toBeNull();
      expect(await call('accountsPage', { customerId: customerA, cursor: 'not-a-cursor' })).toEqual({
        kind: 'denied',
        capability: 'host-refused',
        target: 'accounts.list: cursor must be a nextCursor this function returned',
      });
      expect(await call('transactions', { customerId: customerA })).toEqual({
        kind: 'denied',
        capability: 'host-refused',
        target: `transactions.list: the plugin's permissions do not grant the data category "transactions" (transactions.list)`,
      });
      expect(await call('otherBank', { customerId: customerA, tenantId: bankB.id })).toEqual({
        kind: 'denied',
        capability: 'host-refused',
        target: 'accounts.list: a plugin reads only the data of the bank it serves',
      });
      // Bank A's customer id asked for as bank B (which must install the plugin first): RLS gives nothing.
      await installEnabled((await freshTokens()).adminB, 'acme-services', { threshold: 1 });
      expect(
        await runAsTenant(bankB, () =>
          plugins.call('acme-services', 'insight-generator', 'accounts', { customerId: customerA }),
        ),
      ).toEqual({ kind: 'ok', value: { items: [], nextCursor: null } });
      const refusals = (await chainOf(bankA)).filter(
        (entry) => entry.action === 'plugin.call' && entry.changes.outcome === 'denied',
      );
      expect(refusals.map((entry) => (entry.changes.detail as { target: string }).target)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^transactions\.list: /),
          expect.stringMatching(/^accounts\.list: a plugin reads only/),
        ]),
      );
      expect((await chainOf(bankB)).filter((entry) => entry.action === 'plugin.call')).toEqual([]);
    }, 60_000);

    it('disabling stops the bank’s sandbox at once; a disabled plugin cannot be called', async () => {
      const isolation = api.running.app.get(PluginIsolation);
      await runAsTenant(bankA, () =>
        plugins.call('acme-services', 'insight-generator', 'accounts', { customerId: customerA }),
      );
      const before = isolation.size;
      await ok(tokens.adminA, disable, { pluginId: 'acme-services' });
      expect(isolation.size).toBe(before - 1);
      await expect(
        runAsTenant(bankA, () =>
          plugins.call('acme-services', 'insight-generator', 'accounts', { customerId: customerA }),
        ),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }, 60_000);
  });

  describe('the hostile corpus, each case published, installed for bank A through GraphQL and called through the host', () => {
    const world = { declaredUrl: `http://${declaredHost}`, otherTenantId: '' };
    /** Where the host path's outcome differs from the runtime corpus test's, and why. */
    const hostPathOutcome = (entry: HostileCase): PluginCallOutcome => {
      switch (entry.name) {
        // The corpus's test host functions (listCustomers, echo) are not the host's: refused by name.
        case 'other-tenant-data':
          return { kind: 'denied', capability: 'host-function', target: 'listCustomers' };
        case 'host-call-flood':
          return { kind: 'denied', capability: 'host-function', target: 'echo' };
        case 'unknown-method':
          return { kind: 'unknown-method', method: 'extensions.product-catalogue.toString' };
        default:
          return entry.expected;
      }
    };
    /** Load-time cases are refused at publish (the sandbox loads the bundle to read it, default limits). */
    const refusedAtPublish = (entry: HostileCase): PluginCallOutcome | null => {
      const expected = entry.expected;
      if (expected.kind === 'too-large' && expected.what === 'bundle') return expected;
      if ((expected.kind === 'timeout' || expected.kind === 'threw') && expected.phase === 'load') {
        return expected.kind === 'timeout'
          ? { ...expected, limitMs: defaultIsolationLimits.loadMs }
          : expected;
      }
      return null;
    };
    // Cases the host path adds: the host's own data functions misused.
    const hostCases: HostileCase[] = [
      {
        name: 'host-other-tenant-accounts',
        bundle: () =>
          `module.exports = { run: (args, ctx) => ctx.call('accounts.list', { customerId: args.customerId, tenantId: args.otherTenantId }) };`,
        expected: {
          kind: 'denied',
          capability: 'host-refused',
          target: 'accounts.list: a plugin reads only the data of the bank it serves',
        },
        contained: 'host data functions run as the calling bank',
      },
      {
        name: 'host-ungranted-category',
        bundle: () =>
          `module.exports = { run: (args, ctx) => ctx.call('balances.list', { customerId: args.customerId }) };`,
        expected: {
          kind: 'denied',
          capability: 'host-refused',
          target: `balances.list: the plugin's permissions do not grant the data category "balances" (balances.list)`,
        },
        contained: 'only granted data categories',
      },
      {
        name: 'host-data-flood',
        bundle: () =>
          `module.exports = { async run(args, ctx) { for (let i = 0; i < 60; i++) await ctx.call('accounts.list', { customerId: args.customerId }); return 'done'; } };`,
        expected: { kind: 'quota', what: 'host-calls', limit: 50 },
        contained: 'host calls per call limit',
      },
      {
        name: 'host-oversized-page',
        bundle: () =>
          `module.exports = { run: (args, ctx) => ctx.call('accounts.list', { customerId: args.customerId, limit: 100000 }) };`,
        expected: {
          kind: 'denied',
          capability: 'host-refused',
          target: 'accounts.list: limit must be an integer from 1 to 100',
        },
        contained: 'pages are size-capped',
      },
    ];
    const cases = [...hostileCorpus, ...hostCases];
    const bCalls: number[] = [];
    const expectedEntries: { resourceId: string; outcome: string }[] = [];
    const perCaseMs: number[] = [];
    let warmB = 0;

    beforeAll(async () => {
      world.otherTenantId = bankB.id;
      // Each case under the limits the runtime corpus test uses (operators cannot set per-plugin limits yet).
      const limits = new Map(
        cases.map((entry) => [`hostile-${entry.name}`, { ...corpusLimits, ...entry.limits }]),
      );
      api.running.app.get(ThirdPartyRuntime).useLimits((release) => limits.get(release.pluginId));
      await installEnabled((await freshTokens()).adminB, 'acme-quote');
      const warm: number[] = [];
      for (let i = 0; i < 11; i++) {
        const startedWarm = performance.now();
        await runAsTenant(bankB, () =>
          plugins.call('acme-quote', 'insight-generator', 'price', { product: 'p', quantity: 1 }),
        );
        warm.push(performance.now() - startedWarm);
      }
      // B's steady state through the host (database look-ups included), as the runtime corpus measures A's.
      warmB = warm.sort((a, b) => a - b)[5]!;
    }, 60_000);

    for (const entry of cases) {
      const title = refusedAtPublish(entry)
        ? `${entry.name}: refused at publish (the sandbox reports the typed outcome), audited on the platform chain`
        : `${entry.name}: contained, reported and audited on bank A; bank B keeps being served`;
      it(
        title,
        async () => {
          const started = performance.now();
          const pluginId = `hostile-${entry.name}`;
          const manifest = thirdPartyManifest(pluginId, '1.0.0', {
            capabilities: ['product-catalogue'],
            permissions: { data: ['accounts'], hosts: [declaredHost] },
          });
          const bundle = hostileBundle(entry.bundle ? entry.bundle() : fixtureBundle(entry.name), manifest);
          const atPublish = refusedAtPublish(entry);
          if (atPublish) {
            // The typed outcome the sandbox reports, and the refusal the publish command audits.
            const bundleTooLarge = atPublish.kind === 'too-large';
            expect(await api.running.app.get(PluginIsolation).describeBundle(bundle)).toEqual(
              bundleTooLarge ? { ...atPublish, bytes: Buffer.byteLength(bundle) } : atPublish,
            );
            await expect(releases.publish(Buffer.from(bundle), 'tests')).rejects.toMatchObject({
              code: 'INVALID',
            });
            const last = (await chainOf(null)).at(-1)!;
            expect(last).toMatchObject({ action: 'plugin.publish', outcome: 'denied' });
            expect(String(last.changes.refused)).toContain(
              bundleTooLarge ? 'a bundle must be 1 to' : atPublish.kind,
            );
            perCaseMs.push(performance.now() - started);
            return;
          }
          await releases.publish(Buffer.from(bundle), 'tests');
          const { adminA } = await freshTokens();
          await installEnabled(adminA, pluginId);
          const callA = (method: string, args: JsonValue) =>
            runAsTenant(bankA, () => plugins.call(pluginId, 'product-catalogue', method, args));
          for (const step of entry.before ?? [])
            expect((await callA(step.method, step.args ?? null)).kind).toBe('ok');
          const args: JsonValue = entry.hostArgs
            ? entry.hostArgs()
            : (entry.args?.(world) ?? { customerId: customerA, otherTenantId: bankB.id });
          const hostile = callA(entry.method ?? 'run', args);
          await new Promise((resolve) => setTimeout(resolve, 30));
          const startedB = performance.now();
          const served = await runAsTenant(bankB, () =>
            plugins.call('acme-quote', 'insight-generator', 'price', { product: 'savings', quantity: 3 }),
          );
          bCalls.push(performance.now() - startedB);
          const outcome = await hostile;

          const expected = hostPathOutcome(entry);
          expect(outcome).toEqual(expected);
          if (expected.kind !== 'ok')
            expectedEntries.push({ resourceId: `${pluginId}@1.0.0`, outcome: expected.kind });
          expect(served).toEqual({
            kind: 'ok',
            value: { product: 'savings', priceMinor: 3750, currency: 'EUR' },
          });
          // Under 2 s, or 20 times the warm median: B's call includes the host's database look-ups, which
          // a full platform run on the 2-core machine delayed to 1.2 s once (the runtime corpus test, with
          // no database in the path, keeps its 1 s bound and catches a plugin blocking the host's process).
          expect(
            bCalls.at(-1)!,
            `bank B answered in ${bCalls.at(-1)!.toFixed(0)} ms (warm p50 ${warmB.toFixed(0)} ms)`,
          ).toBeLessThan(Math.max(2_000, warmB * 20));
          await ok(adminA, uninstall, { pluginId });
          perCaseMs.push(performance.now() - started);
        },
        60_000,
      );
    }

    it('bank A’s chain holds one plugin.call per contained case, in order; bank B’s none; both verify', async () => {
      const calls = (await chainOf(bankA)).filter(
        (entry) => entry.action === 'plugin.call' && String(entry.resourceId).startsWith('hostile-'),
      );
      expect(
        calls.map((entry) => ({ resourceId: entry.resourceId, outcome: entry.changes.outcome })),
      ).toEqual(expectedEntries);
      expect(expectedEntries.length).toBeGreaterThanOrEqual(30);
      expect((await chainOf(bankB)).filter((entry) => entry.action === 'plugin.call')).toEqual([]);
      const audit = api.running.app.get(AuditService);
      expect(await audit.verify({ tenant: bankA })).toMatchObject({ intact: true });
      expect(await audit.verify({ tenant: bankB })).toMatchObject({ intact: true });
      expect(await audit.verify('platform')).toMatchObject({ intact: true });
      const sorted = [...bCalls].sort((a, b) => a - b);
      const total = perCaseMs.reduce((sum, ms) => sum + ms, 0);
      console.info(
        `host-path corpus: ${cases.length} cases in ${(total / 1000).toFixed(1)} s (mean ${(total / cases.length).toFixed(0)} ms a case); ` +
          `bank B through the host: warm p50 ${warmB.toFixed(1)} ms; during the cases p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms over ${sorted.length} calls`,
      );
    });
  });
});
