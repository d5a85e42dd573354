// Keycloak in dev mode with the realms of deploy/keycloak imported at start-up.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './config.ts';
import { httpOk, log, startProcess, waitFor, type ManagedProcess } from './processes.ts';
import { ensureKeycloak, findJavaHome } from './tools.ts';

export const realmsDir = join(repoRoot, 'deploy', 'keycloak');

export interface KeycloakServer {
  /** Public base URL; token issuers are `${url}/realms/<realm>`. */
  url: string;
  process: ManagedProcess;
}

export async function startKeycloak(options: {
  port: number;
  managementPort: number;
  /** Its own Keycloak home (a copy of the cached distribution): dev-file data lives in it. */
  homeDir: string;
  /** `memory` forgets everything at stop (tests); `file` keeps users and realms (the stack). */
  storage: 'memory' | 'file';
  logFile: string;
  /**
   * App ports to rename in the imported realm files (from → to), so the redirect URIs and web origins name where
   * this run serves the apps (the test profile's offset); none for the stack, whose files are imported as they are.
   */
  appPortMoves?: ReadonlyMap<number, number>;
}): Promise<KeycloakServer> {
  const distribution = await ensureKeycloak();
  if (!existsSync(join(options.homeDir, 'bin', 'kc.sh'))) {
    mkdirSync(options.homeDir, { recursive: true });
    cpSync(distribution, options.homeDir, { recursive: true });
  }
  const importDir = join(options.homeDir, 'data', 'import');
  mkdirSync(importDir, { recursive: true });
  for (const file of readdirSync(realmsDir).filter((name) => name.endsWith('.realm.json'))) {
    const realm = readFileSync(join(realmsDir, file), 'utf8');
    writeFileSync(join(importDir, file), withAppPortsMoved(realm, options.appPortMoves ?? new Map()));
  }
  const javaHome = await findJavaHome();
  // A fixed hostname makes every token's issuer the same whichever address fetched it.
  const url = `http://localhost:${options.port}`;
  log(`Starting Keycloak on ${url}`);
  const keycloak = startProcess({
    name: 'keycloak',
    command: join(options.homeDir, 'bin', 'kc.sh'),
    args: [
      'start-dev',
      `--http-port=${options.port}`,
      `--http-management-port=${options.managementPort}`,
      '--http-host=127.0.0.1',
      `--hostname=${url}`,
      '--hostname-backchannel-dynamic=true',
      '--health-enabled=true',
      `--db=${options.storage === 'memory' ? 'dev-mem' : 'dev-file'}`,
      '--import-realm',
      '--log-level=warn',
    ],
    logFile: options.logFile,
    env: {
      ...(javaHome ? { JAVA_HOME: javaHome } : {}),
      // Master-realm admin for local provisioning only; never used outside a developer machine or CI.
      KC_BOOTSTRAP_ADMIN_USERNAME: 'admin',
      KC_BOOTSTRAP_ADMIN_PASSWORD: 'admin',
    },
  });
  // A shared, loaded machine (several stacks starting at once) can take longer; the variable raises it.
  const startSeconds = Number(process.env.FINPERSONA_KEYCLOAK_START_SECONDS ?? '240');
  await waitFor('Keycloak', httpOk(`http://127.0.0.1:${options.managementPort}/health/ready`), {
    timeoutMs: (Number.isFinite(startSeconds) && startSeconds > 0 ? startSeconds : 240) * 1000,
    process: keycloak,
  });
  return { url, process: keycloak };
}

/**
 * A realm file's text with each loopback origin on a moved port (`http://localhost:15173`, `http://127.0.0.1:15173/*`
 * in redirect URIs, web origins, post-logout URIs, root URLs) naming the new port instead.
 */
export function withAppPortsMoved(realm: string, moves: ReadonlyMap<number, number>): string {
  return realm.replaceAll(
    /(http:\/\/(?:localhost|127\.0\.0\.1)):(\d+)\b/g,
    (origin, hostPart: string, port: string) => {
      const moved = moves.get(Number(port));
      return moved === undefined ? origin : `${hostPart}:${moved}`;
    },
  );
}
