// The Docker Compose v2+ CLI, for validating deploy/compose.yaml (`docker-compose config`) where Docker's compose
// plugin is not installed. Built once from its Go module (github.com/docker/compose/v5, from the Go module proxy)
// and cached under the FinPersona cache; `config` needs no Docker engine.
import { execFile as execFileCallback } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toolsDir } from './config.ts';
import { log, StackError } from './processes.ts';

const execFile = promisify(execFileCallback);

/**
 * Compose release built from source. Its go.mod has `exclude` directives, which `go install module@version`
 * refuses, so the module is downloaded and built as the main module instead. v5.6.0 needs Go >= 1.26.8
 * (an older `go` fetches that toolchain itself, GOTOOLCHAIN=auto).
 */
export const composeVersion = '5.6.0';
const composeModule = 'github.com/docker/compose/v5';

/** Path of a `docker-compose` binary (Compose v5, standalone mode). Builds and caches it on first use. */
export async function ensureComposeCli(): Promise<string> {
  const dir = join(toolsDir, `docker-compose-${composeVersion}`);
  const binary = join(dir, 'docker-compose');
  if (existsSync(binary)) return binary;
  try {
    await execFile('go', ['version']);
  } catch {
    throw new StackError(
      `Go is needed once to build the Docker Compose CLI ${composeVersion} (${composeModule}); install Go >= 1.26, ` +
        'or put a docker-compose binary at ' +
        binary,
    );
  }
  log(`Building the Docker Compose CLI ${composeVersion} from the Go module proxy (about a minute, once)`);
  const env = { ...process.env, GOFLAGS: '-buildvcs=false' };
  const download = await execFile('go', ['mod', 'download', '-json', `${composeModule}@v${composeVersion}`], {
    env,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string }) => {
    throw new StackError(
      `go mod download ${composeModule}@v${composeVersion} failed:\n${error.stderr ?? error.stdout ?? ''}`,
    );
  });
  const { Dir: moduleDir } = JSON.parse(download.stdout) as { Dir?: string };
  if (!moduleDir) throw new StackError(`go mod download did not report where ${composeModule} is`);

  // The module cache is read-only: build in a private copy (one per process, so parallel runs do not collide).
  const work = `${dir}.build-${process.pid}`;
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  rmSync(staging, { recursive: true, force: true });
  try {
    cpSync(moduleDir, work, { recursive: true });
    chmodSync(work, 0o755);
    mkdirSync(staging, { recursive: true });
    await execFile(
      'go',
      [
        'build',
        '-trimpath',
        '-ldflags',
        `-s -w -X ${composeModule}/internal.Version=v${composeVersion}`,
        '-o',
        join(staging, 'docker-compose'),
        './cmd',
      ],
      { cwd: work, env, maxBuffer: 64 * 1024 * 1024 },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      throw new StackError(`Building the Docker Compose CLI failed:\n${error.stderr ?? error.stdout ?? ''}`);
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
