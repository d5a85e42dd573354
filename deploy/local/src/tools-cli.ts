// `./fp tools`: fetch and cache every external tool now (useful before going offline or on CI warm-up).
import { ensureChromium, ensureKeycloak, ensureTemporalCli } from './tools.ts';
import { ensureTemporalTestServer } from './temporal-test-server.ts';
import { ensureComposeCli } from './compose-cli.ts';
import { ensureHelmCli, ensureKubeDecode } from './helm-cli.ts';
import { log } from './processes.ts';

const [keycloak, temporal, testServer, chromium] = await Promise.all([
  ensureKeycloak(),
  ensureTemporalCli(),
  ensureTemporalTestServer(),
  ensureChromium(),
]);
log(`Keycloak: ${keycloak}`);
log(`Temporal CLI: ${temporal}`);
log(`Temporal test server: ${testServer}`);
log(`Chromium: ${chromium}`);
// The Go builds one after the other: each takes both cores for a while.
log(`Docker Compose CLI: ${await ensureComposeCli()}`);
log(`Helm: ${await ensureHelmCli()}`);
log(`kube-decode: ${await ensureKubeDecode()}`);
