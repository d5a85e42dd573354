// The dashboard's seeded data (`seedDashboardData`, what the customer-app browser test shows) through the real
// path: ingest, behaviour's recurring-payment detection, then `ruleSuggestions` as the customer. The
// seeded Streamly card subscription names its merchant and its counterparty both; the series used to be
// stored without the merchant's name, so no price-change suggestion was ever offered for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomersService } from '../customers';
import { DEMO_CUSTOMER_SUBJECT } from '../onboarding';
import { type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { seedDashboardData } from '../testing/dashboard-data';
import { demoAccessTokens } from '../testing/demo-tokens';
import { withRulePack } from '../testing/rule-packs';
import { demoBank, demoBankCustomers } from '../testing/seed';
import { rowsAsTenant } from '../testing/tenant-rows';

describe('rule suggestions from the seeded dashboard data', () => {
  let api: ApiFixture;
  let bank: TenantRef;
  let anaId: string;

  beforeAll(async () => {
    api = await startApiFixture();
    const tenancy = api.running.app.get(TenancyService);
    bank = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(demoBank)));
    await api.running.app.get(CustomersService).upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    anaId = (
      await rowsAsTenant<{ id: string }>(
        api.database.ownerUrl,
        bank.id,
        'select id from customer where subject = $1',
        [DEMO_CUSTOMER_SUBJECT],
      )
    )[0]!.id;
    await seedDashboardData(api.running.app, bank, anaId);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('offers "alert me when Streamly charges anything other than the usual amount"', async () => {
    const stored = await rowsAsTenant<{ merchant_name: string | null; occurrences: number }>(
      api.database.ownerUrl,
      bank.id,
      `select merchant_name, occurrences from recurring_payment
        where customer_id = $1 and direction = 'debit' and typical_amount_minor = 1299`,
      [anaId],
    );
    expect(stored).toEqual([{ merchant_name: 'Streamly', occurrences: 5 }]);

    const { customer } = await demoAccessTokens();
    const listed = await api.graphql<{
      ruleSuggestions: { kind: string; summary: string; evidenceCount: number; action: string }[];
    }>('{ ruleSuggestions { kind summary evidenceCount action } }', { token: customer });
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data!.ruleSuggestions).toContainEqual({
      kind: 'SUBSCRIPTION_PRICE',
      summary: 'Alert me when streamly charges anything other than the usual amount',
      evidenceCount: 5,
      action: 'ALERT',
    });
  });
});
