import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture, tokensOf } from '../testing/api-fixture';
import { auditRows } from '../testing/audit-rows';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { demoBank, otherBank } from '../testing/seed';

const customersQuery = '{ customers(first: 1) { totalCount } }';
const day = 86_400_000;
const exportQuery = `{ exportAuditTrail(from: "${new Date(Date.now() - day).toISOString()}", to: "${new Date(Date.now() + day).toISOString()}", format: JSON) }`;
const trailQuery = '{ auditTrail(first: 1) { pageInfo { hasNextPage } } }';

describe('step-up: sensitive operations need a recent second factor', () => {
  let api: ApiFixture;
  /** A bank whose staff sign in with a password only (Keycloak's built-in direct grant, no OTP). */
  let passwordOnly: BankRealm;
  let passwordOnlyBank: { id: string; slug: string };
  let tokens: { bankAdmin: string; complianceOfficer: string; customer: string };

  beforeAll(async () => {
    api = await startApiFixture();
    passwordOnly = await createBankRealm('password-only', { staffSecondFactor: false });
    const tenancy = api.running.app.get(TenancyService);
    await tenancy.upsertTenant(demoBank);
    passwordOnlyBank = tenantRef(
      await tenancy.upsertTenant({ ...otherBank, slug: passwordOnly.realm, realm: passwordOnly.realm }),
    );
    const [bankAdmin, complianceOfficer, customer] = await Promise.all(
      (['bankAdmin', 'complianceOfficer', 'customer'] as const).map((user) =>
        tokensOf(user).then((t) => t.accessToken),
      ),
    );
    tokens = { bankAdmin: bankAdmin!, complianceOfficer: complianceOfficer!, customer: customer! };
  });
  afterAll(async () => {
    await passwordOnly?.remove().catch(() => undefined);
    await api?.close();
  });

  it('staff signed in with their one-time code (amr otp) list customers and export the trail', async () => {
    const list = await api.graphql(customersQuery, { token: tokens.bankAdmin });
    expect(list.body.errors).toBeUndefined();
    expect(list.body.data).toEqual({ customers: { totalCount: 0 } });
    const exported = await api.graphql(exportQuery, { token: tokens.complianceOfficer });
    expect(exported.body.errors).toBeUndefined();
    expect(typeof (exported.body.data as { exportAuditTrail: string }).exportAuditTrail).toBe('string');
  });

  it('a bank administrator signed in with a password only gets STEP_UP_REQUIRED with the acr to ask for, audited', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await passwordOnly.bankAdminToken()}`,
        'x-request-id': 'step-up-list',
      },
      body: JSON.stringify({ query: customersQuery }),
    });
    const body = (await response.json()) as {
      data: unknown;
      errors: { message: string; extensions: Record<string, unknown> }[];
    };
    expect(response.status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors[0]).toEqual({
      message: expect.stringMatching(/^To list customers, confirm it is you with your one-time code/),
      path: ['customers'],
      locations: expect.any(Array),
      extensions: {
        code: 'STEP_UP_REQUIRED',
        requestId: 'step-up-list',
        acrValues: 'mfa',
        maxAgeSeconds: 900,
      },
    });
    await expect
      .poll(async () =>
        (await auditRows(api.database.ownerUrl, passwordOnlyBank.id)).filter(
          (row) => row.request_id === 'step-up-list',
        ),
      )
      .toEqual([
        expect.objectContaining({
          action: 'access.denied',
          outcome: 'denied',
          resource_id: 'list customers',
          changes: { code: 'STEP_UP_REQUIRED' },
        }),
      ]);
  });

  it('a compliance officer without a second factor may read the trail but not export it', async () => {
    const token = await passwordOnly.complianceOfficerToken();
    const read = await api.graphql(trailQuery, { token });
    expect(read.body.errors).toBeUndefined();
    const exported = await api.graphql(exportQuery, { token });
    expect(exported.body.errors?.[0]?.extensions).toMatchObject({
      code: 'STEP_UP_REQUIRED',
      acrValues: 'mfa',
    });
  });

  it('the wrong role is FORBIDDEN, not asked to step up (a code would not help)', async () => {
    const { body } = await api.graphql(exportQuery, { token: tokens.customer });
    expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const asAdmin = await api.graphql(exportQuery, { token: await passwordOnly.bankAdminToken() });
    expect(asAdmin.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it("a second factor in one bank does not open another bank's data: demo-bank staff addressing the other bank is 403", async () => {
    const response = await api.graphql(customersQuery, {
      token: tokens.bankAdmin,
      tenant: passwordOnlyBank.slug,
    });
    expect(response.status).toBe(403);
  });
});
