// End to end: a platform operator signed in through Keycloak calls the `onboardTenant` mutation of the
// real API; the workflow runs on the Temporal CLI dev server, served by this package's worker, against a
// real PostgreSQL database; `onboardingRun` reports it COMPLETED with the new, live bank.
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, passwordGrant, totpNow } from '@finpersona/deploy';
import { DEMO_BANK, OnboardingService, seedDemoBank, type RunningApi } from '@finpersona/platform';
import { type ApiAndWorker, startApiAndWorker } from '../../test/api-and-worker';

let stack: ApiAndWorker;
let api: RunningApi;
let apiUrl: string;
let temporal: { connection: Connection; client: Client } | undefined;
/** Retraining loops onboarding started (they outlive it): ended after the run. */
const loops = new Set<string>();

beforeAll(async () => {
  requiredEnv('TEMPORAL_ADDRESS');
  requiredEnv('KEYCLOAK_URL');
  stack = await startApiAndWorker('workflows_int');
  api = stack.api;
  apiUrl = api.url;
});

afterAll(async () => {
  for (const workflowId of loops) {
    await temporal?.client.workflow
      .getHandle(workflowId)
      .terminate('test finished')
      .catch(() => undefined);
  }
  await temporal?.connection.close();
  await stack?.close();
});

/** The run id of the bank's running retraining loop of `modelPluginId`, or null. */
async function retrainingLoopRun(tenantId: string, modelPluginId: string): Promise<string | null> {
  if (!temporal) {
    const connection = await Connection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') });
    temporal = { connection, client: new Client({ connection }) };
  }
  const workflowId = `model-retraining:${tenantId}:${modelPluginId}`;
  loops.add(workflowId);
  const description = await temporal.client.workflow.getHandle(workflowId).describe();
  return description.status.name === 'RUNNING' ? description.runId : null;
}

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
    // It starts with the retail product catalogue, the sandbox bank's connector and the default recommendation
    // model (plugins of the onboarding input) and its region's compliance rule pack (which onboarding adds),
    // installed and enabled; the model's retraining loop runs (started by onboarding, it outlives it).
    expect(await demoBankPlugins()).toEqual([
      { pluginId: 'catalogue-retail', status: 'ENABLED', installedBy: 'system' },
      { pluginId: 'compliance-eu', status: 'ENABLED', installedBy: 'system' },
      { pluginId: 'connector-sandbox', status: 'ENABLED', installedBy: 'system' },
      { pluginId: 'model-propensity', status: 'ENABLED', installedBy: 'system' },
    ]);
    expect(await retrainingLoopRun(seed.result.tenantId, 'model-propensity')).toEqual(expect.any(String));
  });

  it('seeding again starts a new run (the closed workflow id is reused) and changes nothing', async () => {
    const before = await demoBankCustomers();
    const first = await seedDemoBank(api.app.get(OnboardingService), { timeoutMs: 60_000 });

    const again = await seedDemoBank(api.app.get(OnboardingService), { timeoutMs: 60_000 });

    expect(again.workflowId).toBe(first.workflowId);
    expect(again.runId).not.toBe(first.runId);
    expect(again.result).toEqual(first.result);
    // The retraining loop is the one that ran already: a re-run does not start another.
    const loop = await retrainingLoopRun(first.result.tenantId, 'model-propensity');
    expect(loop).toEqual(expect.any(String));
    await seedDemoBank(api.app.get(OnboardingService), { timeoutMs: 60_000 });
    expect(await retrainingLoopRun(first.result.tenantId, 'model-propensity')).toBe(loop);
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

function graphql<T>(
  token: string | null,
  query: string,
  variables: Record<string, unknown>,
  tenant?: string,
): Promise<T> {
  return stack.graphql<T>(token, query, variables, tenant);
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
