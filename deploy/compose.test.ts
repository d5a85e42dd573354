// deploy/compose.yaml checked by the real Compose CLI (`docker-compose config`: parse, schema, interpolation,
// references between services), then the resolved model checked against the shared contract.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureComposeCli } from './local/src/compose-cli.ts';
import { runTool, type ToolRun } from './local/src/go-tools.ts';

const deployDir = import.meta.dirname;
const composeFile = join(deployDir, 'compose.yaml');

let cli: string;
let scratch: string;

/** Runs `docker-compose -f <file> --project-directory deploy/ ...`; relative paths resolve as for compose.yaml. */
async function compose(file: string, ...args: string[]): Promise<ToolRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('COMPOSE_')) delete env[name];
  return runTool(cli, ['-f', file, '--project-directory', deployDir, ...args], { env });
}

/** A copy of compose.yaml with one edit, written outside the repository. */
function brokenCopy(name: string, edit: (source: string) => string): string {
  const source = readFileSync(composeFile, 'utf8');
  const changed = edit(source);
  expect(changed, `the ${name} edit must change the file`).not.toBe(source);
  const file = join(scratch, `${name}.yaml`);
  writeFileSync(file, changed);
  return file;
}

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: Array<{ target: number; published: string; host_ip?: string }>;
  volumes?: Array<{ type: string; source: string; target: string }>;
  networks?: Record<string, { aliases?: string[] } | null>;
}

beforeAll(async () => {
  cli = await ensureComposeCli();
  scratch = mkdtempSync(join(tmpdir(), 'fp-compose-'));
}, 600_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('deploy/compose.yaml', () => {
  let services: Record<string, Service>;

  beforeAll(async () => {
    const run = await compose(composeFile, 'config', '--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    services = (JSON.parse(run.stdout) as { services: Record<string, Service> }).services;
  });

  it('is valid for the Compose CLI', async () => {
    const run = await compose(composeFile, 'config', '--quiet');
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('runs the whole stack', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'admin',
        'api',
        'customer-app',
        'keycloak',
        'migrate',
        'postgres',
        'seed',
        'temporal',
        'worker',
      ].sort(),
    );
  });

  it('imports the realm files into Keycloak 26.7.3 in dev mode, on the contract port', () => {
    const keycloak = services.keycloak!;
    expect(keycloak.image).toBe('quay.io/keycloak/keycloak:26.7.3');
    expect(keycloak.command).toEqual(
      expect.arrayContaining(['start-dev', '--import-realm', '--http-port=8180']),
    );
    const realms = keycloak.volumes!.find((volume) => volume.target === '/opt/keycloak/data/import');
    expect(realms?.source).toBe(join(deployDir, 'keycloak'));
    expect(
      readdirSync(realms!.source)
        .filter((file) => file.endsWith('.json'))
        .sort(),
    ).toEqual(['demo-bank.realm.json', 'platform.realm.json']);
    expect(keycloak.ports).toEqual(
      expect.arrayContaining([expect.objectContaining({ target: 8180, published: '8180' })]),
    );
    // the issuer is the same URL in the browser and in the API container
    expect(keycloak.command).toContain('--hostname=http://keycloak.localhost:8180');
    expect(keycloak.networks?.default?.aliases).toContain('keycloak.localhost');
  });

  it('gives the platform the environment of the contract', () => {
    for (const name of ['api', 'worker', 'migrate', 'seed']) {
      expect(services[name]!.environment, name).toMatchObject({
        APP_DATABASE_URL: expect.stringMatching(
          /^postgres:\/\/finpersona_app:[^@]+@postgres:5432\/finpersona$/,
        ),
        MIGRATION_DATABASE_URL: expect.stringMatching(
          /^postgres:\/\/finpersona_owner:[^@]+@postgres:5432\/finpersona$/,
        ),
        KEYCLOAK_URL: 'http://keycloak.localhost:8180',
        API_AUDIENCE: 'finpersona-api',
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_NAMESPACE: 'default',
        TEMPORAL_TASK_QUEUE: 'finpersona',
        API_PORT: '4000',
        CORS_ORIGINS: 'http://localhost:5173,http://localhost:5174',
      });
    }
  });

  it('publishes the contract ports on the loopback only', () => {
    const published = Object.fromEntries(
      Object.entries(services).flatMap(([name, service]) =>
        (service.ports ?? []).map((port) => [`${name}:${port.target}`, `${port.host_ip}:${port.published}`]),
      ),
    );
    expect(published).toEqual({
      'postgres:5432': '127.0.0.1:5433',
      'keycloak:8180': '127.0.0.1:8180',
      'keycloak:9000': '127.0.0.1:9180',
      'temporal:7233': '127.0.0.1:7233',
      'temporal:8233': '127.0.0.1:8233',
      'api:4000': '127.0.0.1:4000',
      'admin:8080': '127.0.0.1:5173',
      'customer-app:8080': '127.0.0.1:5174',
    });
  });

  it('starts services in order: healthy dependencies, migrations finished first', () => {
    const conditions = Object.fromEntries(
      Object.entries(services).map(([name, service]) => [
        name,
        Object.fromEntries(
          Object.entries(service.depends_on ?? {}).map(([dep, { condition }]) => [dep, condition]),
        ),
      ]),
    );
    expect(conditions).toMatchObject({
      migrate: { postgres: 'service_healthy' },
      api: {
        migrate: 'service_completed_successfully',
        keycloak: 'service_healthy',
        temporal: 'service_healthy',
      },
      worker: { migrate: 'service_completed_successfully', temporal: 'service_healthy' },
      seed: { api: 'service_healthy' },
    });
    for (const name of ['postgres', 'keycloak', 'temporal', 'api', 'admin', 'customer-app']) {
      expect(services[name]!.healthcheck?.test.length, `${name} has a healthcheck`).toBeGreaterThan(0);
    }
  });

  it('builds the application images from deploy/docker with the repository as context', () => {
    const targets = Object.fromEntries(
      Object.entries(services)
        .filter(([, service]) => service.build)
        .map(([name, service]) => {
          expect(service.build!.context, name).toBe(join(deployDir, '..'));
          expect(service.build!.dockerfile, name).toBe('deploy/docker/node.Dockerfile');
          return [name, service.build!.target];
        }),
    );
    expect(targets).toEqual({
      api: 'api',
      migrate: 'api',
      seed: 'api',
      worker: 'worker',
      admin: 'spa',
      'customer-app': 'spa',
    });
    expect(services.admin!.build!.args).toMatchObject({ APP_PACKAGE: '@finpersona/admin' });
    expect(services['customer-app']!.build!.args).toMatchObject({ APP_PACKAGE: '@finpersona/customer-app' });
    const dockerfile = readFileSync(join(deployDir, 'docker', 'node.Dockerfile'), 'utf8');
    for (const stage of ['api', 'worker', 'spa'])
      expect(dockerfile).toMatch(new RegExp(`^FROM .+ AS ${stage}$`, 'm'));
  });
});

describe('the Compose CLI rejects a broken compose file', () => {
  it('an unknown property (schema)', async () => {
    const file = brokenCopy('unknown-property', (source) =>
      source.replace('      interval: 5s\n', '      intervall: 5s\n'),
    );
    const run = await compose(file, 'config', '--quiet');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/intervall/);
  });

  it('a dependency on a service that does not exist', async () => {
    const file = brokenCopy('missing-dependency', (source) =>
      source.replace(
        '      migrate:\n        condition: service_completed_successfully',
        '      migrations:\n        condition: service_completed_successfully',
      ),
    );
    const run = await compose(file, 'config', '--quiet');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/migrations/);
  });

  it('invalid YAML', async () => {
    const file = brokenCopy('bad-yaml', (source) =>
      source.replace('services:\n', 'services:\n  postgres: [\n'),
    );
    const run = await compose(file, 'config', '--quiet');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/yaml/i);
  });
});
