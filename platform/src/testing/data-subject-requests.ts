import type { INestApplicationContext } from '@nestjs/common';
import { strFromU8, unzipSync } from 'fflate';
import { EntityManager } from '@mikro-orm/postgresql';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  DataSubjectRequest,
  DataSubjectRightsService,
  type ErasureCertificate,
  erasureWorkflowId,
  exportWorkflowId,
} from '../data-subject-rights';
import { runAsTenant, type TenantRef } from '../request-context';

/**
 * Test-only: records a data-subject request of `customerId` as `createRequest` records it, for a customer
 * without a login (who cannot call it: a demo or bank-imported customer). Returns the request id.
 */
export function recordRequestWithoutLogin(
  app: INestApplicationContext,
  tenant: TenantRef,
  kind: 'export' | 'erasure',
  customerId: string,
): Promise<string> {
  return runAsTenant(tenant, () =>
    app.get(EntityManager).transactional(async (em) => {
      const id = randomUUID();
      em.create(DataSubjectRequest, {
        id,
        tenantId: tenant.id,
        customerId,
        kind,
        status: 'requested',
        workflowId: kind === 'export' ? exportWorkflowId(id) : erasureWorkflowId(id),
        requestedAt: new Date(),
        downloadTokenHash:
          kind === 'export' ? createHash('sha256').update(randomBytes(32)).digest('hex') : null,
      });
      await em.flush();
      return id;
    }),
  );
}

/**
 * Test-only: the erasure workflow's steps for a customer without a login, in the order its activities
 * call them (the login step records `no-login`), through the real `DataSubjectRightsService`. Each step is
 * idempotent, so running it again after a failure finishes the erasure.
 */
export async function eraseWithoutLogin(
  app: INestApplicationContext,
  tenant: TenantRef,
  requestId: string,
): Promise<ErasureCertificate> {
  const rights = app.get(DataSubjectRightsService);
  const step = { requestId };
  const asTenant = <T>(work: () => Promise<T>) => runAsTenant(tenant, work);
  await asTenant(() => rights.startRequest(step));
  await asTenant(() => rights.recordIdentityRemoved(step, 'no-login'));
  // Their live consents are revoked (reason erased) and the connections under them stopped.
  await asTenant(() => rights.endConsents(step));
  await asTenant(() => rights.eraseRows(step));
  await asTenant(() => rights.shredKey(step));
  return asTenant(() => rights.completeErasure(step));
}

/** Test-only: the files of a downloaded export archive (ZIP), by name, as text. */
export function exportArchiveFiles(archive: Uint8Array): Record<string, string> {
  return Object.fromEntries(
    Object.entries(unzipSync(archive)).map(([name, content]) => [name, strFromU8(content)]),
  );
}
