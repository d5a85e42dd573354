import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

let cwd: string;
let out: string[];
let err: string[];
const cli = (...argv: string[]) =>
  runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line), cwd });

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'finpersona-cli-'));
  out = [];
  err = [];
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe('finpersona-plugin arguments', () => {
  it('prints usage for --help naming every command and kind', async () => {
    expect(await cli('--help')).toBe(0);
    const help = out.join('\n');
    for (const word of [
      'new <kind> <dir>',
      'validate [dir]',
      'build [dir]',
      'test [dir]',
      'compliance-rule-pack',
    ]) {
      expect(help).toContain(word);
    }
  });

  it.each([
    [[], 'finpersona-plugin: no command given. Run finpersona-plugin --help for usage.'],
    [['publish'], 'finpersona-plugin: unknown command "publish". Run finpersona-plugin --help for usage.'],
    [
      ['new', 'data-connector'],
      'finpersona-plugin: new needs a kind and a folder: new <kind> <dir>. Run finpersona-plugin --help for usage.',
    ],
    [
      ['build', 'a', 'b'],
      'finpersona-plugin: build takes at most one folder. Run finpersona-plugin --help for usage.',
    ],
    [
      ['validate', '--out', 'x.js'],
      'finpersona-plugin: validate takes no --out. Run finpersona-plugin --help for usage.',
    ],
  ])('refuses %j with exit 2 and says why', async (argv, message) => {
    expect(await cli(...argv)).toBe(2);
    expect(err).toEqual([message]);
  });

  it('refuses an unknown option', async () => {
    expect(await cli('new', '--colour')).toBe(2);
    expect(err[0]).toMatch(
      /^finpersona-plugin: Unknown option '--colour'.*Run finpersona-plugin --help for usage\.$/,
    );
  });

  it('refuses an unknown kind, naming the kinds', async () => {
    expect(await cli('new', 'crypto-miner', 'x')).toBe(2);
    expect(err[0]).toBe(
      'finpersona-plugin new: "crypto-miner" is not a kind of plugin; use one of data-connector, product-catalogue, recommendation-model, compliance-rule-pack, insight-generator',
    );
  });

  it('refuses a folder that is not empty and writes nothing into it', async () => {
    mkdirSync(join(cwd, 'taken'));
    writeFileSync(join(cwd, 'taken', 'keep.txt'), 'mine');
    expect(await cli('new', 'data-connector', 'taken')).toBe(2);
    expect(err[0]).toBe('finpersona-plugin new: taken exists and is not an empty folder; choose a new one');
    expect(readFileSync(join(cwd, 'taken', 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('refuses an id the manifest would refuse', async () => {
    expect(await cli('new', 'data-connector', 'Acme_Bank')).toBe(2);
    expect(err[0]).toContain('"Acme_Bank" cannot be a plugin id');
    expect(await cli('new', 'data-connector', 'ok-folder', '--id', '9lives')).toBe(2);
    expect(err[1]).toContain('"9lives" cannot be a plugin id');
  });

  it('scaffolds with the given id, name and publisher everywhere', async () => {
    expect(await cli('new', 'data-connector', 'folder', '--id', 'acme-bank', '--name', 'Acme "Bank"')).toBe(
      0,
    );
    expect(out[0]).toBe('Created the data-connector plugin "acme-bank" in folder:');
    const pkg = JSON.parse(readFileSync(join(cwd, 'folder', 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(pkg.name).toBe('acme-bank');
    const source = readFileSync(join(cwd, 'folder', 'src', 'index.ts'), 'utf8');
    expect(source).toContain("id: 'acme-bank'");
    expect(source).toContain(`name: 'Acme "Bank"'`);
    expect(source).toContain("publisher: 'Unknown publisher'");
    expect(source).not.toMatch(/example-plugin|Example plugin|Example Publisher/);
  });

  it('reports a plugin that does not bundle, with the file and line', async () => {
    mkdirSync(join(cwd, 'broken', 'src'), { recursive: true });
    writeFileSync(
      join(cwd, 'broken', 'src', 'index.ts'),
      "import { readFileSync } from 'node:fs';\nexport default { readFileSync };\n",
    );
    expect(await cli('build', 'broken')).toBe(1);
    expect(err[0]).toMatch(/^finpersona-plugin build: src\/index\.ts:1:\d+: Could not resolve "node:fs"/);
    expect(err[0]).toContain('an isolated plugin cannot use Node built-in modules');
  });

  it('reports a bundle that does not export a plugin', async () => {
    mkdirSync(join(cwd, 'empty', 'src'), { recursive: true });
    writeFileSync(join(cwd, 'empty', 'src', 'index.ts'), 'export const nothing = 1;\n');
    expect(await cli('validate', 'empty')).toBe(1);
    expect(err[0]).toBe(
      'finpersona-plugin validate: the bundle does not export a plugin definition: make the entry `export default definePlugin({ … })`',
    );
  });

  it('prints every manifest problem of an invalid plugin', async () => {
    mkdirSync(join(cwd, 'bad', 'src'), { recursive: true });
    writeFileSync(
      join(cwd, 'bad', 'src', 'index.ts'),
      "export default { manifest: { id: 'bad', version: 'one' }, extensions: {} };\n",
    );
    expect(await cli('validate', 'bad')).toBe(1);
    expect(err[0]).toMatch(/^The plugin is not valid \(\d+ problem\(s\)\):$/);
    expect(err).toContain('  $.version  "one" is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.0.0)');
    expect(err).toContain('  $.name  is required');
  });

  it('says when the plugin has no vitest installed', async () => {
    mkdirSync(join(cwd, 'bare'));
    expect(await cli('test', 'bare')).toBe(1);
    expect(err[0]).toBe(
      `finpersona-plugin test: vitest is not installed for ${join(cwd, 'bare')}; run npm install there first`,
    );
  });
});
