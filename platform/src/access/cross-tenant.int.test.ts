import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Client, Connection } from '@temporalio/client';
import type { GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { consentLifecycleWorkflowId } from '../consents';
import { CustomersService } from '../customers';
import { DEMO_CUSTOMER_SUBJECT } from '../onboarding';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, DEMO, startApiFixture, tokensOf } from '../testing/api-fixture';
import { seedPushSubscription } from '../testing/notification-fixtures';
import { seedConsent } from '../testing/consent-seed';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { connectClient, withClient } from '../testing/deploy';
import {
  generateCall,
  rootField,
  rootOperations,
  takesId,
  type TargetWorld,
} from '../testing/operation-generator';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';
import { keepTenantLive, rowsAsTenant, rowsAsTenantOn } from '../testing/tenant-rows';
import { connectionIdsOf, prepareSourceWorld, terminateSyncWorkflows } from '../testing/customer-data';
import { preparePluginWorld } from '../testing/plugin-fixtures';
import { prepareWebhookWorld } from '../testing/webhook-fixtures';
import { prepareEnrichmentWorld } from '../testing/enrichment-fixtures';
import { prepareProductWorld } from '../testing/product-fixtures';
import { prepareInsightWorld } from '../testing/insight-fixtures';
import { prepareRecommendationWorld } from '../testing/recommendation-fixtures';
import { prepareModelWorld } from '../testing/model-fixtures';
import { type Audience, operations } from './role-matrix';
import { withRulePack } from '../testing/rule-packs';
import { prepareCustomerToolsWorld } from '../testing/customer-tools-fixtures';
import { prepareCustomerRulesWorld } from '../testing/customer-rules-fixtures';
import { prepareSurveyWorld } from '../testing/survey-fixtures';
import { prepareStaffWorld } from '../testing/staff-fixtures';

/**
 * The generated cross-tenant suite (issue 3, first acceptance item). Every root operation of the real
 * schema — enumerated, not listed — is called by every role of tenant A (and by anonymous callers and the
 * platform operator) with arguments aimed at tenant B's resources, with and without addressing B
 * (`X-Tenant`), and the other way round by B's staff against A. A success across tenants is:
 * - any of the victim's private data (customer ids, names, e-mails, subjects; audit entry ids and hashes)
 *   in the response, beyond what the request itself sent;
 * - the victim's directory entry (tenant id and name; slug and realm are public) in the response, except from operations
 *   the role matrix marks `public` (login branding) or `platform` when the caller is the operator;
 * - any change to the victim's rows: every table with a `tenant_id` column plus its `tenant` row (not
 *   checked for the operator on `platform` operations, which exist to change tenants).
 * The expected number of successes is 0. Each call is also made against the caller's own tenant where the
 * matrix allows it, which must succeed: it proves the generated calls reach the data, so "0" means refused.
 */

interface Tenant {
  id: string;
  slug: string;
  realm: string;
  name: string;
}

interface Attacker {
  label: string;
  audience: Audience;
  /** A token that has not expired (tokens live 5 min; a run takes longer), or none for anonymous callers. */
  token: () => Promise<string | undefined>;
  own: TargetWorld | undefined;
  victim: TargetWorld;
  victimTenant: Tenant;
}

/** A token source that signs in again once the last token is a minute old (they live 5 minutes). */
function fresh(signIn: () => Promise<string>): () => Promise<string> {
  let current: { token: string; at: number } | undefined;
  return async () => {
    if (!current || Date.now() - current.at > 60_000) current = { token: await signIn(), at: Date.now() };
    return current.token;
  };
}

const mutationKind = (name: string) =>
  /^(delete|remove|erase|shred|suspend|revoke)/.test(name) ? 'delete' : 'update';

/**
 * One statement that lists, for a tenant (`$1`), every table with a `tenant_id` column as
 * `table:count:md5 of its rows`, then the tenant's own row as `tenant:<row>`, in that order.
 */
async function digestStatement(ownerUrl: string): Promise<{ sql: string; tables: string[] }> {
  const tables = await withClient(ownerUrl, async (client) =>
    (
      await client.query<{ table_name: string }>(
        `select table_name from information_schema.columns
          where table_schema = 'public' and column_name = 'tenant_id' order by table_name`,
      )
    ).rows.map((row) => row.table_name),
  );
  expect(tables).toEqual(expect.arrayContaining(['customer', 'audit_entry']));
  const perTable = tables.map(
    (table, index) =>
      `select ${index} as position, '${table}:' || count(*) || ':' ||
              md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as line
         from "${table}" t where tenant_id = $1`,
  );
  const sql = `select line from (
            ${[...perTable, `select ${tables.length}, 'tenant:' || coalesce((select t::text from tenant t where id = $1), '')`].join('\n union all ')}
          ) digests order by position`;
  return { sql, tables };
}

/**
 * The generated operations in shards, one test case each (with its own limit, so a slow machine fails
 * one shard's limit at worst, and a failure names its shard): by root type and first letter, in the
 * schema's (alphabetical) order, so the calls run in the same sequence as one test would make them.
 * The first test checks that the shards hold every root operation exactly once.
 */
const shards: { rootType: 'Query' | 'Mutation'; first: RegExp }[] = [
  { rootType: 'Query', first: /^[a-c]/ },
  { rootType: 'Query', first: /^[d-q]/ },
  { rootType: 'Query', first: /^[r-z]/ },
  { rootType: 'Mutation', first: /^[a-c]/ },
  { rootType: 'Mutation', first: /^[d-q]/ },
  { rootType: 'Mutation', first: /^[r-s]/ },
  { rootType: 'Mutation', first: /^[t-z]/ },
];
const shardName = (shard: (typeof shards)[number]) => `${shard.rootType} ${shard.first.source.slice(2, -1)}`;
const inShard = (shard: (typeof shards)[number], [rootType, name]: ['Query' | 'Mutation', string]) =>
  rootType === shard.rootType && shard.first.test(name);
/** Longest one shard may take: the slowest took 16 s on a loaded 2-core machine (load average 8). */
const shardTimeoutMs = 120_000;

describe('cross-tenant isolation, generated from the schema', () => {
  let api: ApiFixture;
  let schema: GraphQLSchema;
  let second: BankRealm;
  let tenantA: Tenant;
  let tenantB: Tenant;
  let worlds: { a: TargetWorld; b: TargetWorld; anaWorld: TargetWorld; bSubjectWorld: TargetWorld };
  let markers: Map<string, { private: string[]; directory: string[] }>;
  let attackers: Attacker[];
  let temporal: { connection: Connection; client: Client };
  const consentWorkflows: string[] = [];
  /** Fresh tokens for every attacker: access tokens live 5 minutes, a generated run on a busy machine longer. */

  /** The statement digesting the victim's rows (see `digestStatement`), built once the database is migrated. */
  let digest: { sql: string; tables: string[] };
  /** The owner's connection the snapshots use (one for the suite: a run takes thousands of snapshots). */
  let digestClient: Awaited<ReturnType<typeof connectClient>> | undefined;
  /**
   * Every table holding tenant rows (found in the database, not listed) with the victim's digest, and its
   * `tenant` row: one prepared statement, in a transaction with the tenant set as the platform sets it.
   */
  const snapshot = async (tenant: Tenant): Promise<string> =>
    (
      await rowsAsTenantOn<{ line: string }>(digestClient!, tenant.id, {
        name: 'cross-tenant-digest',
        text: digest.sql,
        values: [tenant.id],
      })
    )
      .map((row) => row.line)
      .join('\n');

  const worldOf = async (tenant: Tenant, onboardingSlug: string) => {
    const customers = await rowsAsTenant<{ id: string; subject: string | null; email: string | null }>(
      api.database.ownerUrl,
      tenant.id,
      'select id, subject, email, display_name from customer order by created_at, id',
    );
    const world: TargetWorld = {
      tenant,
      customerIds: customers.map((row) => row.id),
      workflowId: `onboard-tenant:${tenant.slug}`,
      onboardingSlug,
    };
    return { world, customers };
  };

  const markersOf = async (tenant: Tenant) => {
    const customers = await rowsAsTenant<{
      id: string;
      subject: string | null;
      email: string | null;
      display_name: string;
    }>(api.database.ownerUrl, tenant.id, 'select id, subject, email, display_name from customer');
    const audit = await rowsAsTenant<{ id: string; hash: string }>(
      api.database.ownerUrl,
      tenant.id,
      'select id, hash from audit_entry where tenant_id = $1',
      [tenant.id],
    );
    // Customer data from sources: the ids of connections, accounts and transactions.
    const sourceRows = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      tenant.id,
      `select id from connection union all select id from account union all select id from account_transaction`,
    );
    const pluginInstallations = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      tenant.id,
      'select id from plugin_installation where tenant_id = $1',
      [tenant.id],
    );
    const consentsAndNotifications = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      tenant.id,
      `select id from consent where tenant_id = $1 union all select id from notification where tenant_id = $1
       union all select id from push_subscription where tenant_id = $1`,
      [tenant.id],
    );
    // Customers' budgets, savings goals and alerts.
    const customerTools = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      tenant.id,
      `select id from budget where tenant_id = $1 union all select id from savings_goal where tenant_id = $1
       union all select id from customer_alert where tenant_id = $1
       union all select id from customer_rule where tenant_id = $1`,
      [tenant.id],
    );
    // The bank's categorisation rules: ids and names.
    const categoryRules = await rowsAsTenant<{ id: string; name: string }>(
      api.database.ownerUrl,
      tenant.id,
      'select id, name from category_rule where tenant_id = $1',
      [tenant.id],
    );
    const recommendationRows = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      tenant.id,
      'select id from recommendation where tenant_id = $1 union all select id from recommendation_review where tenant_id = $1',
      [tenant.id],
    );
    const insightRows = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      tenant.id,
      'select id from insight where tenant_id = $1',
      [tenant.id],
    );
    // The bank's surveys: ids and titles (not personal, but the bank's own).
    const surveyRows = await rowsAsTenant<{ id: string; title: string }>(
      api.database.ownerUrl,
      tenant.id,
      `select id, title from survey where tenant_id = $1
       union all select id, id::text from transaction_prompt where tenant_id = $1`,
      [tenant.id],
    );
    // The bank's staff directory: its staff's subjects (names are stored encrypted; the fixture's names are
    // added from the worlds below).
    const staffRows = await rowsAsTenant<{ subject: string }>(
      api.database.ownerUrl,
      tenant.id,
      'select subject from staff_member where tenant_id = $1',
      [tenant.id],
    );
    const privateMarkers = [
      ...insightRows.map((row) => row.id),
      ...categoryRules.flatMap((row) => [row.id, row.name]),
      ...customers.flatMap((row) => [row.id, row.display_name, row.email, row.subject]),
      ...audit.flatMap((row) => [row.id, row.hash]),
      ...sourceRows.map((row) => row.id),
      ...consentsAndNotifications.map((row) => row.id),
      ...customerTools.map((row) => row.id),
      ...pluginInstallations.map((row) => row.id),
      ...recommendationRows.map((row) => row.id),
      ...surveyRows.flatMap((row) => [row.id, row.title]),
      ...staffRows.map((row) => row.subject),
    ].filter((value): value is string => typeof value === 'string' && value.length > 0);
    // Slug and realm are public (every login page asks `tenantBranding(slug)` for the realm) and show up
    // in a caller's own trail when they addressed another bank: not evidence of a leak.
    return { private: privateMarkers, directory: [tenant.id, tenant.name] };
  };

  beforeAll(async () => {
    api = await startApiFixture({
      overrides: { RATE_LIMIT_MAX: '10000', RATE_LIMIT_ANONYMOUS_MAX: '10000' },
    });
    schema = api.running.app.get(GraphQLSchemaHost).schema;
    digest = await digestStatement(api.database.ownerUrl);
    digestClient = await connectClient(api.database.ownerUrl);
    const tenancy = api.running.app.get(TenancyService);
    const customers = api.running.app.get(CustomersService);
    second = await createBankRealm('xtenant');
    const a = await withRulePack(api.running.app, tenancy.upsertTenant(demoBank));
    const b = await withRulePack(
      api.running.app,
      tenancy.upsertTenant({
        ...otherBank,
        slug: second.realm,
        realm: second.realm,
        name: `Bank B ${second.realm}`,
        appOrigins: { admin: [], customer: ['http://localhost:15174'] },
      }),
    );
    tenantA = { ...tenantRef(a), name: a.name };
    tenantB = { ...tenantRef(b), name: b.name };
    await customers.upsertDemoCustomers(tenantA.slug, demoBankCustomers);
    // B's first customer has the same token subject as A's customer Ana (subjects are only unique per
    // realm): a rule matching on the subject alone would hand Ana B's record.
    await customers.upsertDemoCustomers(tenantB.slug, [
      {
        subject: DEMO_CUSTOMER_SUBJECT,
        displayName: 'Brigitte Bsubject',
        email: `brigitte@${second.realm}.example`,
      },
      ...Array.from({ length: 4 }, (_, index) => ({
        displayName: `Bertram Bcustomer ${index + 1}`,
        email: `bertram${index + 1}@${second.realm}.example`,
      })),
    ]);
    const [adminB, officerB] = await Promise.all([second.bankAdminToken(), second.complianceOfficerToken()]);
    // B's staff have read B's data through the API, so B's trail holds entries with their request ids.
    await api.graphql(`{ customers(first: 5) { totalCount } }`, { token: adminB });
    await api.graphql(`{ verifyAuditTrail { intact } }`, { token: officerB });

    const { world: a0, customers: aCustomers } = await worldOf(tenantA, tenantA.slug);
    const { world: b0, customers: bCustomers } = await worldOf(tenantB, tenantB.slug);
    const anaId = aCustomers.find((row) => row.subject === DEMO_CUSTOMER_SUBJECT)!.id;
    const bSubjectId = bCustomers.find((row) => row.subject === DEMO_CUSTOMER_SUBJECT)!.id;
    // Ana's and her B twin's consents and connections: connection, account and transaction operations
    // act on them (B's are what A's callers aim at).
    a0.sources = await prepareSourceWorld(api.running.app, tenantA, {
      id: anaId,
      subject: DEMO_CUSTOMER_SUBJECT,
    });
    b0.sources = await prepareSourceWorld(api.running.app, tenantB, {
      id: bSubjectId,
      subject: DEMO_CUSTOMER_SUBJECT,
    });
    // Each bank's own fixture plugins (different ids): a bank's calls aimed at the other's plugins act, if
    // at all, on the caller's own bank, and never on the plugins the other bank's own calls rely on.
    a0.plugins = await preparePluginWorld(api.running.app, tenantA, 'xtenant-a');
    b0.plugins = await preparePluginWorld(api.running.app, tenantB, 'xtenant-b');
    // Each bank's webhook subscriptions and a dead delivery: ids the other bank's calls aim at.
    a0.webhooks = await prepareWebhookWorld(api.running.app, tenantA, 'xtenant-a');
    b0.webhooks = await prepareWebhookWorld(api.running.app, tenantB, 'xtenant-b');
    // Each bank's categorisation rules and its customer's transaction: ids the other bank's calls aim at.
    a0.enrichment = await prepareEnrichmentWorld(api.running.app, tenantA, anaId, 'xtenant-a');
    b0.enrichment = await prepareEnrichmentWorld(api.running.app, tenantB, bSubjectId, 'xtenant-b');
    // Each bank's own product catalogue (ids prefixed by bank): a product id of B in A's answers is a leak.
    a0.products = await prepareProductWorld(api.running.app, tenantA, 'xtenant-a');
    b0.products = await prepareProductWorld(api.running.app, tenantB, 'xtenant-b');
    // Ana's recommendations in A and her subject twin Brigitte's in B (named by id, like consents).
    a0.recommendations = await prepareRecommendationWorld(api.running.app, tenantA, anaId, 'xtenant-a');
    b0.recommendations = await prepareRecommendationWorld(api.running.app, tenantB, bSubjectId, 'xtenant-b');
    // Ana's live insight in A and Brigitte's in B (named by id; titles name the bank: evidence if they cross).
    a0.insights = await prepareInsightWorld(api.running.app, tenantA, anaId, 'Bank A');
    b0.insights = await prepareInsightWorld(api.running.app, tenantB, bSubjectId, 'Bank B');
    // Each bank's own fixture model (different plugin ids) and versions: ids the other bank's calls aim at.
    a0.models = await prepareModelWorld(api.running.app, tenantA, 'xtenant-a');
    b0.models = await prepareModelWorld(api.running.app, tenantB, 'xtenant-b');
    consentWorkflows.push(a0.models.workflowId, b0.models.workflowId);
    // Each bank's surveys (titles name the bank), one open to Ana in A and to Brigitte in B.
    a0.surveys = await prepareSurveyWorld(
      api.running.app,
      tenantA,
      anaId,
      'Bank A',
      a0.enrichment.transactionId,
    );
    b0.surveys = await prepareSurveyWorld(
      api.running.app,
      tenantB,
      bSubjectId,
      'Bank B',
      b0.enrichment.transactionId,
    );
    // Each bank's staff directory holds a staff member (names name the bank: evidence if they cross).
    a0.staff = await prepareStaffWorld(api.running.app, tenantA, 'Bank A');
    b0.staff = await prepareStaffWorld(api.running.app, tenantB, 'Bank B');
    // Ana's consent and reminder in A, and her subject twin Brigitte's in B (consents and notifications
    // are named by id; a rule matching on the subject alone would hand Ana Brigitte's).
    const [anaConsent, bConsent] = [
      await seedConsent(api.running.app, api.database.ownerUrl, tenantA, DEMO_CUSTOMER_SUBJECT, {
        reminder: true,
      }),
      await seedConsent(api.running.app, api.database.ownerUrl, tenantB, DEMO_CUSTOMER_SUBJECT, {
        reminder: true,
      }),
    ];
    consentWorkflows.push(
      ...[anaConsent, bConsent].map((seeded) => consentLifecycleWorkflowId(seeded.consentId)),
    );
    // Ana's and Brigitte's browsers subscribed to web push (removePushSubscription names them by id).
    const [anaPush, bPush] = [
      await seedPushSubscription(
        api.running.app,
        tenantA,
        DEMO_CUSTOMER_SUBJECT,
        'https://push.xtenant-a.example/s',
      ),
      await seedPushSubscription(
        api.running.app,
        tenantB,
        DEMO_CUSTOMER_SUBJECT,
        'https://push.xtenant-b.example/s',
      ),
    ];
    const pushOf = new Map([
      [anaConsent, anaPush],
      [bConsent, bPush],
    ]);
    // Ana's and Brigitte's budgets and savings goals (goal names name the bank: evidence if they cross).
    const [anaTools, bTools] = [
      await prepareCustomerToolsWorld(api.running.app, tenantA, anaId, 'Bank A'),
      await prepareCustomerToolsWorld(api.running.app, tenantB, bSubjectId, 'Bank B'),
    ];
    // Ana's and Brigitte's own rules and rule suggestions (merchant names name the bank).
    const [anaRules, bRules] = [
      await prepareCustomerRulesWorld(api.running.app, tenantA, anaId, 'Bank A'),
      await prepareCustomerRulesWorld(api.running.app, tenantB, bSubjectId, 'Bank B'),
    ];
    const consentsOf = (seeded: typeof anaConsent) => ({
      consentIds: [seeded.consentId],
      notificationIds: [seeded.notificationId!],
      pushSubscriptionIds: [pushOf.get(seeded)!],
      customerTools: seeded === anaConsent ? anaTools : bTools,
      customerRules: seeded === anaConsent ? anaRules : bRules,
    });
    worlds = {
      // Staff name a customer other than Ana; Ana names her own record; B's subject twin is aimed at.
      a: { ...a0, customerIds: a0.customerIds.filter((id) => id !== anaId), ...consentsOf(anaConsent) },
      b: { ...b0, ...consentsOf(bConsent) },
      anaWorld: { ...a0, customerIds: [anaId], ...consentsOf(anaConsent) },
      bSubjectWorld: { ...b0, customerIds: [bSubjectId], ...consentsOf(bConsent) },
    };
    // A value both tenants hold (Ana's and Brigitte's shared subject) is evidence of nothing. Products come
    // from plugin settings, not rows: their ids are added from the worlds.
    const [markersA, markersB] = [await markersOf(tenantA), await markersOf(tenantB)];
    markersA.private.push(...a0.products.productIds, 'Bank A holiday', 'Bank A bike', 'Bank A money resting');
    markersB.private.push(...b0.products.productIds, 'Bank B holiday', 'Bank B bike', 'Bank B money resting');
    // The fixture staff members' names and usernames name their bank (`bank.a.staff`): evidence if they cross.
    markersA.private.push(...a0.staff.names);
    markersB.private.push(...b0.staff.names);
    const only = (values: string[], other: { private: string[]; directory: string[] }) =>
      values.filter((value) => !other.private.includes(value) && !other.directory.includes(value));
    markers = new Map([
      [
        tenantA.id,
        { private: only(markersA.private, markersB), directory: only(markersA.directory, markersB) },
      ],
      [
        tenantB.id,
        { private: only(markersB.private, markersA), directory: only(markersB.directory, markersA) },
      ],
    ]);
    const demo = (user: 'operator' | 'bankAdmin' | 'complianceOfficer' | 'customer') =>
      fresh(async () => (await tokensOf(user)).accessToken);
    const fromA = (label: string, audience: Audience, token: Attacker['token'], own?: TargetWorld) => ({
      label: `${label} of A`,
      audience,
      token,
      own,
      victim: audience === 'customer' ? worlds.bSubjectWorld : worlds.b,
      victimTenant: tenantB,
    });
    attackers = [
      {
        ...fromA('anonymous caller', 'anonymous', async () => undefined, worlds.a),
        label: 'anonymous caller',
      },
      {
        ...fromA('platform operator', 'platform-operator', demo('operator'), undefined),
        label: 'platform operator',
      },
      fromA('bank admin', 'bank-admin', demo('bankAdmin'), worlds.a),
      fromA('compliance officer', 'compliance-officer', demo('complianceOfficer'), worlds.a),
      fromA('customer', 'customer', demo('customer'), worlds.anaWorld),
      {
        label: 'bank admin of B',
        audience: 'bank-admin',
        token: fresh(() => second.bankAdminToken()),
        own: worlds.b,
        victim: worlds.a,
        victimTenant: tenantA,
      },
      {
        label: 'compliance officer of B',
        audience: 'compliance-officer',
        token: fresh(() => second.complianceOfficerToken()),
        own: worlds.b,
        victim: worlds.a,
        victimTenant: tenantA,
      },
    ];
    const connection = await Connection.connect({ address: inject('services').TEMPORAL_ADDRESS });
    temporal = { connection, client: new Client({ connection }) };
  });

  afterAll(async () => {
    await terminateSyncWorkflows(
      temporal?.client,
      tenantA && tenantB
        ? await connectionIdsOf(api.database.ownerUrl, [tenantA.id, tenantB.id]).catch(() => [])
        : [],
    );
    // The operator's generated onboardTenant calls start runs for A's and B's slugs; no worker runs them.
    for (const workflowId of [
      ...[tenantA, tenantB].map((tenant) => `onboard-tenant:${tenant?.slug}`),
      ...consentWorkflows,
    ]) {
      await temporal?.client.workflow
        .getHandle(workflowId)
        .terminate('test finished')
        .catch(() => undefined);
    }
    await temporal?.connection.close();
    await digestClient?.end();
    await second?.remove().catch(() => undefined);
    await api?.close();
  });

  const kindOf = (rootType: 'Query' | 'Mutation', name: string) => {
    const field = rootField(schema, rootType, name);
    const readsOne = takesId(field) || field.args.some((arg) => arg.name === 'slug');
    return rootType === 'Mutation' ? mutationKind(name) : readsOne ? 'read' : 'list';
  };

  it("a snapshot digests every table of the victim's rows and its tenant row (so equal means unchanged)", async () => {
    for (const tenant of [tenantA, tenantB]) {
      const lines = (await snapshot(tenant)).split('\n');
      expect(lines.slice(0, -1).map((line) => line.split(':')[0])).toEqual(digest.tables);
      expect(lines.slice(0, -1).every((line) => /^\w+:\d+:[0-9a-f]{32}$/.test(line))).toBe(true);
      expect(lines.find((line) => line.startsWith('customer:'))).toMatch(/^customer:[1-9]\d*:/);
      expect(lines.at(-1)).toContain(`tenant:(${tenant.id},`);
    }
  });

  it('the shards below hold every root operation exactly once, and the matrix knows each', () => {
    const operationsInScope = rootOperations(schema);
    // Every operation either takes an id (or slug) or returns tenant data, so none is left out; the
    // matrix must know each one (role-matrix.int.test.ts says so too).
    expect(operationsInScope.length).toBeGreaterThanOrEqual(9);
    const misplaced = operationsInScope
      .map((operation) => ({ operation, in: shards.filter((shard) => inShard(shard, operation)) }))
      .filter((placed) => placed.in.length !== 1)
      .map((placed) => `${placed.operation.join('.')} in ${placed.in.length} shards`);
    expect(misplaced).toEqual([]);
    for (const shard of shards) {
      expect(
        operationsInScope.filter((operation) => inShard(shard, operation)).length,
        `shard ${shardName(shard)} is empty`,
      ).toBeGreaterThan(0);
    }
    for (const [rootType, name] of operationsInScope) {
      expect(
        operations[rootType][name],
        `${rootType}.${name} is missing from access/role-matrix.ts`,
      ).toBeDefined();
    }
    const kinds = new Set(operationsInScope.map(([rootType, name]) => kindOf(rootType, name)));
    expect([...kinds]).toEqual(expect.arrayContaining(['read', 'list', 'update']));
  });

  for (const shard of shards) {
    it(
      `${shardName(shard)}: every root operation × every role × addressed or not → 0 successes across tenants`,
      async () => {
        const operationsInScope = rootOperations(schema).filter((operation) => inShard(shard, operation));
        expect(operationsInScope.length).toBeGreaterThan(0);
        const successes: string[] = [];
        const malformed: string[] = [];
        let calls = 0;
        for (const [rootType, name] of operationsInScope) {
          const rule = operations[rootType][name];
          expect(rule, `${rootType}.${name} is missing from access/role-matrix.ts`).toBeDefined();
          const kind = kindOf(rootType, name);
          for (const attacker of attackers) {
            const call = generateCall(schema, rootType, name, attacker.victim, [attacker.audience]);
            const victimMarkers = markers.get(attacker.victimTenant.id)!;
            const operatorOnPlatform =
              rule!.tenancy === 'platform' && attacker.audience === 'platform-operator';
            const directoryAllowed = rule!.tenancy === 'public' || operatorOnPlatform;
            const modes =
              attacker.audience === 'platform-operator'
                ? [undefined]
                : [undefined, attacker.victimTenant.slug];
            for (const addressed of modes) {
              const before = operatorOnPlatform ? '' : await snapshot(attacker.victimTenant);
              const response = await api.graphql(call.document, {
                variables: call.variables,
                token: await attacker.token(),
                tenant: addressed,
              });
              calls += 1;
              // An operator may legitimately suspend the bank; put it back live for the calls that follow.
              if (operatorOnPlatform) {
                await keepTenantLive(api.running.app.get(TenancyService), attacker.victimTenant.id);
              }
              const sent = JSON.stringify([call.document, call.variables, addressed]);
              const received = JSON.stringify(response.body);
              const leaked = [
                ...victimMarkers.private,
                ...(directoryAllowed ? [] : victimMarkers.directory),
              ].filter((marker) => received.includes(marker) && !sent.includes(marker));
              const where = `${kind} ${rootType}.${name} as ${attacker.label}${addressed ? ' addressing the victim' : ''}`;
              if (leaked.length > 0) successes.push(`${where}: response holds ${leaked.join(', ')}`);
              if (!operatorOnPlatform && (await snapshot(attacker.victimTenant)) !== before) {
                successes.push(`${where}: the victim's rows changed`);
              }
              if (response.body.errors?.some((error) => error.extensions.code === 'INVALID')) {
                malformed.push(`${where}: ${response.body.errors[0]?.message}`);
              }
            }
          }
        }
        expect(
          malformed,
          'generated calls the API could not even validate (they would test nothing)',
        ).toEqual([]);
        expect(successes).toEqual([]);
        // Every operation × every attacker, addressed or not (the operator only unaddressed), each with two
        // snapshots of the victim.
        expect(calls).toBeGreaterThanOrEqual(operationsInScope.length * 12);
      },
      shardTimeoutMs,
    );
  }

  it('the same generated calls against the caller’s own tenant succeed wherever the matrix allows them', async () => {
    const failures: string[] = [];
    let succeeded = 0;
    for (const [rootType, name] of rootOperations(schema)) {
      const rule = operations[rootType][name]!;
      if (rule.tenancy !== 'tenant') continue;
      for (const attacker of attackers) {
        if (!attacker.own || !rule.roles.includes(attacker.audience)) continue;
        const call = generateCall(schema, rootType, name, attacker.own, [attacker.audience]);
        const { body } = await api.graphql(call.document, {
          variables: call.variables,
          token: await attacker.token(),
        });
        // The demo customer has no one-time code: an operation that asks customers for a step-up must
        // refuse them with STEP_UP_REQUIRED, which shows the call reached the operation.
        if (
          rule.stepUp?.includes(attacker.audience) &&
          attacker.audience === 'customer' &&
          !DEMO.bank.customer.otp
        ) {
          if (body.errors?.[0]?.extensions.code !== 'STEP_UP_REQUIRED') {
            failures.push(`${rootType}.${name} as ${attacker.label}: expected STEP_UP_REQUIRED`);
          } else succeeded += 1;
          continue;
        }
        if (body.errors || body.data?.[name] === undefined) {
          failures.push(`${rootType}.${name} as ${attacker.label}: ${body.errors?.[0]?.message}`);
        } else succeeded += 1;
      }
    }
    expect(failures).toEqual([]);
    expect(succeeded).toBeGreaterThanOrEqual(10);
  });

  it("an id of another bank's customer is the same NOT_FOUND as an id of nobody (existence is never revealed)", async () => {
    const adminA = await tokensOf('bankAdmin');
    const document = `query($id: ID!) { customer(id: $id) { id displayName } }`;
    const foreign = await api.graphql(document, {
      token: adminA.accessToken,
      variables: { id: worlds.b.customerIds[0] },
    });
    const nobody = await api.graphql(document, {
      token: adminA.accessToken,
      variables: { id: '00000000-0000-4000-8000-00000000dead' },
    });
    const own = await api.graphql<{ customer: { id: string } }>(document, {
      token: adminA.accessToken,
      variables: { id: worlds.a.customerIds[0] },
    });
    expect(own.body.data?.customer.id).toBe(worlds.a.customerIds[0]);
    const shape = (response: typeof foreign) => ({
      status: response.status,
      data: response.body.data ?? null,
      errors: response.body.errors?.map((error) => ({ message: error.message, code: error.extensions.code })),
    });
    expect(shape(foreign)).toEqual(shape(nobody));
    expect(shape(foreign).errors?.[0]?.code).toBe('NOT_FOUND');
  });
});
