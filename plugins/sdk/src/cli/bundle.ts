/**
 * A plugin's bundle in the isolation runtime's format (`platform/src/plugin-isolation/README.md`, "The
 * bundle format"): ONE CommonJS script that sets `module.exports` to the plugin definition and requires
 * nothing. esbuild bundles the plugin's entry with `--bundle --format=cjs --platform=neutral` and no
 * externals; the SDK resolves to its run-time part (export condition `finpersona-plugin-runtime`), so the
 * manifest validator is not carried along.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build, type Message } from 'esbuild';
import type { PluginDefinition } from '../manifest';
import * as runtime from '../runtime';

/** The isolation runtime refuses bigger bundles (`maxBundleBytes`, 5 MiB). */
export const maxBundleBytes = 5 * 1024 * 1024;

/** The export condition under which `@finpersona/plugin-sdk` resolves to its run-time part. */
export const runtimeCondition = 'finpersona-plugin-runtime';

export class BundleError extends Error {
  override readonly name = 'BundleError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

export interface Bundle {
  readonly code: string;
  readonly bytes: number;
  readonly sha256: string;
  /** Source files that went in, relative to the plugin's folder (packages as their paths). */
  readonly inputs: readonly string[];
}

/** Bundles the plugin in `dir` from `entry` (default `src/index.ts`; its default export is the plugin). */
export async function bundlePlugin(dir: string, entry = 'src/index.ts'): Promise<Bundle> {
  const root = resolve(dir);
  const entryPath = resolve(root, entry);
  if (!existsSync(entryPath)) {
    throw new BundleError([
      `${relative(process.cwd(), entryPath) || entryPath} does not exist; pass --entry <file>`,
    ]);
  }
  // The entry's default export (or its `plugin` export) becomes module.exports, as the runtime wants.
  const contents = [
    `const entry = require(${JSON.stringify(entryPath)});`,
    'module.exports = entry && entry.__esModule ? (entry.default !== undefined ? entry.default : entry.plugin) : entry;',
  ].join('\n');
  let result;
  try {
    result = await build({
      stdin: { contents, resolveDir: root, sourcefile: 'finpersona-plugin-entry.js', loader: 'js' },
      absWorkingDir: root,
      bundle: true,
      format: 'cjs',
      platform: 'neutral',
      // Neutral resolves no package fields by default; packages without `exports` need `main`.
      mainFields: ['module', 'main'],
      conditions: [runtimeCondition],
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'silent',
      legalComments: 'inline',
    });
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    if (!errors) throw error;
    throw new BundleError(errors.map(describeMessage));
  }
  const requires = result.warnings.filter((warning) => /require|import\(/.test(warning.text));
  if (requires.length > 0) {
    throw new BundleError(
      requires.map(
        (warning) =>
          `${describeMessage(warning)} (an isolated plugin can require nothing at run time: import modules statically)`,
      ),
    );
  }
  const code = result.outputFiles[0]!.text;
  // The SDK resolves to its run-time part in a bundle; a name missing there would be undefined at run time
  // (the SDK is CommonJS, so esbuild cannot see it). esbuild names the SDK's namespace import_plugin_sdk.
  const missing = [
    ...new Set([...code.matchAll(/\bimport_plugin_sdk\d*\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!)),
  ]
    .filter((name) => !(name in runtime))
    .sort();
  if (missing.length > 0) {
    throw new BundleError(
      missing.map(
        (name) =>
          `the plugin uses ${name} from @finpersona/plugin-sdk at run time, but it is not in the SDK's run-time part (it is for tests and tools, e.g. the validators): call it in tests only`,
      ),
    );
  }
  const bytes = Buffer.byteLength(code);
  if (bytes > maxBundleBytes) {
    throw new BundleError([`the bundle is ${bytes} bytes; the platform takes at most ${maxBundleBytes}`]);
  }
  return {
    code,
    bytes,
    sha256: createHash('sha256').update(code).digest('hex'),
    inputs: Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('<stdin>')),
  };
}

function describeMessage(message: Message): string {
  const where = message.location
    ? `${message.location.file}:${message.location.line}:${message.location.column + 1}: `
    : '';
  const builtin =
    /Could not resolve "(node:)?[a-z_/]+"/.test(message.text) && /node:|is a built-in/.test(message.text);
  return `${where}${message.text}${builtin ? ' — an isolated plugin cannot use Node built-in modules' : ''}`;
}

/**
 * Evaluates a bundle the way the isolation runtime wraps it — `(function (module, exports) { … })`, with no
 * `require` — and returns what it exports. It runs the plugin's top-level code in this process: for the
 * developer's own plugin, not for untrusted code.
 */
export async function loadBundle(code: string): Promise<PluginDefinition> {
  const module = { exports: {} as unknown };
  // The same wrapper the sandbox compiles. A Function body sees only globals, and `require` is not one:
  // a bundle that needs it fails here as it would there.
  const factory = new Function('module', 'exports', code) as (
    module: { exports: unknown },
    exports: unknown,
  ) => void;
  factory(module, module.exports);
  const definition = (await module.exports) as PluginDefinition;
  if (!definition || typeof definition !== 'object' || !('manifest' in definition)) {
    throw new BundleError([
      'the bundle does not export a plugin definition: make the entry `export default definePlugin({ … })`',
    ]);
  }
  return definition;
}

/** Where `build` writes the bundle by default. */
export const defaultBundlePath = join('dist', 'plugin.js');
