// Recommendations through GraphQL, against the real API, PostgreSQL, Keycloak and Temporal: what the customer
// needs before any is delivered (personalisation consent, then the pack's marketing rule, then a champion
// model), the same ones within a period, "not for me", acceptance with its webhook event in the same
// transaction, ratings with encrypted comments, contest → human review decided by a compliance officer,
// engagement figures, the outcomes the registry reads (Seam 6), and other banks and roles refused. Last, the
// whole path on bank B (UK): the registry's champion (a fixture model plugin through the plugin host), the
// customer's stored features, the bank's catalogue and rule pack, the cap, reasons and the decision record.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { consentLifecycleWorkflowId } from '../consents';
import { CustomersService } from '../customers';
import { DEMO_CUSTOMER_SUBJECT } from '../onboarding';
import { runAsTenant } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { seedConsent } from '../testing/consent-seed';
import { demoAccessTokens } from '../testing/demo-tokens';
import { prepareProductWorld } from '../testing/product-fixtures';
import { insertRecommendation } from '../testing/recommendation-fixtures';
import { withRulePack } from '../testing/rule-packs';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';
import { rowsAsTenant } from '../testing/tenant-rows';
import { EntityManager } from '@mikro-orm/postgresql';
import type { CandidateProduct, FeatureVector, RecommendationModel } from '@finpersona/plugin-sdk';
import { checkProductEligibility } from '@finpersona/plugin-sdk';
import { ukRules } from '@finpersona/compliance-uk';
import { ModelRegistryService } from '../model-registry';
import { PluginCatalogue, PluginsService } from '../plugins';
import { fixtureModelPlugin, trained } from '../testing/model-fixtures';
import { RecommendationFeedback } from './recommendation-feedback';

const listQuery = `{ recommendations { availability message period recommendations {
  id period productId productType rank reason status actions modelPluginId modelVersionId deliveredAt
  attributions { feature value contribution } disclosures { ruleId document when } product { id name type } } } }`;
const respond = `mutation($id: ID!, $outcome: RecommendationOutcome!, $rating: Int, $comment: String) {
  respondToRecommendation(id: $id, outcome: $outcome, rating: $rating, comment: $comment) { id status actions } }`;
const contest = `mutation($id: ID!, $text: String!) { contestRecommendation(id: $id, text: $text) {
  id recommendationId trigger customerText status reason } }`;
const reviews = `query($status: RecommendationReviewStatus) { recommendationReviews(status: $status) { totalCount edges { node {
  id recommendationId trigger customerText status decision note reason
  decisionRecord { recommendationId customerId modelPluginId modelVersionId rulePackId features { name value }
    candidates { productId outcome refusals { ruleId } } } } } } }`;
const decide = `mutation($id: ID!, $decision: RecommendationReviewDecision!, $note: String!) {
  decideRecommendationReview(id: $id, decision: $decision, note: $note) { id status decision note } }`;
const engagement = `{ recommendationEngagement { productId delivered shown opened accepted dismissed acceptedRate } }`;

interface Listed {
  availability: string;
  message: string;
  period: string;
  recommendations: {
    id: string;
    productId: string;
    reason: string;
    status: string;
    actions: string[];
    product: { id: string } | null;
    disclosures: { ruleId: string }[];
  }[];
}

describe('recommendations', () => {
  let api: ApiFixture;
  let realmB: BankRealm;
  let bankA: { id: string; slug: string; realm: string };
  let bankB: { id: string; slug: string; realm: string };
  let anaId: string;
  let productIds: string[];
  let tokens: { admin: string; officer: string; customer: string; officerB: string; customerB: string };
  let temporal: { connection: Connection; client: Client };
  const workflows: string[] = [];

  const gql = <T = Record<string, unknown>>(
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ) => api.graphql<T>(query, { token, variables });
  const list = async (token = tokens.customer): Promise<Listed> => {
    const { body } = await gql<{ recommendations: Listed }>(token, listQuery);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data!.recommendations;
  };
  const rows = <T extends Record<string, unknown>>(sql: string, parameters: unknown[] = []) =>
    rowsAsTenant<T>(api.database.ownerUrl, bankA.id, sql, parameters);
  const consent = async (purpose: 'personalisation' | 'marketing') => {
    const seeded = await seedConsent(api.running.app, api.database.ownerUrl, bankA, DEMO_CUSTOMER_SUBJECT, {
      purpose,
    });
    workflows.push(consentLifecycleWorkflowId(seeded.consentId));
  };

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '10000' } });
    const tenancy = api.running.app.get(TenancyService);
    const customers = api.running.app.get(CustomersService);
    bankA = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(demoBank)));
    await customers.upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    realmB = await createBankRealm('recommend', { customers: ['rita'] });
    bankB = tenantRef(
      await withRulePack(
        api.running.app,
        tenancy.upsertTenant({
          ...otherBank,
          slug: realmB.realm,
          realm: realmB.realm,
          name: 'Recommend Bank B',
          appOrigins: { admin: [], customer: ['http://localhost:15174'] },
        }),
      ),
    );
    await customers.upsertDemoCustomers(realmB.realm, [
      { subject: realmB.customers[0]!.subject, displayName: 'Rita B', email: `rita@${realmB.realm}.example` },
    ]);
    const [ana] = await rows<{ id: string }>('select id from customer where subject = $1', [
      DEMO_CUSTOMER_SUBJECT,
    ]);
    anaId = ana!.id;
    productIds = (await prepareProductWorld(api.running.app, bankA, 'rec')).productIds;
    const demo = await demoAccessTokens();
    tokens = {
      admin: demo.bankAdmin,
      officer: demo.complianceOfficer,
      customer: demo.customer,
      officerB: await realmB.complianceOfficerToken(),
      customerB: await realmB.customerToken('rita'),
    };
    const connection = await Connection.connect({ address: inject('services').TEMPORAL_ADDRESS });
    temporal = { connection, client: new Client({ connection }) };
  });

  afterAll(async () => {
    for (const workflowId of workflows) {
      await temporal?.client.workflow
        .getHandle(workflowId)
        .terminate('test finished')
        .catch(() => undefined);
    }
    await temporal?.connection.close();
    await realmB?.remove().catch(() => undefined);
    await api?.close();
  });

  it('delivers nothing, and says why, without a personalisation consent, then without marketing consent (EU opt-in), then without a champion model', async () => {
    const before = await rows<{ count: string }>('select count(*) as count from recommendation');
    expect((await list()).availability).toBe('NO_PERSONALISATION_CONSENT');
    await consent('personalisation');
    const marketing = await list();
    expect(marketing.availability).toBe('MARKETING_NOT_ALLOWED');
    expect(marketing.message).toMatch(/marketing consent/);
    await consent('marketing');
    const noModel = await list();
    expect(noModel).toMatchObject({ availability: 'NO_MODEL', recommendations: [] });
    expect(noModel.message).toMatch(/no recommendation model/);
    expect(await rows<{ count: string }>('select count(*) as count from recommendation')).toEqual(before);
  });

  it('returns the period’s delivered recommendations with reason, product and disclosures, the same ones each time', async () => {
    const saver = productIds.find((id) => id.endsWith('EU-SA-FLEX'))!;
    const loan = productIds.find((id) => id.endsWith('EU-PL-FLEX'))!;
    await insertRecommendation(api.running.app, bankA, anaId, { productId: saver, rank: 1 });
    await insertRecommendation(api.running.app, bankA, anaId, {
      productId: loan,
      productType: 'personal-loan',
      rank: 2,
      reason: 'Your salary rose 12% over the last 3 months.',
    });
    // Last month's recommendation is not this period's.
    await insertRecommendation(api.running.app, bankA, anaId, {
      productId: 'rec-OLD',
      at: new Date(Date.now() - 40 * 86_400_000),
    });
    const first = await list();
    expect(first.availability).toBe('DELIVERED');
    expect(first.recommendations.map((item) => item.productId)).toEqual([saver, loan]);
    expect(first.recommendations.every((item) => item.reason.length > 0)).toBe(true);
    expect(first.recommendations[0]!.product?.id).toBe(saver);
    expect(first.recommendations[0]!.actions).toEqual([
      'OPEN',
      'ACCEPT',
      'DISMISS',
      'RATE',
      'CONTEST',
      'REQUEST_HUMAN_REVIEW',
    ]);
    expect(await list()).toEqual(first);
  });

  it('"not for me" removes it for good; accepting emits recommendation.accepted in the same transaction; bad input writes nothing', async () => {
    const [saver, loan] = (await list()).recommendations;
    const events = () => rows<{ count: string }>('select count(*) as count from recommendation_event');
    const before = await events();
    const invalid = await gql(tokens.customer, respond, { id: saver!.id, outcome: 'RATED', rating: 7 });
    expect(invalid.body.errors?.[0]?.extensions.code).toBe('INVALID');
    expect(await events()).toEqual(before);

    const dismissed = await gql<{ respondToRecommendation: { status: string } }>(tokens.customer, respond, {
      id: saver!.id,
      outcome: 'DISMISSED',
      rating: 2,
      comment: 'I save elsewhere',
    });
    expect(dismissed.body.data?.respondToRecommendation.status).toBe('DISMISSED');
    expect((await list()).recommendations.map((item) => item.id)).toEqual([loan!.id]);
    const accepting = await gql(tokens.customer, respond, { id: saver!.id, outcome: 'ACCEPTED' });
    expect(accepting.body.errors?.[0]?.extensions.code).toBe('CONFLICT');

    const accepted = await gql<{ respondToRecommendation: { status: string } }>(tokens.customer, respond, {
      id: loan!.id,
      outcome: 'ACCEPTED',
    });
    expect(accepted.body.errors).toBeUndefined();
    const [event] = await rows<{ payload: { recommendationId: string; productId: string } }>(
      `select payload from outbox_event where type = 'recommendation.accepted' order by sequence desc limit 1`,
    );
    expect(event?.payload).toMatchObject({ recommendationId: loan!.id, productId: loan!.productId });
    const stored = await rows<{ kind: string; rating: number | null; comment_enc: string | null }>(
      'select kind, rating, comment_enc from recommendation_event where recommendation_id = $1 order by kind',
      [saver!.id],
    );
    expect(stored.map((row) => row.kind)).toEqual(['dismissed', 'rated']);
    expect(stored[1]!.rating).toBe(2);
    expect(stored[1]!.comment_enc).toBeTruthy();
    expect(stored[1]!.comment_enc).not.toContain('elsewhere');
  });

  it('a contest becomes a human review that a compliance officer decides with step-up; a withdrawn one leaves the list', async () => {
    const saver = productIds.find((id) => id.endsWith('EU-CA-EVERYDAY'))!;
    const id = await insertRecommendation(api.running.app, bankA, anaId, { productId: saver, rank: 3 });
    const contested = await gql<{
      contestRecommendation: { id: string; customerText: string; reason: string | null };
    }>(tokens.customer, contest, { id, text: 'I already have an account like this elsewhere.' });
    expect(contested.body.errors).toBeUndefined();
    const review = contested.body.data!.contestRecommendation;
    expect(review).toMatchObject({
      customerText: 'I already have an account like this elsewhere.',
      // Staff-only: hidden from the customer.
      reason: null,
    });
    // Asking again while it is open returns the same review.
    const again = await gql<{ contestRecommendation: { id: string } }>(tokens.customer, contest, {
      id,
      text: 'Again',
    });
    expect(again.body.data?.contestRecommendation.id).toBe(review.id);

    const queue = await gql<{
      recommendationReviews: {
        edges: { node: { id: string; reason: string; decisionRecord: { customerId: string } } }[];
      };
    }>(tokens.officer, reviews, { status: 'REQUESTED' });
    expect(queue.body.errors).toBeUndefined();
    const node = queue.body.data!.recommendationReviews.edges.find(
      (edge) => edge.node.id === review.id,
    )?.node;
    expect(node?.decisionRecord.customerId).toBe(anaId);
    expect(node?.reason).toMatch(/current account/);

    // Other bank's officer: not in their queue, and deciding it is NOT_FOUND.
    const foreignQueue = await gql<{ recommendationReviews: { edges: { node: { id: string } }[] } }>(
      tokens.officerB,
      reviews,
    );
    expect(foreignQueue.body.data?.recommendationReviews.edges.map((edge) => edge.node.id)).not.toContain(
      review.id,
    );
    const foreign = await gql(tokens.officerB, decide, { id: review.id, decision: 'WITHDRAWN', note: 'no' });
    expect(foreign.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    // Wrong roles: the customer and the bank administrator may not decide.
    for (const token of [tokens.customer, tokens.admin]) {
      const refused = await gql(token, decide, { id: review.id, decision: 'WITHDRAWN', note: 'no' });
      expect(refused.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }

    const decided = await gql<{ decideRecommendationReview: { status: string; decision: string } }>(
      tokens.officer,
      decide,
      { id: review.id, decision: 'WITHDRAWN', note: 'The customer holds a current account at another bank.' },
    );
    expect(decided.body.errors).toBeUndefined();
    expect(decided.body.data?.decideRecommendationReview).toMatchObject({
      status: 'DECIDED',
      decision: 'WITHDRAWN',
    });
    expect((await list()).recommendations.map((item) => item.id)).not.toContain(id);
    const twice = await gql(tokens.officer, decide, { id: review.id, decision: 'UPHELD', note: 'again' });
    expect(twice.body.errors?.[0]?.extensions.code).toBe('CONFLICT');
  });

  it("another bank's customer and staff roles cannot act on a customer's recommendation", async () => {
    const [item] = (await list()).recommendations;
    const foreign = await gql(tokens.customerB, respond, { id: item!.id, outcome: 'OPENED' });
    expect(foreign.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const staff = await gql(tokens.admin, respond, { id: item!.id, outcome: 'OPENED' });
    expect(staff.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const staffList = await gql(tokens.officer, listQuery);
    expect(staffList.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const customerQueue = await gql(tokens.customer, reviews);
    expect(customerQueue.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    // Bank B's customer has no consent: nothing of A's shows up.
    const b = await list(tokens.customerB);
    expect(b).toMatchObject({ availability: 'NO_PERSONALISATION_CONSENT', recommendations: [] });
  });

  it('engagement figures by product and model version, and the outcomes retraining reads (Seam 6)', async () => {
    const { body } = await gql<{
      recommendationEngagement: {
        productId: string;
        delivered: number;
        accepted: number;
        dismissed: number;
      }[];
    }>(tokens.admin, engagement);
    expect(body.errors).toBeUndefined();
    const figures = body.data!.recommendationEngagement;
    expect(figures.reduce((sum, row) => sum + row.accepted, 0)).toBe(1);
    expect(figures.reduce((sum, row) => sum + row.dismissed, 0)).toBe(1);
    const feedback = api.running.app.get(RecommendationFeedback);
    const hourAgo = new Date(Date.now() - 3_600_000);
    const [count, outcomes, countB] = await Promise.all([
      runAsTenant(bankA, () => feedback.countSince(hourAgo)),
      runAsTenant(bankA, () => feedback.outcomesIn({ from: hourAgo, to: new Date(Date.now() + 60_000) })),
      runAsTenant(bankB, () => feedback.countSince(hourAgo)),
    ]);
    // dismissed + rated + accepted + contested (the fixtures' rows carry no events).
    expect(count).toBe(4);
    expect(countB).toBe(0);
    expect(outcomes.map((row) => row.outcome).sort()).toEqual(['accepted', 'dismissed']);
    expect(outcomes.every((row) => row.customerId === anaId)).toBe(true);
  });

  it('delivers through the whole path: registry champion via the plugin host, stored features, UK pack, cap, reasons, decision record', async () => {
    const rita = realmB.customers[0]!;
    const [ritaRow] = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      bankB.id,
      'select id from customer where subject = $1',
      [rita.subject],
    );
    const ritaId = ritaRow!.id;
    // Rita consented in Slovenian: her reasons are asked for in her language.
    for (const purpose of ['personalisation', 'marketing'] as const) {
      const seeded = await seedConsent(api.running.app, api.database.ownerUrl, bankB, rita.subject, {
        purpose,
        locale: 'sl',
      });
      workflows.push(consentLifecycleWorkflowId(seeded.consentId));
    }
    expect((await list(tokens.customerB)).availability).toBe('NO_MODEL');
    const ukProducts = (await prepareProductWorld(api.running.app, bankB, 'recb')).productIds;
    // A model that likes insurance best but cannot explain it, then cards, loans, savings, deposits…
    const preference: Record<string, number> = {
      insurance: 0.99,
      'investment-fund': 0.95,
      'credit-card': 0.9,
      'personal-loan': 0.8,
      'savings-account': 0.7,
      'fixed-term-deposit': 0.6,
      mortgage: 0.5,
      'current-account': 0.45,
    };
    const given: FeatureVector[] = [];
    const reasonLocales: string[] = [];
    const model: RecommendationModel = {
      train: async () => ({
        artifact: { format: 'preference', encoding: 'json', data: preference },
        metrics: {},
      }),
      predict: async (batch) => {
        given.push(...batch.customers.map((customer) => customer.features));
        return {
          scores: batch.customers.flatMap((customer) =>
            batch.products.map((product: CandidateProduct) => ({
              customer: customer.customer,
              product: product.id,
              score: (batch.artifact.data as Record<string, number>)[product.type] ?? 0,
            })),
          ),
        };
      },
      explain: async (request) => {
        reasonLocales.push(request.locale);
        return {
          attributions: [
            {
              feature: 'balance.mean',
              value: request.customer.features['balance.mean'] ?? null,
              contribution: 0.2,
            },
          ],
          sentence:
            request.product.type === 'insurance'
              ? ''
              : `Your balance has averaged ${request.customer.features['balance.mean']} for 3 months.`,
        };
      },
    };
    const modelPluginId = 'recb-model';
    api.running.app.get(PluginCatalogue).register(
      fixtureModelPlugin(modelPluginId, {
        features: ['balance.mean', 'customer.age'],
        create: () => model,
      }),
    );
    const versionId = await runAsTenant(bankB, async () => {
      await api.running.app.get(PluginsService).installInitialPlugins([{ id: modelPluginId }]);
      const registry = api.running.app.get(ModelRegistryService);
      const version = await registry.recordTrainedVersion({
        ...trained(modelPluginId),
        features: ['balance.mean', 'customer.age'],
        artifact: { format: 'preference', encoding: 'json', data: preference },
      });
      await registry.decide(version.id, { promote: true, approvalRequired: false, reason: 'test champion' });
      return version.id;
    });
    expect((await list(tokens.customerB)).availability).toBe('NO_FEATURES');
    // Rita's stored features (as behaviour stores them after a sync): 30, no overdraft, a current account.
    const features: FeatureVector = {
      'customer.age': 30,
      'overdraft.days': 0,
      'balance.mean': 420_000,
      'products-held.current-account': 1,
    };
    await runAsTenant(bankB, () =>
      api.running.app.get(EntityManager).transactional((em) =>
        em.execute(
          `insert into customer_features (id, tenant_id, customer_id, features, as_of, computed_at, computation_ms)
           values (gen_random_uuid(), ?, ?, ?::jsonb, now(), now(), 1)`,
          [bankB.id, ritaId, JSON.stringify(features)],
        ),
      ),
    );

    const delivered = await list(tokens.customerB);
    expect(delivered.availability).toBe('DELIVERED');
    // Default cap 3: insurance has no reason, investment needs a suitability assessment (unknown), the
    // current account is held; cards, loans and savings remain, best first.
    expect(delivered.recommendations.map((item) => item.productId)).toEqual([
      ukProducts.find((id) => id.endsWith('UK-CC-REWARDS')),
      ukProducts.find((id) => id.endsWith('UK-PL-STANDARD')),
      ukProducts.find((id) => id.endsWith('UK-SA-EASY')),
    ]);
    expect(
      delivered.recommendations.every(
        (item) => item.reason === 'Your balance has averaged 420000 for 3 months.',
      ),
    ).toBe(true);
    expect(reasonLocales.length).toBeGreaterThan(0);
    expect(new Set(reasonLocales)).toEqual(new Set(['sl']));
    expect(delivered.recommendations[0]!.disclosures.map((item) => item.ruleId)).toEqual([
      'uk.disclosure.consumer-credit',
    ]);
    // The model got the features it was trained on, nothing else.
    expect(given.at(-1)).toEqual({ 'balance.mean': 420_000, 'customer.age': 30 });
    const records = await rowsAsTenant<{
      id: string;
      product_type: string;
      model_plugin_id: string;
      model_version_id: string;
      features: FeatureVector;
      candidates: {
        productId: string;
        productType: string;
        outcome: string;
        refusals: { ruleId: string }[];
      }[];
      rule_pack_id: string;
    }>(api.database.ownerUrl, bankB.id, 'select * from recommendation where customer_id = $1 order by rank', [
      ritaId,
    ]);
    expect(records).toHaveLength(3);
    for (const record of records) {
      expect(record).toMatchObject({
        model_plugin_id: modelPluginId,
        model_version_id: versionId,
        rule_pack_id: 'compliance-uk',
      });
      expect(record.features).toEqual(features);
      expect(
        checkProductEligibility(ukRules, { ageYears: 30, inArrears: false }, record.product_type as never)
          .allowed,
      ).toBe(true);
      const outcomes = Object.fromEntries(
        record.candidates.map((candidate) => [candidate.productType, candidate.outcome]),
      );
      expect(outcomes).toMatchObject({
        insurance: 'no-reason',
        'investment-fund': 'ineligible',
        'current-account': 'held',
        'fixed-term-deposit': 'over-cap',
      });
      expect(
        record.candidates.find((c) => c.productType === 'investment-fund')!.refusals.map((r) => r.ruleId),
      ).toEqual(['uk.eligibility.investment-suitability']);
    }
    // The same ones when asked again this month; Ana of bank A is untouched.
    expect(await list(tokens.customerB)).toEqual(delivered);
    expect((await list()).recommendations.every((item) => !item.productId.startsWith('recb-'))).toBe(true);
  });
});
