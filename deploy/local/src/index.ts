// @finpersona/deploy: the local stack's building blocks, for `./fp` and for tests.
export { ports, versions, appRole, ownerRole, repoRoot, localDir, cacheDir } from './config.ts';
export {
  startPostgres,
  ensureDatabase,
  dropDatabase,
  ensureRoles,
  withClient,
  connectClient,
  type PostgresServer,
  type DatabaseUrls,
} from './postgres.ts';
export { startKeycloak, type KeycloakServer } from './keycloak.ts';
export { startTemporalDevServer, type TemporalServer } from './temporal.ts';
export { ensureTemporalTestServer } from './temporal-test-server.ts';
export { ensureKeycloak, ensureTemporalCli, ensureChromium } from './tools.ts';
export {
  startProcess,
  stopAll,
  waitFor,
  httpOk,
  tcpOpen,
  log,
  StackError,
  type ManagedProcess,
} from './processes.ts';
export {
  startTestServices,
  ensureTestServices,
  createTestDatabase,
  type TestDatabase,
} from './test-services.ts';
export {
  DEMO,
  passwordGrant,
  keycloakTokenEndpoint,
  totp,
  totpNow,
  freshTotp,
  KeycloakGrantError,
  type TokenResponse,
  type PasswordGrantOptions,
} from './keycloak-auth.ts';
export { ensureComposeCli, composeVersion } from './compose-cli.ts';
export { ensureHelmCli, ensureKubeDecode, helmVersion } from './helm-cli.ts';
export { ensureGoTool, runTool, type GoTool, type ToolRun } from './go-tools.ts';
export { launchBrowser, computedStyle, refuseGraphql, type TestBrowser } from './browser.ts';
export { buildAndPreview, freePort, loopbackOrigins, type ServedApp } from './web-app.ts';
