// Tools built once from Go source and cached under the FinPersona cache: a module from the Go module proxy
// (the Docker Compose CLI, Helm) or a small program of this repository (deploy/kube-decode). One way to build
// them: `go build` in a private copy of the source, into a staging folder renamed into place, so parallel
// runs never see a half-written binary.
import { execFile as execFileCallback, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toolsDir } from './config.ts';
import { log, StackError } from './processes.ts';

const execFile = promisify(execFileCallback);

export interface GoTool {
  /** What it is, in messages: `the Docker Compose CLI 5.6.0`. */
  title: string;
  /** Its folder under the tools cache: one per version (or per source hash), never rebuilt once there. */
  cacheName: string;
  binaryName: string;
  /**
   * A module version from the Go module proxy, built as the main module (so `replace`/`exclude` directives of
   * its go.mod apply, which `go install module@version` refuses), or a folder of this repository.
   */
  source: { module: string; version: string } | { dir: string };
  /** The main package, relative to the source root (`./cmd/helm`, `.`). */
  mainPackage: string;
  /** `-X` settings for `-ldflags` (a version string the binary prints). */
  linkerVariables?: Record<string, string>;
}

/** Path of the tool's binary: built (a minute or more, once) on first use, then taken from the cache. */
export async function ensureGoTool(tool: GoTool): Promise<string> {
  const dir = join(toolsDir, tool.cacheName);
  const binary = join(dir, tool.binaryName);
  if (existsSync(binary)) return binary;
  try {
    await execFile('go', ['version']);
  } catch {
    throw new StackError(
      `Go is needed once to build ${tool.title}; install Go >= 1.26, or put the binary at ${binary}`,
    );
  }
  log(`Building ${tool.title} with Go (a minute or more, once)`);
  const env = { ...process.env, GOFLAGS: '-buildvcs=false' };
  const sourceDir = 'dir' in tool.source ? tool.source.dir : await downloadModule(tool.source, env);

  // The module cache is read-only: build in a private copy (one per process, so parallel runs do not collide).
  const work = `${dir}.build-${process.pid}`;
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  rmSync(staging, { recursive: true, force: true });
  try {
    cpSync(sourceDir, work, { recursive: true });
    chmodSync(work, 0o755);
    mkdirSync(staging, { recursive: true });
    const ldflags = ['-s', '-w'];
    for (const [name, value] of Object.entries(tool.linkerVariables ?? {}))
      ldflags.push(`-X ${name}=${value}`);
    await execFile(
      'go',
      [
        'build',
        '-trimpath',
        '-ldflags',
        ldflags.join(' '),
        '-o',
        join(staging, tool.binaryName),
        tool.mainPackage,
      ],
      { cwd: work, env, maxBuffer: 64 * 1024 * 1024 },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      throw new StackError(`Building ${tool.title} failed:\n${error.stderr ?? error.stdout ?? ''}`);
    });
    try {
      renameSync(staging, dir);
    } catch (error) {
      // another process finished first: use its binary
      if (!existsSync(binary)) throw error;
    }
  } finally {
    // files copied from the module cache are read-only; go's own cleanup has the same problem
    await execFile('chmod', ['-R', 'u+w', work]).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}

async function downloadModule(source: { module: string; version: string }, env: NodeJS.ProcessEnv) {
  const target = `${source.module}@v${source.version}`;
  const download = await execFile('go', ['mod', 'download', '-json', target], {
    env,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string }) => {
    throw new StackError(`go mod download ${target} failed:\n${error.stderr ?? error.stdout ?? ''}`);
  });
  const { Dir: moduleDir } = JSON.parse(download.stdout) as { Dir?: string };
  if (!moduleDir) throw new StackError(`go mod download did not report where ${source.module} is`);
  return moduleDir;
}

/** A short hash of a repository folder's Go sources (go.mod, go.sum, *.go): its cache folder changes with them. */
export function goSourceHash(dir: string): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) {
    if (file === 'go.mod' || file === 'go.sum' || file.endsWith('.go')) {
      hash.update(`${file}\0`);
      hash.update(readFileSync(join(dir, file)));
    }
  }
  return hash.digest('hex').slice(0, 12);
}

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a tool to the end and returns what it printed and its exit code (never throws for a non-zero exit). */
export function runTool(
  binary: string,
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ToolRun> {
  const { input } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      env: options.env ?? process.env,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
    if (input !== undefined) {
      // A tool may exit before reading all of its input (a bad argument, a failed check): its exit code and
      // stderr say why, so the write's EPIPE is not a failure of its own (unhandled, it failed a CI run).
      child.stdin!.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') reject(error);
      });
      child.stdin!.end(input);
    }
  });
}
