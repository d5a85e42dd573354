import { EntityManager } from '@mikro-orm/postgresql';
import type { SourceTransaction } from '@finpersona/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomersService } from '../customers';
import { DEMO_CUSTOMER_SUBJECT } from '../onboarding';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { grantAggregationConsent, seedSourceData } from '../testing/customer-data';
import { demoAccessTokens } from '../testing/demo-tokens';
import { withRulePack } from '../testing/rule-packs';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';
import { rowsAsTenant } from '../testing/tenant-rows';

const budgetFields = `id category period amount { minor currency } periodStart periodEnd spent { minor currency }
  remaining { minor currency } projected { minor currency } status`;
const goalFields = `id name target { minor currency } targetDate linkedAccountId progressSource saved { minor currency }
  remaining { minor currency } percent monthsLeft monthlyNeeded { minor currency } status`;
const budgetsQuery = `{ budgets { ${budgetFields} } }`;
const goalsQuery = `{ savingsGoals { ${goalFields} } }`;
const createBudget = `mutation($input: CreateBudgetInput!) { createBudget(input: $input) { ${budgetFields} } }`;
const updateBudget = `mutation($id: ID!, $input: UpdateBudgetInput!) { updateBudget(id: $id, input: $input) { ${budgetFields} } }`;
const deleteBudget = `mutation($id: ID!) { deleteBudget(id: $id) { id } }`;
const createGoal = `mutation($input: CreateSavingsGoalInput!) { createSavingsGoal(input: $input) { ${goalFields} } }`;
const updateGoal = `mutation($id: ID!, $input: UpdateSavingsGoalInput!) { updateSavingsGoal(id: $id, input: $input) { ${goalFields} } }`;
const contribute = `mutation($id: ID!, $amount: String!) { contributeToSavingsGoal(id: $id, amountMinor: $amount) { ${goalFields} } }`;
const deleteGoal = `mutation($id: ID!) { deleteSavingsGoal(id: $id) { id } }`;

interface Money {
  minor: string;
  currency: string;
}
interface BudgetNode {
  id: string;
  category: string;
  spent: Money;
  remaining: Money;
  projected: Money;
  status: string;
  periodStart: string;
  periodEnd: string;
}
interface GoalNode {
  id: string;
  name: string;
  saved: Money;
  remaining: Money;
  percent: number;
  monthsLeft: number | null;
  monthlyNeeded: Money | null;
  progressSource: string;
  linkedAccountId: string | null;
  status: string;
}

const utcDate = (date: Date) => date.toISOString().slice(0, 10);
const today = new Date();
const thisMonth = utcDate(today).slice(0, 8);
/** A day of the previous month (UTC): its debits are outside the current period. */
const lastMonth = utcDate(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 15)));

describe('customer tools: budgets and savings goals through the API', () => {
  let api: ApiFixture;
  let realm: BankRealm;
  let bankA: TenantRef;
  let bankB: TenantRef;
  let anaId: string;
  let tokens: Awaited<ReturnType<typeof demoAccessTokens>>;
  let customerB: string;
  let anaAccounts: { eur: string; savings: string; usd: string };
  let otherCustomersAccount: string;

  const count = (tenant: TenantRef, table: string) =>
    rowsAsTenant<{ n: string }>(api.database.ownerUrl, tenant.id, `select count(*) as n from ${table}`).then(
      (rows) => Number(rows[0]!.n),
    );
  const asAna = <T>(query: string, variables?: Record<string, unknown>) =>
    api.graphql<T>(query, { token: tokens.customer, variables });

  /** Categorises seeded transactions as enrichment would (committed: the API reads them afterwards). */
  const categorise = (tenant: TenantRef, transactionIds: string[], category: string) =>
    runAsTenant(tenant, () =>
      api.running.app.get(EntityManager).transactional((tx) =>
        tx.execute(
          `update account_transaction set category = ?, category_source = 'rule', category_confidence = 1
            where id in (${transactionIds.map(() => '?').join(', ')})`,
          [category, ...transactionIds],
        ),
      ),
    );

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '10000' } });
    const tenancy = api.running.app.get(TenancyService);
    const customers = api.running.app.get(CustomersService);
    bankA = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(demoBank)));
    await customers.upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    realm = await createBankRealm('tools', { customers: ['customer1'] });
    bankB = tenantRef(
      await withRulePack(
        api.running.app,
        tenancy.upsertTenant({
          ...otherBank,
          slug: realm.realm,
          realm: realm.realm,
          name: 'Tools Bank',
          appOrigins: { admin: [], customer: ['http://localhost:15174'] },
        }),
      ),
    );
    await customers.upsertDemoCustomers(realm.realm, [
      { subject: realm.customers[0]!.subject, displayName: 'Bea Tools', email: `bea@${realm.realm}.example` },
    ]);
    const ids = await rowsAsTenant<{ id: string; subject: string | null }>(
      api.database.ownerUrl,
      bankA.id,
      'select id, subject from customer order by created_at, id',
    );
    anaId = ids.find((row) => row.subject === DEMO_CUSTOMER_SUBJECT)!.id;
    const otherCustomerId = ids.find((row) => row.subject !== DEMO_CUSTOMER_SUBJECT)!.id;
    tokens = await demoAccessTokens();
    customerB = await realm.customers[0]!.token();

    const day = (n: number) => `${thisMonth}${String(n).padStart(2, '0')}`;
    // Everything this month is dated on or before today, so the test holds on any day of the month.
    const dayOfMonth = today.getUTCDate();
    const tx = (
      sourceId: string,
      minor: string,
      extra: Partial<SourceTransaction> = {},
    ): SourceTransaction => ({
      sourceId,
      sourceAccountId: 'acc-eur',
      amount: { minor, currency: 'EUR' },
      direction: 'debit',
      status: 'booked',
      bookingDate: day(Math.max(1, dayOfMonth - 1)),
      ...extra,
    });
    const consentId = await grantAggregationConsent(api.running.app, bankA, anaId);
    const seeded = await seedSourceData(api.running.app, bankA, anaId, consentId, {
      accounts: [
        { sourceId: 'acc-eur', type: 'current', currency: 'EUR', identifiers: [] },
        { sourceId: 'acc-savings', type: 'savings', currency: 'EUR', identifiers: [] },
        { sourceId: 'acc-usd', type: 'current', currency: 'USD', identifiers: [] },
      ],
      balances: [
        // The savings account: an old booked balance, the newest booked one, and a newer "available".
        {
          sourceAccountId: 'acc-savings',
          type: 'booked',
          amount: { minor: '100000', currency: 'EUR' },
          asOf: `${lastMonth}T00:00:00Z`,
        },
        {
          sourceAccountId: 'acc-savings',
          type: 'booked',
          amount: { minor: '150000', currency: 'EUR' },
          asOf: `${day(1)}T00:00:00Z`,
        },
        {
          sourceAccountId: 'acc-savings',
          type: 'available',
          amount: { minor: '999999', currency: 'EUR' },
          asOf: today.toISOString(),
        },
      ],
      transactions: [
        tx('g1', '12345', { bookingDate: day(1) }),
        tx('g2', '7655'),
        // Not counted: pending, a credit, last month, another currency, another category.
        tx('g-pending', '5000', { status: 'pending' }),
        tx('g-credit', '3000', { direction: 'credit' }),
        tx('g-old', '40000', { bookingDate: lastMonth }),
        tx('g-usd', '8000', { sourceAccountId: 'acc-usd', amount: { minor: '8000', currency: 'USD' } }),
        tx('e1', '2500'),
      ],
    });
    const [eur, savings, usd] = seeded.accountIds as [string, string, string];
    anaAccounts = { eur, savings, usd };
    const [g1, g2, pending, credit, old, usdDebit, eatingOut] = seeded.transactionIds;
    await categorise(bankA, [g1!, g2!, pending!, credit!, old!, usdDebit!], 'groceries');
    await categorise(bankA, [eatingOut!], 'eating-out');
    // Another customer of the same bank, with an account Ana must not be able to link.
    const otherConsent = await grantAggregationConsent(api.running.app, bankA, otherCustomerId);
    otherCustomersAccount = (
      await seedSourceData(api.running.app, bankA, otherCustomerId, otherConsent, {
        accounts: [{ sourceId: 'acc-other', type: 'savings', currency: 'EUR', identifiers: [] }],
        transactions: [],
      })
    ).accountIds[0]!;
  });

  afterAll(async () => {
    await realm?.remove().catch(() => undefined);
    await api?.close();
  });

  it("a groceries budget counts this month's booked EUR debits in groceries only, with remaining and a projection", async () => {
    const { body } = await asAna<{ createBudget: BudgetNode }>(createBudget, {
      input: { category: 'groceries', amountMinor: '30000', currency: 'EUR' },
    });
    expect(body.errors).toBeUndefined();
    const budget = body.data!.createBudget;
    const spent = 12_345 + 7_655;
    const daysInMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 0)).getUTCDate();
    const projected = Math.round((spent * daysInMonth) / today.getUTCDate());
    expect(budget).toMatchObject({
      category: 'groceries',
      period: 'MONTHLY',
      periodStart: `${thisMonth}01`,
      spent: { minor: String(spent), currency: 'EUR' },
      remaining: { minor: String(30_000 - spent), currency: 'EUR' },
      projected: { minor: String(projected), currency: 'EUR' },
      status: projected > 30_000 ? 'AT_RISK' : 'ON_TRACK',
    });
    // Lowering the amount below what was spent makes it OVER, with a negative remainder.
    const lowered = await asAna<{ updateBudget: BudgetNode }>(updateBudget, {
      id: budget.id,
      input: { amountMinor: '15000' },
    });
    expect(lowered.body.data?.updateBudget).toMatchObject({
      status: 'OVER',
      remaining: { minor: String(15_000 - spent) },
    });
    const listed = await asAna<{ budgets: BudgetNode[] }>(budgetsQuery);
    expect(listed.body.data?.budgets.map((item) => [item.category, item.spent.minor])).toEqual([
      ['groceries', String(spent)],
    ]);
  });

  it('bad budget input is INVALID naming every bad field, and nothing is written', async () => {
    const before = await count(bankA, 'budget');
    const { body } = await asAna(createBudget, {
      input: { category: 'salary', amountMinor: '0', currency: 'eur' },
    });
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [
        { field: 'input.category', problem: expect.stringContaining('spending category') },
        { field: 'input.amountMinor', problem: expect.any(String) },
        { field: 'input.currency', problem: expect.any(String) },
      ],
    });
    expect(await count(bankA, 'budget')).toBe(before);
  });

  it('a second budget for the same category is CONFLICT; update and delete reach only own budgets', async () => {
    const { body } = await asAna(createBudget, {
      input: { category: 'groceries', amountMinor: '1000', currency: 'EUR' },
    });
    expect(body.errors?.[0]?.extensions.code).toBe('CONFLICT');
    const created = await asAna<{ createBudget: BudgetNode }>(createBudget, {
      input: { category: 'eating-out', amountMinor: '10000', currency: 'EUR' },
    });
    expect(created.body.data?.createBudget.spent.minor).toBe('2500');
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-00000000dead']) {
      const missing = await asAna(deleteBudget, { id });
      expect(missing.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    }
    const deleted = await asAna<{ deleteBudget: { id: string } }>(deleteBudget, {
      id: created.body.data!.createBudget.id,
    });
    expect(deleted.body.data?.deleteBudget.id).toBe(created.body.data!.createBudget.id);
    const listed = await asAna<{ budgets: BudgetNode[] }>(budgetsQuery);
    expect(listed.body.data?.budgets.map((item) => item.category)).toEqual(['groceries']);
  });

  it('a goal linked to the savings account follows its newest booked balance; the name is stored encrypted', async () => {
    const targetDate = utcDate(new Date(today.getTime() + 365 * 86_400_000));
    const { body } = await asAna<{ createSavingsGoal: GoalNode }>(createGoal, {
      input: {
        name: 'Wedding in Piran',
        targetAmountMinor: '600000',
        currency: 'EUR',
        targetDate,
        linkedAccountId: anaAccounts.savings,
      },
    });
    expect(body.errors).toBeUndefined();
    const goal = body.data!.createSavingsGoal;
    expect(goal).toMatchObject({
      name: 'Wedding in Piran',
      progressSource: 'LINKED_ACCOUNT',
      linkedAccountId: anaAccounts.savings,
      saved: { minor: '150000', currency: 'EUR' },
      remaining: { minor: '450000' },
      percent: 25,
      monthsLeft: 12,
      monthlyNeeded: { minor: '37500', currency: 'EUR' },
      status: 'IN_PROGRESS',
    });
    const [row] = await rowsAsTenant<{ name_enc: string }>(
      api.database.ownerUrl,
      bankA.id,
      'select name_enc from savings_goal where id = $1',
      [goal.id],
    );
    expect(row!.name_enc).not.toContain('Wedding');
    // A goal that follows an account takes no manual contributions.
    const refused = await asAna(contribute, { id: goal.id, amount: '1000' });
    expect(refused.body.errors?.[0]?.extensions.code).toBe('CONFLICT');
    // Unlinking makes it manual (nothing recorded by hand yet); removing the date drops the monthly amount.
    const unlinked = await asAna<{ updateSavingsGoal: GoalNode }>(updateGoal, {
      id: goal.id,
      input: { linkedAccountId: null, targetDate: null },
    });
    expect(unlinked.body.data?.updateSavingsGoal).toMatchObject({
      progressSource: 'MANUAL',
      linkedAccountId: null,
      saved: { minor: '0' },
      monthsLeft: null,
      monthlyNeeded: null,
    });
  });

  it('manual contributions and withdrawals add up; the total never goes below 0', async () => {
    const { body } = await asAna<{ createSavingsGoal: GoalNode }>(createGoal, {
      input: { name: 'New bike', targetAmountMinor: '90000', currency: 'EUR' },
    });
    const id = body.data!.createSavingsGoal.id;
    await asAna(contribute, { id, amount: '50000' });
    const after = await asAna<{ contributeToSavingsGoal: GoalNode }>(contribute, { id, amount: '-5000' });
    expect(after.body.data?.contributeToSavingsGoal).toMatchObject({
      saved: { minor: '45000' },
      percent: 50,
      status: 'IN_PROGRESS',
    });
    const tooMuch = await asAna(contribute, { id, amount: '-45001' });
    expect(tooMuch.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [{ field: 'amountMinor', problem: expect.stringContaining('below 0') }],
    });
    const reached = await asAna<{ contributeToSavingsGoal: GoalNode }>(contribute, { id, amount: '45000' });
    expect(reached.body.data?.contributeToSavingsGoal.status).toBe('REACHED');
    const listed = await asAna<{ savingsGoals: GoalNode[] }>(goalsQuery);
    expect(listed.body.data?.savingsGoals.map((goal) => goal.name)).toEqual(['Wedding in Piran', 'New bike']);
  });

  it('bad goal input is INVALID per field; an account of another customer is NOT_FOUND; nothing is written', async () => {
    const before = await count(bankA, 'savings_goal');
    const invalid = await asAna(createGoal, {
      input: { name: ' ', targetAmountMinor: '-1', currency: 'EURO', targetDate: '2020-01-01' },
    });
    expect(invalid.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [
        { field: 'input.name' },
        { field: 'input.targetAmountMinor' },
        { field: 'input.currency' },
        { field: 'input.targetDate', problem: 'must be after today' },
      ],
    });
    const otherCurrency = await asAna(createGoal, {
      input: { name: 'Trip', targetAmountMinor: '1000', currency: 'EUR', linkedAccountId: anaAccounts.usd },
    });
    expect(otherCurrency.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [{ field: 'input.linkedAccountId', problem: expect.stringContaining('USD') }],
    });
    const someoneElses = await asAna(createGoal, {
      input: {
        name: 'Trip',
        targetAmountMinor: '1000',
        currency: 'EUR',
        linkedAccountId: otherCustomersAccount,
      },
    });
    expect(someoneElses.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(await count(bankA, 'savings_goal')).toBe(before);
  });

  it('bank staff may not read or change customers’ budgets and goals (FORBIDDEN), and nothing is written', async () => {
    const before = [await count(bankA, 'budget'), await count(bankA, 'savings_goal')];
    for (const token of [tokens.bankAdmin, tokens.complianceOfficer, tokens.operator]) {
      for (const [document, variables] of [
        [budgetsQuery, {}],
        [goalsQuery, {}],
        [createBudget, { input: { category: 'travel', amountMinor: '100', currency: 'EUR' } }],
        [createGoal, { input: { name: 'x', targetAmountMinor: '100', currency: 'EUR' } }],
      ] as const) {
        const { body } = await api.graphql(document, { token, variables });
        expect(body.data ?? null, document).toBeNull();
        expect(body.errors?.[0]?.extensions.code, document).toBe('FORBIDDEN');
      }
    }
    expect([await count(bankA, 'budget'), await count(bankA, 'savings_goal')]).toEqual(before);
  });

  it("a customer of bank B sees none of Ana's budgets or goals and cannot change or delete them by id", async () => {
    const [budget] = (await asAna<{ budgets: BudgetNode[] }>(budgetsQuery)).body.data!.budgets;
    const [goal] = (await asAna<{ savingsGoals: GoalNode[] }>(goalsQuery)).body.data!.savingsGoals;
    const own = await api.graphql<{ budgets: BudgetNode[]; savingsGoals: GoalNode[] }>(
      `{ budgets { id } savingsGoals { id } }`,
      { token: customerB },
    );
    expect(own.body.data).toEqual({ budgets: [], savingsGoals: [] });
    const before = await rowsAsTenant(api.database.ownerUrl, bankA.id, 'select * from budget, savings_goal');
    for (const [document, variables] of [
      [updateBudget, { id: budget!.id, input: { amountMinor: '1' } }],
      [deleteBudget, { id: budget!.id }],
      [updateGoal, { id: goal!.id, input: { name: 'Taken' } }],
      [contribute, { id: goal!.id, amount: '1' }],
      [deleteGoal, { id: goal!.id }],
    ] as const) {
      const { body } = await api.graphql(document, { token: customerB, variables });
      expect(body.errors?.[0]?.extensions.code, document).toBe('NOT_FOUND');
      // Addressing Ana's bank with B's token is refused at the edge.
      const addressed = await api.graphql(document, { token: customerB, variables, tenant: bankA.slug });
      expect(addressed.status, document).toBe(403);
    }
    expect(await rowsAsTenant(api.database.ownerUrl, bankA.id, 'select * from budget, savings_goal')).toEqual(
      before,
    );
    expect(await count(bankB, 'budget')).toBe(0);
  });
});
