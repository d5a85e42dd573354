import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiFixture, startApiFixture, tokensOf } from '../testing/api-fixture';
import { TenancyService } from '../tenancy';
import { demoBank } from '../testing/seed';
import { ONBOARDING_WORKFLOW } from './contract';
import { OnboardingService } from './onboarding.service';

const start = `mutation Start($input: OnboardTenantInput!) {
  onboardTenant(input: $input) { workflowId status tenant { slug } }
}`;
const describeRun = `query Run($id: ID!) { onboardingRun(workflowId: $id) { workflowId status tenant { slug } } }`;

const slug = `bank-${Date.now().toString(36)}`;
const input = {
  slug,
  name: 'Test Bank',
  region: 'UK',
  realm: slug,
  branding: { displayName: 'Test Bank', primaryColor: '#112233', accentColor: '#445566', logoUrl: null },
  appOrigins: { admin: ['https://admin.test-bank.example'], customer: ['https://app.test-bank.example'] },
  customers: [{ displayName: 'Jo Bloggs', email: 'jo@test-bank.example' }],
};

describe('onboarding: operators start the onboardTenant workflow on the real Temporal', () => {
  let api: ApiFixture;
  let temporal: { connection: Connection; client: Client };
  let operator: string;
  let bankAdmin: string;

  beforeAll(async () => {
    api = await startApiFixture();
    await api.running.app.get(TenancyService).upsertTenant(demoBank);
    const connection = await Connection.connect({ address: inject('services').TEMPORAL_ADDRESS });
    temporal = { connection, client: new Client({ connection }) };
    operator = (await tokensOf('operator')).accessToken;
    bankAdmin = (await tokensOf('bankAdmin')).accessToken;
  });
  afterAll(async () => {
    // No worker runs in this suite: end the run it started.
    await temporal?.client.workflow
      .getHandle(`onboard-tenant:${slug}`)
      .terminate('test finished')
      .catch(() => undefined);
    await temporal?.connection.close();
    await api?.close();
  });

  it('an operator starts onboarding: workflow onboardTenant, id onboard-tenant:<slug>, task queue finpersona, the input as argument', async () => {
    const { body } = await api.graphql(start, { token: operator, variables: { input } });
    expect(body.errors).toBeUndefined();
    expect(body.data?.onboardTenant).toEqual({
      workflowId: `onboard-tenant:${slug}`,
      status: 'RUNNING',
      tenant: null,
    });

    const description = await temporal.client.workflow.getHandle(`onboard-tenant:${slug}`).describe();
    expect(description.type).toBe(ONBOARDING_WORKFLOW);
    expect(description.taskQueue).toBe('finpersona');
    expect(description.status.name).toBe('RUNNING');
    const history = await temporal.client.workflow.getHandle(`onboard-tenant:${slug}`).fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    const argument = JSON.parse(Buffer.from(started!.input!.payloads![0]!.data!).toString('utf8'));
    expect(argument).toEqual({
      ...input,
      customers: [{ subject: null, displayName: 'Jo Bloggs', email: 'jo@test-bank.example' }],
      // Onboarding adds the region's compliance rule pack to the bank's initial plugins.
      plugins: [{ id: 'compliance-uk', settings: {} }],
    });
  });

  it('starting again while the run is in progress returns the same run', async () => {
    const { body } = await api.graphql(start, { token: operator, variables: { input } });
    expect(body.data?.onboardTenant).toMatchObject({
      workflowId: `onboard-tenant:${slug}`,
      status: 'RUNNING',
    });
  });

  it('OnboardingService.start names the run it started or joined, so callers can wait for that run', async () => {
    const service = api.running.app.get(OnboardingService);
    const description = await temporal.client.workflow.getHandle(`onboard-tenant:${slug}`).describe();
    const run = await service.start(input as never);
    expect(run).toMatchObject({ workflowId: `onboard-tenant:${slug}`, runId: description.runId });
  });

  it('awaitResult gives up after its timeout with a message pointing at the worker (none runs here)', async () => {
    const service = api.running.app.get(OnboardingService);
    const started = Date.now();
    await expect(
      service.awaitResult({ workflowId: `onboard-tenant:${slug}` }, { timeoutMs: 1_500 }),
    ).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringMatching(
        /has not finished after 2 s; is a worker polling task queue "finpersona"/,
      ),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('awaitResult of a run that ended without completing says how it ended', async () => {
    const service = api.running.app.get(OnboardingService);
    const other = `bank-t-${Date.now().toString(36)}`;
    const run = await service.start({ ...input, slug: other, realm: other } as never);
    await temporal.client.workflow.getHandle(run.workflowId, run.runId).terminate('stopped by the test');
    await expect(service.awaitResult(run, { timeoutMs: 10_000 })).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringMatching(
        new RegExp(`onboard-tenant:${other} did not complete: terminated: stopped by the test$`),
      ),
    });
  });

  it('onboardingRun reports the run status, and no tenant until it completes', async () => {
    const { body } = await api.graphql(describeRun, {
      token: operator,
      variables: { id: `onboard-tenant:${slug}` },
    });
    expect(body.data?.onboardingRun).toEqual({
      workflowId: `onboard-tenant:${slug}`,
      status: 'RUNNING',
      tenant: null,
    });
  });

  it('an unknown run is NOT_FOUND', async () => {
    const { body } = await api.graphql(describeRun, {
      token: operator,
      variables: { id: 'onboard-tenant:never-started' },
    });
    expect(body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('a bank admin can neither onboard tenants nor read onboarding runs (FORBIDDEN)', async () => {
    const started = await api.graphql(start, {
      token: bankAdmin,
      tenant: 'demo-bank',
      variables: { input: { ...input, slug: 'x-bank', realm: 'x-bank' } },
    });
    expect(started.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const read = await api.graphql(describeRun, {
      token: bankAdmin,
      tenant: 'demo-bank',
      variables: { id: `onboard-tenant:${slug}` },
    });
    expect(read.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    await expect(temporal.client.workflow.getHandle('onboard-tenant:x-bank').describe()).rejects.toThrow(
      /not found/i,
    );
  });

  it('anonymous callers are told to sign in (UNAUTHENTICATED)', async () => {
    const { body } = await api.graphql(start, { variables: { input } });
    expect(body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it("onboarding a bank onto another tenant's realm is a CONFLICT", async () => {
    const { body } = await api.graphql(start, {
      token: operator,
      variables: { input: { ...input, slug: 'copy-bank', realm: 'demo-bank' } },
    });
    expect(body.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: expect.stringContaining('demo-bank'),
    });
  });

  it('onboarding onto the realm of a tenant that is still PROVISIONING is a CONFLICT too', async () => {
    await api.running.app
      .get(TenancyService)
      .upsertTenant(
        { ...demoBank, slug: 'half-bank', realm: 'half-bank' },
        { initialStatus: 'PROVISIONING' },
      );
    const { body } = await api.graphql(start, {
      token: operator,
      variables: { input: { ...input, slug: 'copy-bank', realm: 'half-bank' } },
    });
    expect(body.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: expect.stringContaining('half-bank'),
    });
  });

  it('invalid input is INVALID and lists every offending field; nothing is started', async () => {
    const bad = { ...input, slug: 'No', branding: { ...input.branding, primaryColor: 'red' } };
    const { body } = await api.graphql(start, { token: operator, variables: { input: bad } });
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [
        { field: 'input.slug', problem: 'must match ^[a-z0-9-]{3,40}$' },
        { field: 'input.branding.primaryColor', problem: 'must be a hex colour like #0B5FFF' },
      ],
    });
  });

  it('app origins that are not exact origins (wildcard, path, plain http off loopback) are INVALID; nothing is started', async () => {
    const bad = {
      ...input,
      slug: `${slug}-origins`,
      realm: `${slug}-origins`,
      appOrigins: {
        admin: ['https://*.test-bank.example'],
        customer: ['https://app.test-bank.example/callback', 'http://app.test-bank.example'],
      },
    };
    const { body } = await api.graphql(start, { token: operator, variables: { input: bad } });
    expect(body.errors?.[0]?.extensions.code).toBe('INVALID');
    expect((body.errors?.[0]?.extensions.fields as { field: string }[]).map((f) => f.field)).toEqual([
      'input.appOrigins.admin.0',
      'input.appOrigins.customer.0',
      'input.appOrigins.customer.1',
    ]);
    await expect(
      temporal.client.workflow.getHandle(`onboard-tenant:${bad.slug}`).describe(),
    ).rejects.toThrow();
  });
});
