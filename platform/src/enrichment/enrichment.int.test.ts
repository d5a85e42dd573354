// Enrichment end to end (issue 6, item 1) on the real API, PostgreSQL and Keycloak: the bank
// administrator's categorisation rules, categorisation inside ingestion (MCC, bank and platform rules, the
// bank's TF.js classifier), retraining, and a customer's re-categorisation — respected at once, kept by
// later syncs, stored as a training label; access across roles and banks.
import type { SourceTransaction } from '@finpersona/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestService } from '../accounts';
import { CustomersService } from '../customers';
import { DEMO_CUSTOMER_SUBJECT } from '../onboarding';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { auditRows } from '../testing/audit-rows';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { grantAggregationConsent, seedSourceData } from '../testing/customer-data';
import { demoAccessTokens } from '../testing/demo-tokens';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';
import { withRulePack } from '../testing/rule-packs';
import { rowsAsTenant } from '../testing/tenant-rows';

const ruleFields =
  'id name priority category enabled conditions { merchantContains mcc minAmountMinor currency direction }';
const createRule = `mutation($input: CategoryRuleInput!) { createCategoryRule(input: $input) { ${ruleFields} } }`;
const updateRule = `mutation($id: ID!, $input: CategoryRuleUpdateInput!) { updateCategoryRule(ruleId: $id, input: $input) { ${ruleFields} } }`;
const deleteRule = `mutation($id: ID!) { deleteCategoryRule(ruleId: $id) { id } }`;
const listRules = `{ categoryRules { ${ruleFields} } }`;
const categorise = `mutation($id: ID!, $category: String!) {
  categoriseTransaction(transactionId: $id, category: $category) { transactionId category categorySource categoryConfidence } }`;
const transactionsQuery = `{ transactions(first: 100) { edges { node { id merchantName merchantDisplayName category categorySource categoryConfidence } } } }`;

interface TransactionNode {
  id: string;
  merchantName: string | null;
  merchantDisplayName: string | null;
  category: string | null;
  categorySource: string | null;
  categoryConfidence: number | null;
}

function cardPayment(
  sourceId: string,
  merchant: string,
  mcc: string | undefined,
  minor: number,
  day = 1,
): SourceTransaction {
  return {
    sourceId,
    sourceAccountId: 'acc-1',
    amount: { minor: String(minor), currency: 'EUR' },
    direction: 'debit',
    status: 'booked',
    bookingDate: `2026-10-${String(day).padStart(2, '0')}`,
    description: `Card payment ${merchant}`,
    merchant: { name: merchant, ...(mcc ? { mcc } : {}) },
  };
}

describe('enrichment: categorisation', () => {
  let api: ApiFixture;
  let bankA: TenantRef;
  let realmB: BankRealm;
  let tokens: { adminA: string; officerA: string; customerA: string; adminB: string };
  let ana: { id: string; connectionId: string };
  let otherCustomerTransactionId: string;

  const gql = <T = Record<string, unknown>>(
    token: string,
    query: string,
    variables?: Record<string, unknown>,
    tenant?: string,
  ) => api.graphql<T>(query, { token, variables, ...(tenant ? { tenant } : {}) });
  const storePage = (transactions: SourceTransaction[]) =>
    runAsTenant(bankA, () =>
      api.running.app
        .get(IngestService)
        .storeTransactionPage(ana.connectionId, 'acc-1', { transactions, nextCursor: null }),
    );
  const anaTransactions = async () => {
    const { body } = await gql<{ transactions: { edges: { node: TransactionNode }[] } }>(
      tokens.customerA,
      transactionsQuery,
    );
    expect(body.errors).toBeUndefined();
    return new Map(body.data!.transactions.edges.map(({ node }) => [node.id, node]));
  };
  const storedBySource = (sourceId: string) =>
    rowsAsTenant<{
      id: string;
      category: string | null;
      category_source: string | null;
      category_confidence: number | null;
    }>(
      api.database.ownerUrl,
      bankA.id,
      `select t.id, t.category, t.category_source, t.category_confidence from account_transaction t
        where t.customer_id = $1 and t.source_id = $2`,
      [ana.id, sourceId],
    ).then((rows) => rows[0]!);

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '10000' } });
    const tenancy = api.running.app.get(TenancyService);
    bankA = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(demoBank)));
    await api.running.app.get(CustomersService).upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    realmB = await createBankRealm('enrich');
    await tenancy.upsertTenant({
      ...otherBank,
      slug: realmB.realm,
      realm: realmB.realm,
      name: 'Enrich Bank B',
    });
    const demo = await demoAccessTokens();
    tokens = {
      adminA: demo.bankAdmin,
      officerA: demo.complianceOfficer,
      customerA: demo.customer,
      adminB: await realmB.bankAdminToken(),
    };
    const rows = await rowsAsTenant<{ id: string; subject: string | null }>(
      api.database.ownerUrl,
      bankA.id,
      'select id, subject from customer order by created_at, id',
    );
    const anaId = rows.find((row) => row.subject === DEMO_CUSTOMER_SUBJECT)!.id;
    const account = { sourceId: 'acc-1', type: 'current' as const, currency: 'EUR', identifiers: [] };
    const anaSeeded = await seedSourceData(
      api.running.app,
      bankA,
      anaId,
      await grantAggregationConsent(api.running.app, bankA, anaId),
      {
        accounts: [account],
        transactions: [],
      },
    );
    ana = { id: anaId, connectionId: anaSeeded.connectionId };
    const other = rows.find((row) => row.id !== anaId)!;
    const otherSeeded = await seedSourceData(
      api.running.app,
      bankA,
      other.id,
      await grantAggregationConsent(api.running.app, bankA, other.id),
      {
        accounts: [account],
        transactions: [cardPayment('other-1', 'Corner Shop', '5411', 500)],
      },
    );
    otherCustomerTransactionId = otherSeeded.transactionIds[0]!;
  });

  afterAll(async () => {
    await api?.close();
    await realmB?.remove().catch(() => undefined);
  });

  it('a bank administrator writes rules (audited); bad input is refused field by field and writes nothing; other roles and banks cannot', async () => {
    const refused = await gql(tokens.adminA, createRule, {
      input: {
        name: ' ',
        priority: -3,
        category: 'snacks',
        conditions: { mcc: ['54'], minAmountMinor: '500' },
      },
    });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID' });
    expect(
      (refused.body.errors?.[0]?.extensions as unknown as { fields: { field: string }[] }).fields.map(
        (f) => f.field,
      ),
    ).toEqual(['name', 'category', 'priority', 'conditions.mcc', 'conditions.currency']);
    expect(await rowsAsTenant(api.database.ownerUrl, bankA.id, 'select id from category_rule')).toEqual([]);

    const created = await gql<{ createCategoryRule: { id: string; conditions: Record<string, unknown> } }>(
      tokens.adminA,
      createRule,
      {
        input: {
          name: 'Gym',
          priority: 5,
          category: 'entertainment',
          conditions: { merchantContains: ['pure gym'], direction: 'debit' },
        },
      },
    );
    expect(created.body.errors).toBeUndefined();
    const ruleId = created.body.data!.createCategoryRule.id;
    expect(created.body.data!.createCategoryRule.conditions).toEqual({
      merchantContains: ['pure gym'],
      mcc: null,
      minAmountMinor: null,
      currency: null,
      direction: 'debit',
    });
    const updated = await gql<{ updateCategoryRule: { priority: number; category: string; name: string } }>(
      tokens.adminA,
      updateRule,
      {
        id: ruleId,
        input: { priority: 7, category: 'health' },
      },
    );
    expect(updated.body.data?.updateCategoryRule).toMatchObject({
      priority: 7,
      category: 'health',
      name: 'Gym',
    });
    const listed = await gql<{ categoryRules: { id: string }[] }>(tokens.adminA, listRules);
    expect(listed.body.data?.categoryRules.map((rule) => rule.id)).toEqual([ruleId]);

    // Wrong role: FORBIDDEN; another bank: its own (empty) list, and A's rule is NOT_FOUND.
    for (const token of [tokens.officerA, tokens.customerA]) {
      expect((await gql(token, listRules)).body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      expect((await gql(token, deleteRule, { id: ruleId })).body.errors?.[0]?.extensions.code).toBe(
        'FORBIDDEN',
      );
    }
    const fromB = await gql<{ categoryRules: unknown[] }>(tokens.adminB, listRules, undefined, realmB.realm);
    expect(fromB.body.data?.categoryRules).toEqual([]);
    const deleteFromB = await gql(tokens.adminB, deleteRule, { id: ruleId }, realmB.realm);
    expect(deleteFromB.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');

    const deleted = await gql(tokens.adminA, deleteRule, { id: ruleId });
    expect(deleted.body.errors).toBeUndefined();
    const actions = (await auditRows(api.database.ownerUrl, bankA.id))
      .filter((row) => row.resource_id === ruleId)
      .map((row) => row.action);
    expect(actions).toEqual(['category-rule.create', 'category-rule.update', 'category-rule.delete']);
  });

  it('ingestion categorises by bank rule, MCC and platform rule, and a new rule applies at the next sync of a row', async () => {
    const page = [
      cardPayment('t-gym', 'PURE GYM LTD #221 LONDON GB', undefined, 2_999, 2),
      cardPayment('t-grocer', 'SQ *FARM SHOP #12', '5411', 1_250, 3),
      { ...cardPayment('t-rent', 'Oak Lettings', undefined, 95_000, 4), description: 'Monthly rent October' },
      cardPayment('t-unknown', 'Zorblax', undefined, 700, 5),
    ];
    expect(await storePage(page)).toMatchObject({ inserted: 4, rejected: 0 });
    const before = await anaTransactions();
    const bySource = async (sourceId: string) => before.get((await storedBySource(sourceId)).id)!;
    expect(await bySource('t-grocer')).toMatchObject({
      merchantDisplayName: 'Farm Shop',
      category: 'groceries',
      categorySource: 'MCC',
    });
    expect(await bySource('t-rent')).toMatchObject({ category: 'housing', categorySource: 'RULE' });
    // No rule, no MCC, no classifier yet: uncategorised.
    expect(await bySource('t-unknown')).toMatchObject({ category: null, categorySource: null });
    expect(await bySource('t-gym')).toMatchObject({ merchantDisplayName: 'Pure Gym', category: null });

    const created = await gql<{ createCategoryRule: { id: string } }>(tokens.adminA, createRule, {
      input: {
        name: 'Gyms',
        priority: 1,
        category: 'entertainment',
        conditions: { merchantContains: ['pure gym'] },
      },
    });
    expect(created.body.errors).toBeUndefined();
    // The source sends the row again (the overlap window): the bank's rule now decides it.
    expect(await storePage(page)).toMatchObject({ inserted: 0, updated: 1, unchanged: 3 });
    expect(await storedBySource('t-gym')).toMatchObject({
      category: 'entertainment',
      category_source: 'rule',
    });
  });

  it("a customer's re-categorisation shows at once, is kept by later syncs, is a training label and is audited", async () => {
    const grocer = await storedBySource('t-grocer');
    const result = await gql<{ categoriseTransaction: Record<string, unknown> }>(
      tokens.customerA,
      categorise,
      {
        id: grocer.id,
        category: 'eating-out',
      },
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.categoriseTransaction).toEqual({
      transactionId: grocer.id,
      category: 'eating-out',
      categorySource: 'CUSTOMER',
      categoryConfidence: 1,
    });
    expect((await anaTransactions()).get(grocer.id)).toMatchObject({
      category: 'eating-out',
      categorySource: 'CUSTOMER',
    });

    // A later sync with changed data (amount corrected) updates the row but not the customer's choice.
    const report = await storePage([cardPayment('t-grocer', 'SQ *FARM SHOP #12', '5411', 1_300, 3)]);
    expect(report).toMatchObject({ updated: 1 });
    expect(await storedBySource('t-grocer')).toMatchObject({
      category: 'eating-out',
      category_source: 'customer',
    });

    expect(
      await rowsAsTenant(
        api.database.ownerUrl,
        bankA.id,
        'select customer_id, category, previous_category, previous_source from category_label where transaction_id = $1',
        [grocer.id],
      ),
    ).toEqual([
      { customer_id: ana.id, category: 'eating-out', previous_category: 'groceries', previous_source: 'mcc' },
    ]);
    const audited = (await auditRows(api.database.ownerUrl, bankA.id)).filter(
      (row) => row.resource_id === grocer.id,
    );
    expect(audited.map((row) => [row.action, row.changes])).toEqual([
      [
        'transaction.categorise',
        { category: 'eating-out', previousCategory: 'groceries', previousSource: 'mcc' },
      ],
    ]);
  });

  it("another customer's transaction is NOT_FOUND, an unknown category INVALID, staff FORBIDDEN; nothing changes", async () => {
    const notYours = await gql(tokens.customerA, categorise, {
      id: otherCustomerTransactionId,
      category: 'travel',
    });
    expect(notYours.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const grocer = await storedBySource('t-grocer');
    const unknown = await gql(tokens.customerA, categorise, { id: grocer.id, category: 'snacks' });
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [{ field: 'category' }],
    });
    const asStaff = await gql(tokens.adminA, categorise, { id: grocer.id, category: 'travel' });
    expect(asStaff.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(
      await rowsAsTenant(
        api.database.ownerUrl,
        bankA.id,
        'select category, category_source from account_transaction where id in ($1, $2) order by category',
        [grocer.id, otherCustomerTransactionId],
      ),
    ).toEqual([
      { category: 'eating-out', category_source: 'customer' },
      { category: null, category_source: null },
    ]);
  });

  it('retraining (step-up, audited) says why when there is too little, then learns from labels and categorises what rules leave open', async () => {
    const retrain = `mutation { retrainCategoriser { trained reason model { id classes examples customerLabels backend } } }`;
    const tooLittle = await gql<{ retrainCategoriser: { trained: boolean; reason: string; model: null } }>(
      tokens.adminA,
      retrain,
    );
    expect(tooLittle.body.errors).toBeUndefined();
    expect(tooLittle.body.data?.retrainCategoriser).toMatchObject({ trained: false, model: null });
    expect(tooLittle.body.data?.retrainCategoriser.reason).toMatch(/Too little to learn from/);

    // A month of card payments with MCCs: groceries at "Fresh Market", eating out at "Luigi's Trattoria".
    const history = Array.from({ length: 30 }, (_, index) =>
      index % 2 === 0
        ? cardPayment(`h-${index}`, 'FRESH MARKET 0042', '5411', 2_000 + index * 10, 1 + (index % 28))
        : cardPayment(`h-${index}`, "LUIGI'S TRATTORIA", '5812', 3_500 + index * 10, 1 + (index % 28)),
    );
    expect(await storePage(history)).toMatchObject({ inserted: 30 });
    const trained = await gql<{
      retrainCategoriser: {
        trained: boolean;
        model: { id: string; classes: string[]; examples: number; customerLabels: number; backend: string };
      };
    }>(tokens.adminA, retrain);
    expect(trained.body.errors).toBeUndefined();
    const model = trained.body.data!.retrainCategoriser.model;
    expect(trained.body.data!.retrainCategoriser.trained).toBe(true);
    expect(model.classes).toEqual(expect.arrayContaining(['eating-out', 'groceries']));
    // 30 MCC rows + the two rule/MCC rows of earlier tests (housing, entertainment) + Ana's label counted 3 times.
    expect(model.customerLabels).toBe(1);
    expect(['wasm', 'cpu', 'tensorflow']).toContain(model.backend);

    // No MCC and no rule: the classifier decides from the merchant's name.
    await storePage([cardPayment('n-1', 'Fresh Market 0077', undefined, 2_150, 20)]);
    const decided = await storedBySource('n-1');
    expect(decided).toMatchObject({ category: 'groceries', category_source: 'model' });
    expect(decided.category_confidence).toBeGreaterThanOrEqual(0.6);
    const audited = (await auditRows(api.database.ownerUrl, bankA.id)).filter(
      (row) => row.action === 'category-model.train',
    );
    expect(audited.map((row) => row.changes.trained)).toEqual([false, true]);
    expect((await gql(tokens.officerA, retrain)).body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  }, 120_000);
});
