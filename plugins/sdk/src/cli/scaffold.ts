/**
 * `finpersona-plugin new <kind> <dir>`: a complete plugin package from the SDK's templates — package.json
 * depending on this SDK, tsconfig, a working minimal implementation of the extension point, a vitest test
 * through the harness, and a README. Templates are real, type-checked plugins (`templates/<kind>/`, the
 * shared files in `templates/common/`) whose example names are replaced.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { type ExtensionPoint, extensionPoints } from '../manifest';
import { sdkVersion } from '../version';

/** The SDK's `templates/` folder (beside `src/` and `dist/`). */
export const templatesDir = resolve(__dirname, '..', '..', 'templates');

/** The plugin id rule of the manifest (lower-case words of letters and digits joined by dashes, ≤ 64). */
const idPattern = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export class ScaffoldError extends Error {
  override readonly name = 'ScaffoldError';
}

export interface ScaffoldOptions {
  readonly kind: string;
  readonly dir: string;
  /** How messages name the folder (default `dir`). */
  readonly shownDir?: string;
  /** Default: the folder's name, if it is a valid id. */
  readonly id?: string;
  /** Default: the id in words ("acme-savings" → "Acme savings"). */
  readonly name?: string;
  readonly publisher?: string;
}

export interface Scaffolded {
  readonly dir: string;
  readonly id: string;
  readonly kind: ExtensionPoint;
  /** Files written, relative to `dir`. */
  readonly files: readonly string[];
}

/** Kinds with a template in this SDK version. */
export function scaffoldKinds(): ExtensionPoint[] {
  return extensionPoints.filter((kind) => existsSync(join(templatesDir, kind)));
}

export function scaffoldPlugin(options: ScaffoldOptions): Scaffolded {
  const kinds = scaffoldKinds();
  if (!(extensionPoints as readonly string[]).includes(options.kind)) {
    throw new ScaffoldError(
      `"${options.kind}" is not a kind of plugin; use one of ${extensionPoints.join(', ')}`,
    );
  }
  const kind = options.kind as ExtensionPoint;
  if (!kinds.includes(kind)) {
    throw new ScaffoldError(
      `this SDK ${sdkVersion} has no template for ${kind} yet; it has ${kinds.join(', ')}`,
    );
  }
  const dir = resolve(options.dir);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    throw new ScaffoldError(
      `${options.shownDir ?? options.dir} exists and is not an empty folder; choose a new one`,
    );
  }
  const id = options.id ?? basename(dir);
  if (!idPattern.test(id) || id.length > 64) {
    throw new ScaffoldError(
      `"${id}" cannot be a plugin id: use lower-case letters and digits in dash-separated words, at most 64 characters (e.g. --id acme-savings)`,
    );
  }
  const name = options.name ?? `${id[0]!.toUpperCase()}${id.slice(1).replace(/-/g, ' ')}`;
  const publisher = options.publisher ?? 'Unknown publisher';
  for (const [what, value] of [
    ['--name', name],
    ['--publisher', publisher],
  ] as const) {
    if (value.trim().length === 0 || value.length > 120) {
      throw new ScaffoldError(`${what} must be 1 to 120 characters`);
    }
  }
  // The templates' example values, replaced everywhere (code, package.json, README), escaped where they
  // stand in string literals ('…' in TypeScript, "…" in JSON), so a name with quotes stays valid code.
  const escape = (value: string, file: string) =>
    file.endsWith('.ts')
      ? value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")
      : file.endsWith('.json')
        ? JSON.stringify(value).slice(1, -1)
        : value;
  const replace = (text: string, file: string) => {
    return text
      .replaceAll('example-plugin', id)
      .replaceAll('Example plugin', escape(name, file))
      .replaceAll('Example Publisher', escape(publisher, file))
      .replaceAll('example-kind', kind)
      .replaceAll('^0.1.0', `^${sdkVersion}`);
  };

  const files: string[] = [];
  const copy = (from: string, to: string) => {
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const source = join(from, entry.name);
      // npm drops `.gitignore` from published packages, so the template ships it as `gitignore`.
      const target = join(to, entry.name === 'gitignore' ? '.gitignore' : entry.name);
      if (entry.isDirectory()) {
        copy(source, target);
        continue;
      }
      mkdirSync(to, { recursive: true });
      writeFileSync(target, replace(readFileSync(source, 'utf8'), entry.name));
      files.push(relative(dir, target));
    }
  };
  copy(join(templatesDir, 'common'), dir);
  copy(join(templatesDir, kind), dir);
  return { dir, id, kind, files: files.sort() };
}
