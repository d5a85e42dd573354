// End to end: a platform operator signed in through Keycloak calls the `onboardTenant` mutation of the
// real API; the workflow runs on the Temporal CLI dev server, served by this package's worker, against a
// real PostgreSQL database; `onboardingRun` reports it COMPLETED with the new, live bank.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DEMO, passwordGrant, totpNow, type TestDatabase } from '@finpersona/deploy';
import {
  createPlatformContext,
  DEMO_BANK,
  migrateDatabase,
  OnboardingService,
  seedDemoBank,
  startApi,
  type RunningApi,
} from '@finpersona/platform';
import { createWorker, type PlatformContext } from '../index';

let database: TestDatabase;
let api: RunningApi;
let apiUrl: string;
let platform: PlatformContext;
let connection: NativeConnection;
let worker: Worker;
let workerRun: Promise<void>;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const temporalAddress = requiredEnv('TEMPORAL_ADDRESS');
  requiredEnv('KEYCLOAK_URL');
  database = await createTestDatabase('workflows_int');
  await migrateDatabase(database.ownerUrl);
  // A task queue of its own, so other suites' workers on the shared dev server never pick up this run.
  const taskQueue = `finpersona-int-${randomBytes(4).toString('hex')}`;
  // The test signs in with the password grant of `finpersona-dev-cli`, which the API accepts only when told to.
  Object.assign(process.env, {
    APP_DATABASE_URL: database.appUrl,
    TEMPORAL_TASK_QUEUE: taskQueue,
    IDENTITY_ALLOW_DEV_CLIENT: 'true',
    // One key-encryption key for the API and the worker of this run, created 0600 on first use.
    CRYPTO_LOCAL_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'finpersona-kek-')), 'kek'),
    CRYPTO_LOCAL_CREATE_KEY_FILE: 'true',
  });
  // The local Keycloak's bootstrap admin (development and tests only): the worker provisions realms with it.
  process.env.KEYCLOAK_ADMIN_USERNAME ??= 'admin';
  process.env.KEYCLOAK_ADMIN_PASSWORD ??= 'admin';

  api = await startApi({ port: 0, logger: ['error', 'warn'] });
  apiUrl = api.url;
  platform = await createPlatformContext();
  connection = await NativeConnection.connect({ address: temporalAddress });
  worker = await createWorker({ connection, platform, taskQueue });
  workerRun = worker.run();
});

afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await workerRun;
  await connection?.close();
  await platform?.close();
  await api?.close();
  await database?.drop();
  rmSync(dirname(process.env.CRYPTO_LOCAL_KEY_FILE!), { recursive: true, force: true });
});

describe('onboarding a bank through the API', () => {
  it('a platform operator starts onboarding and sees it complete with the bank live', async () => {
    const operator = DEMO.platform.operator;
    const { access_token: token } = await passwordGrant({
      realm: DEMO.platform.realm,
      username: operator.username,
      password: operator.password,
      totp: totpNow(DEMO.otpSecret),
    });
    const slug = `bank-${randomBytes(4).toString('hex')}`;

    const started = await graphql<{ onboardTenant: { workflowId: string; status: string } }>(
      token,
      `
        mutation Onboard($input: OnboardTenantInput!) {
          onboardTenant(input: $input) {
            workflowId
            status
          }
        }
      `,
      {
        input: {
          slug,
          name: `Bank ${slug}`,
          region: 'UK',
          realm: slug,
          branding: {
            displayName: `Bank ${slug}`,
            primaryColor: '#0B5FFF',
            accentColor: '#00B894',
            logoUrl: '/logo.svg',
          },
          customers: [
            { subject: DEMO.bank.customer.id, displayName: 'Ana Novak', email: 'ana.novak@example.test' },
            { displayName: 'Bojan Kralj', email: 'bojan.kralj@example.test' },
          ],
        },
      },
    );
    expect(started.onboardTenant.workflowId).toBe(`onboard-tenant:${slug}`);

    const run = await eventually(async () => {
      const { onboardingRun } = await graphql<{
        onboardingRun: { status: string; tenant: { slug: string; status: string; region: string } | null };
      }>(
        token,
        `
          query Run($id: ID!) {
            onboardingRun(workflowId: $id) {
              workflowId
              status
              tenant {
                slug
                status
                region
              }
            }
          }
        `,
        { id: started.onboardTenant.workflowId },
      );
      if (onboardingRun.status === 'RUNNING') return undefined;
      return onboardingRun;
    });

    expect(run).toMatchObject({ status: 'COMPLETED', tenant: { slug, status: 'ACTIVE', region: 'UK' } });
  });
});

describe('seeding the demo bank (what `cli seed-demo` runs for ./fp up)', () => {
  it('onboards the demo bank through the onboarding workflow: live, branded, with its 25 customers', async () => {
    const seed = await seedDemoBank(api.app.get(OnboardingService), { timeoutMs: 60_000 });

    expect(seed).toMatchObject({
      workflowId: 'onboard-tenant:demo-bank',
      runId: expect.any(String),
      result: { slug: 'demo-bank', status: 'ACTIVE', demoCustomers: 25 },
    });
    const { tenantBranding } = await graphql<{
      tenantBranding: { realm: string; branding: { displayName: string; logoUrl: string } } | null;
    }>(
      null,
      `
        query {
          tenantBranding(slug: "demo-bank") {
            realm
            branding {
              displayName
              logoUrl
            }
          }
        }
      `,
      {},
    );
    expect(tenantBranding).toEqual({
      realm: 'demo-bank',
      branding: { displayName: 'Demo Bank', logoUrl: DEMO_BANK.branding.logoUrl },
    });
    // The realm is accepted now: the demo bank's admin signs in and sees exactly its demo customers.
    const customers = await demoBankCustomers();
    expect(customers.totalCount).toBe(25);
    expect(customers.edges.map(({ node }) => [node.displayName, node.email]).sort()).toEqual(
      DEMO_BANK.customers.map((customer) => [customer.displayName, customer.email]).sort(),
    );
    // It starts with the sandbox bank's connector (plugins of the onboarding input) and its region's
    // compliance rule pack (which onboarding adds), installed and enabled.
    expect(await demoBankPlugins()).toEqual([
      { pluginId: 'compliance-eu', status: 'ENABLED', installedBy: 'system' },
      { pluginId: 'connector-sandbox', status: 'ENABLED', installedBy: 'system' },
    ]);
  });

  it('seeding again starts a new run (the closed workflow id is reused) and changes nothing', async () => {
    const before = await demoBankCustomers();
    const first = await seedDemoBank(api.app.get(OnboardingService), { timeoutMs: 60_000 });

    const again = await seedDemoBank(api.app.get(OnboardingService), { timeoutMs: 60_000 });

    expect(again.workflowId).toBe(first.workflowId);
    expect(again.runId).not.toBe(first.runId);
    expect(again.result).toEqual(first.result);
    expect(await demoBankCustomers()).toEqual(before);
  });
});

describe("a customer's data export, end to end through the API, the dev server and the worker", () => {
  it('the demo customer requests an export, the worker builds it, and the archive downloads exactly once', async () => {
    await seedDemoBank(api.app.get(OnboardingService), { timeoutMs: 60_000 });
    const customer = DEMO.bank.customer;
    const { access_token: token } = await passwordGrant({
      realm: DEMO.bank.realm,
      username: customer.username,
      password: customer.password,
    });
    const { requestDataExport } = await graphql<{
      requestDataExport: { downloadToken: string; downloadPath: string; request: { id: string } };
    }>(
      token,
      `
        mutation {
          requestDataExport {
            downloadToken
            downloadPath
            request {
              id
            }
          }
        }
      `,
      {},
    );

    const done = await eventually(async () => {
      const { dataSubjectRequests } = await graphql<{
        dataSubjectRequests: {
          edges: { node: { id: string; status: string; progress: { step: string }[] } }[];
        };
      }>(
        token,
        `
          {
            dataSubjectRequests(kind: EXPORT) {
              edges {
                node {
                  id
                  status
                  progress {
                    step
                  }
                }
              }
            }
          }
        `,
        {},
      );
      const node = dataSubjectRequests.edges.find(
        (edge) => edge.node.id === requestDataExport.request.id,
      )?.node;
      return node?.status === 'COMPLETED' ? node : undefined;
    });
    expect(done.progress.map((step) => step.step)).toEqual(['started', 'archive-stored']);

    const download = () =>
      fetch(`${apiUrl}${requestDataExport.downloadPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ token: requestDataExport.downloadToken }),
      });
    const first = await download();
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/zip');
    // A ZIP archive (local file header signature).
    expect(Buffer.from(await first.arrayBuffer()).subarray(0, 4)).toEqual(
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
    );
    expect((await download()).status).toBe(409);
    // The run now waits 7 days to expire an archive that is already gone: end it.
    const client = new Client({
      connection: await Connection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') }),
    });
    await client.workflow.getHandle(`data-export:${requestDataExport.request.id}`).terminate('test finished');
    await client.connection.close();
  });
});

async function demoBankPlugins() {
  const admin = DEMO.bank.admin;
  const { access_token: token } = await passwordGrant({
    realm: DEMO.bank.realm,
    username: admin.username,
    password: admin.password,
    totp: totpNow(DEMO.otpSecret),
  });
  const { pluginInstallations } = await graphql<{
    pluginInstallations: { pluginId: string; status: string; installedBy: string }[];
  }>(
    token,
    `
      query {
        pluginInstallations {
          pluginId
          status
          installedBy
        }
      }
    `,
    {},
  );
  return pluginInstallations;
}

async function demoBankCustomers() {
  const admin = DEMO.bank.admin;
  const { access_token: token } = await passwordGrant({
    realm: DEMO.bank.realm,
    username: admin.username,
    password: admin.password,
    totp: totpNow(DEMO.otpSecret),
  });
  const { customers } = await graphql<{
    customers: { totalCount: number; edges: { node: { id: string; displayName: string; email: string } }[] };
  }>(
    token,
    `
      query {
        customers(first: 100) {
          totalCount
          edges {
            node {
              id
              displayName
              email
            }
          }
        }
      }
    `,
    {},
    'demo-bank',
  );
  return customers;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (the global setup provides it)`);
  return value;
}

async function graphql<T>(
  token: string | null,
  query: string,
  variables: Record<string, unknown>,
  tenant?: string,
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (tenant) headers['x-tenant'] = tenant;
  const response = await fetch(`${apiUrl}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!response.ok || body.errors?.length || !body.data) {
    throw new Error(
      `GraphQL request failed (HTTP ${response.status}): ${JSON.stringify(body.errors ?? body)}`,
    );
  }
  return body.data;
}

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Still running after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
