import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { createRequestContext, type TenantRef } from '../request-context';
import { StaffDirectoryService } from '../staff-directory';

/** A bank's staff members the directory knows, for `staffMembers(subjects)` in the generated suites. */
export interface StaffWorld {
  /** Their subjects (the first is what generated calls name). */
  subjects: string[];
  /** Their display names and usernames: evidence if they show up in another bank's answers. */
  names: string[];
}

/**
 * Records one bank administrator of `tenant` in its staff directory, as a request of theirs would
 * (`StaffDirectoryService.recordSeen` with a principal of the bank's realm): display name and username name
 * the `label`, so they are evidence if another bank's caller ever reads them.
 */
export async function prepareStaffWorld(
  app: INestApplicationContext,
  tenant: TenantRef,
  label: string,
): Promise<StaffWorld> {
  const subject = randomUUID();
  const displayName = `${label} Staff Member`;
  const username = `${label.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.staff`;
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
  return { subjects: [subject], names: [displayName, username] };
}
