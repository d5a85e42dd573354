import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CustomersService } from '../customers';
import { DEMO_CUSTOMER_SUBJECT } from '../onboarding';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture, tokensOf } from '../testing/api-fixture';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { seedConsent } from '../testing/consent-seed';
import { grantAggregationConsent } from '../testing/customer-data';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';
import { rowsAsTenant } from '../testing/tenant-rows';
import { type ConsentEnded, ConsentHooks } from './consent-hooks';
import { consentLifecycleWorkflowId } from './consent-lifecycle';
import { currentConsentText, findConsentText } from './consent-texts';
import { ConsentsService } from './consents.service';
import { withRulePack } from '../testing/rule-packs';

const DAY = 86_400_000;

const consentFields = `id purpose status live textVersion textHash locale channel dataCategories renewal
  grantedAt expiresAt renewalDueAt renewedAt revokedAt expiredAt`;
const grantMutation = `mutation($input: GrantConsentInput!) { grantConsent(input: $input) { ${consentFields} } }`;
const revokeMutation = `mutation($id: ID!) { revokeConsent(id: $id) { ${consentFields} } }`;
const renewMutation = `mutation($id: ID!) { renewConsent(id: $id) { ${consentFields} } }`;

interface ConsentView {
  id: string;
  purpose: string;
  status: string;
  live: boolean;
  textVersion: string;
  textHash: string;
  channel: string;
  renewal: string | null;
  grantedAt: string;
  expiresAt: string | null;
  renewalDueAt: string | null;
  renewedAt: string | null;
}

interface ConsentRow {
  id: string;
  customer_id: string;
  status: string;
  text_hash: string;
  proof: Record<string, unknown> & { lastRenewal?: Record<string, unknown> };
  granted_at: Date;
  expires_at: Date | null;
  renewal_due_at: Date | null;
  revoked_at: Date | null;
}

/** The verified claims of an access token (the test reads its own token; the API verified it). */
function claimsOf(token: string): { jti: string; sub: string; auth_time?: number; amr: string[] } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

describe('consents through the API (real PostgreSQL, Keycloak and Temporal)', () => {
  let api: ApiFixture;
  let bank: TenantRef;
  let other: TenantRef;
  let euRealm: BankRealm;
  let euBank: TenantRef;
  let tokens: { customer: string; complianceOfficer: string; bankAdmin: string };
  let temporal: { connection: Connection; client: Client };
  const ended: ConsentEnded[] = [];
  /** Set by a test to make the hook listener fail for one consent (as a failing capability would). */
  let failHookFor: string | undefined;
  /** What the listener saw of the consent inside the ending transaction, and from outside it. */
  const seenByListener = new Map<string, { inside: string; outside: string }>();

  const consentRows = (tenant: TenantRef, where = 'true', values: unknown[] = []) =>
    rowsAsTenant<ConsentRow>(
      api.database.ownerUrl,
      tenant.id,
      `select * from consent where ${where}`,
      values,
    );
  const auditRows = (tenant: TenantRef) =>
    rowsAsTenant<{ action: string; resource_id: string | null; changes: Record<string, unknown> }>(
      api.database.ownerUrl,
      tenant.id,
      'select action, resource_id, changes from audit_entry where tenant_id = $1 order by seq',
      [tenant.id],
    );

  beforeAll(async () => {
    api = await startApiFixture();
    const tenancy = api.running.app.get(TenancyService);
    const customers = api.running.app.get(CustomersService);
    bank = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(demoBank)));
    other = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(otherBank)));
    await customers.upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    await customers.upsertDemoCustomers(otherBank.slug, [
      { subject: DEMO_CUSTOMER_SUBJECT, displayName: 'Twin Other', email: 'twin@other-bank.example' },
    ]);
    // An EU bank whose customer signs in with a one-time code: renewing needs strong authentication.
    euRealm = await createBankRealm('consent-eu', { customers: ['eva'] });
    euBank = tenantRef(
      await withRulePack(
        api.running.app,
        tenancy.upsertTenant({ ...demoBank, slug: euRealm.realm, realm: euRealm.realm, name: 'EU Bank' }),
      ),
    );
    await customers.upsertDemoCustomers(euBank.slug, [
      { subject: euRealm.customers[0]!.subject, displayName: 'Eva Euro', email: 'eva@eu-bank.example' },
    ]);
    const [customer, complianceOfficer, bankAdmin] = await Promise.all(
      (['customer', 'complianceOfficer', 'bankAdmin'] as const).map((user) =>
        tokensOf(user).then((t) => t.accessToken),
      ),
    );
    tokens = { customer: customer!, complianceOfficer: complianceOfficer!, bankAdmin: bankAdmin! };
    // A capability processing under consents (the sync, later): it learns of every end in the transaction.
    const em = api.running.app.get(EntityManager);
    api.running.app.get(ConsentHooks).onConsentEnded(async (event) => {
      const inside = await (em.getContext() as EntityManager).execute<{ status: string }[]>(
        'select status from consent where id = ?',
        [event.consentId],
      );
      const outside = await rowsAsTenant<{ status: string }>(
        api.database.ownerUrl,
        bank.id,
        'select status from consent where id = $1',
        [event.consentId],
      );
      seenByListener.set(event.consentId, {
        inside: inside[0]!.status,
        outside: outside[0]?.status ?? 'none',
      });
      if (event.consentId === failHookFor) throw new Error('the sync could not stop its connections');
      ended.push(event);
    });
    const connection = await Connection.connect({ address: inject('services').TEMPORAL_ADDRESS });
    temporal = { connection, client: new Client({ connection }) };
  });

  afterAll(async () => {
    // No worker runs here: end the lifecycle workflows the grants started.
    for (const tenant of [bank, other, euBank].filter(Boolean)) {
      for (const row of await consentRows(tenant).catch(() => [])) {
        await temporal?.client.workflow
          .getHandle(consentLifecycleWorkflowId(row.id))
          .terminate('test finished')
          .catch(() => undefined);
      }
    }
    await temporal?.connection.close();
    await euRealm?.remove().catch(() => undefined);
    await api?.close();
  });

  it('consentTexts gives the current text of every purpose with its SHA-256, per locale', async () => {
    const { body } = await api.graphql<{
      consentTexts: { purpose: string; version: string; text: string; textHash: string; locale: string }[];
    }>(
      `query($locale: String) { consentTexts(locale: $locale) { purpose locale version title text textHash } }`,
      {
        token: tokens.customer,
        variables: { locale: 'sl' },
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.consentTexts.map((text) => text.purpose)).toEqual([
      'AGGREGATION',
      'PERSONALISATION',
      'MARKETING',
      'ANALYTICS',
    ]);
    const aggregation = body.data!.consentTexts[0]!;
    expect(aggregation).toMatchObject({ locale: 'sl', ...pick(currentConsentText('aggregation', 'sl')) });
    const unknown = await api.graphql(`{ consentTexts(locale: "xx") { version } }`, {
      token: tokens.customer,
    });
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [{ field: 'locale', problem: 'must be one of en, sl' }],
    });
  });

  it('a customer grants an aggregation consent: versioned text, proof from the token, EU periods, audited, lifecycle started', async () => {
    const text = currentConsentText('aggregation', 'en');
    const { body } = await api.graphql<{ grantConsent: ConsentView }>(grantMutation, {
      token: tokens.customer,
      variables: { input: { purpose: 'AGGREGATION', textVersion: text.version, textHash: text.textHash } },
    });
    expect(body.errors).toBeUndefined();
    const view = body.data!.grantConsent;
    expect(view).toMatchObject({
      purpose: 'AGGREGATION',
      status: 'GRANTED',
      live: true,
      textVersion: text.version,
      textHash: text.textHash,
      channel: 'API', // the developer client; the customer app's tokens give CUSTOMER_APP
      renewal: 'STRONG_AUTHENTICATION',
    });
    expect(Date.parse(view.renewalDueAt!) - Date.parse(view.grantedAt)).toBe(180 * DAY);
    expect(view.expiresAt).toBe(view.renewalDueAt);

    const [row] = await consentRows(bank, 'id = $1', [view.id]);
    const claims = claimsOf(tokens.customer);
    expect(row!.text_hash).toBe(text.textHash);
    expect(row!.proof).toMatchObject({
      subject: DEMO_CUSTOMER_SUBJECT,
      tokenId: claims.jti,
      authenticationMethods: claims.amr,
      // Keycloak's direct-grant tokens carry no `auth_time`: the proof says so rather than guessing.
      authenticatedAt: claims.auth_time ? new Date(claims.auth_time * 1000).toISOString() : null,
      channel: 'api',
      client: 'finpersona-dev-cli',
      locale: 'en',
    });
    expect(JSON.stringify(row!.proof)).not.toContain(tokens.customer.split('.')[2]!);

    const entry = (await auditRows(bank)).find((audit) => audit.resource_id === view.id);
    expect(entry).toMatchObject({ action: 'consent.grant' });
    expect(entry!.changes).toMatchObject({ purpose: 'aggregation', textVersion: text.version });
    const recorded = JSON.stringify(entry);
    for (const personal of [DEMO_CUSTOMER_SUBJECT, 'Ana', 'ana.novak'])
      expect(recorded).not.toContain(personal);

    const description = await temporal.client.workflow
      .getHandle(consentLifecycleWorkflowId(view.id))
      .describe();
    expect(description.type).toBe('consentLifecycle');
    expect(description.status.name).toBe('RUNNING');
  });

  it('an outdated or unknown text version, a wrong hash or a scope for the wrong purpose is INVALID and writes nothing', async () => {
    const before = { consents: (await consentRows(bank)).length, audit: (await auditRows(bank)).length };
    const attempts = [
      [{ purpose: 'AGGREGATION', textVersion: '2026-01' }, 'input.textVersion', /outdated/],
      [{ purpose: 'AGGREGATION', textVersion: '1999-12' }, 'input.textVersion', /not a version/],
      [
        { purpose: 'MARKETING', textVersion: '2026-11', textHash: 'a'.repeat(64) },
        'input.textHash',
        /does not match/,
      ],
      [
        { purpose: 'MARKETING', textVersion: '2026-11', dataCategories: ['ACCOUNTS'] },
        'input.dataCategories',
        /aggregation consents only/,
      ],
      [{ purpose: 'ANALYTICS', textVersion: '2026-11', locale: 'fr' }, 'input.locale', /one of en, sl/],
    ] as const;
    for (const [input, field, problem] of attempts) {
      const { body } = await api.graphql(grantMutation, { token: tokens.customer, variables: { input } });
      expect(body.errors?.[0]?.extensions.code, field).toBe('INVALID');
      const fields = body.errors?.[0]?.extensions.fields as { field: string; problem: string }[];
      expect(fields.find((entry) => entry.field === field)?.problem).toMatch(problem);
    }
    expect(findConsentText('aggregation', 'en', '2026-01')).toBeDefined(); // it exists, it is just not current
    expect((await consentRows(bank)).length).toBe(before.consents);
    expect((await auditRows(bank)).length).toBe(before.audit);
  });

  it('a second live marketing consent is a CONFLICT', async () => {
    const input = { purpose: 'MARKETING', textVersion: currentConsentText('marketing', 'en').version };
    const first = await api.graphql(grantMutation, { token: tokens.customer, variables: { input } });
    expect(first.body.errors).toBeUndefined();
    const second = await api.graphql(grantMutation, { token: tokens.customer, variables: { input } });
    expect(second.body.errors?.[0]?.extensions.code).toBe('CONFLICT');
  });

  it('revoking is one call: revoked at once, hooks run inside the same transaction, audited; again is a CONFLICT', async () => {
    const { consentId } = await seedConsent(
      api.running.app,
      api.database.ownerUrl,
      bank,
      DEMO_CUSTOMER_SUBJECT,
    );

    const { body } = await api.graphql<{ revokeConsent: ConsentView }>(revokeMutation, {
      token: tokens.customer,
      variables: { id: consentId },
    });

    expect(body.errors).toBeUndefined();
    expect(body.data!.revokeConsent).toMatchObject({ id: consentId, status: 'REVOKED', live: false });
    const [row] = await consentRows(bank, 'id = $1', [consentId]);
    expect(row).toMatchObject({ status: 'revoked' });
    expect(row!.revoked_at).not.toBeNull();
    expect(ended.filter((event) => event.consentId === consentId)).toEqual([
      expect.objectContaining({ reason: 'revoked', purpose: 'aggregation', customerId: row!.customer_id }),
    ]);
    // The listener saw the revocation inside the transaction, before anyone outside could.
    expect(seenByListener.get(consentId)).toEqual({ inside: 'revoked', outside: 'granted' });
    expect(
      (await auditRows(bank)).filter((entry) => entry.resource_id === consentId).map((e) => e.action),
    ).toEqual(['consent.grant', 'consent.revoke']);

    const again = await api.graphql(revokeMutation, { token: tokens.customer, variables: { id: consentId } });
    expect(again.body.errors?.[0]?.extensions.code).toBe('CONFLICT');
  });

  it('a consent of another customer or another bank is NOT_FOUND, the same as one of nobody, and unchanged', async () => {
    const twin = await seedConsent(api.running.app, api.database.ownerUrl, other, DEMO_CUSTOMER_SUBJECT);
    const colleagueSubject = randomUUID();
    await api.running.app
      .get(CustomersService)
      .upsertDemoCustomers(demoBank.slug, [
        { subject: colleagueSubject, displayName: 'Colleague', email: 'colleague@demo-bank.example' },
      ]);
    const colleague = await seedConsent(api.running.app, api.database.ownerUrl, bank, colleagueSubject);
    const targets = [
      twin.consentId,
      colleague.consentId,
      '00000000-0000-4000-8000-00000000dead',
      'not-a-uuid',
    ];
    for (const id of targets) {
      for (const document of [revokeMutation, renewMutation]) {
        const { body } = await api.graphql(document, { token: tokens.customer, variables: { id } });
        expect(body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
        expect(body.errors?.[0]?.message).toBe('No consent with this id is yours; check the id.');
      }
    }
    expect(await consentRows(other, 'id = $1', [twin.consentId])).toEqual([
      expect.objectContaining({ status: 'granted' }),
    ]);
    expect(await consentRows(bank, 'id = $1', [colleague.consentId])).toEqual([
      expect.objectContaining({ status: 'granted' }),
    ]);
  });

  it('a failing hook listener rolls the revocation back: still granted, nothing audited', async () => {
    const { consentId } = await seedConsent(
      api.running.app,
      api.database.ownerUrl,
      bank,
      DEMO_CUSTOMER_SUBJECT,
    );
    failHookFor = consentId;
    try {
      const { body } = await api.graphql(revokeMutation, {
        token: tokens.customer,
        variables: { id: consentId },
      });
      expect(body.errors?.[0]?.extensions.code).toBe('INTERNAL');
      expect(body.data ?? null).toBeNull();
    } finally {
      failHookFor = undefined;
    }
    expect(await consentRows(bank, 'id = $1', [consentId])).toEqual([
      expect.objectContaining({ status: 'granted', revoked_at: null }),
    ]);
    expect(
      (await auditRows(bank)).filter((entry) => entry.resource_id === consentId).map((e) => e.action),
    ).toEqual(['consent.grant']);
  });

  it('EU renewal needs a recent one-time code: without one STEP_UP_REQUIRED (nothing moves), with one the deadline moves 180 days', async () => {
    const ana = await seedConsent(api.running.app, api.database.ownerUrl, bank, DEMO_CUSTOMER_SUBJECT);
    const [before] = await consentRows(bank, 'id = $1', [ana.consentId]);
    const refused = await api.graphql(renewMutation, {
      token: tokens.customer,
      variables: { id: ana.consentId },
    });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'STEP_UP_REQUIRED',
      acrValues: 'mfa',
      maxAgeSeconds: 900,
    });
    expect(await consentRows(bank, 'id = $1', [ana.consentId])).toEqual([before]);
    const denied = (await auditRows(bank)).at(-1);
    expect(denied).toMatchObject({
      action: 'access.denied',
      resource_id: 'renew a consent',
      changes: { code: 'STEP_UP_REQUIRED' },
    });

    const eva = await seedConsent(
      api.running.app,
      api.database.ownerUrl,
      euBank,
      euRealm.customers[0]!.subject,
    );
    const token = await euRealm.customerToken('eva');
    expect(claimsOf(token).amr).toContain('otp');
    const startedAt = Date.now();
    const { body } = await api.graphql<{ renewConsent: ConsentView }>(renewMutation, {
      token,
      variables: { id: eva.consentId },
    });
    expect(body.errors).toBeUndefined();
    const renewed = body.data!.renewConsent;
    expect(Date.parse(renewed.renewedAt!)).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(Date.parse(renewed.renewalDueAt!) - Date.parse(renewed.renewedAt!)).toBe(180 * DAY);
    expect(renewed.expiresAt).toBe(renewed.renewalDueAt);
    const [row] = await consentRows(euBank, 'id = $1', [eva.consentId]);
    expect(row!.proof.lastRenewal).toMatchObject({
      method: 'strong-authentication',
      tokenId: claimsOf(token).jti,
      authenticationMethods: expect.arrayContaining(['otp']),
    });
    const entry = (await auditRows(euBank)).find((audit) => audit.action === 'consent.renew');
    expect(entry).toMatchObject({ resource_id: eva.consentId, changes: { method: 'strong-authentication' } });
  });

  it('a consent without a renewal rule cannot be renewed (CONFLICT); one that has ended neither', async () => {
    const personalisation = await seedConsent(
      api.running.app,
      api.database.ownerUrl,
      bank,
      DEMO_CUSTOMER_SUBJECT,
      {
        purpose: 'personalisation',
      },
    );
    const { body } = await api.graphql(renewMutation, {
      token: tokens.customer,
      variables: { id: personalisation.consentId },
    });
    expect(body.errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect(body.errors?.[0]?.message).toBe('This consent lasts until you revoke it; it needs no renewal.');
  });

  it('the customer lists their consents, newest first, ended ones included', async () => {
    const { body } = await api.graphql<{ consents: ConsentView[] }>(`{ consents { ${consentFields} } }`, {
      token: tokens.customer,
    });
    expect(body.errors).toBeUndefined();
    const listed = body.data!.consents;
    const rows = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      bank.id,
      `select c.id from consent c join customer u on u.id = c.customer_id where u.subject = $1
        order by c.created_at desc, c.id desc`,
      [DEMO_CUSTOMER_SUBJECT],
    );
    expect(listed.map((consent) => consent.id)).toEqual(rows.map((row) => row.id));
    expect(new Set(listed.map((consent) => consent.status))).toEqual(new Set(['GRANTED', 'REVOKED']));
  });

  it('staff see the consent overview (counts, filtered page) with ids and dates only; the read is audited', async () => {
    const overviewQuery = `query($purpose: ConsentPurpose, $status: ConsentStatus, $first: Int) {
      consentOverview(purpose: $purpose, status: $status, first: $first) {
        counts { purpose status count }
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id customerId purpose status textVersion channel grantedAt expiresAt renewalDueAt revokedAt } }
      } }`;
    const rows = await consentRows(bank);
    for (const token of [tokens.complianceOfficer, tokens.bankAdmin]) {
      const auditBefore = (await auditRows(bank)).length;
      const { body } = await api.graphql<{
        consentOverview: {
          counts: { purpose: string; status: string; count: number }[];
          totalCount: number;
          edges: { node: { id: string; purpose: string; status: string } }[];
        };
      }>(overviewQuery, { token, variables: { purpose: 'AGGREGATION', status: 'REVOKED', first: 100 } });
      expect(body.errors).toBeUndefined();
      const overview = body.data!.consentOverview;
      const total = overview.counts.reduce((sum, count) => sum + count.count, 0);
      expect(total).toBe(rows.length);
      const revokedAggregation = rows.filter((row) => row.status === 'revoked');
      expect(overview.totalCount).toBe(revokedAggregation.length);
      expect(overview.edges.map((edge) => edge.node.id).sort()).toEqual(
        revokedAggregation.map((row) => row.id).sort(),
      );
      const text = JSON.stringify(body);
      for (const personal of [DEMO_CUSTOMER_SUBJECT, 'Ana Novak', 'ana.novak', 'tokenId']) {
        expect(text).not.toContain(personal);
      }
      const audit = (await auditRows(bank)).slice(auditBefore);
      expect(audit).toEqual([
        expect.objectContaining({ action: 'consent.list', changes: { returned: revokedAggregation.length } }),
      ]);
    }
    const asCustomer = await api.graphql(`{ consentOverview { totalCount } }`, { token: tokens.customer });
    expect(asCustomer.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it("the overview counts consents due within the region's warning window and filters them (dueSoon), for this bank only", async () => {
    const overviewQuery = `query($customerId: ID, $dueSoon: Boolean) {
      consentOverview(customerId: $customerId, dueSoon: $dueSoon, first: 100) {
        dueSoon { withinDays renewals expiries }
        totalCount
        edges { node { id } }
      } }`;
    type Overview = {
      consentOverview: {
        dueSoon: { withinDays: number; renewals: number; expiries: number };
        totalCount: number;
        edges: { node: { id: string } }[];
      };
    };
    const read = async (variables: Record<string, unknown> = {}) => {
      const { body } = await api.graphql<Overview>(overviewQuery, {
        token: tokens.complianceOfficer,
        variables,
      });
      expect(body.errors).toBeUndefined();
      return body.data!.consentOverview;
    };
    const before = await read();
    // Demo Bank is a UK bank: customers are warned 14 days before a deadline.
    expect(before.dueSoon.withinDays).toBe(14);

    const customer = await runAsTenant(bank, () =>
      api.running.app.get(CustomersService).findByEmail(demoBankCustomers[5]!.email!),
    );
    const [otherCustomer] = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      other.id,
      'select id from customer',
    );
    const at = (days: number) => new Date(Date.now() + days * DAY);
    const seed = (
      tenant: TenantRef,
      customerId: string,
      overrides: Parameters<typeof grantAggregationConsent>[3],
    ) => grantAggregationConsent(api.running.app, tenant, customerId, overrides);
    const renewalDue = await seed(bank, customer!.id, { renewalDueAt: at(5), expiresAt: at(100) });
    const expiring = await seed(bank, customer!.id, { renewalDueAt: at(50), expiresAt: at(3) });
    const overdue = await seed(bank, customer!.id, { renewalDueAt: at(-1), expiresAt: at(100) });
    await seed(bank, customer!.id, { renewalDueAt: at(15), expiresAt: at(15) });
    await seed(bank, customer!.id, {
      status: 'revoked',
      revokedAt: at(-1),
      renewalDueAt: at(2),
      expiresAt: at(2),
    });
    // Another bank's consent due tomorrow is not this bank's.
    await seed(other, otherCustomer!.id, { renewalDueAt: at(1), expiresAt: at(1) });

    const after = await read();
    expect(after.dueSoon).toEqual({
      withinDays: 14,
      renewals: before.dueSoon.renewals + 2,
      expiries: before.dueSoon.expiries + 1,
    });
    const due = await read({ customerId: customer!.id, dueSoon: true });
    expect(due.totalCount).toBe(3);
    expect(due.edges.map((edge) => edge.node.id).sort()).toEqual([renewalDue, expiring, overdue].sort());
    // Without the filter the customer's five consents are all there.
    expect((await read({ customerId: customer!.id })).totalCount).toBe(5);
    const bankWide = await read({ dueSoon: true });
    expect(bankWide.totalCount).toBe(after.dueSoon.renewals + after.dueSoon.expiries);
  });

  it("reminders reach the customer's notifications, stored encrypted; marking one read is theirs alone", async () => {
    const ana = await seedConsent(api.running.app, api.database.ownerUrl, bank, DEMO_CUSTOMER_SUBJECT, {
      reminder: true,
    });
    const twin = await seedConsent(api.running.app, api.database.ownerUrl, other, DEMO_CUSTOMER_SUBJECT, {
      reminder: true,
    });
    // A second reminder for the same deadline is not written again.
    const [consent] = await consentRows(bank, 'id = $1', [ana.consentId]);
    const again = await runAsTenant(bank, () =>
      api.running.app.get(ConsentsService).remind(ana.consentId, consent!.renewal_due_at!.toISOString()),
    );
    expect(again).toEqual({ sent: false });

    const stored = await rowsAsTenant<{ body_enc: string }>(
      api.database.ownerUrl,
      bank.id,
      'select body_enc from notification where id = $1',
      [ana.notificationId],
    );
    expect(stored[0]!.body_enc).not.toMatch(/consent|renew/i);
    const list = `{ notifications(first: 10) { totalCount unreadCount edges { node { id kind subjectRef body readAt link } } } }`;
    const { body } = await api.graphql<{
      notifications: {
        unreadCount: number;
        edges: { node: { id: string; kind: string; body: string; link: string | null } }[];
      };
    }>(list, { token: tokens.customer });
    expect(body.errors).toBeUndefined();
    const mine = body.data!.notifications.edges.find((edge) => edge.node.id === ana.notificationId)!.node;
    expect(mine.kind).toBe('consent.reminder');
    // It leads to the customer app's privacy page, where the consent is renewed.
    expect(mine.link).toBe('/privacy');
    expect(mine.body).toMatch(/needs renewing by \d{4}-\d{2}-\d{2} \(UTC\)/);
    expect(body.data!.notifications.edges.map((edge) => edge.node.id)).not.toContain(twin.notificationId);

    const mark = `mutation($id: ID!) { markNotificationRead(id: $id) { id readAt } }`;
    const read = await api.graphql<{ markNotificationRead: { readAt: string | null } }>(mark, {
      token: tokens.customer,
      variables: { id: ana.notificationId },
    });
    expect(read.body.data?.markNotificationRead.readAt).not.toBeNull();
    const foreign = await api.graphql(mark, {
      token: tokens.customer,
      variables: { id: twin.notificationId },
    });
    expect(foreign.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const unread = await rowsAsTenant<{ read_at: Date | null }>(
      api.database.ownerUrl,
      other.id,
      'select read_at from notification where id = $1',
      [twin.notificationId],
    );
    expect(unread).toEqual([{ read_at: null }]);
  });
});

function pick(text: { version: string; text: string; textHash: string }) {
  return { version: text.version, text: text.text, textHash: text.textHash };
}
