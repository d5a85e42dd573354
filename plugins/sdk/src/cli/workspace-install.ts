/**
 * For the SDK's own tests: a folder that looks like an npm install of this SDK without installing
 * anything. Its `node_modules/` links `@finpersona/plugin-sdk` to this package (as `npm link` would; its
 * `exports` then give the built `dist/`) and `vitest` and `typescript` to the workspace's installed copies.
 * Plugins scaffolded below the folder resolve all three through Node's ordinary look-up up the tree, so a
 * scaffold needs no `npm install` (which would also need the registry).
 */
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const sdkRoot = resolve(__dirname, '..', '..');

export function workspaceInstall(): string {
  const root = mkdtempSync(join(tmpdir(), 'finpersona-plugins-'));
  const modules = join(root, 'node_modules');
  mkdirSync(join(modules, '@finpersona'), { recursive: true });
  symlinkSync(sdkRoot, join(modules, '@finpersona', 'plugin-sdk'), 'dir');
  const fromSdk = createRequire(join(sdkRoot, 'package.json'));
  for (const name of ['vitest', 'typescript']) {
    symlinkSync(realpathSync(dirname(fromSdk.resolve(`${name}/package.json`))), join(modules, name), 'dir');
  }
  return root;
}
