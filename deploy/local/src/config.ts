// Versions, ports and paths of the local stack, in one place.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../../..');
export const cacheDir = process.env.FINPERSONA_CACHE ?? join(homedir(), '.cache', 'finpersona');
export const toolsDir = join(cacheDir, 'tools');
/** Per-clone runtime state (databases, logs); git-ignored. */
export const localDir = join(repoRoot, '.local');

export const versions = {
  keycloak: '26.7.3',
  /** SHA-256 of keycloak-quarkus-dist-26.7.3.zip, checked after every download. */
  keycloakSha256: '27a6535553c3cdcd083872ba40629efafb3475e3b758e0c6f691395561dd0f1f',
  temporalCli: '1.5.1',
} as const;

export type Profile = 'stack' | 'test';

export interface Ports {
  api: number;
  admin: number;
  customerApp: number;
  keycloak: number;
  keycloakManagement: number;
  temporal: number;
  temporalUi: number;
  postgres: number;
}

/**
 * Shifts every test port (PostgreSQL, Keycloak, Temporal, and the ports the browser tests serve the apps on) so
 * two test runs can share a machine. The realm files name the apps' offset-0 ports (`testAppPortsInRealmFiles`);
 * the test Keycloak imports them with the shifted ones (`keycloak.ts`, `appPortMoves`).
 */
export const testOffset = Number(process.env.FINPERSONA_TEST_PORT_OFFSET ?? 0);
if (!Number.isInteger(testOffset) || testOffset < 0 || testOffset > 1000) {
  throw new Error(
    `FINPERSONA_TEST_PORT_OFFSET must be an integer from 0 to 1000, got ${JSON.stringify(process.env.FINPERSONA_TEST_PORT_OFFSET)}`,
  );
}

/** Where a test run keeps its state (databases, logs, Keycloak home): one folder per port offset. */
export const testStateDir = join(localDir, testOffset ? `test-${testOffset}` : 'test');

/** Where the browser tests serve the admin portal and the customer app at offset 0, as the realm files name them. */
export const testAppPortsInRealmFiles = { admin: 15173, customerApp: 15174 } as const;

/** `./fp up` and `./fp test` use different ports so tests can run while the stack is up. */
export const ports: Record<Profile, Ports> = {
  stack: {
    api: 4000,
    admin: 5173,
    customerApp: 5174,
    keycloak: 8180,
    keycloakManagement: 9180,
    temporal: 7233,
    temporalUi: 8233,
    postgres: 5433,
  },
  test: {
    api: 14000 + testOffset,
    admin: testAppPortsInRealmFiles.admin + testOffset,
    customerApp: testAppPortsInRealmFiles.customerApp + testOffset,
    keycloak: 18180 + testOffset,
    keycloakManagement: 19180 + testOffset,
    temporal: 17233 + testOffset,
    temporalUi: 18233 + testOffset,
    postgres: 55433 + testOffset,
  },
};

/** The application's database role: no superuser, no BYPASSRLS (row-level security applies to it). */
export const appRole = { name: 'finpersona_app', password: 'finpersona_app_local' } as const;
export const ownerRole = { name: 'finpersona_owner', password: 'finpersona_owner_local' } as const;
