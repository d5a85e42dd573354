import { withClient } from './deploy';

export interface AuditRow {
  seq: string;
  action: string;
  outcome: string;
  resource_id: string | null;
  actor_subject: string;
  actor_realm: string | null;
  actor_client: string | null;
  request_id: string;
  ip: string | null;
  changes: Record<string, unknown>;
}

/**
 * The entries of a chain (a tenant's, or the platform's when `tenantId` is null) as the table owner sees
 * them, with the tenant set the way the platform sets it, oldest first.
 */
export function auditRows(ownerUrl: string, tenantId: string | null): Promise<AuditRow[]> {
  return withClient(ownerUrl, async (client) => {
    await client.query('begin');
    try {
      if (tenantId) await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
      const result = await client.query<AuditRow>(
        `select seq, action, outcome, resource_id, actor_subject, actor_realm, actor_client, request_id, ip, changes
           from audit_entry where chain = coalesce($1::text, 'platform') order by seq`,
        [tenantId],
      );
      return result.rows;
    } finally {
      await client.query('rollback');
    }
  });
}
