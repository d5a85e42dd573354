// deploy/helm/finpersona checked by the real Helm CLI (`helm lint --strict`, `helm template`, values.schema.json),
// every rendered object decoded strictly into its Kubernetes type (kube-decode: client-go's scheme), the API's and
// the worker's rendered environment read by the platform's own configuration loaders, and the chart's security
// properties asserted on what it renders.
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runTool, type ToolRun } from './local/src/go-tools.ts';
import { ensureHelmCli, ensureKubeDecode } from './local/src/helm-cli.ts';

const deployDir = import.meta.dirname;
const repoRoot = join(deployDir, '..');
const chartDir = join(deployDir, 'helm', 'finpersona');
const minimalValues = join(chartDir, 'ci', 'minimal-values.yaml');
const productionValues = join(chartDir, 'ci', 'production-values.yaml');

type Env = Record<string, string | undefined>;

/** The platform's and the worker's own loaders, from their builds (`./fp pnpm -r build`; `./fp test` builds first). */
interface PlatformConfigModule {
  loadApiConfig(env: Env): Record<string, unknown>;
  loadWorkerPlatformConfig(env: Env): Record<string, unknown>;
  loadMigrationConfig(env: Env): { ownerUrl: string };
}
interface WorkerConfigModule {
  loadWorkerConfig(env: Env, defaultTaskQueue: string): { temporal: { taskQueue: string } };
}

interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
  spec?: Record<string, unknown>;
}

interface Container {
  name: string;
  image: string;
  ports?: unknown[];
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    privileged?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
  };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}

interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    seccompProfile?: { type: string; localhostProfile?: string };
  };
  initContainers?: Container[];
  containers: Container[];
  volumes?: Array<{ name: string; emptyDir?: unknown; secret?: unknown }>;
}

let helm: string;
let kubeDecode: string;
let scratch: string;

function helmRun(...args: string[]): Promise<ToolRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('HELM_')) delete env[name];
  // never a user's kubeconfig: nothing here talks to a cluster
  return runTool(helm, args, { env: { ...env, KUBECONFIG: join(scratch, 'no-kubeconfig') } });
}

/** `helm template` of the chart (or a copy) with these values files (after values.yaml) and `--set`s. */
async function render(
  valuesFiles: string[],
  sets: string[] = [],
  { chart = chartDir, showOnly }: { chart?: string; showOnly?: string } = {},
): Promise<ToolRun> {
  return helmRun(
    'template',
    'fp',
    chart,
    '--namespace',
    'finpersona',
    ...(showOnly ? ['--show-only', showOnly] : []),
    ...valuesFiles.flatMap((file) => ['--values', file]),
    ...sets.flatMap((set) => ['--set', set]),
  );
}

async function renderObjects(valuesFiles: string[], sets: string[] = []): Promise<KubeObject[]> {
  const run = await render(valuesFiles, sets);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return parseAllDocuments(run.stdout)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}

/**
 * NOTES.txt as `helm install` would print it. Only an install (which needs a cluster) renders it, so a copy of the
 * chart renders it through `tpl` into a ConfigMap of its own.
 */
async function renderNotes(valuesFiles: string[], sets: string[] = []): Promise<string> {
  const copy = join(scratch, 'chart-with-notes');
  rmSync(copy, { recursive: true, force: true });
  cpSync(chartDir, copy, { recursive: true });
  cpSync(join(copy, 'templates', 'NOTES.txt'), join(copy, 'notes.txt'));
  writeFileSync(
    join(copy, 'templates', 'notes-check.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: {{ tpl (.Files.Get "notes.txt") . | quote }}\n',
  );
  const run = await render(valuesFiles, sets, { chart: copy, showOnly: 'templates/notes-check.yaml' });
  expect(run.code, run.stderr).toBe(0);
  return (parseAllDocuments(run.stdout)[0]!.toJS() as KubeObject).data!.notes!;
}

/** A values file written outside the repository. */
function valuesFile(name: string, content: string): string {
  const file = join(scratch, `${name}.yaml`);
  writeFileSync(file, content);
  return file;
}

function find(objects: KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} rendered`);
  return found;
}

function podSpecs(objects: KubeObject[]): Array<[string, PodSpec]> {
  return objects
    .filter((object) => object.kind === 'Deployment' || object.kind === 'Job')
    .map((object) => [
      `${object.kind} ${object.metadata.name}`,
      (object.spec as { template: { spec: PodSpec } }).template.spec,
    ]);
}

function container(objects: KubeObject[], deployment: string, name: string): Container {
  const spec = (find(objects, 'Deployment', deployment).spec as { template: { spec: PodSpec } }).template
    .spec;
  const found = spec.containers.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no container ${name} in ${deployment}`);
  return found;
}

/** What a secret reference stands for in these tests: a well-formed value, never a real one. */
const placeholderSecrets: Record<string, string> = {
  APP_DATABASE_URL: 'postgres://finpersona_app:placeholder@db.bank.example:5432/finpersona',
  MIGRATION_DATABASE_URL: 'postgres://finpersona_owner:placeholder@db.bank.example:5432/finpersona',
  KEYCLOAK_ADMIN_CLIENT_SECRET: 'placeholder',
  SMTP_USER: 'placeholder',
  SMTP_PASSWORD: 'placeholder',
  WEB_PUSH_VAPID_PRIVATE_KEY: Buffer.alloc(32, 7).toString('base64url'),
};

/** A container's environment as the kubelet would give it: ConfigMaps first, then `env`, secrets as placeholders. */
function environmentOf(objects: KubeObject[], subject: Container): Env {
  const env: Env = {};
  for (const source of subject.envFrom ?? []) {
    if (source.configMapRef) Object.assign(env, find(objects, 'ConfigMap', source.configMapRef.name).data);
  }
  for (const variable of subject.env ?? []) {
    if (variable.valueFrom?.secretKeyRef) {
      const placeholder = placeholderSecrets[variable.name];
      if (placeholder === undefined)
        throw new Error(`no placeholder for the secret variable ${variable.name}`);
      env[variable.name] = placeholder;
    } else env[variable.name] = variable.value;
  }
  return env;
}

let platformConfig: PlatformConfigModule;
let workerConfig: WorkerConfigModule;

beforeAll(async () => {
  [helm, kubeDecode] = await Promise.all([ensureHelmCli(), ensureKubeDecode()]);
  scratch = mkdtempSync(join(tmpdir(), 'fp-helm-'));
  const platformBuild = join(repoRoot, 'platform', 'dist', 'config', 'config.js');
  const workerBuild = join(repoRoot, 'workflows', 'dist', 'config.js');
  for (const build of [platformBuild, workerBuild]) {
    if (!existsSync(build)) throw new Error(`${build} is missing: build first (./fp pnpm -r build)`);
  }
  const require = createRequire(import.meta.url);
  platformConfig = require(platformBuild) as PlatformConfigModule;
  workerConfig = require(workerBuild) as WorkerConfigModule;
}, 900_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('deploy/helm/finpersona', () => {
  it('passes helm lint --strict, with the least a production install needs and production-like values', async () => {
    for (const values of [minimalValues, productionValues]) {
      const run = await helmRun('lint', '--strict', chartDir, '--values', values);
      expect(run.stdout + run.stderr, values).toContain('1 chart(s) linted, 0 chart(s) failed');
      expect(run.code, run.stdout).toBe(0);
    }
  });

  it('renders nothing without the external services: their addresses and the KMS key are required', async () => {
    const run = await render([]);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    for (const path of ['/keycloak/url', '/temporal/address', '/crypto/kms/keyArn']) {
      expect(run.stderr).toContain(`'${path}'`);
    }
  });

  for (const [label, values] of [
    ['the minimal values', [minimalValues]],
    ['production-like values', [productionValues]],
    ['the local key provider', [minimalValues, 'crypto.keyProvider=local,crypto.local.existingSecret=kek']],
    [
      'sandboxes without network',
      [
        productionValues,
        'pluginSandbox.network=none,pluginSandbox.localhostSeccompProfile=profiles/finpersona-sandbox.json',
      ],
    ],
  ] as const) {
    it(`every object rendered from ${label} decodes strictly into its Kubernetes type`, async () => {
      const [file, set] = values as readonly [string, string?];
      const run = await render([file], set ? [set] : []);
      expect(run.code, run.stderr).toBe(0);
      const decoded = await runTool(kubeDecode, [], { input: run.stdout });
      expect(decoded.stderr).toBe('');
      expect(decoded.code).toBe(0);
      const documents = parseAllDocuments(run.stdout).filter((document) => document.toJS() !== null);
      expect(decoded.stdout.trim().split('\n')).toHaveLength(documents.length);
    });
  }

  it('renders the production objects: API with HPA and PDB, worker, both apps, migration hook, ingress, policies', async () => {
    const objects = await renderObjects([productionValues]);
    expect(objects.map((object) => `${object.kind} ${object.metadata.name}`).sort()).toEqual(
      [
        'ConfigMap fp-finpersona',
        'Deployment fp-finpersona-admin',
        'Deployment fp-finpersona-api',
        'Deployment fp-finpersona-customer-app',
        'Deployment fp-finpersona-worker',
        'HorizontalPodAutoscaler fp-finpersona-api',
        'Ingress fp-finpersona',
        'Job fp-finpersona-migrate',
        'NetworkPolicy fp-finpersona-default-deny',
        'NetworkPolicy fp-finpersona-from-ingress-controller',
        'NetworkPolicy fp-finpersona-migrate-egress',
        'NetworkPolicy fp-finpersona-platform-egress',
        'PodDisruptionBudget fp-finpersona-api',
        'Service fp-finpersona-admin',
        'Service fp-finpersona-api',
        'Service fp-finpersona-customer-app',
        'ServiceAccount fp-finpersona',
        'ServiceAccount fp-finpersona-migrate',
      ].sort(),
    );
    // the HPA owns the API's replica count
    expect(find(objects, 'Deployment', 'fp-finpersona-api').spec).not.toHaveProperty('replicas');
    expect(find(objects, 'Deployment', 'fp-finpersona-worker').spec).toMatchObject({ replicas: 4 });
    const images = Object.fromEntries(
      ['api', 'worker', 'admin', 'customer-app'].map((name) => [
        name,
        container(objects, `fp-finpersona-${name}`, name).image,
      ]),
    );
    expect(images).toEqual({
      api: 'registry.bank.example/finpersona/api:2026.11.27',
      worker: 'registry.bank.example/finpersona/worker:2026.11.27',
      admin: 'registry.bank.example/finpersona/admin:2026.11.27',
      'customer-app': 'registry.bank.example/finpersona/customer-app:2026.11.27',
    });
  });

  it('migrates before install and upgrade as the owner role, in a hook the release pods wait for', async () => {
    const objects = await renderObjects([productionValues]);
    const job = find(objects, 'Job', 'fp-finpersona-migrate');
    expect(job.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'pre-install,pre-upgrade' });
    const pod = (job.spec as { template: { spec: PodSpec } }).template.spec;
    // hooks run before the release's objects exist: its own (hook) ServiceAccount, no ConfigMap
    expect(pod.serviceAccountName).toBe('fp-finpersona-migrate');
    expect(
      find(objects, 'ServiceAccount', 'fp-finpersona-migrate').metadata.annotations?.['helm.sh/hook-weight'],
    ).toBe('-10');
    const migrate = pod.containers[0]!;
    expect(migrate.image).toBe('registry.bank.example/finpersona/api:2026.11.27');
    expect(migrate).toMatchObject({ command: ['node', 'platform/dist/cli.js', 'migrate'] });
    expect(migrate.envFrom).toBeUndefined();
    const env = environmentOf(objects, migrate);
    expect(platformConfig.loadMigrationConfig(env).ownerUrl).toBe(placeholderSecrets.MIGRATION_DATABASE_URL);
    // the owner role's URL goes to the Job only
    for (const name of ['api', 'worker']) {
      expect(environmentOf(objects, container(objects, `fp-finpersona-${name}`, name))).not.toHaveProperty(
        'MIGRATION_DATABASE_URL',
      );
    }
  });

  it("gives the API and the worker an environment the platform's own loaders accept", async () => {
    const objects = await renderObjects([productionValues]);
    const apiEnv = environmentOf(objects, container(objects, 'fp-finpersona-api', 'api'));
    expect(platformConfig.loadApiConfig(apiEnv)).toMatchObject({
      database: { appUrl: placeholderSecrets.APP_DATABASE_URL, poolSize: 20 },
      temporal: {
        address: 'temporal-frontend.temporal.svc.cluster.local:7233',
        namespace: 'finpersona',
        taskQueue: 'finpersona',
      },
      crypto: {
        provider: 'aws-kms',
        keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        previousKeyArns: ['arn:aws:kms:eu-west-1:123456789012:key/0000aaaa-12ab-34cd-56ef-1234567890ab'],
      },
      pluginSandboxNetwork: 'host',
      pluginTrainingLimits: { heapMb: 512 },
      notificationChannels: {
        email: {
          host: 'smtp.bank.example',
          port: 587,
          auth: { user: 'placeholder', password: 'placeholder' },
        },
        push: { subject: 'mailto:ops@bank.example' },
      },
      http: {
        host: '0.0.0.0',
        port: 4000,
        corsOrigins: ['https://admin.bank.example', 'https://app.bank.example'],
      },
      graphql: { maxCost: 8000, introspection: false },
      identity: {
        keycloakUrl: 'https://login.bank.example',
        allowDevClient: false,
        tenantHostSuffix: '.api.bank.example',
      },
      webhooks: { concurrency: 16 },
    });
    const workerEnv = environmentOf(objects, container(objects, 'fp-finpersona-worker', 'worker'));
    expect(platformConfig.loadWorkerPlatformConfig(workerEnv)).toMatchObject({
      database: { appUrl: placeholderSecrets.APP_DATABASE_URL },
      crypto: { provider: 'aws-kms' },
      keycloakAdmin: {
        url: 'https://login.bank.example',
        clientId: 'finpersona-provisioner',
        credentials: { kind: 'client-credentials', clientSecret: 'placeholder' },
      },
    });
    expect(workerConfig.loadWorkerConfig(workerEnv, 'default-queue')).toEqual({
      temporal: {
        address: 'temporal-frontend.temporal.svc.cluster.local:7233',
        namespace: 'finpersona',
        taskQueue: 'finpersona',
      },
    });
  });

  it('passes secrets by reference only: the ConfigMap holds none, each comes from its existing Secret', async () => {
    const objects = await renderObjects([productionValues]);
    expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
    const configMap = find(objects, 'ConfigMap', 'fp-finpersona').data ?? {};
    for (const name of Object.keys(placeholderSecrets)) expect(configMap).not.toHaveProperty(name);
    const references = Object.fromEntries(
      ['api', 'worker'].flatMap((name) =>
        (container(objects, `fp-finpersona-${name}`, name).env ?? []).map((variable) => [
          `${name} ${variable.name}`,
          variable.valueFrom?.secretKeyRef,
        ]),
      ),
    );
    expect(references).toEqual({
      'api APP_DATABASE_URL': { name: 'finpersona-db', key: 'app-database-url' },
      'api SMTP_USER': { name: 'finpersona-smtp', key: 'username' },
      'api SMTP_PASSWORD': { name: 'finpersona-smtp', key: 'password' },
      'api WEB_PUSH_VAPID_PRIVATE_KEY': { name: 'finpersona-web-push', key: 'vapid-private-key' },
      'worker APP_DATABASE_URL': { name: 'finpersona-db', key: 'app-database-url' },
      'worker SMTP_USER': { name: 'finpersona-smtp', key: 'username' },
      'worker SMTP_PASSWORD': { name: 'finpersona-smtp', key: 'password' },
      'worker WEB_PUSH_VAPID_PRIVATE_KEY': { name: 'finpersona-web-push', key: 'vapid-private-key' },
      'worker KEYCLOAK_ADMIN_CLIENT_SECRET': { name: 'finpersona-keycloak', key: 'client-secret' },
    });
  });

  it('runs no container as root or privileged, on a read-only root filesystem with /tmp writable', async () => {
    const objects = await renderObjects([productionValues]);
    const pods = podSpecs(objects);
    expect(pods).toHaveLength(5);
    for (const [name, pod] of pods) {
      expect(pod.automountServiceAccountToken, name).toBe(false);
      expect(pod.securityContext, name).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.securityContext?.runAsUser, name).toBeGreaterThan(0);
      for (const subject of [...(pod.initContainers ?? []), ...pod.containers]) {
        const where = `${name} ${subject.name}`;
        expect(subject.securityContext, where).toMatchObject({
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(subject.securityContext?.privileged, where).not.toBe(true);
        expect(subject.securityContext?.capabilities?.add, where).toBeUndefined();
        const tmp = subject.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
        if (pod.containers.includes(subject)) {
          expect(tmp, `${where} has a writable /tmp`).toBeDefined();
          expect(pod.volumes?.find((volume) => volume.name === tmp!.name)?.emptyDir, where).toBeDefined();
        }
      }
    }
    for (const account of objects.filter((object) => object.kind === 'ServiceAccount')) {
      expect((account as { automountServiceAccountToken?: boolean }).automountServiceAccountToken).toBe(
        false,
      );
    }
  });

  it('gives the API and the worker a writable FINPERSONA_CACHE (schemas and specs fetched on first use)', async () => {
    const objects = await renderObjects([productionValues]);
    for (const name of ['api', 'worker']) {
      const subject = container(objects, `fp-finpersona-${name}`, name);
      const cache = environmentOf(objects, subject).FINPERSONA_CACHE;
      expect(cache, name).toBe('/var/cache/finpersona');
      const mount = subject.volumeMounts?.find((candidate) => candidate.mountPath === cache);
      const pod = (
        find(objects, 'Deployment', `fp-finpersona-${name}`).spec as { template: { spec: PodSpec } }
      ).template.spec;
      expect(pod.volumes?.find((volume) => volume.name === mount?.name)?.emptyDir, name).toBeDefined();
    }
  });

  it('gives every container resources, and probes to every container that serves', async () => {
    const objects = await renderObjects([productionValues]);
    for (const [name, pod] of podSpecs(objects)) {
      for (const subject of [...(pod.initContainers ?? []), ...pod.containers]) {
        const where = `${name} ${subject.name}`;
        expect(subject.resources?.requests?.cpu, where).toBeDefined();
        expect(subject.resources?.requests?.memory, where).toBeDefined();
        expect(subject.resources?.limits?.memory, where).toBeDefined();
        if (subject.ports?.length) {
          expect(subject.readinessProbe?.httpGet, where).toBeDefined();
          expect(subject.livenessProbe?.httpGet, where).toBeDefined();
        }
      }
    }
    const api = container(objects, 'fp-finpersona-api', 'api');
    expect(api.readinessProbe?.httpGet?.path).toBe('/health');
    expect(api.livenessProbe?.httpGet?.path).toBe('/health/live');
  });

  it('denies all traffic by default, then lets in only the ingress controller and out only what is listed', async () => {
    const objects = await renderObjects([productionValues]);
    const deny = find(objects, 'NetworkPolicy', 'fp-finpersona-default-deny').spec!;
    expect(deny).toEqual({
      podSelector: {
        matchLabels: { 'app.kubernetes.io/name': 'finpersona', 'app.kubernetes.io/instance': 'fp' },
      },
      policyTypes: ['Ingress', 'Egress'],
    });
    // every pod of the release is under it
    for (const [name, pod] of podSpecs(objects)) {
      const labels = objects.find((object) => `${object.kind} ${object.metadata.name}` === name)!.spec as {
        template: { metadata: { labels: Record<string, string> } };
      };
      expect(labels.template.metadata.labels, `${name} (${pod.containers[0]!.name})`).toMatchObject(
        (deny.podSelector as { matchLabels: Record<string, string> }).matchLabels,
      );
    }
    const fromIngress = find(objects, 'NetworkPolicy', 'fp-finpersona-from-ingress-controller').spec!;
    expect(fromIngress).toMatchObject({
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
            },
          ],
        },
      ],
    });
    const egress = find(objects, 'NetworkPolicy', 'fp-finpersona-platform-egress').spec!.egress as Array<{
      to: Array<{ ipBlock?: { cidr: string; except?: string[] }; namespaceSelector?: unknown }>;
      ports: Array<{ port: number; protocol: string }>;
    }>;
    const rules = egress.map((rule) => ({
      to: rule.to.map((peer) => peer.ipBlock?.cidr ?? 'dns'),
      ports: rule.ports.map((port) => `${port.port}/${port.protocol}`),
    }));
    expect(rules).toEqual([
      { to: ['dns'], ports: ['53/UDP', '53/TCP'] },
      { to: ['10.20.0.0/24'], ports: ['5432/TCP'] },
      { to: ['10.40.0.0/24'], ports: ['8443/TCP'] },
      { to: ['10.30.0.0/24'], ports: ['7233/TCP'] },
      { to: ['10.50.0.10/32'], ports: ['587/TCP'] },
      { to: ['10.60.0.0/28'], ports: ['443/TCP'] },
      { to: ['0.0.0.0/0', '::/0'], ports: ['443/TCP'] },
    ]);
    // public HTTPS never reaches private ranges or the cloud metadata service
    expect(egress.at(-1)!.to[0]!.ipBlock!.except).toEqual(
      expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']),
    );
    const migrate = find(objects, 'NetworkPolicy', 'fp-finpersona-migrate-egress').spec!;
    expect((migrate.egress as unknown[]).length).toBe(2);
  });

  it('with the local key provider: the key file from its Secret, copied for the process user, and a warning', async () => {
    const sets = ['crypto.keyProvider=local', 'crypto.local.existingSecret=finpersona-kek'];
    const objects = await renderObjects([minimalValues], sets);
    for (const name of ['api', 'worker']) {
      const pod = (
        find(objects, 'Deployment', `fp-finpersona-${name}`).spec as { template: { spec: PodSpec } }
      ).template.spec;
      expect(pod.initContainers?.map((init) => init.name)).toEqual(['key-file']);
      const env = environmentOf(objects, pod.containers[0]!);
      const loaded =
        name === 'api' ? platformConfig.loadApiConfig(env) : platformConfig.loadWorkerPlatformConfig(env);
      expect(loaded.crypto).toEqual({
        provider: 'local',
        keyFile: '/var/lib/finpersona-keys/kek',
        previousKeyFiles: [],
        createKeyFile: false,
      });
      // the init container writes the copy where the process reads it, from the Secret's volume
      const [init] = pod.initContainers!;
      const mountOf = (subject: Container, path: string) =>
        subject.volumeMounts?.find((mount) => mount.mountPath === path)?.name;
      expect(mountOf(init!, '/var/lib/finpersona-keys')).toBe(
        mountOf(pod.containers[0]!, '/var/lib/finpersona-keys'),
      );
      expect(
        pod.volumes?.find((volume) => volume.name === mountOf(init!, '/var/lib/finpersona-keys')),
      ).toMatchObject({
        emptyDir: { medium: 'Memory' },
      });
      expect(
        pod.volumes?.find((volume) => volume.name === mountOf(init!, '/var/run/finpersona-kek')),
      ).toMatchObject({
        secret: { secretName: 'finpersona-kek', items: [{ key: 'kek', path: 'kek' }] },
      });
    }
    expect(await renderNotes([minimalValues], sets)).toMatch(/WARNING: crypto\.keyProvider is "local"/);
    expect(await renderNotes([minimalValues])).not.toMatch(/crypto\.keyProvider/);
  });

  it('with sandboxes without network: the API and the worker run under the given Localhost seccomp profile', async () => {
    const objects = await renderObjects(
      [productionValues],
      [
        'pluginSandbox.network=none',
        'pluginSandbox.localhostSeccompProfile=profiles/finpersona-sandbox.json',
      ],
    );
    for (const [name, pod] of podSpecs(objects)) {
      const platform = name.endsWith('-api') || name.endsWith('-worker');
      expect(pod.securityContext?.seccompProfile, name).toEqual(
        platform
          ? { type: 'Localhost', localhostProfile: 'profiles/finpersona-sandbox.json' }
          : { type: 'RuntimeDefault' },
      );
    }
    const env = environmentOf(objects, container(objects, 'fp-finpersona-api', 'api'));
    expect(platformConfig.loadApiConfig(env).pluginSandboxNetwork).toBe('none');
    // `host` (the default) is said at every install
    expect(await renderNotes([productionValues])).toMatch(/WARNING: pluginSandbox\.network is "host"/);
    expect(
      await renderNotes(
        [productionValues],
        [
          'pluginSandbox.network=none',
          'pluginSandbox.localhostSeccompProfile=profiles/finpersona-sandbox.json',
        ],
      ),
    ).not.toMatch(/pluginSandbox\.network/);
  });
});

describe('values.schema.json refuses wrong values with a message naming them', () => {
  const refusals: Array<[string, string, RegExp]> = [
    [
      'a missing existingSecret name',
      'database:\n  existingSecret: ""\n',
      /at '\/database\/existingSecret': minLength: got 0, want 1/,
    ],
    ['fewer than one replica', 'worker:\n  replicas: 0\n', /at '\/worker\/replicas': minimum: got 0, want 1/],
    [
      'an unknown key provider',
      'crypto:\n  keyProvider: vault\n',
      /at '\/crypto\/keyProvider': value must be one of 'aws-kms', 'local'/,
    ],
    [
      'a secret among the plain variables',
      'extraEnv:\n  SMTP_PASSWORD: hunter2\n',
      /invalid propertyName 'SMTP_PASSWORD'/,
    ],
    [
      'sandboxes without network but no seccomp profile for them',
      'pluginSandbox:\n  network: none\n',
      /at '\/pluginSandbox\/localhostSeccompProfile': minLength: got 0, want 1/,
    ],
    ['a misspelt key', 'api:\n  replica: 3\n', /at '\/api': additional properties 'replica' not allowed/],
    [
      'e-mail on, but no way out to the SMTP server',
      'smtp:\n  host: smtp.bank.example\n  from: noreply@bank.example\n',
      /at '\/networkPolicy\/egress\/smtp\/cidrs': minItems: got 0, want 1/,
    ],
  ];
  for (const [name, content, message] of refusals) {
    it(name, async () => {
      const run = await render([minimalValues, valuesFile(name.replaceAll(/[^a-z0-9]+/g, '-'), content)]);
      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/values don't meet the specifications of the schema/);
      expect(run.stderr).toMatch(message);
    });
  }
});
