// The operator's tenant lifecycle through the real API: list, read, rebrand, suspend, reactivate, with real
// Keycloak tokens of every role, a second bank realm whose users are switched off and on, and the audit
// entries each change leaves on the platform chain and on the bank's own chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, startApiFixture, tokensOf } from '../testing/api-fixture';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { withClient } from '../testing/deploy';
import { demoBank, otherBank } from '../testing/seed';
import { AuditService } from '../audit';
import { TenancyService, tenantRef } from './tenancy.service';

const tenantFields = `id slug name region realm status suspensionReason suspendedAt createdAt updatedAt
  branding { displayName primaryColor accentColor logoUrl } appOrigins { admin customer }`;
const listQuery = `query List($first: Int, $after: String, $status: TenantStatus) {
  tenants(first: $first, after: $after, status: $status) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id slug status } }
  }
}`;
const readQuery = `query Read($id: ID!) { tenant(id: $id) { ${tenantFields} } }`;
const brandingMutation = `mutation Brand($id: ID!, $branding: BrandingInput!) {
  updateTenantBranding(id: $id, branding: $branding) { ${tenantFields} }
}`;
const suspendMutation = `mutation Suspend($id: ID!, $reason: String!) {
  suspendTenant(id: $id, reason: $reason) { ${tenantFields} }
}`;
const reactivateMutation = `mutation Reactivate($id: ID!) { reactivateTenant(id: $id) { ${tenantFields} } }`;
const brandingQuery = `query Branding($slug: String!) { tenantBranding(slug: $slug) { slug realm } }`;
const meQuery = `{ me { subject realm tenant { slug status } } }`;

interface TenantNode {
  id: string;
  slug: string;
  status: string;
  suspensionReason: string | null;
  suspendedAt: string | null;
  branding: { displayName: string; primaryColor: string; accentColor: string; logoUrl: string | null };
  appOrigins: { admin: string[]; customer: string[] };
}

describe('tenant lifecycle (platform operators)', () => {
  let api: ApiFixture;
  let operator: string;
  let second: BankRealm;
  let ids: { demo: string; other: string; second: string; provisioning: string };

  /** A chain's rows (platform when tenantId is null), read as the owner with the tenant set as the platform sets it. */
  const chainRows = (tenantId: string | null) =>
    withClient(api.database.ownerUrl, async (client) => {
      await client.query('begin');
      try {
        if (tenantId) await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
        const result = await client.query<{
          action: string;
          outcome: string;
          resource_id: string | null;
          actor_subject: string;
          actor_realm: string | null;
          changes: Record<string, unknown>;
        }>(
          `select action, outcome, resource_id, actor_subject, actor_realm, changes
             from audit_entry where chain = coalesce($1::text, 'platform') order by seq`,
          [tenantId],
        );
        return result.rows;
      } finally {
        await client.query('rollback');
      }
    });
  const tenancy = () => api.running.app.get(TenancyService);
  const tenantRow = (id: string) =>
    withClient(api.database.ownerUrl, async (client) => {
      const result = await client.query(`select * from tenant where id = $1`, [id]);
      return result.rows[0] as Record<string, unknown>;
    });

  beforeAll(async () => {
    api = await startApiFixture();
    const tenancy = api.running.app.get(TenancyService);
    second = await createBankRealm('lifecycle');
    const [demo, other, secondBank, provisioning] = await Promise.all([
      tenancy.upsertTenant(demoBank),
      tenancy.upsertTenant(otherBank),
      tenancy.upsertTenant({ ...otherBank, slug: second.realm, realm: second.realm, name: 'Second Bank' }),
      tenancy.upsertTenant(
        { ...otherBank, slug: 'half-onboarded', realm: 'half-onboarded', name: 'Half Bank' },
        { initialStatus: 'PROVISIONING' },
      ),
    ]);
    ids = { demo: demo.id, other: other.id, second: secondBank.id, provisioning: provisioning.id };
    operator = (await tokensOf('operator')).accessToken;
  });
  afterAll(async () => {
    await second?.remove().catch(() => undefined);
    await api?.close();
  });

  it('an operator pages through every tenant, oldest first, with opaque cursors and a total', async () => {
    const first = await api.graphql<{
      tenants: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { id: string } }[];
      };
    }>(listQuery, { token: operator, variables: { first: 3 } });
    expect(first.body.errors).toBeUndefined();
    const page1 = first.body.data!.tenants;
    expect(page1.totalCount).toBe(4);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const rest = await api.graphql<typeof first.body.data>(listQuery, {
      token: operator,
      variables: { first: 3, after: page1.pageInfo.endCursor },
    });
    const page2 = rest.body.data!.tenants;
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const seen = [...page1.edges, ...page2.edges].map((edge) => edge.node.id);
    expect(new Set(seen).size).toBe(4);
    expect(seen.sort()).toEqual(Object.values(ids).sort());
  });

  it('an operator filters tenants by status', async () => {
    const { body } = await api.graphql<{
      tenants: { totalCount: number; edges: { node: { slug: string } }[] };
    }>(listQuery, { token: operator, variables: { status: 'PROVISIONING' } });
    expect(body.data?.tenants.totalCount).toBe(1);
    expect(body.data?.tenants.edges.map((edge) => edge.node.slug)).toEqual(['half-onboarded']);
  });

  it('a page size outside 1-100 or a forged cursor is INVALID', async () => {
    for (const variables of [{ first: 0 }, { first: 101 }, { after: 'not-a-cursor' }]) {
      const { body } = await api.graphql(listQuery, { token: operator, variables });
      expect(body.errors?.[0]?.extensions.code, JSON.stringify(variables)).toBe('INVALID');
    }
  });

  it('an operator reads one tenant by id; an unknown or malformed id is NOT_FOUND', async () => {
    const { body } = await api.graphql<{ tenant: TenantNode }>(readQuery, {
      token: operator,
      variables: { id: ids.demo },
    });
    expect(body.data?.tenant).toMatchObject({
      id: ids.demo,
      slug: 'demo-bank',
      status: 'ACTIVE',
      suspensionReason: null,
      appOrigins: demoBank.appOrigins,
    });
    for (const id of ['00000000-0000-4000-8000-000000000000', 'demo-bank']) {
      const unknown = await api.graphql(readQuery, { token: operator, variables: { id } });
      expect(unknown.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    }
  });

  it('an operator updates branding: normalised, stored, audited on the platform chain and the bank chain', async () => {
    const platformBefore = (await chainRows(null)).length;
    const bankBefore = (await chainRows(ids.other)).length;
    const branding = {
      displayName: '  Other Bank Plc ',
      primaryColor: '#aa0000',
      accentColor: '#00aa00',
      logoUrl: 'https://cdn.other-bank.example/logo.svg',
    };

    const { body } = await api.graphql<{ updateTenantBranding: TenantNode }>(brandingMutation, {
      token: operator,
      variables: { id: ids.other, branding },
    });

    expect(body.errors).toBeUndefined();
    const expected = {
      displayName: 'Other Bank Plc',
      primaryColor: '#AA0000',
      accentColor: '#00AA00',
      logoUrl: branding.logoUrl,
    };
    expect(body.data?.updateTenantBranding.branding).toEqual(expected);
    expect((await tenantRow(ids.other)).branding).toEqual(expected);
    const onPlatform = (await chainRows(null)).slice(platformBefore);
    const onBank = (await chainRows(ids.other)).slice(bankBefore);
    for (const rows of [onPlatform, onBank]) {
      expect(rows).toEqual([
        expect.objectContaining({
          action: 'tenant.update-branding',
          outcome: 'allowed',
          resource_id: ids.other,
          actor_realm: 'platform',
          changes: {
            'branding.displayName': '[redacted]',
            'branding.primaryColor': '#AA0000',
            'branding.accentColor': '#00AA00',
            'branding.logoUrl': '[redacted]',
          },
        }),
      ]);
    }
  });

  it('invalid branding is INVALID naming every field, and changes nothing (no row, no audit entry)', async () => {
    const rowBefore = await tenantRow(ids.other);
    const platformBefore = (await chainRows(null)).length;
    const { body } = await api.graphql(brandingMutation, {
      token: operator,
      variables: {
        id: ids.other,
        branding: { displayName: ' ', primaryColor: 'red', accentColor: '#00AA00', logoUrl: 'javascript:x' },
      },
    });
    expect(body.errors?.[0]?.extensions.code).toBe('INVALID');
    expect((body.errors?.[0]?.extensions.fields as { field: string }[]).map((f) => f.field)).toEqual([
      'branding.displayName',
      'branding.primaryColor',
      'branding.logoUrl',
    ]);
    expect(await tenantRow(ids.other)).toEqual(rowBefore);
    expect((await chainRows(null)).length).toBe(platformBefore);
  });

  it("suspending a bank refuses its users' tokens on the very next request and hides its branding; reactivating restores both", async () => {
    const bankAdmin = await second.bankAdminToken();
    const me = () => api.graphql(meQuery, { token: bankAdmin });
    const branding = () => api.graphql(brandingQuery, { variables: { slug: second.realm } });
    expect((await me()).body.errors).toBeUndefined();
    expect((await branding()).body.data?.tenantBranding).toMatchObject({ slug: second.realm });
    const platformBefore = (await chainRows(null)).length;
    const bankBefore = (await chainRows(ids.second)).length;

    const suspended = await api.graphql<{ suspendTenant: TenantNode }>(suspendMutation, {
      token: operator,
      variables: { id: ids.second, reason: '  Contract ended; awaiting the bank’s signature.  ' },
    });

    expect(suspended.body.errors).toBeUndefined();
    expect(suspended.body.data?.suspendTenant).toMatchObject({
      status: 'SUSPENDED',
      suspensionReason: 'Contract ended; awaiting the bank’s signature.',
      suspendedAt: expect.any(String),
    });
    const refused = await me();
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect((await branding()).body.data?.tenantBranding).toBeNull();
    // A fresh token from the bank's realm is refused too: it is the tenant that is off, not one token.
    expect((await api.graphql(meQuery, { token: await second.complianceOfficerToken() })).status).toBe(401);
    const expectedEntry = expect.objectContaining({
      action: 'tenant.suspend',
      resource_id: ids.second,
      actor_realm: 'platform',
      changes: { status: 'SUSPENDED', reason: 'Contract ended; awaiting the bank’s signature.' },
    });
    // The two refused tokens are on the suspended bank's own chain (identity audits every refused token).
    const refusedToken = expect.objectContaining({
      action: 'access.denied',
      outcome: 'denied',
      changes: expect.objectContaining({ code: 'UNAUTHENTICATED', reason: 'inactive-tenant' }),
    });
    expect((await chainRows(null)).slice(platformBefore)).toEqual([expectedEntry]);
    await expect
      .poll(async () => (await chainRows(ids.second)).slice(bankBefore))
      .toEqual([expectedEntry, refusedToken, refusedToken]);

    const reactivated = await api.graphql<{ reactivateTenant: TenantNode }>(reactivateMutation, {
      token: operator,
      variables: { id: ids.second },
    });

    expect(reactivated.body.data?.reactivateTenant).toMatchObject({
      status: 'ACTIVE',
      suspensionReason: null,
      suspendedAt: null,
    });
    expect((await me()).body.errors).toBeUndefined();
    expect((await branding()).body.data?.tenantBranding).toMatchObject({ slug: second.realm });
    expect((await chainRows(ids.second)).slice(bankBefore).map((row) => row.action)).toEqual([
      'tenant.suspend',
      'access.denied',
      'access.denied',
      'tenant.reactivate',
    ]);
    // Entries written onto the bank's chain from the operator's transaction keep both chains verifiable.
    const audit = api.running.app.get(AuditService);
    expect(await audit.verify({ tenant: tenantRef(await tenancy().getById(ids.second)) })).toMatchObject({
      intact: true,
    });
    expect(await audit.verify('platform')).toMatchObject({ intact: true });
  });

  it('only an ACTIVE bank can be suspended and only a SUSPENDED one reactivated (CONFLICT, nothing changed)', async () => {
    const attempts = [
      { query: suspendMutation, variables: { id: ids.provisioning, reason: 'not live yet' } },
      { query: reactivateMutation, variables: { id: ids.provisioning } },
      { query: reactivateMutation, variables: { id: ids.demo } },
    ];
    const platformBefore = (await chainRows(null)).length;
    for (const attempt of attempts) {
      const { body } = await api.graphql(attempt.query, { token: operator, variables: attempt.variables });
      expect(body.errors?.[0]?.extensions.code, JSON.stringify(attempt.variables)).toBe('CONFLICT');
    }
    await api.graphql(suspendMutation, { token: operator, variables: { id: ids.other, reason: 'first' } });
    const again = await api.graphql(suspendMutation, {
      token: operator,
      variables: { id: ids.other, reason: 'second' },
    });
    expect(again.body.errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect(await tenantRow(ids.other)).toMatchObject({ status: 'SUSPENDED', suspension_reason: 'first' });
    expect(await tenantRow(ids.provisioning)).toMatchObject({
      status: 'PROVISIONING',
      suspension_reason: null,
    });
    expect((await chainRows(null)).slice(platformBefore).map((row) => row.action)).toEqual([
      'tenant.suspend',
    ]);
    await api.graphql(reactivateMutation, { token: operator, variables: { id: ids.other } });
  });

  it('a suspension reason that is empty or longer than 500 characters is INVALID', async () => {
    for (const reason of ['   ', 'x'.repeat(501)]) {
      const { body } = await api.graphql(suspendMutation, {
        token: operator,
        variables: { id: ids.demo, reason },
      });
      expect(body.errors?.[0]?.extensions.code).toBe('INVALID');
    }
    expect(await tenantRow(ids.demo)).toMatchObject({ status: 'ACTIVE' });
  });

  describe('no one but a platform operator: every operation × every other role, own bank or another', () => {
    const operations = [
      { name: 'tenants', query: listQuery, variables: () => ({}) },
      { name: 'tenant', query: readQuery, variables: (id: string) => ({ id }) },
      {
        name: 'updateTenantBranding',
        query: brandingMutation,
        variables: (id: string) => ({
          id,
          branding: { displayName: 'Taken', primaryColor: '#000000', accentColor: '#000000', logoUrl: null },
        }),
      },
      {
        name: 'suspendTenant',
        query: suspendMutation,
        variables: (id: string) => ({ id, reason: 'hostile' }),
      },
      { name: 'reactivateTenant', query: reactivateMutation, variables: (id: string) => ({ id }) },
    ];

    it('bank admin, compliance officer and customer of the demo bank, and the admin of another bank: FORBIDDEN and audited as denied on their own bank', async () => {
      const callers = [
        { label: 'demo bank admin', token: (await tokensOf('bankAdmin')).accessToken, bank: ids.demo },
        {
          label: 'demo compliance officer',
          token: (await tokensOf('complianceOfficer')).accessToken,
          bank: ids.demo,
        },
        { label: 'demo customer', token: (await tokensOf('customer')).accessToken, bank: ids.demo },
        { label: 'second bank admin', token: await second.bankAdminToken(), bank: ids.second },
      ];
      const before = { demo: await tenantRow(ids.demo), second: await tenantRow(ids.second) };
      for (const caller of callers) {
        // Its own bank and another bank as the target: neither is allowed.
        for (const target of [ids.demo, ids.second]) {
          for (const operation of operations) {
            const chainBefore = (await chainRows(caller.bank)).length;
            const { body } = await api.graphql(operation.query, {
              token: caller.token,
              variables: operation.variables(target),
            });
            const label = `${caller.label} → ${operation.name} on ${target === caller.bank ? 'own' : 'other'} bank`;
            expect(body.errors?.[0]?.extensions.code, label).toBe('FORBIDDEN');
            expect(body.data ?? null, label).toBeNull();
            await expect
              .poll(async () => (await chainRows(caller.bank)).slice(chainBefore), { timeout: 5_000 })
              .toEqual([expect.objectContaining({ action: 'access.denied', outcome: 'denied' })]);
          }
        }
      }
      expect(await tenantRow(ids.demo)).toEqual(before.demo);
      expect(await tenantRow(ids.second)).toEqual(before.second);
    });

    it('anonymous callers, even naming a bank in X-Tenant: UNAUTHENTICATED, audited as denied on the platform chain only', async () => {
      const before = await tenantRow(ids.demo);
      const bankBefore = (await chainRows(ids.demo)).length;
      for (const operation of operations) {
        const platformBefore = (await chainRows(null)).length;
        const { body } = await api.graphql(operation.query, {
          variables: operation.variables(ids.demo),
          tenant: 'demo-bank',
        });
        expect(body.errors?.[0]?.extensions.code, operation.name).toBe('UNAUTHENTICATED');
        await expect
          .poll(async () => (await chainRows(null)).slice(platformBefore), { timeout: 5_000 })
          .toEqual([
            expect.objectContaining({
              action: 'access.denied',
              outcome: 'denied',
              actor_subject: 'anonymous',
              changes: { code: 'UNAUTHENTICATED' },
            }),
          ]);
      }
      expect((await chainRows(ids.demo)).length).toBe(bankBefore);
      expect(await tenantRow(ids.demo)).toEqual(before);
    });
  });

  it('suspension is read fresh on every request: a suspension made outside this API process takes effect at once', async () => {
    const bankAdmin = await second.bankAdminToken();
    expect((await api.graphql(meQuery, { token: bankAdmin })).status).toBe(200);
    // Another API replica (here: the service directly) suspends the bank.
    const tenancy = api.running.app.get(TenancyService);
    await tenancy.suspend(ids.second, 'suspended by another replica');
    expect((await api.graphql(meQuery, { token: bankAdmin })).status).toBe(401);
    await tenancy.reactivate(ids.second);
    expect((await api.graphql(meQuery, { token: bankAdmin })).status).toBe(200);
    expect(tenantRef(await tenancy.getById(ids.second))).toMatchObject({ realm: second.realm });
  });
});
