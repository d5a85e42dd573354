// The bank's staff directory through the API, against real PostgreSQL (row-level security) and real Keycloak
// tokens: staff who call the API are recorded from their verified token (renamed users too), customers and
// operators never; staffMembers reads the addressed bank's directory only, for bank staff only;
// forgetStaffMember removes one of the bank's staff for its administrators with a second factor only.
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomersService } from '../customers';
import { DEMO_CUSTOMER_SUBJECT } from '../onboarding';
import type { TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { auditRows } from '../testing/audit-rows';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { demoAccessTokens } from '../testing/demo-tokens';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';
import { rowsAsTenant } from '../testing/tenant-rows';

const staffMembers = `query($subjects: [String!]!) {
  staffMembers(subjects: $subjects) { subject displayName username roles lastSeenAt } }`;
const forgetStaffMember = `mutation($subject: String!) { forgetStaffMember(subject: $subject) }`;

interface StaffRow {
  subject: string;
  display_name_enc: string | null;
  username_enc: string | null;
  names_fingerprint: string;
  roles: string[];
  first_seen_at: Date;
  last_seen_at: Date;
}

interface StaffNode {
  subject: string;
  displayName: string | null;
  username: string | null;
  roles: string[];
  lastSeenAt: string;
}

describe('staff directory through the API', () => {
  let api: ApiFixture;
  let realm: BankRealm;
  /** A bank whose staff sign in with a password only: their tokens show no second factor. */
  let passwordOnly: BankRealm;
  let passwordOnlyBank: TenantRef;
  let bankA: TenantRef;
  let bankB: TenantRef;
  let tokens: Awaited<ReturnType<typeof demoAccessTokens>>;
  const subjectOf = (token: string) => decodeJwt(token).sub!;

  const call = async <T>(
    token: string | undefined,
    query: string,
    variables?: Record<string, unknown>,
    tenant?: string,
  ) => {
    const { status, body } = await api.graphql<T>(query, { token, variables, tenant });
    return { status, data: body.data, code: body.errors?.[0]?.extensions.code, errors: body.errors };
  };
  const staffRows = (tenant: TenantRef) =>
    rowsAsTenant<StaffRow>(
      api.database.ownerUrl,
      tenant.id,
      `select subject, display_name_enc, username_enc, names_fingerprint, roles, first_seen_at, last_seen_at
         from staff_member order by subject`,
    );

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '10000' } });
    const tenancy = api.running.app.get(TenancyService);
    bankA = tenantRef(await tenancy.upsertTenant(demoBank));
    await api.running.app.get(CustomersService).upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    /** A bank of its own on a realm of the test's Keycloak. */
    const bankOn = async (bankRealm: BankRealm, name: string) =>
      tenantRef(
        await tenancy.upsertTenant({
          ...otherBank,
          slug: bankRealm.realm,
          realm: bankRealm.realm,
          name,
          appOrigins: { admin: [], customer: [] },
        }),
      );
    realm = await createBankRealm('staffdir');
    bankB = await bankOn(realm, 'Staff Directory Bank');
    passwordOnly = await createBankRealm('staffdir-pw', { staffSecondFactor: false });
    passwordOnlyBank = await bankOn(passwordOnly, 'Password Only Bank');
    tokens = await demoAccessTokens();
  });

  afterAll(async () => {
    await passwordOnly?.remove();
    await realm?.remove();
    await api?.close();
  });

  it('a staff member who called the API appears with the name and username from their token', async () => {
    expect((await call(tokens.bankAdmin, '{ me { subject } }')).code).toBeUndefined();
    expect((await call(tokens.complianceOfficer, '{ me { subject } }')).code).toBeUndefined();
    const admin = subjectOf(tokens.bankAdmin);
    const officer = subjectOf(tokens.complianceOfficer);
    const read = await call<{ staffMembers: StaffNode[] }>(tokens.complianceOfficer, staffMembers, {
      subjects: [admin, officer, 'no-such-subject', admin],
    });
    expect(read.code).toBeUndefined();
    expect(read.data!.staffMembers).toEqual([
      expect.objectContaining({
        subject: admin,
        displayName: 'Bank Admin',
        username: 'bank.admin',
        roles: ['bank-admin'],
      }),
      expect.objectContaining({
        subject: officer,
        displayName: 'Compliance Officer',
        username: 'compliance.officer',
        roles: ['compliance-officer'],
      }),
    ]);
    expect(Date.parse(read.data!.staffMembers[0]!.lastSeenAt)).toBeGreaterThan(Date.now() - 60_000);
    // Bank administrators see their colleagues too.
    const byAdmin = await call<{ staffMembers: StaffNode[] }>(tokens.bankAdmin, staffMembers, {
      subjects: [officer],
    });
    expect(byAdmin.data!.staffMembers.map((member) => member.displayName)).toEqual(['Compliance Officer']);
  });

  it('more requests of the same staff member within the refresh interval write nothing', async () => {
    const before = await staffRows(bankA);
    expect(before.map((row) => row.subject)).toContain(subjectOf(tokens.bankAdmin));
    for (let index = 0; index < 3; index++) await call(tokens.bankAdmin, '{ me { subject } }');
    expect(await staffRows(bankA)).toEqual(before);
  });

  it('a renamed staff member is updated from their next token; a refused request still records them', async () => {
    const subject = subjectOf(await realm.bankAdminToken());
    // Their first request is refused (administrators do not read the audit trail) and rolled back: the
    // sighting is recorded in a transaction of its own.
    expect((await call(await realm.bankAdminToken(), '{ verifyAuditTrail { intact } }')).code).toBe(
      'FORBIDDEN',
    );
    const [first] = (await staffRows(bankB)).filter((row) => row.subject === subject);
    expect(first).toMatchObject({ roles: ['bank-admin'] });
    // Names are personal data: stored encrypted under the bank's data key, never in clear.
    expect(first!.display_name_enc).toBeTruthy();
    expect(JSON.stringify(first)).not.toMatch(/Second|Admin|bank\.admin/);
    const officer = await realm.complianceOfficerToken();
    const named = async () =>
      (
        await call<{ staffMembers: StaffNode[] }>(officer, staffMembers, { subjects: [subject] })
      ).data!.staffMembers.map((member) => [member.displayName, member.username]);
    expect(await named()).toEqual([['Second Admin', 'bank.admin']]);

    await realm.renameUser('bank.admin', { firstName: 'Renamed', lastName: 'Administrator' });
    expect((await call(await realm.bankAdminToken(), '{ me { subject } }')).code).toBeUndefined();
    const rows = (await staffRows(bankB)).filter((row) => row.subject === subject);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.first_seen_at).toEqual(first!.first_seen_at);
    expect(rows[0]!.names_fingerprint).not.toBe(first!.names_fingerprint);
    expect(await named()).toEqual([['Renamed Administrator', 'bank.admin']]);
  });

  it("a customer's and a platform operator's calls record nothing", async () => {
    expect((await call(tokens.customer, '{ me { subject } }')).code).toBeUndefined();
    expect((await call(tokens.operator, '{ tenants(first: 1) { totalCount } }')).code).toBeUndefined();
    const operator = subjectOf(tokens.operator);
    for (const bank of [bankA, bankB]) {
      const subjects = (await staffRows(bank)).map((row) => row.subject);
      expect(subjects).not.toContain(DEMO_CUSTOMER_SUBJECT);
      expect(subjects).not.toContain(operator);
    }
  });

  it("another bank's staff are not visible: each bank reads its own directory only", async () => {
    const adminA = subjectOf(tokens.bankAdmin);
    const officerB = await realm.complianceOfficerToken();
    const adminB = subjectOf(await realm.bankAdminToken());
    const names = (result: { data?: { staffMembers: StaffNode[] } | null }) =>
      result.data!.staffMembers.map((member) => member.displayName);
    // Each bank's officer reads both subjects: only their own bank's administrator comes back.
    const fromB = await call<{ staffMembers: StaffNode[] }>(officerB, staffMembers, {
      subjects: [adminA, adminB],
    });
    expect(fromB.code).toBeUndefined();
    expect(names(fromB)).toEqual(['Renamed Administrator']);
    const fromA = await call<{ staffMembers: StaffNode[] }>(tokens.complianceOfficer, staffMembers, {
      subjects: [adminA, adminB],
    });
    expect(names(fromA)).toEqual(['Bank Admin']);
    // Addressing the other bank with one's own token is refused at the edge.
    const addressed = await call(officerB, staffMembers, { subjects: [adminA] }, demoBank.slug);
    expect(addressed.status).toBe(403);
    expect(addressed.code).toBe('FORBIDDEN');
  });

  it('customers, operators and anonymous callers are refused', async () => {
    const subjects = [subjectOf(tokens.bankAdmin)];
    expect((await call(tokens.customer, staffMembers, { subjects })).code).toBe('FORBIDDEN');
    expect((await call(tokens.operator, staffMembers, { subjects })).code).toBe('FORBIDDEN');
    expect((await call(undefined, staffMembers, { subjects }, demoBank.slug)).code).toBe('UNAUTHENTICATED');
    // The customer's refusal is on the bank's trail, like every denied attempt.
    const denied = (await auditRows(api.database.ownerUrl, bankA.id)).filter(
      (row) => row.outcome === 'denied' && row.resource_id === "read the bank's staff directory",
    );
    expect(denied.map((row) => row.actor_subject)).toContain(DEMO_CUSTOMER_SUBJECT);
  });

  it('bad input (no subject, 101 subjects, an over-long or empty subject) is INVALID and writes nothing', async () => {
    const before = await staffRows(bankA);
    const invalid = async (subjects: string[], field: string) => {
      const result = await call(tokens.complianceOfficer, staffMembers, { subjects });
      expect(result.code, JSON.stringify(subjects).slice(0, 40)).toBe('INVALID');
      expect(result.errors![0]!.extensions).toMatchObject({ fields: [{ field }] });
    };
    await invalid([], 'subjects');
    await invalid(
      Array.from({ length: 101 }, (_, index) => `subject-${index}`),
      'subjects',
    );
    await invalid(['x'.repeat(256)], 'subjects[0]');
    await invalid([subjectOf(tokens.bankAdmin), ''], 'subjects[1]');
    expect(await staffRows(bankA)).toEqual(before);
    // 100 is still fine.
    const hundred = Array.from({ length: 100 }, (_, index) => `subject-${index}`);
    expect((await call(tokens.complianceOfficer, staffMembers, { subjects: hundred })).code).toBeUndefined();
  });

  it('a bank administrator with a second factor forgets a colleague: gone at once, audited without the name, recorded again when they come back', async () => {
    const officer = subjectOf(tokens.complianceOfficer);
    expect((await call(tokens.complianceOfficer, '{ me { subject } }')).code).toBeUndefined();
    const [before] = (await staffRows(bankA)).filter((row) => row.subject === officer);
    expect(before).toBeDefined();

    const forgotten = await call<{ forgetStaffMember: string }>(tokens.bankAdmin, forgetStaffMember, {
      subject: officer,
    });
    expect(forgotten.code).toBeUndefined();
    expect(forgotten.data!.forgetStaffMember).toBe(officer);
    expect((await staffRows(bankA)).map((row) => row.subject)).not.toContain(officer);
    // The portal asks for the name and gets nothing: it shows the short subject.
    const read = await call<{ staffMembers: StaffNode[] }>(tokens.bankAdmin, staffMembers, {
      subjects: [officer],
    });
    expect(read.data!.staffMembers).toEqual([]);

    // On the bank's trail: who forgot whom (subjects) and the roles they had, never their names.
    const entries = (await auditRows(api.database.ownerUrl, bankA.id)).filter(
      (row) => row.action === 'staff-directory.forget',
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor_subject: subjectOf(tokens.bankAdmin),
      resource_id: officer,
      outcome: 'allowed',
      changes: { roles: ['compliance-officer'] },
    });
    expect(JSON.stringify(entries[0])).not.toMatch(/Compliance Officer|compliance\.officer/);

    // The directory mirrors who uses the API: their next request records them again (a new first sighting).
    expect((await call(tokens.complianceOfficer, '{ me { subject } }')).code).toBeUndefined();
    const [again] = (await staffRows(bankA)).filter((row) => row.subject === officer);
    expect(again).toMatchObject({ roles: ['compliance-officer'] });
    expect(again!.first_seen_at.getTime()).toBeGreaterThan(before!.first_seen_at.getTime());
  });

  it('only bank administrators with a recent second factor forget: officer and customer FORBIDDEN, password-only STEP_UP_REQUIRED; nothing removed', async () => {
    const admin = subjectOf(tokens.bankAdmin);
    const before = await staffRows(bankA);
    expect(before.map((row) => row.subject)).toContain(admin);
    for (const token of [tokens.complianceOfficer, tokens.customer]) {
      expect((await call(token, forgetStaffMember, { subject: admin })).code).toBe('FORBIDDEN');
    }
    expect((await call(tokens.operator, forgetStaffMember, { subject: admin }, demoBank.slug)).code).toBe(
      'FORBIDDEN',
    );
    expect(await staffRows(bankA)).toEqual(before);

    // A bank administrator signed in without their one-time code is asked for it, and nothing changes.
    const officerToken = await passwordOnly.complianceOfficerToken();
    expect((await call(officerToken, '{ me { subject } }')).code).toBeUndefined();
    const colleagues = await staffRows(passwordOnlyBank);
    expect(colleagues.map((row) => row.subject)).toContain(subjectOf(officerToken));
    const refused = await call(await passwordOnly.bankAdminToken(), forgetStaffMember, {
      subject: subjectOf(officerToken),
    });
    expect(refused.code).toBe('STEP_UP_REQUIRED');
    expect(
      (await staffRows(passwordOnlyBank)).filter((row) => row.subject === subjectOf(officerToken)),
    ).toEqual(colleagues.filter((row) => row.subject === subjectOf(officerToken)));
    const denied = (await auditRows(api.database.ownerUrl, passwordOnlyBank.id)).filter(
      (row) => row.outcome === 'denied' && row.resource_id === 'forget a staff member',
    );
    expect(denied.map((row) => row.changes.code)).toEqual(['STEP_UP_REQUIRED']);
  });

  it("another bank's staff member and an unknown subject are the same NOT_FOUND; a malformed subject is INVALID; nothing removed", async () => {
    const adminB = subjectOf(await realm.bankAdminToken());
    const rowsA = await staffRows(bankA);
    const rowsB = await staffRows(bankB);
    expect(rowsB.map((row) => row.subject)).toContain(adminB);
    const foreign = await call(tokens.bankAdmin, forgetStaffMember, { subject: adminB });
    const nobody = await call(tokens.bankAdmin, forgetStaffMember, { subject: 'no-such-subject' });
    expect(foreign.code).toBe('NOT_FOUND');
    expect(foreign.errors![0]!.message).toBe(nobody.errors![0]!.message);
    expect(nobody.code).toBe('NOT_FOUND');
    for (const [subject, field] of [
      ['', 'subject'],
      ['x'.repeat(256), 'subject'],
    ] as const) {
      const result = await call(tokens.bankAdmin, forgetStaffMember, { subject });
      expect(result.code).toBe('INVALID');
      expect(result.errors![0]!.extensions).toMatchObject({ fields: [{ field }] });
    }
    // Addressing the other bank with one's own token is refused at the edge.
    const addressed = await call(tokens.bankAdmin, forgetStaffMember, { subject: adminB }, bankB.slug);
    expect(addressed.status).toBe(403);
    expect(await staffRows(bankA)).toEqual(rowsA);
    expect(await staffRows(bankB)).toEqual(rowsB);
  });

  it("a bank administrator lists their bank's whole directory by name, audited with a count; nobody else may", async () => {
    const listed = await call<{ staffDirectory: StaffNode[] }>(
      tokens.bankAdmin,
      '{ staffDirectory { subject displayName username roles lastSeenAt } }',
    );
    expect(listed.code).toBeUndefined();
    const members = listed.data!.staffDirectory;
    // Exactly the bank's rows (another bank's administrator is never among them), by display name.
    expect(members.map((member) => member.subject).sort()).toEqual(
      (await staffRows(bankA)).map((row) => row.subject).sort(),
    );
    expect(members.map((member) => member.subject)).not.toContain(subjectOf(await realm.bankAdminToken()));
    expect(members.map((member) => member.displayName)).toEqual(['Bank Admin', 'Compliance Officer']);
    const [entry] = (await auditRows(api.database.ownerUrl, bankA.id)).filter(
      (row) => row.action === 'staff-directory.list',
    );
    expect(entry).toMatchObject({ actor_subject: subjectOf(tokens.bankAdmin), changes: { returned: 2 } });
    for (const token of [tokens.complianceOfficer, tokens.customer]) {
      expect((await call(token, '{ staffDirectory { subject } }')).code).toBe('FORBIDDEN');
    }
  });
});
