// The staff directory's side of the data provider: names for staff subjects, asked for in batches — every
// subject the components of one render ask for goes into one `staffMembers` call (a screen's rows do not
// each send a request).
import type { GraphqlRequest } from './graphqlClient.ts';
import {
  FORGET_STAFF_MEMBER,
  maxStaffSubjects,
  STAFF_DIRECTORY,
  STAFF_MEMBERS,
  type StaffMemberNode,
} from './staff-queries.ts';

export interface StaffMethods {
  /** The bank's staff members among `subjects` (1 to 100); unknown subjects are left out. */
  staffMembers(subjects: readonly string[]): Promise<StaffMemberNode[]>;
  /**
   * One subject's staff member, or null when the directory does not know them. Subjects asked for in the
   * same tick are looked up together (one call per 100).
   */
  staffMember(subject: string): Promise<StaffMemberNode | null>;
  /** Everyone the bank's directory knows, by name (bank administrators; audited by the API). */
  staffDirectory(): Promise<StaffMemberNode[]>;
  /** Removes a staff member from the bank's directory now (step-up, audited); returns their subject. */
  forgetStaffMember(subject: string): Promise<string>;
}

type Waiter = { resolve: (member: StaffMemberNode | null) => void; reject: (error: unknown) => void };

/**
 * `staffMember` over `staffMembers`: collects the subjects asked for until `schedule` runs the batch (the
 * next macrotask by default, after a render's effects have all asked), then asks for them 100 at a time.
 */
export function batchedStaffMember(
  staffMembers: (subjects: readonly string[]) => Promise<StaffMemberNode[]>,
  schedule: (run: () => void) => void = (run) => setTimeout(run, 0),
): (subject: string) => Promise<StaffMemberNode | null> {
  let pending = new Map<string, Waiter[]>();
  const flush = () => {
    const batch = pending;
    pending = new Map();
    const subjects = [...batch.keys()];
    for (let start = 0; start < subjects.length; start += maxStaffSubjects) {
      const chunk = subjects.slice(start, start + maxStaffSubjects);
      staffMembers(chunk).then(
        (members) => {
          const bySubject = new Map(members.map((member) => [member.subject, member]));
          for (const subject of chunk) {
            for (const waiter of batch.get(subject)!) waiter.resolve(bySubject.get(subject) ?? null);
          }
        },
        (error: unknown) => {
          for (const subject of chunk) for (const waiter of batch.get(subject)!) waiter.reject(error);
        },
      );
    }
  };
  return (subject) =>
    new Promise((resolve, reject) => {
      if (pending.size === 0) schedule(flush);
      const waiters = pending.get(subject) ?? [];
      waiters.push({ resolve, reject });
      pending.set(subject, waiters);
    });
}

export function staffMethods(request: GraphqlRequest): StaffMethods {
  const staffMembers = async (subjects: readonly string[]) =>
    (await request<{ staffMembers: StaffMemberNode[] }>(STAFF_MEMBERS, { subjects })).staffMembers;
  return {
    staffMembers,
    staffMember: batchedStaffMember(staffMembers),
    staffDirectory: async () =>
      (await request<{ staffDirectory: StaffMemberNode[] }>(STAFF_DIRECTORY)).staffDirectory,
    forgetStaffMember: async (subject) =>
      (await request<{ forgetStaffMember: string }>(FORGET_STAFF_MEMBER, { subject })).forgetStaffMember,
  };
}
