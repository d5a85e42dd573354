/**
 * The `finpersona-plugin` command: scaffold, validate, test and bundle plugins. `runCli` is the whole
 * command (arguments in, exit code out) so tests run it in-process; `main.ts` is the bin.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { extensionPoints, validatePlugin } from '../manifest';
import { sdkVersion } from '../version';
import { BundleError, bundlePlugin, defaultBundlePath, loadBundle } from './bundle';
import { ScaffoldError, scaffoldPlugin } from './scaffold';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
}

const usage = `finpersona-plugin — build FinPersona plugins (SDK ${sdkVersion})

Usage:
  finpersona-plugin new <kind> <dir> [--id <id>] [--name <name>] [--publisher <publisher>]
      Creates a plugin package in <dir> (which must not exist or be empty): package.json, tsconfig,
      src/index.ts (a working minimal plugin), src/index.test.ts (a test through the harness), README.
      <kind>: ${extensionPoints.join(', ')}
      --id defaults to the folder's name; --name to the id in words.
  finpersona-plugin validate [dir] [--entry <file>]
      Bundles the plugin and checks its manifest and code as the platform does (validatePlugin).
  finpersona-plugin build [dir] [--entry <file>] [--out <file>]
      Writes the bundle the platform loads (default ${defaultBundlePath}): one CommonJS script that sets
      module.exports to the plugin and requires nothing. Prints its size and SHA-256.
  finpersona-plugin test [dir]
      Runs the plugin's tests (vitest run, from the plugin's own dependencies).

  [dir] defaults to the current folder; --entry to src/index.ts (its default export is the plugin).
  finpersona-plugin --help | --version`;

/** Exit codes: 0 done, 1 the plugin has problems (or its tests failed), 2 the command was used wrongly. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        id: { type: 'string' },
        name: { type: 'string' },
        publisher: { type: 'string' },
        entry: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    return usageError(io, (error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    io.out(usage);
    return 0;
  }
  if (values.version) {
    io.out(sdkVersion);
    return 0;
  }
  const allowed: Record<string, { options: string[]; positionals: [number, number] }> = {
    new: { options: ['id', 'name', 'publisher'], positionals: [2, 2] },
    validate: { options: ['entry'], positionals: [0, 1] },
    build: { options: ['entry', 'out'], positionals: [0, 1] },
    test: { options: [], positionals: [0, 1] },
  };
  if (!command) return usageError(io, 'no command given');
  const rule = allowed[command];
  if (!rule) return usageError(io, `unknown command "${command}"`);
  const stray = Object.keys(values).filter((option) => !rule.options.includes(option));
  if (stray.length > 0) return usageError(io, `${command} takes no --${stray.join(', --')}`);
  if (rest.length < rule.positionals[0] || rest.length > rule.positionals[1]) {
    return usageError(
      io,
      command === 'new'
        ? 'new needs a kind and a folder: new <kind> <dir>'
        : `${command} takes at most one folder`,
    );
  }
  const dir = resolve(io.cwd, rest[command === 'new' ? 1 : 0] ?? '.');
  try {
    switch (command) {
      case 'new':
        return newPlugin(io, rest[0]!, dir, values);
      case 'validate':
        return await validate(io, dir, values.entry);
      case 'build':
        return await buildBundle(io, dir, values.entry, values.out);
      default:
        return await test(io, dir);
    }
  } catch (error) {
    if (error instanceof ScaffoldError || error instanceof BundleError) {
      io.err(`finpersona-plugin ${command}: ${error.message}`);
      return error instanceof ScaffoldError ? 2 : 1;
    }
    throw error;
  }
}

function usageError(io: CliIo, message: string): number {
  io.err(`finpersona-plugin: ${message}. Run finpersona-plugin --help for usage.`);
  return 2;
}

function newPlugin(
  io: CliIo,
  kind: string,
  dir: string,
  values: { id?: string; name?: string; publisher?: string },
) {
  const made = scaffoldPlugin({
    kind,
    dir,
    shownDir: relative(io.cwd, dir) || '.',
    ...(values.id !== undefined ? { id: values.id } : {}),
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.publisher !== undefined ? { publisher: values.publisher } : {}),
  });
  const shown = relative(io.cwd, made.dir) || '.';
  io.out(`Created the ${made.kind} plugin "${made.id}" in ${shown}:`);
  for (const file of made.files) io.out(`  ${file}`);
  io.out('');
  io.out('Next:');
  io.out(`  cd ${shown}`);
  io.out('  npm install        # the SDK, TypeScript and vitest');
  io.out('  npm test           # the plugin through the harness');
  io.out('  npm run build      # dist/plugin.js, the bundle to publish');
  return 0;
}

/** Bundles, loads the bundle as the platform would and validates the plugin; every problem printed. */
async function loadChecked(io: CliIo, dir: string, entry: string | undefined) {
  const bundle = await bundlePlugin(dir, entry);
  const definition = await loadBundle(bundle.code).catch((error: unknown) => {
    if (error instanceof BundleError) throw error;
    throw new BundleError([
      `the bundle failed to load: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    ]);
  });
  const result = validatePlugin(definition);
  if (!result.ok) {
    io.err(`The plugin is not valid (${result.problems.length} problem(s)):`);
    for (const problem of result.problems) io.err(`  ${problem.path}  ${problem.message}`);
    return null;
  }
  return { bundle, manifest: result.manifest };
}

async function validate(io: CliIo, dir: string, entry: string | undefined): Promise<number> {
  const checked = await loadChecked(io, dir, entry);
  if (!checked) return 1;
  const { manifest } = checked;
  io.out(
    `${manifest.id}@${manifest.version} is valid for SDK ${sdkVersion}: ${manifest.capabilities.join(', ')}; ${manifest.trust}; regions ${manifest.regions.join(', ')}`,
  );
  return 0;
}

async function buildBundle(io: CliIo, dir: string, entry: string | undefined, out: string | undefined) {
  const checked = await loadChecked(io, dir, entry);
  if (!checked) return 1;
  const { bundle, manifest } = checked;
  const target = resolve(dir, out ?? defaultBundlePath);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bundle.code);
  io.out(`Built ${manifest.id}@${manifest.version}: ${relative(io.cwd, target) || target}`);
  io.out(`  ${bundle.bytes} bytes, sha256 ${bundle.sha256}`);
  io.out(`  from ${bundle.inputs.length} source files`);
  return 0;
}

/** Runs vitest from the plugin's own dependencies, so it tests with the versions the plugin pins. */
async function test(io: CliIo, dir: string): Promise<number> {
  const vitestBin = installedVitest(dir);
  if (!vitestBin) {
    io.err(`finpersona-plugin test: vitest is not installed for ${dir}; run npm install there first`);
    return 1;
  }
  return new Promise((resolveCode) => {
    const child = spawn(process.execPath, [vitestBin, 'run'], { cwd: dir, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolveCode(code ?? (signal ? 1 : 0)));
    child.on('error', (error) => {
      io.err(`finpersona-plugin test: could not start vitest: ${error.message}`);
      resolveCode(1);
    });
  });
}

/**
 * The vitest bin installed for `dir`: `node_modules/vitest` in it or a folder above, as Node looks packages
 * up (NODE_PATH and global folders left out: a package manager's exec sets them to its own store).
 */
function installedVitest(dir: string): string | null {
  for (let at = dir; ; at = dirname(at)) {
    const packageJson = join(at, 'node_modules', 'vitest', 'package.json');
    if (existsSync(packageJson)) {
      const bin = (JSON.parse(readFileSync(packageJson, 'utf8')) as { bin?: Record<string, string> }).bin
        ?.vitest;
      return bin ? join(dirname(packageJson), bin) : null;
    }
    if (dirname(at) === at) return null;
  }
}
