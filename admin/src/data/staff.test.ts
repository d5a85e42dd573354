import { describe, expect, it, vi } from 'vitest';
import { batchedStaffMember } from './staff.ts';
import type { StaffMemberNode } from './staff-queries.ts';

const node = (subject: string): StaffMemberNode => ({
  subject,
  displayName: `Name of ${subject}`,
  username: subject,
  roles: ['bank-admin'],
  lastSeenAt: '2026-11-27T07:00:00.000Z',
});

/** A scheduler the test runs by hand: what was asked before `run()` is one batch. */
function manualSchedule() {
  const queued: (() => void)[] = [];
  return {
    schedule: (run: () => void) => queued.push(run),
    run: () => queued.splice(0).forEach((run) => run()),
  };
}

describe('batchedStaffMember', () => {
  it('asks once for every subject of one render (duplicates once), answering each its own member or null', async () => {
    const staffMembers = vi.fn(async (subjects: readonly string[]) =>
      subjects.filter((subject) => subject !== 'unknown').map(node),
    );
    const tick = manualSchedule();
    const load = batchedStaffMember(staffMembers, tick.schedule);
    const answers = Promise.all(['a', 'b', 'a', 'unknown'].map(load));
    tick.run();
    expect(await answers).toEqual([node('a'), node('b'), node('a'), null]);
    expect(staffMembers).toHaveBeenCalledTimes(1);
    expect(staffMembers).toHaveBeenCalledWith(['a', 'b', 'unknown']);
  });

  it('splits more than 100 subjects into calls of at most 100 (the API refuses more)', async () => {
    const staffMembers = vi.fn(async (subjects: readonly string[]) => subjects.map(node));
    const tick = manualSchedule();
    const load = batchedStaffMember(staffMembers, tick.schedule);
    const answers = Promise.all(Array.from({ length: 150 }, (_, index) => load(`s${index}`)));
    tick.run();
    expect((await answers).map((member) => member?.subject)).toEqual(
      Array.from({ length: 150 }, (_, index) => `s${index}`),
    );
    expect(staffMembers.mock.calls.map(([subjects]) => subjects.length)).toEqual([100, 50]);
  });

  it('a later render is a batch of its own; a failed call fails only its own subjects', async () => {
    const staffMembers = vi
      .fn<(subjects: readonly string[]) => Promise<StaffMemberNode[]>>()
      .mockRejectedValueOnce(new Error('unavailable'))
      .mockImplementation(async (subjects) => subjects.map(node));
    const tick = manualSchedule();
    const load = batchedStaffMember(staffMembers, tick.schedule);
    const first = load('a');
    tick.run();
    await expect(first).rejects.toThrow('unavailable');
    const second = load('a');
    tick.run();
    expect(await second).toEqual(node('a'));
    expect(staffMembers).toHaveBeenCalledTimes(2);
  });
});
