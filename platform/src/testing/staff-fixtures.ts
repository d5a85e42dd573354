import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { createRequestContext, type TenantRef } from '../request-context';
import { StaffDirectoryService } from '../staff-directory';

/** A bank's staff members the directory knows, for the staff-directory operations in the generated suites. */
export interface StaffWorld {
  /** Subjects `staffMembers` reads (the first is what generated calls name). */
  subjects: string[];
  /** A staff member of their own whom `forgetStaffMember` removes (so the others stay readable). */
  forgettableSubject: string;
  /** Their display names and usernames: evidence if they show up in another bank's answers. */
  names: string[];
}

/**
 * Records two bank administrators of `tenant` in its staff directory, as requests of theirs would
 * (`StaffDirectoryService.recordSeen` with a principal of the bank's realm): display names and usernames
 * name the `label`, so they are evidence if another bank's caller ever reads them.
 */
export async function prepareStaffWorld(
  app: INestApplicationContext,
  tenant: TenantRef,
  label: string,
): Promise<StaffWorld> {
  const record = async (role: string) => {
    const subject = randomUUID();
    const displayName = `${label} ${role}`;
    const username = `${label.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${role.toLowerCase().replace(/ /g, '.')}`;
    const context = createRequestContext({});
    context.tenant = tenant;
    context.principal = {
      kind: 'bank',
      subject,
      realm: tenant.realm,
      username,
      displayName,
      roles: ['bank-admin'],
    };
    await app.get(StaffDirectoryService).recordSeen(context);
    return { subject, names: [displayName, username] };
  };
  const kept = await record('Staff Member');
  const forgettable = await record('Former Staff');
  return {
    subjects: [kept.subject],
    forgettableSubject: forgettable.subject,
    names: [...kept.names, ...forgettable.names],
  };
}
