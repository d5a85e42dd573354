// Rows a sync needs — a customer, their aggregation consent and a connection holding an encrypted grant —
// written through the platform's own services and the application role (row-level security on), for
// the sync and ingestion tests. The connections capability creates these for real; the tests only need
// them to exist.
import { createHash, randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { ConnectionGrant } from '@finpersona/plugin-sdk';
import { SYNC_REQUESTED_SIGNAL, type SyncRequest, syncWorkflowId } from '../accounts';
import { FieldEncryptionService } from '../crypto';
import { CustomersService } from '../customers';
import { runAsTenant, type TenantRef } from '../request-context';
import { type Tenant, TenancyService, type TenantInput, tenantRef } from '../tenancy';
import { installRegionRulePack } from './rule-packs';

interface Services {
  get<T>(type: abstract new (...args: never[]) => T): T;
}

export interface SyncFixtureConnection {
  tenantId: string;
  tenant: Tenant;
  customerId: string;
  consentId: string;
  connectionId: string;
}

/** A bank for sync tests (region decides the unattended cap and the schedule's interval). */
export function syncTestBank(slug: string, region: TenantInput['region'] = 'EU'): TenantInput {
  return {
    slug,
    name: slug,
    region,
    realm: slug,
    branding: { displayName: slug, primaryColor: '#123456', accentColor: '#654321', logoUrl: null },
  };
}

/**
 * Creates (or reuses) bank `bank`, active, and adds one customer with a granted aggregation consent and an
 * active connection to `connector` whose grant is `grant` (encrypted under the customer's key).
 */
export async function createSyncConnection(
  platform: Services,
  bank: TenantInput,
  options: { connector: string; grant?: ConnectionGrant; email?: string },
): Promise<SyncFixtureConnection> {
  const tenancy = platform.get(TenancyService);
  await tenancy.upsertTenant(bank, { initialStatus: 'ACTIVE' });
  const tenant = (await tenancy.findBySlug(bank.slug))!;
  await installRegionRulePack(platform, tenantRef(tenant), tenant.region);
  const email = options.email ?? `customer-${randomUUID()}@${bank.slug}.example`;
  await platform.get(CustomersService).upsertDemoCustomers(bank.slug, [{ displayName: 'Ana Novak', email }]);
  const customer = await runAsTenant(tenantRef(tenant), async () =>
    platform.get(CustomersService).findByEmail(email),
  );
  const consentId = randomUUID();
  // Like a granted EU aggregation consent: with expiry and renewal dates (the dates are read back as
  // strings by raw SQL, which the liveness check must cope with).
  await runAsTenant(tenantRef(tenant), () =>
    platform.get(EntityManager).transactional((tx) =>
      tx.execute(
        `insert into consent (id, tenant_id, customer_id, purpose, scope, text_version, text_hash, status, channel,
                              proof, granted_at, expires_at, renewal_due_at)
         values (?, ?, ?, 'aggregation', '{}'::jsonb, 'v1', ?, 'granted', 'customer-app', '{}'::jsonb, now(),
                 now() + interval '180 days', now() + interval '180 days')`,
        [consentId, tenant.id, customer!.id, createHash('sha256').update('consent text v1').digest('hex')],
      ),
    ),
  );
  return addSyncConnection(platform, tenant, {
    customerId: customer!.id,
    consentId,
    connector: options.connector,
    ...(options.grant ? { grant: options.grant } : {}),
  });
}

/**
 * Adds an active connection to `connector` under an existing consent of the customer (granted through the
 * consents service, say), its grant `grant` encrypted under the customer's key.
 */
export async function addSyncConnection(
  platform: Services,
  bank: TenantRef,
  options: { customerId: string; consentId: string; connector: string; grant?: ConnectionGrant },
): Promise<SyncFixtureConnection> {
  const tenant = await platform.get(TenancyService).getById(bank.id);
  const { customerId, consentId } = options;
  const connectionId = randomUUID();
  await runAsTenant(tenantRef(tenant), () =>
    platform.get(EntityManager).transactional(async (tx) => {
      const [grantEnc] = await platform.get(FieldEncryptionService).encryptForCustomer(customerId, [
        {
          address: { table: 'connection', column: 'grant_enc', rowId: connectionId },
          plaintext: JSON.stringify(options.grant ?? { credentials: { fixture: true } }),
        },
      ]);
      await tx.execute(
        `insert into connection (id, tenant_id, customer_id, consent_id, connector, status, grant_enc)
         values (?, ?, ?, ?, ?, 'active', ?)`,
        [connectionId, tenant.id, customerId, consentId, options.connector, grantEnc],
      );
    }),
  );
  return { tenantId: tenant.id, tenant, customerId, consentId, connectionId };
}

/** Revokes the consent as the consents capability will (status and time), in a transaction of its own. */
export async function revokeConsent(platform: Services, fixture: SyncFixtureConnection): Promise<void> {
  await runAsTenant(tenantRef(fixture.tenant), () =>
    platform
      .get(EntityManager)
      .transactional((tx) =>
        tx.execute(`update consent set status = 'revoked', revoked_at = now() where id = ?`, [
          fixture.consentId,
        ]),
      ),
  );
}

/**
 * The triggers of the `syncRequested` signals (one per sync request: `SyncStarter`'s signal-with-start) the
 * connection's workflow `sync-<connectionId>` received, in order — its latest run when it continued as new.
 */
export async function syncRequestsReceived(client: Client, connectionId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(syncWorkflowId(connectionId)).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const signalled = event.workflowExecutionSignaledEventAttributes;
    if (signalled?.signalName !== SYNC_REQUESTED_SIGNAL) return [];
    const [payload] = signalled.input?.payloads ?? [];
    const request = JSON.parse(Buffer.from(payload!.data!).toString()) as SyncRequest;
    return [request.trigger];
  });
}
