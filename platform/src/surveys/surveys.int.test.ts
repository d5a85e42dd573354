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
import { auditRows } from '../testing/audit-rows';

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
const results = `query($id: ID!) { surveyResults(id: $id) { responses audience responseRate minimumAudience survey { id }
  questions { questionId kind answered suppressed suppressionReason ratingAverage ratingCounts
    choices { choiceId label count suppressed } } } }`;
const surveySettings = `{ surveySettings { minimumAudience isDefault } }`;
const updateSurveySettings = `mutation($input: UpdateSurveySettingsInput!) {
  updateSurveySettings(input: $input) { minimumAudience isDefault } }`;

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
    // Password-only staff: the other bank's administrator is asked for step-up (survey settings).
    realm = await createBankRealm('surveys', { customers: ['customer1'], staffSecondFactor: false });
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
        minimumAudience: number;
        questions: {
          answered: number;
          suppressed: boolean;
          suppressionReason: string | null;
          ratingAverage: number | null;
          ratingCounts: number[];
          choices: { count: number | null; suppressed: boolean }[];
        }[];
      };
    }>(tokens.complianceOfficer, results, { id: surveyId });
    expect(read.errors).toBeUndefined();
    const figures = read.data!.surveyResults;
    // Ana answered; her analytics consent is the bank's only one: 1 of 1. One respondent is below the
    // default minimum audience (10): every question's figures are hidden, only how many answered shows.
    expect(figures).toMatchObject({ responses: 1, audience: 1, responseRate: 1, minimumAudience: 10 });
    expect(figures.questions[0]).toMatchObject({ answered: 1, suppressed: true });
    expect(figures.questions[0]!.suppressionReason).toContain('Fewer than 10 customers');
    expect(figures.questions[0]!.choices).toEqual([
      { choiceId: 'c1', label: 'Yes', count: null, suppressed: true },
      { choiceId: 'c2', label: 'No', count: null, suppressed: true },
    ]);
    expect(figures.questions[1]).toMatchObject({
      answered: 1,
      suppressed: true,
      ratingAverage: null,
      ratingCounts: [],
    });
    expect(figures.questions[3]).toMatchObject({ answered: 1, suppressed: true, choices: [] });
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

  it('the minimum audience: only a bank administrator with step-up changes it, never below 5, audited, for their bank only', async () => {
    const read = await call<{ surveySettings: { minimumAudience: number; isDefault: boolean } }>(
      tokens.complianceOfficer,
      surveySettings,
    );
    expect(read.data!.surveySettings).toEqual({ minimumAudience: 10, isDefault: true });
    // Below the floor, above the ceiling: INVALID naming the field, nothing stored.
    for (const minimumAudience of [4, 1001]) {
      const bad = await call(tokens.bankAdmin, updateSurveySettings, { input: { minimumAudience } });
      expect(bad.code).toBe('INVALID');
      expect(bad.errors![0]!.extensions.fields).toEqual([
        { field: 'input.minimumAudience', problem: expect.stringContaining('from 5 to 1000') },
      ]);
    }
    expect(await count(bankA, 'survey_settings')).toBe(0);
    // Wrong roles: the compliance officer reads only; customers neither read nor change it.
    expect(
      (await call(tokens.complianceOfficer, updateSurveySettings, { input: { minimumAudience: 6 } })).code,
    ).toBe('FORBIDDEN');
    expect((await call(tokens.customer, surveySettings)).code).toBe('FORBIDDEN');
    expect((await call(customerB, updateSurveySettings, { input: { minimumAudience: 6 } })).code).toBe(
      'FORBIDDEN',
    );
    // A password-only administrator is asked for a second factor; nothing stored.
    const stepUp = await call(adminB, updateSurveySettings, { input: { minimumAudience: 6 } });
    expect(stepUp.errors?.[0]?.extensions).toMatchObject({ code: 'STEP_UP_REQUIRED', acrValues: 'mfa' });
    expect(await count(bankB, 'survey_settings')).toBe(0);

    const changed = await call<{ updateSurveySettings: { minimumAudience: number; isDefault: boolean } }>(
      tokens.bankAdmin,
      updateSurveySettings,
      { input: { minimumAudience: 5 } },
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.updateSurveySettings).toEqual({ minimumAudience: 5, isDefault: false });
    const audited = (await auditRows(api.database.ownerUrl, bankA.id)).filter(
      (row) => row.action === 'survey-settings.update',
    );
    expect(audited.map((row) => row.changes)).toEqual([{ minimumAudience: { from: 10, to: 5 } }]);
    // Bank B keeps the default: one bank's setting never reaches another.
    const bReads = await call<{ surveySettings: { minimumAudience: number; isDefault: boolean } }>(
      adminB,
      surveySettings,
    );
    expect(bReads.data!.surveySettings).toEqual({ minimumAudience: 10, isDefault: true });
  });

  it('results below, at and above the minimum audience (5): hidden, buckets hidden, shown', async () => {
    // Eleven more customers of A answer a single-choice survey (Yes / No) in three steps.
    const respondents = Array.from({ length: 11 }, (_, index) => ({
      subject: `survey-respondent-${index}-${Date.now().toString(36)}`,
      displayName: `Respondent ${index}`,
    }));
    await api.running.app.get(CustomersService).upsertDemoCustomers(demoBank.slug, respondents);
    const subjects = respondents.map((respondent) => respondent.subject);
    const ids = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      bankA.id,
      'select id from customer where subject = any($1::text[]) order by subject',
      [subjects],
    );
    const fixture = await insertSurvey(api.running.app, bankA, { title: 'Floor', status: 'published' });
    const answer = (customerIds: string[], choiceId: string) =>
      runAsTenant(bankA, () =>
        api.running.app.get(EntityManager).transactional(async (tx) => {
          for (const customerId of customerIds) {
            await tx.execute(
              `insert into survey_response (id, tenant_id, survey_id, customer_id, answers)
               values (gen_random_uuid(), ?, ?, ?, ?::jsonb)`,
              [bankA.id, fixture, customerId, JSON.stringify([{ questionId: 'q1', choiceIds: [choiceId] }])],
            );
          }
        }),
      );
    const question = async () => {
      const read = await call<{
        surveyResults: {
          minimumAudience: number;
          questions: {
            answered: number;
            suppressed: boolean;
            suppressionReason: string | null;
            choices: { count: number | null; suppressed: boolean }[];
          }[];
        };
      }>(tokens.bankAdmin, results, { id: fixture });
      expect(read.errors).toBeUndefined();
      expect(read.data!.surveyResults.minimumAudience).toBe(5);
      return read.data!.surveyResults.questions[0]!;
    };
    const customerIds = ids.map((row) => row.id);

    // Below: 4 respondents (2 Yes, 2 No).
    await answer(customerIds.slice(0, 2), 'c1');
    await answer(customerIds.slice(2, 4), 'c2');
    expect(await question()).toMatchObject({
      answered: 4,
      suppressed: true,
      choices: [
        { count: null, suppressed: true },
        { count: null, suppressed: true },
      ],
    });
    // At: 5 respondents (3 Yes, 2 No): the question shows, but neither answer has 5 customers.
    await answer(customerIds.slice(4, 5), 'c1');
    const at = await question();
    expect(at).toMatchObject({
      answered: 5,
      suppressed: false,
      choices: [
        { count: null, suppressed: true },
        { count: null, suppressed: true },
      ],
    });
    expect(at.suppressionReason).toContain('2 of 2 choice counts are hidden');
    // Above: 11 respondents (6 Yes, 5 No): every count shown.
    await answer(customerIds.slice(5, 8), 'c1');
    await answer(customerIds.slice(8, 11), 'c2');
    expect(await question()).toMatchObject({
      answered: 11,
      suppressed: false,
      suppressionReason: null,
      choices: [
        { count: 6, suppressed: false },
        { count: 5, suppressed: false },
      ],
    });
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
