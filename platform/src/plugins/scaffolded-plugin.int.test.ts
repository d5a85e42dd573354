// The SDK's promise end to end (issue 4: "the scaffold CLI creates each kind of plugin, its test passes in
// the harness, and it installs into a running platform"): `finpersona-plugin new` scaffolds a product
// catalogue, `finpersona-plugin test` runs its harness test, `finpersona-plugin build` bundles it, the
// operator publishes the bundle with `cli.js publish-plugin`, a bank administrator installs, configures
// (invalid settings refused field by field) and enables it through GraphQL with step-up, and the platform
// calls it once in the bank's sandbox. Real PostgreSQL, Keycloak and the isolation runtime; the SDK's CLI
// runs as its users run it (the built bin, in a child process).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_CHAIN, chainQuery, entryOf } from '../audit';
import { runCli } from '../cli/index';
import { CustomersService } from '../customers';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { demoAccessTokens } from '../testing/demo-tokens';
import { withClient } from '../testing/deploy';
import { temporaryKeyFile } from '../testing/key-file';
import { demoBank, demoBankCustomers } from '../testing/seed';
import { PluginsService } from './plugins.service';

const run = promisify(execFile);
const require = createRequire(__filename);
// The SDK as the platform's dependency resolves it (the workspace package); its bin is the built CLI.
const sdkRoot = dirname(realpathSync(require.resolve('@finpersona/plugin-sdk/package.json')));
const cli = join(sdkRoot, 'dist', 'cli', 'main.js');

const pluginId = 'acme-range';
const install = `mutation($pluginId: String!, $settings: String) {
  installPlugin(pluginId: $pluginId, settings: $settings) { pluginId version status } }`;
const configure = `mutation($pluginId: String!, $settings: String!) {
  configurePlugin(pluginId: $pluginId, settings: $settings) { pluginId settings } }`;
const enable = `mutation($pluginId: String!) { enablePlugin(pluginId: $pluginId) { pluginId status } }`;
const available = `{ plugins { id trust latestVersion versions { version capabilities } } }`;

describe('a scaffolded plugin, built with the SDK CLI, published and installed into a running platform', () => {
  let workspace: string;
  let bundlePath: string;
  let keyFile: Awaited<ReturnType<typeof temporaryKeyFile>>;
  let api: ApiFixture;
  let bank: TenantRef;
  let admin: string;
  const cliOutput: string[] = [];

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
    const dir = join(workspace, pluginId);
    for (const args of [
      ['new', 'product-catalogue', dir, '--publisher', 'Acme Ltd'],
      ['test', dir],
      ['build', dir],
    ]) {
      const { stdout } = await run(process.execPath, [cli, ...args]);
      cliOutput.push(stdout);
    }
    bundlePath = join(dir, 'dist', 'plugin.js');

    keyFile = await temporaryKeyFile();
    // The API and the operator CLI share the database and the key-encryption key, as in a deployment.
    api = await startApiFixture({ overrides: { CRYPTO_LOCAL_KEY_FILE: keyFile.path } });
    bank = tenantRef(await api.running.app.get(TenancyService).upsertTenant(demoBank));
    await api.running.app.get(CustomersService).upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    admin = (await demoAccessTokens()).bankAdmin;
  }, 240_000);

  afterAll(async () => {
    await api?.close();
    keyFile?.remove();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  const graphql = async (query: string, variables: Record<string, unknown> = {}) =>
    (await api.graphql(query, { token: admin, variables })).body;

  it('scaffolds, passes its harness test and builds a bundle', () => {
    expect(cliOutput[0]).toContain(`Created the product-catalogue plugin "${pluginId}"`);
    expect(cliOutput[2]).toMatch(
      /^Built acme-range@0\.1\.0: .*plugin\.js\n {2}\d+ bytes, sha256 [0-9a-f]{64}/,
    );
    expect(readFileSync(bundlePath, 'utf8')).toContain('module.exports');
  });

  it('is published by the operator, installed, configured and enabled by the bank admin, and called once', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['publish-plugin', bundlePath, '--by', 'ops-sdk'], {
      env: { APP_DATABASE_URL: api.database.appUrl, CRYPTO_LOCAL_KEY_FILE: keyFile.path },
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/^Published acme-range@0\.1\.0 \(sha256 [0-9a-f]{64}\) by ops-sdk\.$/);

    const listed = (await graphql(available)).data as {
      plugins: { id: string; trust: string; latestVersion: string; versions: { capabilities: string[] }[] }[];
    };
    expect(listed.plugins.find((plugin) => plugin.id === pluginId)).toMatchObject({
      trust: 'third-party',
      latestVersion: '0.1.0',
      versions: [{ capabilities: ['product-catalogue'] }],
    });

    expect((await graphql(install, { pluginId })).errors).toBeUndefined();
    const refused = await graphql(configure, {
      pluginId,
      settings: JSON.stringify({ documentsBaseUrl: 'not a url', colour: 'blue' }),
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: expect.arrayContaining([
        { field: 'settings.colour', problem: 'is not a setting of this plugin' },
        { field: 'settings.documentsBaseUrl', problem: 'must match format "uri"' },
      ]),
    });
    const settings = { documentsBaseUrl: 'https://docs.acme.example/products' };
    const configured = await graphql(configure, { pluginId, settings: JSON.stringify(settings) });
    expect(configured.errors).toBeUndefined();
    expect((await graphql(enable, { pluginId })).data).toEqual({
      enablePlugin: { pluginId, status: 'ENABLED' },
    });

    // Called once, in the bank's sandbox (the plugin is third-party: it never runs in this process).
    const outcome = await runAsTenant(bank, () =>
      api.running.app
        .get(PluginsService)
        .call(pluginId, 'product-catalogue', 'listProducts', { tenantId: bank.id, region: 'EU', settings }),
    );
    expect(outcome.kind).toBe('ok');
    const products = (
      outcome as unknown as { value: { id: string; currency: string; disclosures: { url: string }[] }[] }
    ).value;
    expect(products.map((product) => [product.id, product.currency])).toEqual([
      ['everyday-account', 'EUR'],
      ['easy-saver', 'EUR'],
    ]);
    expect(products[0]!.disclosures[0]!.url).toBe(
      'https://docs.acme.example/products/everyday-account/terms.pdf',
    );

    // Every step is on the record: the publish on the platform's chain, the bank's changes on its own.
    const chain = (tenant: string) =>
      withClient(api.database.ownerUrl, async (client) => {
        await client.query(`select set_config('app.tenant_id', $1, false)`, [
          tenant === PLATFORM_CHAIN ? '' : tenant,
        ]);
        return (await client.query(chainQuery, [tenant])).rows.map(entryOf as never) as ReturnType<
          typeof entryOf
        >[];
      });
    expect(
      (await chain(PLATFORM_CHAIN))
        .filter((entry) => entry.action === 'plugin.publish')
        .map((entry) => [entry.outcome, entry.resourceId]),
    ).toEqual([['allowed', 'acme-range@0.1.0']]);
    expect(
      (await chain(bank.id))
        .filter((entry) => entry.action.startsWith('plugin.') && entry.action !== 'plugin.call')
        .map((entry) => [entry.action, entry.outcome]),
    ).toEqual([
      ['plugin.install', 'allowed'],
      // The refused configure changed nothing, so it left no entry.
      ['plugin.configure', 'allowed'],
      ['plugin.enable', 'allowed'],
    ]);
  }, 120_000);
});
