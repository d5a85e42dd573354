// For every kind with a template: the CLI (built, as a user runs it) scaffolds a plugin, runs its test,
// builds its bundle, and a fresh Node process loads the bundle as the isolation runtime wraps it (no
// `require`), validates it and runs it through the harness. Scaffolds reuse the workspace's packages
// (see workspace-install.ts): nothing is installed per scaffold.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkVersion } from '../version';
import { scaffoldKinds } from './scaffold';
import { sdkRoot, workspaceInstall } from './workspace-install';

const run = promisify(execFile);
const cli = join(sdkRoot, 'dist', 'cli', 'main.js');
let root: string;

/** The settings (and source) each kind's template is tested with in the harness. */
const harnessSetup: Record<string, { settings: Record<string, unknown>; fixtureBank?: boolean }> = {
  'data-connector': {
    settings: { baseUrl: 'https://api.example-bank.test', apiKey: 'fixture-api-key' },
    fixtureBank: true,
  },
  'product-catalogue': { settings: {} },
  'recommendation-model': { settings: {} },
  'compliance-rule-pack': { settings: {} },
  'insight-generator': { settings: {} },
};

/** Runs in a fresh process: evaluate the bundle as `(function (module, exports) {…})`, validate, harness. */
const loader = `
const { readFileSync } = require('node:fs');
const [bundlePath, sdkDist, setupJson] = process.argv.slice(1);
const sdk = require(sdkDist + '/index.js');
const testing = require(sdkDist + '/testing/index.js');
const setup = JSON.parse(setupJson);
const module = { exports: {} };
new Function('module', 'exports', readFileSync(bundlePath, 'utf8'))(module, module.exports);
Promise.resolve(module.exports).then(async (plugin) => {
  const validation = sdk.validatePlugin(plugin);
  const report = await testing.runPluginHarness(plugin, {
    settings: setup.settings,
    ...(setup.fixtureBank ? { fetch: testing.fixtureBank() } : {}),
  });
  process.stdout.write(JSON.stringify({ validation, ok: report.ok, problems: report.problems, steps: report.steps }));
});
`;

beforeAll(async () => {
  // The CLI and the harness as published: compile the SDK to dist first.
  await run(
    process.execPath,
    [join(sdkRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
    {
      cwd: sdkRoot,
    },
  );
  root = workspaceInstall();
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('finpersona-plugin new, test and build for every kind', () => {
  it('has a template for every kind the harness knows', () => {
    expect(scaffoldKinds().sort()).toEqual(Object.keys(harnessSetup).sort());
  });

  for (const kind of scaffoldKinds()) {
    it(`${kind}: scaffolds, its test passes, its bundle loads without require and passes validatePlugin and the harness`, async () => {
      const dir = join(root, `my-${kind}`);
      const created = await run(process.execPath, [cli, 'new', kind, dir, '--publisher', "O'Brien & Co"]);
      expect(created.stdout).toContain(`Created the ${kind} plugin "my-${kind}"`);
      expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({
        name: `my-${kind}`,
        dependencies: { '@finpersona/plugin-sdk': `^${sdkVersion}` },
      });

      // The scaffold's own test, through the CLI (vitest from the plugin's dependencies).
      await expect(run(process.execPath, [cli, 'test', dir])).resolves.toBeTruthy();

      const built = await run(process.execPath, [cli, 'build', dir]);
      expect(built.stdout).toMatch(
        new RegExp(`Built my-${kind}@0\\.1\\.0: .*dist/plugin\\.js\\n  \\d+ bytes, sha256 [0-9a-f]{64}`),
      );
      const bundle = readFileSync(join(dir, 'dist', 'plugin.js'), 'utf8');
      // The run-time part of the SDK only: the manifest validator (Ajv) stays out of plugins.
      expect(bundle).not.toContain('validateManifest');
      expect(bundle.length).toBeLessThan(100_000);

      const loaded = await run(process.execPath, [
        '-e',
        loader,
        join(dir, 'dist', 'plugin.js'),
        join(sdkRoot, 'dist'),
        JSON.stringify(harnessSetup[kind]),
      ]);
      const result = JSON.parse(loaded.stdout) as {
        validation: { ok: boolean; manifest?: { id: string; publisher: string; capabilities: string[] } };
        ok: boolean;
        problems: unknown[];
        steps: string[];
      };
      expect(result.validation.ok).toBe(true);
      expect(result.validation.manifest).toMatchObject({
        id: `my-${kind}`,
        publisher: "O'Brien & Co",
        capabilities: [kind],
      });
      expect(result.problems).toEqual([]);
      expect(result.steps).toContain(kind);
    }, 120_000);
  }
});

describe('finpersona-plugin build and the run-time part of the SDK', () => {
  it('refuses a plugin that calls an SDK export its bundle would not have', async () => {
    const dir = join(root, 'uses-validator');
    await run(process.execPath, [cli, 'new', 'product-catalogue', dir]);
    const source = join(dir, 'src', 'index.ts');
    writeFileSync(
      source,
      readFileSync(source, 'utf8')
        .replace('import { definePlugin,', 'import { validateProducts, definePlugin,')
        .replace(
          'listProducts: ({ region, settings }) =>',
          'listProducts: ({ region, settings }) => validateProducts([]) &&',
        ),
    );
    const built = await run(process.execPath, [cli, 'build', dir]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(built).toMatchObject({
      code: 1,
      stderr:
        "finpersona-plugin build: the plugin uses validateProducts from @finpersona/plugin-sdk at run time, but it is not in the SDK's run-time part (it is for tests and tools, e.g. the validators): call it in tests only\n",
    });
  }, 60_000);
});

describe('the published package (npm pack --dry-run)', () => {
  it('holds the built entry points, the bin, the templates and the docs, and nothing of the sources or tests', async () => {
    // --ignore-scripts: dist was built above; prepack would build it again.
    const packed = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: sdkRoot });
    const [listing] = JSON.parse(packed.stdout) as [{ files: { path: string }[] }];
    const files = listing.files.map((file) => file.path);
    const manifest = JSON.parse(readFileSync(join(sdkRoot, 'package.json'), 'utf8')) as {
      exports: Record<string, string | Record<string, string>>;
      bin: Record<string, string>;
      dependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    const targets = Object.values(manifest.exports).flatMap((target) =>
      typeof target === 'string' ? [target] : Object.values(target),
    );
    for (const target of [...targets, ...Object.values(manifest.bin)]) {
      expect(files).toContain(target.replace(/^\.\//, ''));
    }
    for (const kind of scaffoldKinds()) {
      expect(files).toContain(`templates/${kind}/src/index.ts`);
      expect(files).toContain(`templates/${kind}/src/index.test.ts`);
    }
    expect(files).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/tutorial.md',
        'docs/reference/harness.md',
        'docs/reference/cli.md',
        'templates/common/gitignore',
      ]),
    );
    expect(
      files.filter((file) => /^src\/|\.test\.(js|d\.ts)$|workspace-install|^tsconfig|^vitest/.test(file)),
    ).toEqual([]);
    // Installable from the registry alone: exact versions, no workspace links.
    for (const version of Object.values(manifest.dependencies)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.scripts.prepack).toBe('tsc -p tsconfig.json');
    expect(readFileSync(join(sdkRoot, manifest.bin['finpersona-plugin']!), 'utf8')).toMatch(
      /^#!\/usr\/bin\/env node\n/,
    );
    expect(existsSync(join(sdkRoot, 'dist', 'cli', 'workspace-install.js'))).toBe(false);
  }, 60_000);
});
