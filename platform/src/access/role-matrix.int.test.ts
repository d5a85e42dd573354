import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Client, Connection } from '@temporalio/client';
import type { GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { consentLifecycleWorkflowId } from '../consents';
import { CustomersService } from '../customers';
import { DEMO_CUSTOMER_SUBJECT, OnboardingService } from '../onboarding';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, DEMO, startApiFixture } from '../testing/api-fixture';
import { seedConsent } from '../testing/consent-seed';
import { seedPushSubscription } from '../testing/notification-fixtures';
import { demoAccessTokens } from '../testing/demo-tokens';
import { keepTenantLive, rowsAsTenant } from '../testing/tenant-rows';
import { generateCall, rootOperations, type TargetWorld } from '../testing/operation-generator';
import { connectionIdsOf, prepareSourceWorld, terminateSyncWorkflows } from '../testing/customer-data';
import { preparePluginWorld } from '../testing/plugin-fixtures';
import { prepareWebhookWorld } from '../testing/webhook-fixtures';
import { prepareEnrichmentWorld } from '../testing/enrichment-fixtures';
import { prepareProductWorld } from '../testing/product-fixtures';
import { prepareInsightWorld } from '../testing/insight-fixtures';
import { prepareRecommendationWorld } from '../testing/recommendation-fixtures';
import { prepareModelWorld } from '../testing/model-fixtures';
import { prepareCustomerToolsWorld } from '../testing/customer-tools-fixtures';
import { prepareCustomerRulesWorld } from '../testing/customer-rules-fixtures';
import { prepareSurveyWorld } from '../testing/survey-fixtures';
import { prepareStaffWorld } from '../testing/staff-fixtures';
import { demoBank, demoBankCustomers } from '../testing/seed';
import { type Audience, fields, operations } from './role-matrix';
import { withRulePack } from '../testing/rule-packs';

/** The roles the generated test calls as: every audience a real token exists for. */
const callers = ['anonymous', 'platform-operator', 'bank-admin', 'compliance-officer', 'customer'] as const;
type Caller = (typeof callers)[number];

/** Callers whose demo token shows no second factor (the demo customer has no one-time code set up). */
const withoutSecondFactor: readonly Caller[] = DEMO.bank.customer.otp ? [] : ['customer'];

/** Every object type's fields, as `Type.field`, from the real schema (introspection types excluded). */
function schemaCoordinates(schema: GraphQLSchema): string[] {
  const coordinates: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    // Object types only: input types are arguments of operations, which the matrix covers as a whole.
    if (!isObjectType(type)) continue;
    const typeFields = (type as unknown as { getFields(): Record<string, unknown> }).getFields();
    for (const field of Object.keys(typeFields)) coordinates.push(`${type.name}.${field}`);
  }
  return coordinates.sort();
}

/**
 * Types whose fields are selected (objects, and interfaces should any appear). By tag, not instanceof: the
 * app's schema may come from the other (CommonJS) copy of graphql.
 */
function isObjectType(type: unknown): boolean {
  const tag = Object.prototype.toString.call(type);
  return tag === '[object GraphQLObjectType]' || tag === '[object GraphQLInterfaceType]';
}

function matrixCoordinates(): string[] {
  return [
    ...Object.keys(operations.Query).map((name) => `Query.${name}`),
    ...Object.keys(operations.Mutation).map((name) => `Mutation.${name}`),
    ...Object.entries(fields).flatMap(([type, typeFields]) =>
      Object.keys(typeFields).map((field) => `${type}.${field}`),
    ),
  ].sort();
}

describe('role matrix', () => {
  let api: ApiFixture;
  let schema: GraphQLSchema;
  let tokens: Record<Exclude<Caller, 'anonymous'>, string>;
  let world: TargetWorld;
  let anaId: string;
  let temporal: { connection: Connection; client: Client };
  const onboardingSlug = `matrix-${Date.now().toString(36)}`;
  const startedWorkflows: string[] = [];

  beforeAll(async () => {
    // Anonymous calls are rate limited per address; the matrix makes one per operation (over 120 now).
    api = await startApiFixture({
      overrides: { RATE_LIMIT_MAX: '10000', RATE_LIMIT_ANONYMOUS_MAX: '10000' },
    });
    schema = api.running.app.get(GraphQLSchemaHost).schema;
    const tenancy = api.running.app.get(TenancyService);
    const bank = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(demoBank)));
    await api.running.app.get(CustomersService).upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    const customerIds = await rowsAsTenant<{ id: string; subject: string | null }>(
      api.database.ownerUrl,
      bank.id,
      'select id, subject from customer order by created_at, id',
    );
    anaId = customerIds.find((row) => row.subject === DEMO_CUSTOMER_SUBJECT)!.id;
    // A real onboarding run for `onboardingRun(workflowId)` (no worker runs here: it stays RUNNING).
    const run = await api.running.app.get(OnboardingService).start({
      slug: `${onboardingSlug}-run`,
      name: 'Matrix Run Bank',
      region: 'EU',
      realm: `${onboardingSlug}-run`,
      branding: { displayName: 'Matrix Run Bank', primaryColor: '#101010', accentColor: '#202020' },
      customers: [],
    });
    startedWorkflows.push(run.workflowId, `onboard-tenant:${onboardingSlug}`);
    // Ana's consent (with its reminder) for the consent and notification operations.
    const anaConsent = await seedConsent(
      api.running.app,
      api.database.ownerUrl,
      bank,
      DEMO_CUSTOMER_SUBJECT,
      {
        reminder: true,
      },
    );
    startedWorkflows.push(consentLifecycleWorkflowId(anaConsent.consentId));
    world = {
      tenant: bank,
      customerIds: customerIds.map((row) => row.id).filter((id) => id !== anaId),
      workflowId: run.workflowId,
      onboardingSlug,
      // Ana's consent and connections: connection, account and transaction operations act on them.
      sources: await prepareSourceWorld(api.running.app, bank, { id: anaId, subject: DEMO_CUSTOMER_SUBJECT }),
      consentIds: [anaConsent.consentId],
      notificationIds: [anaConsent.notificationId!],
      // Ana's browser subscribed to web push (`removePushSubscription`).
      pushSubscriptionIds: [
        await seedPushSubscription(
          api.running.app,
          bank,
          DEMO_CUSTOMER_SUBJECT,
          'https://push.matrix.example/s',
        ),
      ],
      // Fixture plugins: one to install, one installed (configure/enable/disable/upgrade), one to uninstall.
      plugins: await preparePluginWorld(api.running.app, bank, 'matrix'),
      // Webhook subscriptions (one to delete) and a dead delivery to replay.
      webhooks: await prepareWebhookWorld(api.running.app, bank, 'matrix'),
      // The retail catalogue with the bank's own products: `products` reads them.
      products: await prepareProductWorld(api.running.app, bank, 'matrix'),
      // Ana's recommendations and an open review request: the recommendation operations act on them.
      recommendations: await prepareRecommendationWorld(api.running.app, bank, anaId, 'matrix'),
      // A fixture model with a rejected version and two awaiting approval: the registry mutations act on them.
      models: await prepareModelWorld(api.running.app, bank, 'matrix'),
      // Ana's budgets and savings goals (one of each to delete).
      customerTools: await prepareCustomerToolsWorld(api.running.app, bank, anaId),
      // Ana's live insight (`respondToInsight`).
      insights: await prepareInsightWorld(api.running.app, bank, anaId, 'matrix'),
      // A staff member the bank's directory knows (`staffMembers`).
      staff: await prepareStaffWorld(api.running.app, bank, 'Matrix'),
    };
    // Categorisation rules (one to delete) and Ana's transaction to re-categorise.
    world.enrichment = await prepareEnrichmentWorld(api.running.app, bank, anaId, 'matrix');
    // Ana's own rules (one to delete) and two open rule suggestions (one to accept, one to dismiss).
    world.customerRules = await prepareCustomerRulesWorld(api.running.app, bank, anaId, 'Matrix');
    // The bank's surveys in each state, one open to Ana (she gets an analytics consent), and a prompt about
    // her transaction.
    world.surveys = await prepareSurveyWorld(
      api.running.app,
      bank,
      anaId,
      'matrix',
      world.enrichment.transactionId,
    );
    startedWorkflows.push(world.models!.workflowId);
    const demo = await demoAccessTokens();
    tokens = {
      'platform-operator': demo.operator,
      'bank-admin': demo.bankAdmin,
      'compliance-officer': demo.complianceOfficer,
      customer: demo.customer,
    };
    const connection = await Connection.connect({ address: inject('services').TEMPORAL_ADDRESS });
    temporal = { connection, client: new Client({ connection }) };
  });

  afterAll(async () => {
    await terminateSyncWorkflows(
      temporal?.client,
      world ? await connectionIdsOf(api.database.ownerUrl, [world.tenant.id]).catch(() => []) : [],
    );
    for (const workflowId of startedWorkflows) {
      await temporal?.client.workflow
        .getHandle(workflowId)
        .terminate('test finished')
        .catch(() => undefined);
    }
    await temporal?.connection.close();
    await api?.close();
  });

  it('names every root operation and every field of every object type of the schema, and nothing else', () => {
    const inSchema = schemaCoordinates(schema);
    const inMatrix = matrixCoordinates();
    expect(inSchema.length).toBeGreaterThan(50);
    expect(
      inSchema.filter((coordinate) => !inMatrix.includes(coordinate)),
      'fields missing from access/role-matrix.ts: add each with the roles that may use it',
    ).toEqual([]);
    expect(
      inMatrix.filter((coordinate) => !inSchema.includes(coordinate)),
      'access/role-matrix.ts names fields the schema does not have: remove or rename them',
    ).toEqual([]);
  });

  it('every root operation, called as every role, is allowed or refused exactly as the matrix says', async () => {
    const tenancy = api.running.app.get(TenancyService);
    // Operations that succeed only from a given state get it before each call (a bank is reactivated only
    // when suspended), and every call starts from a live bank again, so one call cannot decide the next.
    const preconditions: Partial<Record<string, () => Promise<unknown>>> = {
      reactivateTenant: () =>
        tenancy.suspend(world.tenant.id, 'role matrix: reactivation needs a suspended bank'),
    };
    const startLive = () => keepTenantLive(tenancy, world.tenant.id);
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const [rootType, name] of rootOperations(schema)) {
      const rule = operations[rootType][name]!;
      for (const caller of callers) {
        await startLive();
        // Refused callers are refused whatever the state; the state matters only to those allowed.
        if (rule.roles.includes(caller)) await preconditions[name]?.();
        const audiences: readonly Audience[] = [caller];
        // A customer names their own record; staff another customer of their bank.
        const target = caller === 'customer' ? { ...world, customerIds: [anaId] } : world;
        const call = generateCall(schema, rootType, name, target, audiences);
        const { status, body } = await api.graphql(call.document, {
          variables: call.variables,
          ...(caller === 'anonymous' ? {} : { token: tokens[caller] }),
        });
        const code = body.errors?.[0]?.extensions.code;
        const outcome =
          code === undefined && status === 200 && body.data?.[name] !== undefined
            ? 'allowed'
            : code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' || code === 'STEP_UP_REQUIRED'
              ? `refused (${code})`
              : `failed otherwise (${code ?? status}: ${body.errors?.[0]?.message})`;
        outcomes.push(`${rootType}.${name} as ${caller}: ${outcome}`);
        const allowed = rule.roles.includes(caller);
        // Allowed by role, but the operation also asks this caller for a second factor their token lacks.
        const stepUp = allowed && rule.stepUp?.includes(caller) && withoutSecondFactor.includes(caller);
        expected.push(
          `${rootType}.${name} as ${caller}: ${
            stepUp
              ? 'refused (STEP_UP_REQUIRED)'
              : allowed
                ? 'allowed'
                : `refused (${caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN'})`
          }`,
        );
      }
    }
    await startLive();
    expect(outcomes.length).toBe(rootOperations(schema).length * callers.length);
    expect(outcomes).toEqual(expected);
  });

  it('a field the role may not see is hidden when nullable (customer e-mail for a compliance officer)', async () => {
    const { body } = await api.graphql<{ customer: { id: string; email: string | null } }>(
      `query($id: ID!) { customer(id: $id) { id email } }`,
      { token: tokens['compliance-officer'], variables: { id: anaId } },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.customer).toEqual({ id: anaId, email: null });
    const asAdmin = await api.graphql<{ customer: { email: string | null } }>(
      `query($id: ID!) { customer(id: $id) { email } }`,
      { token: tokens['bank-admin'], variables: { id: anaId } },
    );
    expect(asAdmin.body.data?.customer.email).toBe('ana.novak@demo-bank.example');
  });

  it('a root operation the role may not use is refused before anything resolves, even inside a fragment', async () => {
    const { status, body } = await api.graphql(
      `query { me { subject } ...Trail } fragment Trail on Query { verifyAuditTrail { intact } }`,
      { token: tokens['bank-admin'] },
    );
    // Like every GraphQL-level error: HTTP 200 with the code in the body (the README's error table).
    expect(status).toBe(200);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(body.errors?.[0]?.message).toBe('Only compliance-officer may verify the audit trail.');
  });
});
