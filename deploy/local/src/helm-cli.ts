// Helm 3, for checking deploy/helm/finpersona (`helm lint`, `helm template`) without a cluster, and
// kube-decode (deploy/kube-decode), which decodes every rendered object strictly with client-go's scheme.
// Both are built once with Go (go-tools.ts) and cached under the FinPersona cache.
import { join } from 'node:path';
import { repoRoot } from './config.ts';
import { ensureGoTool, goSourceHash } from './go-tools.ts';

export const helmVersion = '3.22.0';
const helmModule = 'helm.sh/helm/v3';

/** Path of a `helm` binary (v3.22.0, from the Go module proxy). Builds and caches it on first use. */
export function ensureHelmCli(): Promise<string> {
  return ensureGoTool({
    title: `Helm ${helmVersion} (${helmModule})`,
    cacheName: `helm-${helmVersion}`,
    binaryName: 'helm',
    source: { module: helmModule, version: helmVersion },
    mainPackage: './cmd/helm',
    linkerVariables: { [`${helmModule}/internal/version.version`]: `v${helmVersion}` },
  });
}

/**
 * Path of `kube-decode`: reads a manifest stream on stdin, exits 1 naming each object that does not decode
 * strictly into its Kubernetes type (unknown or misspelt fields, wrong types, unknown kinds). Rebuilt when
 * its sources change (the cache folder carries their hash).
 */
export function ensureKubeDecode(): Promise<string> {
  const dir = join(repoRoot, 'deploy', 'kube-decode');
  return ensureGoTool({
    title: 'kube-decode (deploy/kube-decode, k8s.io/client-go)',
    cacheName: `kube-decode-${goSourceHash(dir)}`,
    binaryName: 'kube-decode',
    source: { dir },
    mainPackage: '.',
  });
}
