// Customer rules end to end (issue 6, item 6) on the real API, PostgreSQL and Keycloak: the one condition
// language with all / any (bank category rules too), a customer's set-category rules applied at sync and to
// the past, alert rules through the alert machinery, rule suggestions accepted and dismissed; access across
// roles and banks.
import { EntityManager } from '@mikro-orm/postgresql';
import type { SourceTransaction } from '@finpersona/plugin-sdk';
import { randomUUID } from 'node:crypto';
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
import { withRulePack } from '../testing/rule-packs';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';
import { rowsAsTenant } from '../testing/tenant-rows';
import { AlertsService } from './alerts.service';

const conditionFields = `merchantContains descriptionContains minAmountMinor maxAmountMinor currency direction accountIds categories
  all { merchantContains direction accountIds any { minAmountMinor maxAmountMinor currency } }
  any { merchantContains descriptionContains minAmountMinor maxAmountMinor currency }`;
const ruleFields = `id action category enabled alertId fromSuggestion appliedCount conditions { ${conditionFields} }`;
const createRule = `mutation($input: CreateCustomerRuleInput!) { createCustomerRule(input: $input) { ${ruleFields} } }`;
const updateRule = `mutation($id: ID!, $input: UpdateCustomerRuleInput!) { updateCustomerRule(id: $id, input: $input) { ${ruleFields} } }`;
const deleteRule = `mutation($id: ID!) { deleteCustomerRule(id: $id) { id } }`;
const listRules = `{ customerRules { ${ruleFields} } }`;
const applyToPast = `mutation($id: ID!) { applyRuleToPast(id: $id) { examined matched changed truncated rule { id appliedCount } } }`;
const listSuggestions = `{ ruleSuggestions { id kind summary evidence evidenceCount action category conditions { ${conditionFields} } } }`;
const acceptSuggestion = `mutation($id: ID!) { acceptSuggestion(id: $id) { ${ruleFields} } }`;
const dismissSuggestion = `mutation($id: ID!) { dismissSuggestion(id: $id) { id } }`;
const categorise = `mutation($id: ID!, $category: String!) { categoriseTransaction(transactionId: $id, category: $category) { category } }`;
const createBankRule = `mutation($input: CategoryRuleInput!) { createCategoryRule(input: $input) { id conditions { any { merchantContains mcc } } } }`;

interface RuleNode {
  id: string;
  action: string;
  category: string | null;
  enabled: boolean;
  alertId: string | null;
  fromSuggestion: boolean;
  appliedCount: number;
}

interface SuggestionNode {
  id: string;
  kind: string;
  summary: string;
  evidence: string;
  evidenceCount: number;
  action: string;
  category: string | null;
}

describe('customer rules: one condition language with all / any, applied at sync, to the past and as alerts', () => {
  let api: ApiFixture;
  let bankA: TenantRef;
  let realmB: BankRealm;
  let anaId: string;
  let accountId: string;
  let connectionId: string;
  let consentId: string;
  let tokens: Awaited<ReturnType<typeof demoAccessTokens>>;
  let customerB: string;

  const asAna = <T>(query: string, variables?: Record<string, unknown>) =>
    api.graphql<T>(query, { token: tokens.customer, variables });
  const asAdmin = <T>(query: string, variables?: Record<string, unknown>) =>
    api.graphql<T>(query, { token: tokens.bankAdmin, variables });
  const asB = <T>(query: string, variables?: Record<string, unknown>) =>
    api.graphql<T>(query, { token: customerB, variables, tenant: realmB.realm });
  const rows = <T extends object>(sql: string, values: unknown[] = []) =>
    rowsAsTenant<T>(api.database.ownerUrl, bankA.id, sql, values);
  const count = (sql: string, values: unknown[] = []) =>
    rows<{ n: string }>(sql, values).then((result) => Number(result[0]!.n));
  /** A sync page of Ana's main account through the real ingest path (where categorisation runs). */
  const sync = async (transactions: Omit<SourceTransaction, 'sourceAccountId' | 'status'>[]) => {
    await runAsTenant(bankA, () =>
      api.running.app.get(IngestService).storeTransactionPage(connectionId, 'acc-main', {
        transactions: transactions.map((transaction) => ({
          ...transaction,
          sourceAccountId: 'acc-main',
          status: 'booked',
        })),
        nextCursor: null,
      }),
    );
  };
  const payment = (
    sourceId: string,
    merchant: string,
    minor: number,
    description = `Card payment ${merchant}`,
  ): Omit<SourceTransaction, 'sourceAccountId' | 'status'> => ({
    sourceId,
    amount: { minor: String(minor), currency: 'EUR' },
    direction: 'debit',
    bookingDate: '2026-11-20',
    description,
    merchant: { name: merchant },
  });
  const stored = (sourceId: string) =>
    rows<{
      id: string;
      category: string | null;
      category_source: string | null;
      category_rule_id: string | null;
    }>(
      `select id, category, category_source, category_rule_id from account_transaction
        where customer_id = $1 and source_id = $2`,
      [anaId, sourceId],
    ).then((result) => result[0]!);

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '10000' } });
    const tenancy = api.running.app.get(TenancyService);
    const customers = api.running.app.get(CustomersService);
    bankA = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(demoBank)));
    await customers.upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    realmB = await createBankRealm('rules', { customers: ['customer1'] });
    await withRulePack(
      api.running.app,
      tenancy.upsertTenant({
        ...otherBank,
        slug: realmB.realm,
        realm: realmB.realm,
        name: 'Rules Bank',
        appOrigins: { admin: [], customer: ['http://localhost:15174'] },
      }),
    );
    await customers.upsertDemoCustomers(realmB.realm, [
      { subject: realmB.customers[0]!.subject, displayName: 'Bo Rules', email: `bo@${realmB.realm}.example` },
    ]);
    anaId = (
      await rows<{ id: string }>('select id from customer where subject = $1', [DEMO_CUSTOMER_SUBJECT])
    )[0]!.id;
    tokens = await demoAccessTokens();
    customerB = await realmB.customers[0]!.token();
    consentId = await grantAggregationConsent(api.running.app, bankA, anaId);
    const seeded = await seedSourceData(api.running.app, bankA, anaId, consentId, {
      accounts: [{ sourceId: 'acc-main', type: 'current', currency: 'EUR', identifiers: [] }],
      transactions: [],
    });
    accountId = seeded.accountIds[0]!;
    connectionId = seeded.connectionId;
  });

  afterAll(async () => {
    await realmB?.remove().catch(() => undefined);
    await api?.close();
  });

  it("the bank's category rules take the nested form too, and their old flat form still works", async () => {
    const nested = await asAdmin<{ createCategoryRule: { id: string; conditions: unknown } }>(
      createBankRule,
      {
        input: {
          name: 'Gyms by name or MCC',
          priority: 5,
          category: 'health',
          conditions: { direction: 'debit', any: [{ merchantContains: ['iron gym'] }, { mcc: ['7997'] }] },
        },
      },
    );
    expect(nested.body.errors).toBeUndefined();
    expect(nested.body.data?.createCategoryRule.conditions).toEqual({
      any: [
        { merchantContains: ['iron gym'], mcc: null },
        { merchantContains: null, mcc: ['7997'] },
      ],
    });
    const forCustomers = await asAdmin(createBankRule, {
      input: { name: 'Bad', priority: 6, category: 'health', conditions: { accountIds: [accountId] } },
    });
    expect(forCustomers.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [{ field: 'conditions.accountIds' }],
    });
    await sync([payment('gym-1', 'Iron Gym Ljubljana', 3500)]);
    expect(await stored('gym-1')).toMatchObject({ category: 'health', category_source: 'rule' });
  });

  it('bad rule input is INVALID with the path of each problem in the tree, and nothing is written', async () => {
    const before = await count('select count(*) as n from customer_rule');
    const bad = await asAna(createRule, {
      input: {
        action: 'SET_CATEGORY',
        conditions: {
          all: [
            { merchantContains: ['netflix'] },
            { any: [{ minAmountMinor: '100' }, { all: [{ any: [{ direction: 'debit' }] }] }] },
          ],
        },
      },
    });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [
        { field: 'input.category' },
        { field: 'input.conditions.all[1].any[0].currency' },
        { field: 'input.conditions.all[1].any[1].all', problem: expect.stringContaining('3 levels') },
      ],
    });
    const foreignAccount = await asAna(createRule, {
      input: {
        action: 'ALERT',
        conditions: { any: [{ direction: 'debit' }, { accountIds: [randomUUID()] }] },
      },
    });
    expect(foreignAccount.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [{ field: 'input.conditions.any[1].accountIds' }],
    });
    expect(await count('select count(*) as n from customer_rule')).toBe(before);
    expect(await count(`select count(*) as n from customer_alert where kind = 'rule-match'`)).toBe(0);
  });

  it("a set-category rule categorises new transactions at sync as the customer's own choice, recording the rule", async () => {
    const created = await asAna<{ createCustomerRule: RuleNode }>(createRule, {
      input: {
        action: 'SET_CATEGORY',
        category: 'entertainment',
        conditions: {
          all: [{ merchantContains: ['streamflix'] }, { any: [{ accountIds: [accountId] }] }],
        },
      },
    });
    expect(created.body.errors).toBeUndefined();
    const rule = created.body.data!.createCustomerRule;
    expect(rule).toMatchObject({ action: 'SET_CATEGORY', category: 'entertainment', alertId: null });
    // The conditions are personal (the customer's own statement text): ciphertext at rest.
    const [sealed] = await rows<{ conditions_enc: string }>(
      'select conditions_enc from customer_rule where id = $1',
      [rule.id],
    );
    expect(sealed!.conditions_enc).not.toContain('streamflix');
    await sync([payment('sf-1', 'STREAMFLIX.COM', 1299), payment('other-1', 'Corner Shop', 450)]);
    expect(await stored('sf-1')).toMatchObject({
      category: 'entertainment',
      category_source: 'customer',
      category_rule_id: rule.id,
    });
    expect((await stored('other-1')).category_rule_id).toBeNull();
    // A later sync of the same rows (and a changed rule set: a disabled rule) leaves the customer's choice.
    await asAna(updateRule, { id: rule.id, input: { enabled: false } });
    await sync([payment('sf-1', 'STREAMFLIX.COM', 1299)]);
    expect(await stored('sf-1')).toMatchObject({ category: 'entertainment', category_rule_id: rule.id });
    await sync([payment('sf-2', 'STREAMFLIX.COM', 1299)]);
    expect((await stored('sf-2')).category_rule_id).toBeNull();
    await asAna(updateRule, { id: rule.id, input: { enabled: true } });
    const audit = (await auditRows(api.database.ownerUrl, bankA.id)).filter(
      (entry) => entry.resource_id === rule.id,
    );
    expect(audit.map((entry) => entry.action)).toEqual([
      'customer-rule.create',
      'customer-rule.update',
      'customer-rule.update',
    ]);
    expect(JSON.stringify(audit)).not.toContain('streamflix');
  });

  it('applyRuleToPast changes matching past transactions, never a manual choice, and reports the counts', async () => {
    await sync([
      payment('past-1', 'Bookworm', 2000, 'BOOKWORM store 1'),
      payment('past-2', 'Bookworm', 2500, 'BOOKWORM store 2'),
      payment('past-3', 'Bookworm', 900, 'BOOKWORM store 3'),
    ]);
    const manual = await stored('past-3');
    await asAna(categorise, { id: manual.id, category: 'shopping' });
    const created = await asAna<{ createCustomerRule: RuleNode }>(createRule, {
      input: {
        action: 'SET_CATEGORY',
        category: 'education',
        conditions: { merchantContains: ['bookworm'], any: [{ minAmountMinor: '500', currency: 'EUR' }] },
      },
    });
    const ruleId = created.body.data!.createCustomerRule.id;
    const applied = await asAna<{
      applyRuleToPast: {
        examined: number;
        matched: number;
        changed: number;
        truncated: boolean;
        rule: RuleNode;
      };
    }>(applyToPast, { id: ruleId });
    expect(applied.body.errors).toBeUndefined();
    expect(applied.body.data?.applyRuleToPast).toMatchObject({
      matched: 2,
      changed: 2,
      truncated: false,
      rule: { id: ruleId, appliedCount: 2 },
    });
    expect(await stored('past-1')).toMatchObject({ category: 'education', category_rule_id: ruleId });
    expect(await stored('past-3')).toMatchObject({ category: 'shopping', category_rule_id: null });
    // Again: nothing left to change.
    const again = await asAna<{ applyRuleToPast: { changed: number } }>(applyToPast, { id: ruleId });
    expect(again.body.data?.applyRuleToPast.changed).toBe(0);
    const audit = (await auditRows(api.database.ownerUrl, bankA.id)).filter(
      (entry) => entry.resource_id === ruleId,
    );
    expect(audit.filter((entry) => entry.action === 'customer-rule.apply-to-past')).toHaveLength(2);
  });

  it('an alert rule notifies through its RULE_MATCH alert for matching new transactions only', async () => {
    const created = await asAna<{ createCustomerRule: RuleNode }>(createRule, {
      input: {
        action: 'ALERT',
        conditions: {
          all: [
            { merchantContains: ['tunesbox'], direction: 'debit' },
            {
              any: [
                { maxAmountMinor: '998', currency: 'EUR' },
                { minAmountMinor: '1000', currency: 'EUR' },
              ],
            },
          ],
        },
      },
    });
    expect(created.body.errors).toBeUndefined();
    const rule = created.body.data!.createCustomerRule;
    expect(rule.alertId).toEqual(expect.any(String));
    await sync([payment('tb-1', 'TUNESBOX', 999), payment('tb-2', 'TUNESBOX', 1199)]);
    const evaluation = await runAsTenant(bankA, () =>
      api.running.app
        .get(EntityManager)
        .transactional(() => api.running.app.get(AlertsService).evaluateForCustomer(anaId)),
    );
    expect(evaluation).toMatchObject({ sent: 1 });
    expect(
      await count(
        `select count(*) as n from notification where customer_id = $1 and kind = 'alert.rule-match'`,
        [anaId],
      ),
    ).toBe(1);
    const tb2 = await stored('tb-2');
    expect(
      await count(
        `select count(*) as n from customer_alert_firing where alert_id = $1 and subject_ref = $2`,
        [rule.alertId, `alert:${rule.alertId}:tx:${tb2.id}`],
      ),
    ).toBe(1);
    // The rule's alert goes with the rule, not on its own.
    const deleteAlert = await asAna(`mutation($id: ID!) { deleteAlert(id: $id) { id } }`, {
      id: rule.alertId,
    });
    expect(deleteAlert.body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID' });
    const removed = await asAna(deleteRule, { id: rule.id });
    expect(removed.body.errors).toBeUndefined();
    expect(await count('select count(*) as n from customer_alert where id = $1', [rule.alertId])).toBe(0);
  });

  it('suggests rules from re-categorisations and recurring payments; accepted or dismissed ones never return', async () => {
    await sync([
      payment('pool-1', 'Aqua Pool', 800, 'AQUA POOL entry'),
      payment('pool-2', 'Aqua Pool', 800, 'AQUA POOL entry'),
    ]);
    for (const sourceId of ['pool-1', 'pool-2']) {
      await asAna(categorise, { id: (await stored(sourceId)).id, category: 'health' });
    }
    // A detected subscription, as behaviour stores it after a sync.
    await runAsTenant(bankA, () =>
      api.running.app.get(EntityManager).transactional((tx) =>
        tx.execute(
          `insert into recurring_payment (id, tenant_id, customer_id, account_id, series_key, direction, cadence, interval_days,
         currency, typical_amount_minor, last_amount_minor, occurrences, first_date, last_date, next_expected_date,
         next_expected_amount_minor, active, merchant_name, computed_at)
       values (?, ?, ?, ?, 'series-tunes', 'debit', 'monthly', 30, 'EUR', 999, 999, 5, '2026-06-20', '2026-10-20',
         '2026-11-20', 999, true, 'TUNESBOX', now())`,
          [randomUUID(), bankA.id, anaId, accountId],
        ),
      ),
    );
    const listed = await asAna<{ ruleSuggestions: SuggestionNode[] }>(listSuggestions);
    expect(listed.body.errors).toBeUndefined();
    const suggestions = listed.body.data!.ruleSuggestions;
    const pool = suggestions.find((item) => item.kind === 'RECATEGORISATION' && item.category === 'health');
    const tunes = suggestions.find((item) => item.kind === 'SUBSCRIPTION_PRICE');
    expect(pool).toMatchObject({
      action: 'SET_CATEGORY',
      evidenceCount: 2,
      summary: expect.stringContaining('aqua pool'),
    });
    expect(tunes).toMatchObject({ action: 'ALERT', evidenceCount: 5 });
    const accepted = await asAna<{ acceptSuggestion: RuleNode }>(acceptSuggestion, { id: pool!.id });
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data?.acceptSuggestion).toMatchObject({
      action: 'SET_CATEGORY',
      category: 'health',
      fromSuggestion: true,
    });
    const dismissed = await asAna(dismissSuggestion, { id: tunes!.id });
    expect(dismissed.body.errors).toBeUndefined();
    const after = await asAna<{ ruleSuggestions: SuggestionNode[] }>(listSuggestions);
    expect(after.body.data!.ruleSuggestions.map((item) => item.id)).not.toEqual(
      expect.arrayContaining([pool!.id]),
    );
    expect(after.body.data!.ruleSuggestions.map((item) => item.id)).not.toContain(tunes!.id);
    // Same evidence again (the series seen once more at its usual price): still dismissed.
    await runAsTenant(bankA, () =>
      api.running.app
        .get(EntityManager)
        .transactional((tx) =>
          tx.execute(`update recurring_payment set occurrences = 6 where series_key = 'series-tunes'`),
        ),
    );
    const again = await asAna<{ ruleSuggestions: SuggestionNode[] }>(listSuggestions);
    expect(again.body.data!.ruleSuggestions.map((item) => item.id)).not.toContain(tunes!.id);
    // Accepting the same suggestion twice is NOT_FOUND (it is a rule now).
    const twice = await asAna(acceptSuggestion, { id: pool!.id });
    expect(twice.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    // The accepted rule applies at the next sync.
    await sync([payment('pool-3', 'Aqua Pool', 800, 'AQUA POOL entry')]);
    expect(await stored('pool-3')).toMatchObject({ category: 'health', category_source: 'customer' });
  });

  it("another bank's customer cannot see, change, apply or accept Ana's rules; staff cannot use them", async () => {
    const [rule] = (await asAna<{ customerRules: RuleNode[] }>(listRules)).body.data!.customerRules;
    expect((await asB<{ customerRules: RuleNode[] }>(listRules)).body.data?.customerRules).toEqual([]);
    for (const [query, variables] of [
      [updateRule, { id: rule!.id, input: { enabled: false } }],
      [deleteRule, { id: rule!.id }],
      [applyToPast, { id: rule!.id }],
    ] as const) {
      const { body } = await asB(query, variables);
      expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const staff = await asAdmin(listRules);
    expect(staff.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const staffSuggestions = await asAdmin(listSuggestions);
    expect(staffSuggestions.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await asAna<{ customerRules: RuleNode[] }>(listRules)).body.data?.customerRules[0]).toMatchObject(
      {
        id: rule!.id,
        enabled: true,
      },
    );
  });
});
