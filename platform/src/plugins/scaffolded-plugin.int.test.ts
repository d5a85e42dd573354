// The SDK's promise end to end (issue 4: "the scaffold CLI creates each kind of plugin, its test passes in
// the harness, and it installs into a running platform"), for each of the five kinds: `finpersona-plugin
// new` scaffolds it, `finpersona-plugin test` runs its harness test, `finpersona-plugin build` bundles it,
// the operator publishes the bundle with `cli.js publish-plugin`, a bank administrator installs, configures
// (invalid settings refused field by field) and enables it through GraphQL with step-up, and the platform
// calls it once in the bank's sandbox the way the platform uses that kind. Real PostgreSQL, Keycloak and
// the isolation runtime; the SDK's CLI runs as its users run it (the built bin, in a child process).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { ConnectorContext, ExtensionPoint } from '@finpersona/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../accounts';
import { PLATFORM_CHAIN, chainQuery, entryOf } from '../audit';
import { runCli } from '../cli/index';
import { ComplianceRules } from '../compliance';
import { CustomersService } from '../customers';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { demoAccessTokens } from '../testing/demo-tokens';
import { withClient } from '../testing/deploy';
import { temporaryKeyFile } from '../testing/key-file';
import { PluginIsolation } from '../plugin-isolation';
import { demoBank, demoBankCustomers } from '../testing/seed';
import { PluginsService } from './plugins.service';

const run = promisify(execFile);
const require = createRequire(__filename);
// The SDK as the platform's dependency resolves it (the workspace package); its bin is the built CLI.
const sdkRoot = dirname(realpathSync(require.resolve('@finpersona/plugin-sdk/package.json')));
const cli = join(sdkRoot, 'dist', 'cli', 'main.js');

const install = `mutation($pluginId: String!, $settings: String) {
  installPlugin(pluginId: $pluginId, settings: $settings) { pluginId version status } }`;
const configure = `mutation($pluginId: String!, $settings: String!) {
  configurePlugin(pluginId: $pluginId, settings: $settings) { pluginId settings } }`;
const enable = `mutation($pluginId: String!) { enablePlugin(pluginId: $pluginId) { pluginId status } }`;
const available = `{ plugins { id trust latestVersion versions { version capabilities } } }`;

/** What a case's call gets: the running platform, the bank, and `PluginsService.call` of its plugin in that bank. */
interface CallScope {
  api: ApiFixture;
  bank: TenantRef;
  call: (method: string, args: unknown) => Promise<{ kind: string; value?: unknown }>;
}

/** One scaffolded kind: the settings a bank gives it (and settings it refuses), and one checked call. */
interface KindCase {
  kind: ExtensionPoint;
  id: string;
  /** Given at install (a plugin with required settings cannot be installed without them). */
  installSettings?: Record<string, unknown>;
  refused: { settings: Record<string, unknown>; fields: { field: string; problem: string }[] };
  settings: Record<string, unknown>;
  calledOnce: (scope: CallScope) => Promise<void>;
}

const notASetting = { field: 'settings.colour', problem: 'is not a setting of this plugin' };
// The data connector's declared source, served in the test by a loopback server (see `sourceBank`).
const sourceHost = 'bank.acme.example';
const now = '2026-11-26T09:00:00.000Z';

const kinds: KindCase[] = [
  {
    kind: 'product-catalogue',
    id: 'acme-range',
    refused: {
      settings: { documentsBaseUrl: 'not a url', colour: 'blue' },
      fields: [notASetting, { field: 'settings.documentsBaseUrl', problem: 'must match format "uri"' }],
    },
    settings: { documentsBaseUrl: 'https://docs.acme.example/products' },
    async calledOnce({ bank, call }) {
      const settings = { documentsBaseUrl: 'https://docs.acme.example/products' };
      const outcome = await call('listProducts', { tenantId: bank.id, region: 'EU', settings });
      expect(outcome.kind).toBe('ok');
      const products = outcome.value as { id: string; currency: string; disclosures: { url: string }[] }[];
      expect(products.map((product) => [product.id, product.currency])).toEqual([
        ['everyday-account', 'EUR'],
        ['easy-saver', 'EUR'],
      ]);
      expect(products[0]!.disclosures[0]!.url).toBe(
        'https://docs.acme.example/products/everyday-account/terms.pdf',
      );
    },
  },
  {
    kind: 'recommendation-model',
    id: 'acme-popular',
    refused: { settings: { colour: 'blue' }, fields: [notASetting] },
    settings: {},
    async calledOnce({ call }) {
      // A factory-shaped extension: the sandbox builds the model with create(context), then predicts.
      const outcome = await call('predict', {
        artifact: {
          format: 'acme-popular/popularity-1',
          encoding: 'json',
          data: { taken: { 'easy-saver': 3 }, customers: 8 },
        },
        asOf: now,
        products: [{ id: 'easy-saver' }, { id: 'home-insurance' }],
        customers: [
          { customer: 'p-1', features: {}, held: [] },
          { customer: 'p-2', features: {}, held: ['easy-saver'] },
        ],
      });
      expect(outcome).toEqual({
        kind: 'ok',
        value: {
          // Laplace-smoothed take-up: (3 + 1) / (8 + 2) and (0 + 1) / (8 + 2); what p-2 holds is not scored.
          scores: [
            { customer: 'p-1', product: 'easy-saver', score: 0.4 },
            { customer: 'p-1', product: 'home-insurance', score: 0.1 },
            { customer: 'p-2', product: 'home-insurance', score: 0.1 },
          ],
        },
      });
    },
  },
  {
    kind: 'insight-generator',
    id: 'acme-payments',
    refused: { settings: { colour: 'blue' }, fields: [notASetting] },
    settings: {},
    async calledOnce({ call }) {
      const payment = (id: string, bookingDate: string, minor: string) => ({
        id,
        accountId: 'a-1',
        bookingDate,
        amount: { minor, currency: 'EUR' },
        direction: 'debit',
        merchant: 'StreamCo',
      });
      const outcome = await call('generate', {
        customer: 'p-1',
        features: {},
        transactions: {
          window: { from: '2026-09-01', to: '2026-11-26' },
          items: [payment('t-1', '2026-10-03', '999'), payment('t-2', '2026-11-03', '1299')],
        },
        now,
      });
      expect(outcome.kind).toBe('ok');
      expect(outcome.value).toEqual([
        expect.objectContaining({
          kind: 'payment-up',
          parameters: {
            merchant: { type: 'text', value: 'StreamCo' },
            before: { type: 'money', value: { minor: '999', currency: 'EUR' } },
            after: { type: 'money', value: { minor: '1299', currency: 'EUR' } },
          },
          // 300 / 999 of the earlier payment, in basis points / 10 000.
          relevance: 0.3003,
          evidence: [
            { kind: 'transaction', id: 't-1' },
            { kind: 'transaction', id: 't-2' },
          ],
          expiresAt: '2026-12-10T09:00:00.000Z',
          dedupeKey: 'payment-up:StreamCo:2026-11',
        }),
      ]);
    },
  },
  {
    kind: 'compliance-rule-pack',
    id: 'acme-rules',
    refused: {
      // The example law warns 14 days before a consent ends: a bank may warn earlier, never later.
      settings: { warnDaysBefore: 3 },
      fields: [
        {
          field: 'settings.warnDaysBefore',
          problem: "may not be below 14 days (the EU pack's); warn earlier, not later",
        },
      ],
    },
    settings: { warnDaysBefore: 30 },
    async calledOnce({ api, bank, call }) {
      const outcome = await call('rulesFor', {
        tenantId: bank.id,
        region: 'EU',
        settings: { warnDaysBefore: 30 },
      });
      expect(outcome.kind).toBe('ok');
      expect(outcome.value).toMatchObject({ region: 'EU', ais: { warnDaysBefore: { days: 30 } } });
      // Enabled last, it is the bank's rule pack in force: the platform's compliance rules come from the
      // sandbox, with the bank's settings applied.
      const rules = await runAsTenant(bank, () => api.running.app.get(ComplianceRules).forCurrentTenant());
      expect(rules.pack).toEqual({ pluginId: 'acme-rules', version: '0.1.0' });
      expect(rules.ais.warnDaysBefore.days).toBe(30);
      expect(rules.ais.maxConsentDays).toMatchObject({ id: 'example.ais.max-consent', days: 180 });
    },
  },
  {
    kind: 'data-connector',
    id: 'acme-bank-api',
    installSettings: { baseUrl: `https://${sourceHost}/api`, apiKey: 'key-1' },
    refused: {
      // The template's configure hook, run in the sandbox, refuses a plain-http source.
      settings: { baseUrl: `http://${sourceHost}/api` },
      fields: [{ field: 'settings.baseUrl', problem: 'must be an https:// URL' }],
    },
    settings: { baseUrl: `https://${sourceHost}/api`, pageSize: 20 },
    async calledOnce({ api, bank }) {
      const context: ConnectorContext = {
        signal: new AbortController().signal,
        heartbeat: () => undefined,
        fetch: () => Promise.reject(new Error('the isolated connector never uses the platform fetch')),
        now: () => new Date(now),
        customer: { present: true, ipAddress: '198.51.100.7' },
        saveGrant: async () => undefined,
      };
      await runAsTenant(bank, async () => {
        const connector = await api.running.app
          .get(ConnectorRegistry)
          .connectorFor('acme-bank-api', { tenantId: bank.id, region: 'EU' });
        const begun = await connector.beginConnection(
          { redirectUri: 'https://app.example/back', state: 's', validUntil: now, includeHistory: false },
          context,
        );
        expect(begun).toEqual({
          kind: 'ready',
          grant: {
            sourceConsentId: 'consent-1',
            expiresAt: '2027-05-25T00:00:00.000Z',
            credentials: { consentId: 'consent-1' },
          },
        });
        if (begun.kind !== 'ready') throw new Error('the source needs no redirect');
        expect(await connector.listAccounts(begun.grant, context)).toEqual([
          {
            sourceId: 'acc-1',
            type: 'current',
            currency: 'GBP',
            name: 'Everyday',
            identifiers: [{ scheme: 'IBAN', value: 'GB33BUKB20201555555555' }],
          },
        ]);
      });
    },
  },
];

/**
 * The data connector's source: the template's JSON API (a consent, then accounts), answering only the API
 * key the bank configured (a secret setting: it reached the sandbox through the host).
 */
function sourceBank(): Promise<Server> {
  const server = createServer((request, response) => {
    const reply = (status: number, body?: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (request.headers['x-api-key'] !== 'key-1') return reply(401, { error: 'unknown key' });
    if (request.method === 'POST' && request.url === '/api/consents') {
      return reply(201, { consentId: 'consent-1', validUntil: '2027-05-25T00:00:00.000Z' });
    }
    if (request.url === '/api/accounts' && request.headers['x-consent-id'] === 'consent-1') {
      return reply(200, {
        accounts: [
          {
            id: 'acc-1',
            kind: 'current',
            currency: 'GBP',
            displayName: 'Everyday',
            iban: 'GB33BUKB20201555555555',
          },
        ],
      });
    }
    return reply(404);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('each kind of scaffolded plugin, built with the SDK CLI, published and installed into a running platform', () => {
  let workspace: string;
  let keyFile: Awaited<ReturnType<typeof temporaryKeyFile>>;
  let api: ApiFixture;
  let bank: TenantRef;
  let admin: string;
  let source: Server;
  const cliOutput = new Map<string, string[]>();
  const bundleOf = (id: string) => join(workspace, id, 'dist', 'plugin.js');

  beforeAll(async () => {
    // The CLI as published: the SDK compiled to dist (./fp test builds it first; this keeps the file alone runnable).
    await run(process.execPath, [
      require.resolve('typescript/bin/tsc'),
      '-p',
      join(sdkRoot, 'tsconfig.json'),
    ]);
    // A folder that resolves the SDK, vitest and TypeScript like an npm install, without installing.
    workspace = mkdtempSync(join(tmpdir(), 'finpersona-scaffolded-'));
    mkdirSync(join(workspace, 'node_modules', '@finpersona'), { recursive: true });
    symlinkSync(sdkRoot, join(workspace, 'node_modules', '@finpersona', 'plugin-sdk'), 'dir');
    const fromSdk = createRequire(join(sdkRoot, 'package.json'));
    for (const name of ['vitest', 'typescript']) {
      symlinkSync(
        realpathSync(dirname(fromSdk.resolve(`${name}/package.json`))),
        join(workspace, 'node_modules', name),
        'dir',
      );
    }
    // Scaffold, test and build each kind once; two at a time (the harness runs vitest in a child process).
    const scaffold = async ({ kind, id }: KindCase) => {
      const dir = join(workspace, id);
      const output: string[] = [];
      cliOutput.set(id, output);
      output.push((await run(process.execPath, [cli, 'new', kind, dir, '--publisher', 'Acme Ltd'])).stdout);
      for (const step of ['test', 'build'])
        output.push((await run(process.execPath, [cli, step, dir])).stdout);
    };
    const queue = [...kinds];
    await Promise.all(
      [0, 1].map(async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await scaffold(next);
      }),
    );

    keyFile = await temporaryKeyFile();
    // The API and the operator CLI share the database and the key-encryption key, as in a deployment.
    api = await startApiFixture({ overrides: { CRYPTO_LOCAL_KEY_FILE: keyFile.path } });
    bank = tenantRef(await api.running.app.get(TenancyService).upsertTenant(demoBank));
    await api.running.app.get(CustomersService).upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    admin = (await demoAccessTokens()).bankAdmin;
    source = await sourceBank();
    // The documented test-only override: the connector's declared https host is served by the loopback source.
    api.running.app.get(PluginIsolation).useTestOnlyConnectTo({
      [sourceHost]: `127.0.0.1:${(source.address() as AddressInfo).port}`,
    });
  }, 300_000);

  afterAll(async () => {
    await new Promise((resolve) => (source ? source.close(resolve) : resolve(undefined)));
    await api?.close();
    keyFile?.remove();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  const graphql = async (query: string, variables: Record<string, unknown> = {}) =>
    (await api.graphql(query, { token: admin, variables })).body;

  const chain = (tenant: string) =>
    withClient(api.database.ownerUrl, async (client) => {
      await client.query(`select set_config('app.tenant_id', $1, false)`, [
        tenant === PLATFORM_CHAIN ? '' : tenant,
      ]);
      return (await client.query(chainQuery, [tenant])).rows.map(entryOf as never) as ReturnType<
        typeof entryOf
      >[];
    });
  /** The bank's plugin changes on its chain, oldest first (calls are audited too; they are not changes). */
  const bankPluginChanges = async () =>
    (await chain(bank.id))
      .filter((entry) => entry.action.startsWith('plugin.') && entry.action !== 'plugin.call')
      .map((entry) => [entry.action, entry.outcome]);

  it.each(kinds)('$kind: scaffolds, passes its harness test and builds a bundle', ({ kind, id }) => {
    const [created, , built] = cliOutput.get(id)!;
    expect(created).toContain(`Created the ${kind} plugin "${id}"`);
    expect(built).toMatch(
      new RegExp(`^Built ${id}@0\\.1\\.0: .*plugin\\.js\\n {2}\\d+ bytes, sha256 [0-9a-f]{64}`),
    );
    expect(readFileSync(bundleOf(id), 'utf8')).toContain('module.exports');
  });

  it.each(kinds)(
    '$kind: published by the operator, installed, configured and enabled by the bank admin, and called once',
    async (kindCase) => {
      const { kind, id: pluginId } = kindCase;
      const earlier = (await bankPluginChanges()).length;
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['publish-plugin', bundleOf(pluginId), '--by', 'ops-sdk'], {
        env: { APP_DATABASE_URL: api.database.appUrl, CRYPTO_LOCAL_KEY_FILE: keyFile.path },
        out: (line) => out.push(line),
        err: (line) => err.push(line),
      });
      expect(err).toEqual([]);
      expect(code).toBe(0);
      expect(out.join('\n')).toMatch(
        new RegExp(`^Published ${pluginId}@0\\.1\\.0 \\(sha256 [0-9a-f]{64}\\) by ops-sdk\\.$`),
      );

      const listed = (await graphql(available)).data as {
        plugins: {
          id: string;
          trust: string;
          latestVersion: string;
          versions: { capabilities: string[] }[];
        }[];
      };
      expect(listed.plugins.find((plugin) => plugin.id === pluginId)).toMatchObject({
        trust: 'third-party',
        latestVersion: '0.1.0',
        versions: [{ capabilities: [kind] }],
      });

      const installSettings = kindCase.installSettings && JSON.stringify(kindCase.installSettings);
      expect((await graphql(install, { pluginId, settings: installSettings })).errors).toBeUndefined();
      const refused = await graphql(configure, {
        pluginId,
        settings: JSON.stringify(kindCase.refused.settings),
      });
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: 'INVALID',
        fields: expect.arrayContaining(kindCase.refused.fields),
      });
      const configured = await graphql(configure, { pluginId, settings: JSON.stringify(kindCase.settings) });
      expect(configured.errors).toBeUndefined();
      expect((await graphql(enable, { pluginId })).data).toEqual({
        enablePlugin: { pluginId, status: 'ENABLED' },
      });

      // Called once, in the bank's sandbox (the plugin is third-party: it never runs in this process).
      const call = (method: string, args: unknown) =>
        runAsTenant(bank, () =>
          api.running.app.get(PluginsService).call(pluginId, kind, method, args as never),
        ) as Promise<{ kind: string; value?: unknown }>;
      await kindCase.calledOnce({ api, bank, call });

      // Every step is on the record: the publish on the platform's chain, the bank's changes on its own.
      expect(
        (await chain(PLATFORM_CHAIN))
          .filter(
            (entry) => entry.action === 'plugin.publish' && entry.resourceId?.startsWith(`${pluginId}@`),
          )
          .map((entry) => [entry.outcome, entry.resourceId]),
      ).toEqual([['allowed', `${pluginId}@0.1.0`]]);
      expect((await bankPluginChanges()).slice(earlier)).toEqual([
        ['plugin.install', 'allowed'],
        // The refused configure changed nothing, so it left no entry.
        ['plugin.configure', 'allowed'],
        ['plugin.enable', 'allowed'],
      ]);
    },
    120_000,
  );
});
