import type { SourceTransaction } from '@finpersona/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomersService } from '../customers';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { grantAggregationConsent, sampleAccounts, seedSourceData } from '../testing/customer-data';
import { withClient } from '../testing/deploy';
import { withRulePack } from '../testing/rule-packs';
import { otherBank } from '../testing/seed';
import { rowsAsTenant } from '../testing/tenant-rows';
import { BehaviourService } from './behaviour.service';
import { addDays, addMonths, dayOf } from './calendar';

const spendQuery = `query($months: Int) { spendByCategory(months: $months) {
  from to categories { category total { minor currency } transactions byMonth { month amount { minor } } } } }`;
const recurringQuery = `{ recurringPayments { key accountId direction party category cadence typicalAmount { minor currency }
  lastAmount { minor } occurrences lastDate nextExpectedDate nextExpectedAmount { minor } active
  priceChange { previous { minor } last { minor } change { minor } changeRatio since } } }`;
const forecastQuery = `query($scenario: ForecastScenario, $days: Int) { cashFlowForecast(scenario: $scenario, days: $days) {
  asOf startingBalance { minor currency } days { date low { minor } expected { minor } high { minor } recurring { minor } }
  lowest { date expected { minor } } } }`;

type Recurring = {
  key: string;
  party: string | null;
  category: string | null;
  cadence: string;
  direction: string;
  nextExpectedAmount: { minor: string };
  priceChange: { previous: { minor: string }; last: { minor: string }; changeRatio: number } | null;
  active: boolean;
};
type Forecast = {
  startingBalance: { minor: string } | null;
  days: { date: string; expected: { minor: string }; recurring: { minor: string } }[];
};

describe('behaviour: stored features and recurring payments, and the customer queries', () => {
  let api: ApiFixture;
  let realm: BankRealm;
  let bank: TenantRef;
  let other: TenantRef;
  let salariedId: string;
  let unconsentedId: string;
  let strangerId: string;
  let salaried: string;
  let today: string;
  const service = () => api.running.app.get(BehaviourService);

  /** Day `day` of the month `back` months before this one. */
  const dayIn = (back: number, day: number) => addMonths(`${today.slice(0, 8)}01`, -back, day);

  /**
   * Four months of a salaried life up to yesterday: salary 3,000.00 monthly (five days before yesterday's
   * day of the month), rent 1,000.00 monthly on yesterday's day of the month (1,050.00 yesterday: a price
   * rise), groceries on the 5th, 12th and 19th of the four months before this one (no party); balance
   * 2,500.00 at the end of yesterday. Relative to today, so every day of the month gives the same shape.
   */
  function salariedTransactions(): SourceTransaction[] {
    const yesterday = addDays(today, -1);
    const tx = (
      sourceId: string,
      bookingDate: string,
      direction: 'credit' | 'debit',
      minor: number,
      extra: Partial<SourceTransaction> = {},
    ): SourceTransaction => ({
      sourceId,
      sourceAccountId: 'acc-current',
      amount: { minor: String(minor), currency: 'EUR' },
      direction,
      status: 'booked',
      bookingDate,
      ...extra,
    });
    const employer = { counterparty: { name: 'Employer d.o.o.', account: 'SI56 0000 1111 2222 333' } };
    const landlord = { counterparty: { name: 'Landlord Ltd', account: 'SI56 0000 4444 5555 666' } };
    return [
      ...[3, 2, 1, 0].map((back) =>
        tx(`salary-${back}`, addMonths(addDays(yesterday, -5), -back), 'credit', 300_000, employer),
      ),
      ...[4, 3, 2, 1].map((back) =>
        tx(`rent-${back}`, addMonths(yesterday, -back), 'debit', 100_000, landlord),
      ),
      tx('rent-0', yesterday, 'debit', 105_000, landlord),
      ...[4, 3, 2, 1].flatMap((back) =>
        [5, 12, 19].map((day) => tx(`groceries-${back}-${day}`, dayIn(back, day), 'debit', 6_000)),
      ),
    ];
  }

  /** The sum of the generated debits whose id starts with `prefix`, booked on or after `from`. */
  const spentSince = (prefix: string, from: string) =>
    salariedTransactions()
      .filter((transaction) => transaction.sourceId.startsWith(prefix) && transaction.bookingDate >= from)
      .reduce((total, transaction) => total + Number(transaction.amount.minor), 0);

  /** Categorises stored rows as the enrichment would (committed, as the bank's tenant). */
  async function categorise(tenant: TenantRef, prefix: string, category: string): Promise<void> {
    await withClient(api.database.ownerUrl, async (client) => {
      await client.query('begin');
      await client.query(`select set_config('app.tenant_id', $1, true)`, [tenant.id]);
      await client.query(
        `update account_transaction set category = $1, category_source = 'rule', category_confidence = 1
          where source_id like $2`,
        [category, `${prefix}%`],
      );
      await client.query('commit');
    });
  }

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '10000' } });
    today = dayOf(new Date());
    const tenancy = api.running.app.get(TenancyService);
    const customers = api.running.app.get(CustomersService);
    realm = await createBankRealm('behaviour', { customers: ['salaried', 'unconsented'] });
    bank = tenantRef(
      await withRulePack(
        api.running.app,
        tenancy.upsertTenant({
          ...otherBank,
          region: 'EU',
          slug: realm.realm,
          realm: realm.realm,
          name: 'Behaviour Bank',
        }),
      ),
    );
    await customers.upsertDemoCustomers(
      realm.realm,
      realm.customers.map((customer) => ({
        subject: customer.subject,
        displayName: customer.username,
        email: `${customer.username}@${realm.realm}.example`,
      })),
    );
    const rows = await rowsAsTenant<{ id: string; subject: string }>(
      api.database.ownerUrl,
      bank.id,
      'select id, subject from customer',
    );
    const idOf = (index: number) => rows.find((row) => row.subject === realm.customers[index]!.subject)!.id;
    salariedId = idOf(0);
    unconsentedId = idOf(1);
    const consentId = await grantAggregationConsent(api.running.app, bank, salariedId);
    await seedSourceData(api.running.app, bank, salariedId, consentId, {
      accounts: sampleAccounts,
      balances: [
        {
          sourceAccountId: 'acc-current',
          type: 'booked',
          amount: { minor: '250000', currency: 'EUR' },
          asOf: `${addDays(today, -1)}T12:00:00.000Z`,
        },
      ],
      transactions: salariedTransactions(),
    });
    await categorise(bank, 'salary-', 'salary');
    await categorise(bank, 'rent-', 'housing');
    await categorise(bank, 'groceries-', 'groceries');
    // Another bank with a customer of its own, to show nothing crosses over.
    const strangerBank = await tenancy.upsertTenant({
      ...otherBank,
      slug: `${realm.realm}-x`,
      realm: `${realm.realm}-x`,
      name: 'Stranger Bank',
    });
    other = tenantRef(strangerBank);
    await customers.upsertDemoCustomers(other.slug, [
      { subject: 'stranger-subject', displayName: 'Stranger', email: 'stranger@x.example' },
    ]);
    strangerId = (
      await rowsAsTenant<{ id: string }>(api.database.ownerUrl, other.id, 'select id from customer')
    )[0]!.id;
    const strangerConsent = await grantAggregationConsent(api.running.app, other, strangerId);
    await seedSourceData(api.running.app, other, strangerId, strangerConsent, {
      accounts: sampleAccounts.slice(0, 1),
      transactions: salariedTransactions(),
    });
    salaried = await realm.customerToken('salaried');
  });

  afterAll(async () => {
    await realm?.remove();
    await api?.close();
  });

  it('recomputes and stores features and recurring payments, and reads them back per customer', async () => {
    const took = await runAsTenant(bank, () => service().recompute([salariedId]));
    const ms = took.get(salariedId)!;
    console.info(
      `behaviour recompute: ${ms} ms for one customer (${salariedTransactions().length} transactions)`,
    );
    expect(ms).toBeGreaterThanOrEqual(0);
    const latest = await runAsTenant(bank, () =>
      service().latestFeatures([salariedId, unconsentedId, strangerId]),
    );
    // The unconsented customer was never recomputed; the other bank's customer is not this bank's.
    expect([...latest.keys()]).toEqual([salariedId]);
    const features = latest.get(salariedId)!;
    // The features' window: the 3 months before today (the data reaches further back, so 3 whole months).
    const inWindow = (prefix: string) =>
      salariedTransactions().filter(
        (transaction) =>
          transaction.sourceId.startsWith(prefix) && transaction.bookingDate >= addMonths(today, -3),
      ).length;
    expect(features).toMatchObject({
      'income.monthly': Math.round((inWindow('salary-') * 300_000) / 3),
      'income.regular': 1,
      'recurring.count': 1,
      'spend.category.groceries': Math.round((inWindow('groceries-') * 6_000) / 3),
      'products-held.current-account': 1,
      'products-held.savings-account': 1,
    });
    // Computing as of now from the stored data gives the stored vector.
    const now = await runAsTenant(bank, () => service().featuresAsOf([salariedId, strangerId], new Date()));
    expect([...now.keys()]).toEqual([salariedId]);
    expect(now.get(salariedId)).toEqual(features);
    const stored = await rowsAsTenant<{
      series_key: string;
      cadence: string;
      direction: string;
      price_change: unknown;
    }>(
      api.database.ownerUrl,
      bank.id,
      'select series_key, cadence, direction, price_change from recurring_payment where customer_id = $1 order by direction',
      [salariedId],
    );
    expect(stored.map((row) => [row.direction, row.cadence])).toEqual([
      ['credit', 'monthly'],
      ['debit', 'monthly'],
    ]);
  });

  it('computes features as of an earlier moment from what was booked before it (time split)', async () => {
    const first = salariedTransactions()
      .map((transaction) => transaction.bookingDate)
      .sort()[0]!;
    const early = new Date(`${addDays(first, 50)}T00:00:00Z`);
    const then = await runAsTenant(bank, () => service().featuresAsOf([salariedId], early));
    const features = then.get(salariedId)!;
    // 50 days of data then, under the 60 recurring payments need: they are unknown.
    expect(features['recurring.count']).toBeNull();
    expect(features['spend.monthly']).not.toBe(
      (await runAsTenant(bank, () => service().featuresAsOf([salariedId], new Date()))).get(salariedId)![
        'spend.monthly'
      ],
    );
  });

  it('shows the customer their spending by category, recurring payments (the party decrypted) and forecast', async () => {
    const spend = await api.graphql<{
      spendByCategory: {
        from: string;
        categories: { category: string; total: { minor: string }; byMonth: unknown[] }[];
      };
    }>(spendQuery, { token: salaried, variables: { months: 3 } });
    expect(spend.body.errors).toBeUndefined();
    expect(spend.body.data!.spendByCategory.from).toBe(dayIn(2, 1));
    const totals = Object.fromEntries(
      spend.body.data!.spendByCategory.categories.map((entry) => [entry.category, entry.total.minor]),
    );
    // This month and the two before it: the rents and groceries booked since the 1st two months ago.
    expect(totals).toEqual({
      housing: String(spentSince('rent-', dayIn(2, 1))),
      groceries: String(spentSince('groceries-', dayIn(2, 1))),
    });
    expect(totals.housing).not.toBe('0');

    const recurring = await api.graphql<{ recurringPayments: Recurring[] }>(recurringQuery, {
      token: salaried,
    });
    expect(recurring.body.errors).toBeUndefined();
    const byParty = new Map(
      recurring.body.data!.recurringPayments.map((payment) => [payment.party, payment]),
    );
    expect(byParty.get('Landlord Ltd')).toMatchObject({
      direction: 'DEBIT',
      cadence: 'MONTHLY',
      category: 'housing',
      active: true,
      nextExpectedAmount: { minor: '105000' },
      priceChange: { previous: { minor: '100000' }, last: { minor: '105000' }, changeRatio: 0.05 },
    });
    expect(byParty.get('Employer d.o.o.')).toMatchObject({ direction: 'CREDIT', category: 'salary' });
    const rent = byParty.get('Landlord Ltd')!;

    const forecast = await api.graphql<{ cashFlowForecast: Forecast }>(forecastQuery, { token: salaried });
    expect(forecast.body.errors).toBeUndefined();
    const base = forecast.body.data!.cashFlowForecast;
    expect(base.startingBalance).toEqual({ minor: '250000', currency: 'EUR' });
    expect(base.days).toHaveLength(30);
    const withoutRent = await api.graphql<{ cashFlowForecast: Forecast }>(forecastQuery, {
      token: salaried,
      variables: { scenario: { removeRecurring: [rent.key] } },
    });
    const rentDay = base.days.findIndex((day) => day.recurring.minor === '-105000');
    expect(rentDay).toBeGreaterThanOrEqual(0);
    const last = withoutRent.body.data!.cashFlowForecast.days.at(-1)!;
    expect(Number(last.expected.minor) - Number(base.days.at(-1)!.expected.minor)).toBe(105_000);
  });

  it('refuses bad input saying what is wrong, and changes nothing', async () => {
    const months = await api.graphql(spendQuery, { token: salaried, variables: { months: 0 } });
    expect(months.body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID' });
    const unknownKey = await api.graphql(forecastQuery, {
      token: salaried,
      variables: {
        scenario: { removeRecurring: ['not-a-key'], scaleCategories: [{ category: 'nope', percent: 5 }] },
        days: 400,
      },
    });
    const error = unknownKey.body.errors?.[0];
    expect(error?.extensions.code).toBe('INVALID');
    expect(JSON.stringify(error)).toContain('scenario.scaleCategories[0].category');
    expect(JSON.stringify(error)).toContain('days');
    const notYours = await api.graphql(forecastQuery, {
      token: salaried,
      variables: { scenario: { removeRecurring: ['not-a-key'] } },
    });
    expect(JSON.stringify(notYours.body.errors)).toContain('is not one of your recurring payments');
  });

  it('needs a live aggregation consent: FORBIDDEN without one, and revoking it forgets what was derived', async () => {
    const unconsented = await realm.customerToken('unconsented');
    for (const query of [spendQuery, recurringQuery, forecastQuery]) {
      const response = await api.graphql(query, { token: unconsented });
      expect(response.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      expect(response.body.errors?.[0]?.message).toContain(
        'consent to aggregate your accounts is not active',
      );
    }
    const [consent] = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      bank.id,
      `select id from consent where customer_id = $1 and purpose = 'aggregation'`,
      [salariedId],
    );
    const revoked = await api.graphql(`mutation($id: ID!) { revokeConsent(id: $id) { id status } }`, {
      token: salaried,
      variables: { id: consent!.id },
    });
    expect(revoked.body.errors).toBeUndefined();
    const left = await rowsAsTenant<{ n: string }>(
      api.database.ownerUrl,
      bank.id,
      `select (select count(*) from customer_features where customer_id = $1)
            + (select count(*) from recurring_payment where customer_id = $1) as n`,
      [salariedId],
    );
    expect(left[0]!.n).toBe('0');
    const after = await api.graphql(recurringQuery, { token: salaried });
    expect(after.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('is for customers only: bank staff are refused (FORBIDDEN) and another bank is not reachable', async () => {
    const admin = await realm.bankAdminToken();
    for (const query of [spendQuery, recurringQuery, forecastQuery]) {
      const response = await api.graphql(query, { token: admin });
      expect(response.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    // The customer's token addressed to another bank: refused before anything resolves.
    const crossing = await api.graphql(recurringQuery, { token: salaried, tenant: other.slug });
    expect(crossing.status).toBe(403);
  });
});
