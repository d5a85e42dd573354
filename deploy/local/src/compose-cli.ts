// The Docker Compose v2+ CLI, for validating deploy/compose.yaml (`docker-compose config`) where Docker's compose
// plugin is not installed. Built once from its Go module (github.com/docker/compose/v5, from the Go module proxy)
// and cached under the FinPersona cache; `config` needs no Docker engine.
import { ensureGoTool } from './go-tools.ts';

/**
 * Compose release built from source. Its go.mod has `exclude` directives, which `go install module@version`
 * refuses, so the module is downloaded and built as the main module instead. v5.6.0 needs Go >= 1.26.8
 * (an older `go` fetches that toolchain itself, GOTOOLCHAIN=auto).
 */
export const composeVersion = '5.6.0';
const composeModule = 'github.com/docker/compose/v5';

/** Path of a `docker-compose` binary (Compose v5, standalone mode). Builds and caches it on first use. */
export function ensureComposeCli(): Promise<string> {
  return ensureGoTool({
    title: `the Docker Compose CLI ${composeVersion} (${composeModule})`,
    cacheName: `docker-compose-${composeVersion}`,
    binaryName: 'docker-compose',
    source: { module: composeModule, version: composeVersion },
    mainPackage: './cmd',
    linkerVariables: { [`${composeModule}/internal.Version`]: `v${composeVersion}` },
  });
}
