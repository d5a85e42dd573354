// The audit trail page's side of the data provider (compliance officers): the bank's trail newest first in
// cursor pages, the chain's verification and the export (which needs the second factor: the API answers
// STEP_UP_REQUIRED and the portal's step-up page takes over).
import type { GraphqlRequest } from './graphqlClient.ts';
import {
  AUDIT_TRAIL,
  type AuditEntryNode,
  type AuditExportFormat,
  type AuditTrailFilters,
  type AuditTrailPage,
  type AuditVerificationNode,
  EXPORT_AUDIT_TRAIL,
  VERIFY_AUDIT_TRAIL,
} from './audit-queries.ts';

export interface AuditMethods {
  /** One page of the trail, newest entry first; `after` is the previous page's end. */
  auditTrail(filters: AuditTrailFilters, first: number, after: string | null): Promise<AuditTrailPage>;
  /** Walks the whole chain: intact, or its first broken link. */
  verifyAuditTrail(): Promise<AuditVerificationNode>;
  /** The entries with occurredAt in [from, to) as CSV or JSON text. */
  exportAuditTrail(from: string, to: string, format: AuditExportFormat): Promise<string>;
}

export function auditMethods(request: GraphqlRequest): AuditMethods {
  return {
    auditTrail: async (filters, first, after) => {
      const { auditTrail } = await request<{
        auditTrail: {
          edges: { node: AuditEntryNode }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      }>(AUDIT_TRAIL, { ...filters, first, after });
      return {
        entries: auditTrail.edges.map((edge) => edge.node),
        hasNextPage: auditTrail.pageInfo.hasNextPage,
        endCursor: auditTrail.pageInfo.endCursor,
      };
    },
    verifyAuditTrail: async () =>
      (await request<{ verifyAuditTrail: AuditVerificationNode }>(VERIFY_AUDIT_TRAIL)).verifyAuditTrail,
    exportAuditTrail: async (from, to, format) =>
      (await request<{ exportAuditTrail: string }>(EXPORT_AUDIT_TRAIL, { from, to, format }))
        .exportAuditTrail,
  };
}
