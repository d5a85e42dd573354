import { EntityManager } from '@mikro-orm/postgresql';
import type { SourceTransaction } from '@finpersona/plugin-sdk';
import { randomUUID } from 'node:crypto';
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
import { defaultAlertLimits } from './alert-fatigue';
import { AlertsService } from './alerts.service';

const alertFields = `id kind accountId budgetId threshold { minor currency } cooldownHours enabled lastSentAt sentCount suppressedCount`;
const alertsQuery = `{ alerts { ${alertFields} } }`;
const createAlert = `mutation($input: CreateAlertInput!) { createAlert(input: $input) { ${alertFields} } }`;
const updateAlert = `mutation($id: ID!, $input: UpdateAlertInput!) { updateAlert(id: $id, input: $input) { ${alertFields} } }`;
const deleteAlert = `mutation($id: ID!) { deleteAlert(id: $id) { id } }`;

interface AlertNode {
  id: string;
  kind: string;
  sentCount: number;
  suppressedCount: number;
  lastSentAt: string | null;
  enabled: boolean;
}

describe('condition alerts: set by the customer, evaluated after a sync, capped against fatigue', () => {
  let api: ApiFixture;
  let realm: BankRealm;
  let bankA: TenantRef;
  let anaId: string;
  let accountId: string;
  let consentId: string;
  let tokens: Awaited<ReturnType<typeof demoAccessTokens>>;
  let customerB: string;
  let alerts: AlertsService;
  let seeded = 0;

  const asAna = <T>(query: string, variables?: Record<string, unknown>) =>
    api.graphql<T>(query, { token: tokens.customer, variables });
  const count = (sql: string, values: unknown[] = []) =>
    rowsAsTenant<{ n: string }>(api.database.ownerUrl, bankA.id, sql, values).then((rows) =>
      Number(rows[0]!.n),
    );
  /** What the sync workflow's activity does after a run: evaluate as the bank, in a transaction of its own. */
  const evaluate = () =>
    runAsTenant(bankA, () =>
      api.running.app.get(EntityManager).transactional(() => alerts.evaluateForCustomer(anaId)),
    );
  const execute = (sql: string, values: unknown[]) =>
    runAsTenant(bankA, () =>
      api.running.app.get(EntityManager).transactional((tx) => tx.execute(sql, values)),
    );
  /** New transactions of Ana (a connection of their own), booked today, EUR. */
  const transactions = async (amounts: string[], extra: Partial<SourceTransaction> = {}) => {
    seeded += 1;
    const today = new Date().toISOString().slice(0, 10);
    const result = await seedSourceData(api.running.app, bankA, anaId, consentId, {
      accounts: [{ sourceId: `acc-${seeded}`, type: 'current', currency: 'EUR', identifiers: [] }],
      transactions: amounts.map((minor, index) => ({
        sourceId: `tx-${seeded}-${index}`,
        sourceAccountId: `acc-${seeded}`,
        amount: { minor, currency: 'EUR' },
        direction: 'debit',
        status: 'booked',
        bookingDate: today,
        ...extra,
      })),
    });
    return result.transactionIds;
  };
  const balance = (minor: string) =>
    execute(
      `insert into balance (id, tenant_id, customer_id, account_id, type, amount_minor, currency, as_of)
       values (?, ?, ?, ?, 'booked', ?, 'EUR', clock_timestamp())`,
      [randomUUID(), bankA.id, anaId, accountId, minor],
    );
  const inbox = (kind: string) =>
    count(`select count(*) as n from notification where customer_id = $1 and kind = $2`, [anaId, kind]);

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '10000' } });
    const tenancy = api.running.app.get(TenancyService);
    const customers = api.running.app.get(CustomersService);
    bankA = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(demoBank)));
    await customers.upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    realm = await createBankRealm('alerts', { customers: ['customer1'] });
    await withRulePack(
      api.running.app,
      tenancy.upsertTenant({
        ...otherBank,
        slug: realm.realm,
        realm: realm.realm,
        name: 'Alerts Bank',
        appOrigins: { admin: [], customer: ['http://localhost:15174'] },
      }),
    );
    await customers.upsertDemoCustomers(realm.realm, [
      { subject: realm.customers[0]!.subject, displayName: 'Bo Alerts', email: `bo@${realm.realm}.example` },
    ]);
    anaId = (
      await rowsAsTenant<{ id: string }>(
        api.database.ownerUrl,
        bankA.id,
        'select id from customer where subject = $1',
        [DEMO_CUSTOMER_SUBJECT],
      )
    )[0]!.id;
    tokens = await demoAccessTokens();
    customerB = await realm.customers[0]!.token();
    alerts = api.running.app.get(AlertsService);
    consentId = await grantAggregationConsent(api.running.app, bankA, anaId);
    accountId = (
      await seedSourceData(api.running.app, bankA, anaId, consentId, {
        accounts: [{ sourceId: 'acc-main', type: 'current', currency: 'EUR', identifiers: [] }],
        transactions: [],
      })
    ).accountIds[0]!;
    await balance('50000');
  });

  afterAll(async () => {
    await realm?.remove().catch(() => undefined);
    await api?.close();
  });

  it('bad alert input is INVALID naming what the kind needs, and nothing is written', async () => {
    const before = await count('select count(*) as n from customer_alert');
    const missing = await asAna(createAlert, { input: { kind: 'BALANCE_BELOW', cooldownHours: 999 } });
    expect(missing.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [
        { field: 'input.accountId' },
        { field: 'input.thresholdMinor' },
        { field: 'input.currency' },
        { field: 'input.cooldownHours' },
      ],
    });
    const budgetWithThreshold = await asAna(createAlert, {
      input: { kind: 'BUDGET_OVER', budgetId: randomUUID(), thresholdMinor: '100' },
    });
    expect(budgetWithThreshold.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [{ field: 'input.thresholdMinor' }],
    });
    const wrongCurrency = await asAna(createAlert, {
      input: { kind: 'BALANCE_BELOW', accountId, thresholdMinor: '100', currency: 'USD' },
    });
    expect(wrongCurrency.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [{ field: 'input.currency', problem: expect.stringContaining('EUR') }],
    });
    expect(await count('select count(*) as n from customer_alert')).toBe(before);
  });

  it('a large-transaction alert fires once per transaction above the threshold, through the in-app inbox', async () => {
    const created = await asAna<{ createAlert: AlertNode }>(createAlert, {
      input: { kind: 'TRANSACTION_ABOVE', thresholdMinor: '100000', currency: 'EUR', cooldownHours: 0 },
    });
    expect(created.body.errors).toBeUndefined();
    await transactions(['150000', '100000', '200000']);
    expect(await evaluate()).toMatchObject({ sent: 2, suppressed: { cooldown: 0, dailyCap: 0 } });
    expect(await inbox('alert.transaction-above')).toBe(2);
    // A second evaluation (a re-run, the next sync) finds the same occurrences taken: nothing more.
    expect(await evaluate()).toMatchObject({ sent: 0 });
    expect(await inbox('alert.transaction-above')).toBe(2);
    const listed = await asAna<{ alerts: AlertNode[] }>(alertsQuery);
    expect(listed.body.data?.alerts[0]).toMatchObject({ sentCount: 2, suppressedCount: 0 });
  });

  it('the daily cap holds back what is over it, counted as suppressed and never sent later', async () => {
    alerts.limits = { ...defaultAlertLimits, perCustomerPerDay: 3 };
    try {
      await transactions(['110000', '120000', '130000']);
      // Two were sent today already: one more fits under the cap of three.
      expect(await evaluate()).toMatchObject({ sent: 1, suppressed: { cooldown: 0, dailyCap: 2 } });
      expect(await evaluate()).toMatchObject({ sent: 0, suppressed: { cooldown: 0, dailyCap: 0 } });
    } finally {
      alerts.limits = defaultAlertLimits;
    }
    const listed = await asAna<{ alerts: AlertNode[] }>(alertsQuery);
    expect(listed.body.data?.alerts[0]).toMatchObject({ sentCount: 3, suppressedCount: 2 });
    expect(await inbox('alert.transaction-above')).toBe(3);
  });

  it("an alert's cooldown holds back its next occurrence", async () => {
    const { body } = await asAna<{ createAlert: AlertNode }>(createAlert, {
      input: { kind: 'TRANSACTION_ABOVE', thresholdMinor: '400000', currency: 'EUR', cooldownHours: 24 },
    });
    alerts.limits = { ...defaultAlertLimits, perCustomerPerDay: 100 };
    try {
      await transactions(['450000', '460000']);
      const evaluation = await evaluate();
      // The first alert (threshold 100000) sends both; the new one sends one and cools down on the other.
      expect(evaluation).toMatchObject({ sent: 3, suppressed: { cooldown: 1, dailyCap: 0 } });
    } finally {
      alerts.limits = defaultAlertLimits;
    }
    const listed = await asAna<{ alerts: AlertNode[] }>(alertsQuery);
    expect(listed.body.data?.alerts.find((alert) => alert.id === body.data!.createAlert.id)).toMatchObject({
      sentCount: 1,
      suppressedCount: 1,
    });
    // Turned off, it is not evaluated.
    await asAna(updateAlert, { id: body.data!.createAlert.id, input: { enabled: false } });
  });

  it('a low-balance alert fires once per dip and re-arms when the balance recovers', async () => {
    // The transaction alerts have done their part; only the balance alert is watched here.
    await execute(`update customer_alert set enabled = false where customer_id = ?`, [anaId]);
    const { body } = await asAna<{ createAlert: AlertNode }>(createAlert, {
      input: {
        kind: 'BALANCE_BELOW',
        accountId,
        thresholdMinor: '100000',
        currency: 'EUR',
        cooldownHours: 0,
      },
    });
    expect(body.errors).toBeUndefined();
    alerts.limits = { ...defaultAlertLimits, perCustomerPerDay: 100 };
    try {
      expect(await evaluate()).toMatchObject({ sent: 1 });
      await balance('40000');
      expect(await evaluate()).toMatchObject({ sent: 0 });
      await balance('150000');
      expect(await evaluate()).toMatchObject({ sent: 0 });
      await balance('20000');
      expect(await evaluate()).toMatchObject({ sent: 1 });
    } finally {
      alerts.limits = defaultAlertLimits;
    }
    expect(await inbox('alert.balance-below')).toBe(2);
  });

  it('an over-budget alert fires once in the period', async () => {
    await execute(`update customer_alert set enabled = false where customer_id = ?`, [anaId]);
    const budget = await asAna<{ createBudget: { id: string } }>(
      `mutation { createBudget(input: { category: "groceries", amountMinor: "1000", currency: "EUR" }) { id } }`,
    );
    const created = await asAna<{ createAlert: AlertNode }>(createAlert, {
      input: { kind: 'BUDGET_OVER', budgetId: budget.body.data!.createBudget.id },
    });
    expect(created.body.errors).toBeUndefined();
    alerts.limits = { ...defaultAlertLimits, perCustomerPerDay: 100 };
    try {
      expect(await evaluate()).toMatchObject({ sent: 0 });
      const ids = await transactions(['5000']);
      await execute(
        `update account_transaction set category = 'groceries', category_source = 'rule', category_confidence = 1 where id = ?`,
        [ids[0]],
      );
      expect(await evaluate()).toMatchObject({ sent: 1 });
      expect(await evaluate()).toMatchObject({ sent: 0 });
    } finally {
      alerts.limits = defaultAlertLimits;
    }
    const [notification] = await rowsAsTenant<{ subject_ref: string }>(
      api.database.ownerUrl,
      bankA.id,
      `select subject_ref from notification where customer_id = $1 and kind = 'alert.budget-over'`,
      [anaId],
    );
    expect(notification!.subject_ref).toMatch(/:over:\d{4}-\d{2}-01$/);
  });

  it('staff are FORBIDDEN; a customer of another bank cannot see, change, delete or aim an alert at Ana’s account', async () => {
    for (const token of [tokens.bankAdmin, tokens.complianceOfficer]) {
      const { body } = await api.graphql(alertsQuery, { token });
      expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    const [anaAlert] = (await asAna<{ alerts: AlertNode[] }>(alertsQuery)).body.data!.alerts;
    const own = await api.graphql<{ alerts: AlertNode[] }>(alertsQuery, { token: customerB });
    expect(own.body.data?.alerts).toEqual([]);
    for (const [document, variables] of [
      [updateAlert, { id: anaAlert!.id, input: { enabled: false } }],
      [deleteAlert, { id: anaAlert!.id }],
      [createAlert, { input: { kind: 'BALANCE_BELOW', accountId, thresholdMinor: '1', currency: 'EUR' } }],
    ] as const) {
      const { body } = await api.graphql(document, { token: customerB, variables });
      expect(body.errors?.[0]?.extensions.code, document).toBe('NOT_FOUND');
    }
    const still = (await asAna<{ alerts: AlertNode[] }>(alertsQuery)).body.data!.alerts;
    expect(still[0]).toMatchObject({ id: anaAlert!.id, enabled: anaAlert!.enabled });
  });
});
