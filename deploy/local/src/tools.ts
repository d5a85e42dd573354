// External tools the stack needs, fetched from the registries this project may use and cached
// under the FinPersona cache (see config.ts). Each function is idempotent and says what is missing.
import { execFile as execFileCallback } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toolsDir, versions } from './config.ts';
import { log, StackError } from './processes.ts';

const execFile = promisify(execFileCallback);

async function commandExists(command: string): Promise<boolean> {
  try {
    await execFile('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Keycloak server distribution from Maven Central, checksum-verified. Returns its home directory. */
export async function ensureKeycloak(): Promise<string> {
  const home = join(toolsDir, `keycloak-${versions.keycloak}`);
  if (existsSync(join(home, 'bin', 'kc.sh'))) return home;
  mkdirSync(toolsDir, { recursive: true });
  const url =
    `https://repo1.maven.org/maven2/org/keycloak/keycloak-quarkus-dist/${versions.keycloak}/` +
    `keycloak-quarkus-dist-${versions.keycloak}.zip`;
  const zip = join(toolsDir, `keycloak-${versions.keycloak}.zip`);
  log(`Fetching Keycloak ${versions.keycloak} from Maven Central`);
  const response = await fetch(url);
  if (!response.ok || !response.body)
    throw new StackError(`Downloading ${url} failed: HTTP ${response.status}`);
  await writeFile(zip, response.body);
  const digest = await sha256Of(zip);
  if (digest !== versions.keycloakSha256) {
    rmSync(zip);
    throw new StackError(
      `Keycloak download checksum mismatch: got ${digest}, expected ${versions.keycloakSha256}`,
    );
  }
  const staging = `${home}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await execFile('unzip', ['-q', zip, '-d', staging]).catch(async () => {
    // no unzip: the JDK's jar tool extracts zips too
    await execFile('jar', ['xf', zip], { cwd: staging });
  });
  const [top] = readdirSync(staging);
  if (!top) throw new StackError('Keycloak archive was empty');
  renameSync(join(staging, top), home);
  rmSync(staging, { recursive: true, force: true });
  rmSync(zip);
  await execFile('chmod', ['+x', join(home, 'bin', 'kc.sh')]);
  return home;
}

/** A JDK for Keycloak: JAVA_HOME if set, else the newest of 25/21 found, else the java on PATH (17 works, deprecated). */
export async function findJavaHome(): Promise<string | undefined> {
  if (process.env.JAVA_HOME && existsSync(join(process.env.JAVA_HOME, 'bin', 'java')))
    return process.env.JAVA_HOME;
  const jvmRoot = '/usr/lib/jvm';
  if (existsSync(jvmRoot)) {
    for (const major of ['25', '21']) {
      const candidate = readdirSync(jvmRoot).find(
        (name) => name.includes(`-${major}-`) || name.endsWith(`-${major}`),
      );
      if (candidate && existsSync(join(jvmRoot, candidate, 'bin', 'java'))) return join(jvmRoot, candidate);
    }
  }
  if (await commandExists('java')) return undefined;
  throw new StackError(
    'Java is needed for Keycloak (JDK 21 or newer preferred). Install one, e.g. `apt-get install openjdk-17-jre-headless`.',
  );
}

/** The Temporal CLI (dev server), built from its Go module. Returns the binary path. */
export async function ensureTemporalCli(): Promise<string> {
  const dir = join(toolsDir, `temporal-cli-${versions.temporalCli}`);
  const binary = join(dir, 'temporal');
  if (existsSync(binary)) return binary;
  if (!(await commandExists('go'))) {
    throw new StackError(
      'Go is needed once to build the Temporal CLI (go install github.com/temporalio/cli/cmd/temporal).',
    );
  }
  log(`Building the Temporal CLI ${versions.temporalCli} from the Go module proxy (a few minutes, once)`);
  await execFile('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${versions.temporalCli}`], {
    env: { ...process.env, GOBIN: dir, GOFLAGS: '-buildvcs=false' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return binary;
}

/** Chromium from Debian's packages for the browser tests. Returns the executable path. */
export async function ensureChromium(): Promise<string> {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((path) => path && existsSync(path));
  if (found) return found;
  if (process.getuid?.() === 0 && (await commandExists('apt-get'))) {
    log('Installing Chromium from Debian packages (apt-get install chromium)');
    await execFile('apt-get', ['update', '-qq'], { maxBuffer: 64 * 1024 * 1024 });
    await execFile('apt-get', ['install', '-y', '-qq', 'chromium'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  throw new StackError(
    'Chromium is needed for browser tests: `sudo apt-get install chromium`, or set CHROMIUM_PATH.',
  );
}
