// Bank surveys through the API against real PostgreSQL (row-level security) and Keycloak tokens: staff
// define, version, publish and close; customers answer once; results are aggregates; answers about
// products become retraining labels only for customers with a live personalisation consent (Seam C).
import { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomersService } from '../customers';
import { TrainingDatasets } from '../model-registry';
import { DEMO_CUSTOMER_SUBJECT } from '../onboarding';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { demoAccessTokens } from '../testing/demo-tokens';
import { prepareProductWorld } from '../testing/product-fixtures';
import { withRulePack } from '../testing/rule-packs';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';
import { fixtureSurveyQuestions, insertLiveConsent, insertSurvey } from '../testing/survey-fixtures';
import { rowsAsTenant } from '../testing/tenant-rows';

const surveyFields = `id seriesId version title status opensAt closesAt publishedAt closedAt
  audience { consentPurpose featureThresholds { feature min max } }
  questions { id kind text required maxLength productType choices { id label productType signal } }`;
const createSurvey = `mutation($input: SurveyInput!) { createSurvey(input: $input) { ${surveyFields} } }`;
const updateSurvey = `mutation($id: ID!, $input: SurveyInput!) { updateSurvey(id: $id, input: $input) { ${surveyFields} } }`;
const publishSurvey = `mutation($id: ID!) { publishSurvey(id: $id) { id status version } }`;
const closeSurvey = `mutation($id: ID!) { closeSurvey(id: $id) { id status } }`;
const newVersion = `mutation($id: ID!) { createSurveyVersion(id: $id) { ${surveyFields} } }`;
const openSurveys = `{ surveys { id title closesAt questions { id kind text required maxLength productType choices { id label productType signal } } } }`;
const answerSurvey = `mutation($input: AnswerSurveyInput!) { answerSurvey(input: $input) { id surveyId answered answeredAt } }`;
const results = `query($id: ID!) { surveyResults(id: $id) { responses audience responseRate survey { id }
  questions { questionId kind answered ratingAverage ratingCounts choices { choiceId label count } } } }`;

const definition = {
  title: 'How do you bank?',
  questions: [
    {
      kind: 'SINGLE_CHOICE',
      text: 'Would you consider a credit card?',
      choices: [
        { label: 'Yes', productType: 'CREDIT_CARD', signal: 'INTERESTED' },
        { label: 'No', productType: 'CREDIT_CARD', signal: 'NOT_INTERESTED' },
      ],
    },
    { kind: 'RATING', text: 'How likely is a mortgage in the next year?', productType: 'MORTGAGE' },
    {
      kind: 'MULTIPLE_CHOICE',
      text: 'What do you save for?',
      choices: [{ label: 'Home' }, { label: 'Travel' }],
    },
    { kind: 'FREE_TEXT', text: 'Anything else?', required: false, maxLength: 40 },
  ],
  audience: { consentPurpose: 'ANALYTICS' },
};

interface SurveyNode {
  id: string;
  seriesId: string;
  version: number;
  status: string;
  questions: {
    id: string;
    productType: string | null;
    choices: { id: string; productType: string | null }[];
  }[];
}

describe('surveys through the API', () => {
  let api: ApiFixture;
  let realm: BankRealm;
  let bankA: TenantRef;
  let bankB: TenantRef;
  let anaId: string;
  let otherCustomerId: string;
  let tokens: Awaited<ReturnType<typeof demoAccessTokens>>;
  let adminB: string;
  let customerB: string;
  let productIds: string[];
  let surveyId: string;

  const call = async <T>(token: string, query: string, variables?: Record<string, unknown>) => {
    const { body } = await api.graphql<T>(query, { token, variables });
    return { data: body.data, code: body.errors?.[0]?.extensions.code, errors: body.errors };
  };
  const count = (tenant: TenantRef, table: string) =>
    rowsAsTenant<{ n: string }>(api.database.ownerUrl, tenant.id, `select count(*) as n from ${table}`).then(
      (rows) => Number(rows[0]!.n),
    );

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '10000' } });
    const tenancy = api.running.app.get(TenancyService);
    const customers = api.running.app.get(CustomersService);
    bankA = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(demoBank)));
    await customers.upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    realm = await createBankRealm('surveys', { customers: ['customer1'] });
    bankB = tenantRef(
      await withRulePack(
        api.running.app,
        tenancy.upsertTenant({
          ...otherBank,
          slug: realm.realm,
          realm: realm.realm,
          name: 'Survey Bank',
          appOrigins: { admin: [], customer: ['http://localhost:15174'] },
        }),
      ),
    );
    await customers.upsertDemoCustomers(realm.realm, [
      {
        subject: realm.customers[0]!.subject,
        displayName: 'Bea Survey',
        email: `bea@${realm.realm}.example`,
      },
    ]);
    const ids = await rowsAsTenant<{ id: string; subject: string | null }>(
      api.database.ownerUrl,
      bankA.id,
      'select id, subject from customer order by created_at, id',
    );
    anaId = ids.find((row) => row.subject === DEMO_CUSTOMER_SUBJECT)!.id;
    otherCustomerId = ids.find((row) => row.subject !== DEMO_CUSTOMER_SUBJECT)!.id;
    const [beaRow] = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      bankB.id,
      'select id from customer',
    );
    tokens = await demoAccessTokens();
    [adminB, customerB] = await Promise.all([realm.bankAdminToken(), realm.customers[0]!.token()]);
    // Ana and Bea may be asked (analytics); the other customer of A has no consent at all yet.
    await insertLiveConsent(api.running.app, bankA, anaId, 'analytics');
    await insertLiveConsent(api.running.app, bankB, beaRow!.id, 'analytics');
    productIds = (await prepareProductWorld(api.running.app, bankA, 'surveys')).productIds;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('staff create a draft; bad input names every field and stores nothing', async () => {
    const before = await count(bankA, 'survey');
    const bad = await call(tokens.bankAdmin, createSurvey, {
      input: {
        title: ' ',
        questions: [{ kind: 'SINGLE_CHOICE', text: 'One choice only', choices: [{ label: 'A' }] }],
        audience: { consentPurpose: 'ANALYTICS', featureThresholds: [{ feature: 'shoe.size', min: 1 }] },
      },
    });
    expect(bad.code).toBe('INVALID');
    const fields = (bad.errors![0]!.extensions.fields as { field: string }[]).map((problem) => problem.field);
    expect(fields).toEqual([
      'input.title',
      'input.questions[0].choices',
      'input.audience.featureThresholds[0].feature',
    ]);
    expect(await count(bankA, 'survey')).toBe(before);

    const created = await call<{ createSurvey: SurveyNode }>(tokens.bankAdmin, createSurvey, {
      input: definition,
    });
    expect(created.errors).toBeUndefined();
    const survey = created.data!.createSurvey;
    expect(survey).toMatchObject({ version: 1, status: 'DRAFT', seriesId: survey.id });
    expect(survey.questions.map((question) => question.id)).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(survey.questions[0]!.choices.map((choice) => choice.productType)).toEqual([
      'CREDIT_CARD',
      'CREDIT_CARD',
    ]);
    surveyId = survey.id;

    const renamed = await call<{ updateSurvey: { title: string } }>(tokens.bankAdmin, updateSurvey, {
      id: surveyId,
      input: { ...definition, title: 'How do you bank today?' },
    });
    expect(renamed.data?.updateSurvey.title).toBe('How do you bank today?');
    // A draft is not shown to customers.
    const open = await call<{ surveys: { id: string }[] }>(tokens.customer, openSurveys);
    expect(open.data!.surveys.map((row) => row.id)).not.toContain(surveyId);
  });

  it('a published survey is immutable: a new version replaces it and closes the old one when published', async () => {
    expect((await call(tokens.bankAdmin, publishSurvey, { id: surveyId })).data).toMatchObject({
      publishSurvey: { status: 'PUBLISHED', version: 1 },
    });
    expect((await call(tokens.bankAdmin, updateSurvey, { id: surveyId, input: definition })).code).toBe(
      'CONFLICT',
    );
    expect((await call(tokens.bankAdmin, publishSurvey, { id: surveyId })).code).toBe('CONFLICT');

    // A second series, to version: v2 copies v1, a second draft is refused, publishing v2 closes v1.
    const other = await call<{ createSurvey: SurveyNode }>(tokens.bankAdmin, createSurvey, {
      input: { ...definition, title: 'Versioned' },
    });
    const v1 = other.data!.createSurvey.id;
    await call(tokens.bankAdmin, publishSurvey, { id: v1 });
    const v2 = await call<{ createSurveyVersion: SurveyNode }>(tokens.bankAdmin, newVersion, { id: v1 });
    expect(v2.data!.createSurveyVersion).toMatchObject({ version: 2, status: 'DRAFT', seriesId: v1 });
    expect((await call(tokens.bankAdmin, newVersion, { id: v1 })).code).toBe('CONFLICT');
    await call(tokens.bankAdmin, publishSurvey, { id: v2.data!.createSurveyVersion.id });
    const list = await call<{ bankSurveys: { id: string; status: string }[] }>(
      tokens.complianceOfficer,
      '{ bankSurveys { id status } }',
    );
    expect(list.data!.bankSurveys.find((row) => row.id === v1)?.status).toBe('CLOSED');
    expect(list.data!.bankSurveys.find((row) => row.id === v2.data!.createSurveyVersion.id)?.status).toBe(
      'PUBLISHED',
    );
    // Closing: only a published version; closed versions are no longer answerable.
    expect((await call(tokens.bankAdmin, closeSurvey, { id: v1 })).code).toBe('CONFLICT');
    expect(
      (await call(tokens.bankAdmin, closeSurvey, { id: v2.data!.createSurveyVersion.id })).data,
    ).toMatchObject({
      closeSurvey: { status: 'CLOSED' },
    });
  });

  it('customers see open surveys in their audience, without product links', async () => {
    // Outside Ana's audience: marketing consent (she has none), a feature threshold (no stored features), a
    // window not open yet.
    const marketing = await insertSurvey(api.running.app, bankA, {
      title: 'Marketing only',
      status: 'published',
      purpose: 'marketing',
    });
    const segment = await call<{ createSurvey: SurveyNode }>(tokens.bankAdmin, createSurvey, {
      input: {
        ...definition,
        title: 'High earners',
        audience: {
          consentPurpose: 'ANALYTICS',
          featureThresholds: [{ feature: 'income.monthly', min: 100000 }],
        },
      },
    });
    await call(tokens.bankAdmin, publishSurvey, { id: segment.data!.createSurvey.id });
    const later = await call<{ createSurvey: SurveyNode }>(tokens.bankAdmin, createSurvey, {
      input: { ...definition, title: 'Later', opensAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    await call(tokens.bankAdmin, publishSurvey, { id: later.data!.createSurvey.id });

    const open = await call<{ surveys: SurveyNode[] }>(tokens.customer, openSurveys);
    expect(open.errors).toBeUndefined();
    const ids = open.data!.surveys.map((row) => row.id);
    expect(ids).toContain(surveyId);
    expect(ids).not.toContain(marketing);
    expect(ids).not.toContain(segment.data!.createSurvey.id);
    expect(ids).not.toContain(later.data!.createSurvey.id);
    const shown = open.data!.surveys.find((row) => row.id === surveyId)!;
    expect(shown.questions[0]!.choices.map((choice) => choice.productType)).toEqual([null, null]);
    expect(shown.questions[1]!.productType).toBeNull();
    // Another bank's customer never sees A's surveys and cannot answer them.
    const bSees = await call<{ surveys: { id: string }[] }>(customerB, openSurveys);
    expect(bSees.data!.surveys.map((row) => row.id)).not.toContain(surveyId);
    const bAnswers = await call(customerB, answerSurvey, {
      input: { surveyId, answers: [{ questionId: 'q1', choiceIds: ['c1'] }] },
    });
    expect(bAnswers.code).toBe('NOT_FOUND');
  });

  it('an answer is validated, stored once with its free text encrypted, and never partially', async () => {
    const before = await count(bankA, 'survey_response');
    const bad = await call(tokens.customer, answerSurvey, {
      input: {
        surveyId,
        answers: [
          { questionId: 'q1', choiceIds: ['c1', 'c2'] },
          { questionId: 'q2', rating: 9 },
          { questionId: 'q4', text: 'x'.repeat(41) },
        ],
      },
    });
    expect(bad.code).toBe('INVALID');
    expect(
      (bad.errors![0]!.extensions.fields as { field: string }[]).map((problem) => problem.field),
    ).toEqual([
      'input.answers[0].choiceIds',
      'input.answers[1].rating',
      'input.answers[2].text',
      'input.answers',
    ]);
    expect(await count(bankA, 'survey_response')).toBe(before);

    const secret = 'More branches in Maribor please';
    const answered = await call<{ answerSurvey: { surveyId: string; answered: number } }>(
      tokens.customer,
      answerSurvey,
      {
        input: {
          surveyId,
          answers: [
            { questionId: 'q1', choiceIds: ['c1'] },
            { questionId: 'q2', rating: 2 },
            { questionId: 'q3', choiceIds: ['c1', 'c2'] },
            { questionId: 'q4', text: secret },
          ],
        },
      },
    );
    expect(answered.errors).toBeUndefined();
    expect(answered.data!.answerSurvey).toMatchObject({ surveyId, answered: 4 });
    const [stored] = await rowsAsTenant<{ answers: unknown; free_text_enc: string }>(
      api.database.ownerUrl,
      bankA.id,
      'select answers, free_text_enc from survey_response where survey_id = $1',
      [surveyId],
    );
    expect(JSON.stringify(stored!.answers)).not.toContain('Maribor');
    expect(stored!.free_text_enc).not.toContain('Maribor');
    expect(
      (
        await call(tokens.customer, answerSurvey, {
          input: {
            surveyId,
            answers: [
              { questionId: 'q1', choiceIds: ['c2'] },
              { questionId: 'q2', rating: 1 },
              { questionId: 'q3', choiceIds: ['c2'] },
            ],
          },
        })
      ).code,
    ).toBe('CONFLICT');
    const open = await call<{ surveys: { id: string }[] }>(tokens.customer, openSurveys);
    expect(open.data!.surveys.map((row) => row.id)).not.toContain(surveyId);
  });

  it('staff read aggregate results (free text only counted); customers and other banks may not', async () => {
    const read = await call<{
      surveyResults: {
        responses: number;
        audience: number;
        responseRate: number;
        questions: {
          answered: number;
          ratingAverage: number | null;
          ratingCounts: number[];
          choices: { count: number }[];
        }[];
      };
    }>(tokens.complianceOfficer, results, { id: surveyId });
    expect(read.errors).toBeUndefined();
    const figures = read.data!.surveyResults;
    // Ana answered; her analytics consent is the bank's only one: 1 of 1.
    expect(figures).toMatchObject({ responses: 1, audience: 1, responseRate: 1 });
    expect(figures.questions[0]!.choices.map((choice) => choice.count)).toEqual([1, 0]);
    expect(figures.questions[1]).toMatchObject({
      answered: 1,
      ratingAverage: 2,
      ratingCounts: [0, 1, 0, 0, 0],
    });
    expect(figures.questions[3]).toMatchObject({ answered: 1, choices: [] });
    expect(JSON.stringify(read.data)).not.toContain('Maribor');

    expect((await call(tokens.customer, results, { id: surveyId })).code).toBe('FORBIDDEN');
    expect((await call(adminB, results, { id: surveyId })).code).toBe('NOT_FOUND');
    expect((await call(adminB, publishSurvey, { id: surveyId })).code).toBe('NOT_FOUND');
    const bList = await call<{ bankSurveys: { id: string }[] }>(adminB, '{ bankSurveys { id } }');
    expect(bList.data!.bankSurveys.map((row) => row.id)).not.toContain(surveyId);
    // A compliance officer reads but does not define surveys.
    expect((await call(tokens.complianceOfficer, createSurvey, { input: definition })).code).toBe(
      'FORBIDDEN',
    );
  });

  it('answers about products become labels, only for customers with a live personalisation consent (Seam C)', async () => {
    // Ana said "Yes" to a credit card and rated a mortgage 2: accepted credit card, dismissed mortgage. The
    // other customer (no personalisation consent) also said yes to a credit card: never in the dataset.
    const fixture = await insertSurvey(api.running.app, bankA, { title: 'Cards', status: 'published' });
    await runAsTenant(bankA, () =>
      api.running.app.get(EntityManager).transactional((tx) =>
        tx.execute(
          `insert into survey_response (id, tenant_id, survey_id, customer_id, answers)
           values (gen_random_uuid(), ?, ?, ?, ?::jsonb)`,
          [bankA.id, fixture, otherCustomerId, JSON.stringify([{ questionId: 'q1', choiceIds: ['c1'] }])],
        ),
      ),
    );
    expect(fixtureSurveyQuestions[0]!.choices[0]!.signal).toBe('interested');
    await insertLiveConsent(api.running.app, bankA, anaId, 'personalisation');
    const built = await runAsTenant(bankA, () =>
      api.running.app.get(TrainingDatasets).build({
        features: ['income.monthly'],
        products: [
          { id: productIds.find((id) => id.includes('-CC-'))!, type: 'credit-card' },
          { id: productIds.find((id) => id.includes('-MG-'))!, type: 'mortgage' },
        ],
      }),
    );
    expect([...built.pseudonyms.values()]).toEqual([anaId]);
    const anaPseudonym = [...built.pseudonyms].find(([, customerId]) => customerId === anaId)![0];
    const example = built.dataset.validation.examples.find((row) => row.customer === anaPseudonym)!;
    expect(example.labels).toEqual(
      [
        { product: productIds.find((id) => id.includes('-CC-'))!, outcome: 'accepted' },
        { product: productIds.find((id) => id.includes('-MG-'))!, outcome: 'dismissed' },
      ].sort((a, b) => a.product.localeCompare(b.product)),
    );
    expect(built.dataset.validation.examples).toHaveLength(1);
  });
});
