// Staff-directory retention against the real PostgreSQL: `StaffDirectoryRetention` removes the staff members
// not seen for STAFF_DIRECTORY_RETENTION_DAYS, bank by bank, keeps everyone seen since, and records one
// `staff-directory.prune` entry per bank with counts only (no subject, no name).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { auditRows } from '../testing/audit-rows';
import { withClient } from '../testing/deploy';
import { demoBank, otherBank } from '../testing/seed';
import { prepareStaffWorld, type StaffWorld } from '../testing/staff-fixtures';
import { rowsAsTenant } from '../testing/tenant-rows';
import { StaffDirectoryRetention } from './staff-directory-retention';
import { StaffDirectoryService } from './staff-directory.service';

// Not the default (400): the test shows the variable is what decides.
const retentionDays = 60;

describe('staff directory retention', () => {
  let api: ApiFixture;
  let bankA: TenantRef;
  let bankB: TenantRef;
  let staffA: StaffWorld;
  let staffB: StaffWorld;

  /** Sets when the API last saw `subject` (committed, as the owner with the bank set: RLS is forced). */
  const lastSeen = (bank: TenantRef, subject: string, daysAgo: number) =>
    withClient(api.database.ownerUrl, async (client) => {
      await client.query('begin');
      await client.query(`select set_config('app.tenant_id', $1, true)`, [bank.id]);
      await client.query(
        `update staff_member set last_seen_at = now() - make_interval(days => $2) where subject = $1`,
        [subject, daysAgo],
      );
      await client.query('commit');
    });

  const subjectsOf = async (bank: TenantRef) =>
    (
      await rowsAsTenant<{ subject: string }>(
        api.database.ownerUrl,
        bank.id,
        'select subject from staff_member order by subject',
      )
    ).map((row) => row.subject);

  const prunes = async (bank: TenantRef) =>
    (await auditRows(api.database.ownerUrl, bank.id)).filter((row) => row.action === 'staff-directory.prune');

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { STAFF_DIRECTORY_RETENTION_DAYS: String(retentionDays) } });
    const tenancy = api.running.app.get(TenancyService);
    bankA = tenantRef(await tenancy.upsertTenant(demoBank));
    bankB = tenantRef(await tenancy.upsertTenant(otherBank));
    staffA = await prepareStaffWorld(api.running.app, bankA, 'Retention A');
    staffB = await prepareStaffWorld(api.running.app, bankB, 'Retention B');
  });

  afterAll(async () => {
    await api?.close();
  });

  it('removes only staff not seen within the retention, bank by bank, audited with counts only', async () => {
    const retention = api.running.app.get(StaffDirectoryRetention);
    const [keptA] = staffA.subjects;
    const goneA = staffA.forgettableSubject;
    const [keptB] = staffB.subjects;
    const goneB = staffB.forgettableSubject;
    // Just inside the retention stays; past it goes. Same in the other bank.
    await lastSeen(bankA, keptA!, retentionDays - 1);
    await lastSeen(bankA, goneA, retentionDays + 1);
    await lastSeen(bankB, keptB!, retentionDays - 1);
    await lastSeen(bankB, goneB, retentionDays + 30);

    expect(await retention.pruneBank(bankA)).toBe(1);
    expect(await subjectsOf(bankA)).toEqual([keptA]);
    // The other bank's round has not run: its old staff member is still there.
    expect((await subjectsOf(bankB)).sort()).toEqual([keptB, goneB].sort());

    const [entry, ...more] = await prunes(bankA);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actor_subject: 'system', outcome: 'allowed', resource_id: null });
    expect(entry!.changes).toEqual({
      removed: 1,
      retentionDays,
      notSeenSince: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // Counts only: neither the subject nor a name is on the trail.
    const written = JSON.stringify(entry);
    for (const marker of [goneA, ...staffA.names]) expect(written).not.toContain(marker);

    // The portal asks for the name and gets nothing: it shows the short subject.
    const found = await runAsTenant(bankA, () =>
      api.running.app.get(StaffDirectoryService).find([keptA!, goneA]),
    );
    expect(found.map((member) => member.subject)).toEqual([keptA]);

    // Nothing more to remove: no second entry.
    expect(await retention.pruneBank(bankA)).toBe(0);
    expect(await prunes(bankA)).toHaveLength(1);

    // A round over every bank removes the other bank's old staff member and records it on that bank's trail.
    expect(Object.fromEntries(await retention.pruneAll())).toEqual({ [bankB.id]: 1 });
    expect(await subjectsOf(bankB)).toEqual([keptB]);
    expect((await prunes(bankB)).map((row) => row.changes.removed)).toEqual([1]);
    expect(await prunes(bankA)).toHaveLength(1);
  });
});
