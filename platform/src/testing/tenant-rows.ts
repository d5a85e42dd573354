import type { TenancyService } from '../tenancy';
import { type connectClient, withClient } from './deploy';

/**
 * Runs `sql` as the database owner with `app.tenant_id` set the way the platform sets it (owner tables
 * force row-level security, so the owner sees exactly that tenant's rows), in a transaction rolled back
 * afterwards. For tests that look at a tenant's rows from outside the API.
 */
export function rowsAsTenant<Row>(
  ownerUrl: string,
  tenantId: string,
  sql: string,
  values: unknown[] = [],
): Promise<Row[]> {
  return withClient(ownerUrl, (client) => rowsAsTenantOn<Row>(client, tenantId, { text: sql, values }));
}

/**
 * `rowsAsTenant` on a connection the caller keeps (an owner's, from `connectClient`), for suites that look
 * thousands of times; a `name`d query is prepared once on that connection.
 */
export async function rowsAsTenantOn<Row>(
  client: Awaited<ReturnType<typeof connectClient>>,
  tenantId: string,
  query: { text: string; values?: unknown[]; name?: string },
): Promise<Row[]> {
  await client.query('begin');
  try {
    await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    return (await client.query(query)).rows as Row[];
  } finally {
    await client.query('rollback');
  }
}

/**
 * Puts a bank back live when a generated operator call (`suspendTenant`) switched it off, so the calls that
 * follow in a generated suite meet the state they expect.
 */
export async function keepTenantLive(
  tenancy: Pick<TenancyService, 'getById' | 'reactivate'>,
  tenantId: string,
): Promise<void> {
  if ((await tenancy.getById(tenantId)).status === 'SUSPENDED') await tenancy.reactivate(tenantId);
}
