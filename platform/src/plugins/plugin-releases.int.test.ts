// Publishing third-party releases with the operator CLI (`cli.js publish-plugin`), against real PostgreSQL:
// the bundle is read by the isolation sandbox, validated, stored once per version (same bytes: unchanged;
// other bytes: refused), audited on the platform chain (refusals too), and another platform process sees
// the release through the catalogue's read-through. The application role cannot change a release.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformContext } from '../api';
import { PLATFORM_CHAIN, chainQuery, entryOf } from '../audit';
import { runCli } from '../cli/index';
import { migrateDatabase } from '../database';
import { createTestDatabase, withClient } from '../testing/deploy';
import { temporaryKeyFile } from '../testing/key-file';
import {
  testGeneratorDeclarations,
  thirdPartyBundle,
  thirdPartyManifest,
} from '../testing/third-party-bundles';
import { PluginsService } from './plugins.service';

const insights = `{ 'insight-generator': { ${testGeneratorDeclarations} generate: (args) => ({ insights: [{ kind: 'savings', score: args.balance > 100 ? 1 : 0 }] }) } }`;

describe('publish-plugin (operator CLI): third-party releases', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let keyFile: Awaited<ReturnType<typeof temporaryKeyFile>>;
  let directory: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase('platform_plugin_releases');
    await migrateDatabase(database.ownerUrl);
    keyFile = await temporaryKeyFile();
    directory = mkdtempSync(join(tmpdir(), 'finpersona-bundles-'));
    env = { APP_DATABASE_URL: database.appUrl, CRYPTO_LOCAL_KEY_FILE: keyFile.path, USER: 'ops-anna' };
  });
  afterAll(async () => {
    await database?.drop();
    keyFile?.remove();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  const write = (name: string, content: string) => {
    const path = join(directory, name);
    writeFileSync(path, content);
    return path;
  };
  const publish = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['publish-plugin', ...args], {
      env,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const releases = () =>
    withClient(
      database.ownerUrl,
      async (client) =>
        (
          await client.query<{
            plugin_id: string;
            version: string;
            sha256: string;
            published_by: string;
            implemented: unknown;
          }>('select plugin_id, version, sha256, published_by, implemented from plugin_release order by seq')
        ).rows,
    );
  const platformChain = () =>
    withClient(
      database.ownerUrl,
      async (client) =>
        (await client.query(chainQuery, [PLATFORM_CHAIN])).rows.map(entryOf as never) as ReturnType<
          typeof entryOf
        >[],
    );

  it('publishes a bundle once; the same bytes again change nothing; other bytes for that version are refused', async () => {
    // Another platform process, started before the release exists: it must see it after the publish.
    const other = await createPlatformContext({
      config: { database: { appUrl: database.appUrl, poolSize: 2 }, crypto: keyFile.crypto },
      logger: false,
    });
    try {
      expect((await other.get(PluginsService).available()).map((plugin) => plugin.id)).not.toContain(
        'acme-insights',
      );
      const file = write(
        'acme-1.0.0.cjs',
        thirdPartyBundle(thirdPartyManifest('acme-insights', '1.0.0'), insights),
      );

      const first = await publish(file);
      expect(first.err).toBe('');
      expect(first.code).toBe(0);
      expect(first.out).toMatch(/^Published acme-insights@1\.0\.0 \(sha256 [0-9a-f]{64}\) by ops-anna\.$/);
      const [row] = await releases();
      expect(row).toMatchObject({
        plugin_id: 'acme-insights',
        version: '1.0.0',
        published_by: 'ops-anna',
        // What the code declares, as the sandbox read it (validated by the host before it was stored).
        implemented: {
          extensions: {
            'insight-generator': {
              kinds: [{ kind: 'test-kind', description: 'A kind for tests' }],
              features: [],
              transactionDays: 0,
            },
          },
          hooks: [],
        },
      });

      const again = await publish(file, '--by', 'ops-ben');
      expect(again.code).toBe(0);
      expect(again.out).toBe(
        `acme-insights@1.0.0 is published already with the same content (sha256 ${row!.sha256}): nothing changed.`,
      );

      const changed = write(
        'acme-1.0.0-changed.cjs',
        thirdPartyBundle(thirdPartyManifest('acme-insights', '1.0.0'), insights) + '\n// changed',
      );
      const refused = await publish(changed);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(
        /^publish-plugin refused \(CONFLICT\): Version 1\.0\.0 of the plugin "acme-insights" is published already with other content/,
      );
      expect(await releases()).toHaveLength(1);

      const seen = (await other.get(PluginsService).available()).find(
        (plugin) => plugin.id === 'acme-insights',
      );
      expect(
        seen?.versions.map((version) => [
          version.manifest.version,
          version.manifest.trust,
          version.release?.sha256,
        ]),
      ).toEqual([['1.0.0', 'third-party', row!.sha256]]);
    } finally {
      await other.close();
    }
    const publishes = (await platformChain()).filter((entry) => entry.action === 'plugin.publish');
    expect(publishes.map((entry) => [entry.outcome, entry.resourceId, entry.changes.publishedBy])).toEqual([
      ['allowed', 'acme-insights@1.0.0', 'ops-anna'],
      ['denied', null, 'ops-anna'],
    ]);
  }, 60_000);

  it.each([
    [
      'a first-party manifest',
      thirdPartyBundle(thirdPartyManifest('acme-first', '1.0.0', { trust: 'first-party' }), insights),
      /manifest\.trust must be "third-party": first-party plugins come only from the platform’s own code/,
    ],
    [
      'a capability declared but not implemented',
      thirdPartyBundle(
        thirdPartyManifest('acme-missing', '1.0.0', { capabilities: ['product-catalogue'] }),
        insights,
      ),
      /manifest\.capabilities\[0\] "product-catalogue" is declared but the plugin implements no product-catalogue/,
    ],
    [
      'a loopback declared host',
      thirdPartyBundle(
        thirdPartyManifest('acme-loopback', '1.0.0', {
          permissions: { data: [], hosts: ['127.0.0.1:8080'] },
        }),
        insights,
      ),
      /manifest\.permissions\.hosts\[0\] "127\.0\.0\.1:8080" is an IPv4 address in a loopback range/,
    ],
    [
      'a bundle that never finishes loading',
      'module.exports = new Promise(() => {});',
      /bundle could not be loaded in the sandbox: timeout \{"phase":"load","limit":"wall-clock","limitMs":2000\}/,
    ],
    [
      'a bundle that is not a plugin definition',
      'module.exports = 42;',
      /bundle could not be loaded in the sandbox: threw .*the bundle must set module\.exports to the plugin definition object/,
    ],
  ])(
    'refuses %s, says why, stores nothing and audits the refusal',
    async (_label, content, message) => {
      const before = await releases();
      const result = await publish(write(`bad-${Math.random().toString(36).slice(2)}.cjs`, content));
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/^publish-plugin refused \(INVALID\): Invalid input: /);
      expect(result.err).toMatch(message);
      expect(await releases()).toEqual(before);
      const last = (await platformChain()).at(-1)!;
      expect(last).toMatchObject({ action: 'plugin.publish', outcome: 'denied' });
    },
    30_000,
  );

  it('refuses a bundle over 5 MiB before reading it, and bad arguments', async () => {
    const big = await publish(write('big.cjs', `module.exports = {};//${'x'.repeat(5 * 1024 * 1024)}`));
    expect(big.code).toBe(1);
    expect(big.err).toMatch(/is 5242902 bytes; a bundle may be at most 5242880 bytes/);
    expect((await publish()).code).toBe(2);
    expect((await publish(join(directory, 'missing.cjs'))).err).toMatch(/is not a readable file/);
  });

  it('the application role can read releases but never change or delete one', async () => {
    await withClient(database.appUrl, async (client) => {
      expect((await client.query('select count(*)::int as n from plugin_release')).rows[0].n).toBe(1);
      await expect(client.query(`update plugin_release set published_by = 'mallory'`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(client.query('delete from plugin_release')).rejects.toThrow(/permission denied/);
    });
  });
});
