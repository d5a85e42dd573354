// GraphQL documents of the compliance officer's audit trail page (the API's code-first schema in
// platform/src/audit is the source of truth): the bank's trail in cursor pages with its filters, the chain's
// verification and the export (step-up). Every one of these reads is itself recorded in the trail.

/** The API's `AuditOutcome` filter values (an entry's `outcome` is the same word in lower case). */
export type AuditOutcomeFilter = 'ALLOWED' | 'DENIED' | 'FAILED';
export type AuditExportFormat = 'CSV' | 'JSON';

/** Who did it: a token's subject and roles, or `system` for the platform's own work. */
export interface AuditActorNode {
  subject: string;
  realm: string | null;
  roles: string[];
  client: string | null;
}

export interface AuditEntryNode {
  id: string;
  seq: number;
  occurredAt: string;
  actor: AuditActorNode;
  action: string;
  resourceType: string;
  resourceId: string | null;
  /** JSON object text: the changed fields (personal values redacted), or facts about a read. */
  changes: string;
  ip: string | null;
  requestId: string;
  /** `allowed`, `denied` or `failed`. */
  outcome: string;
  prevHash: string;
  hash: string;
}

/** A page of the trail, in the order asked for. */
export interface AuditTrailPage {
  entries: AuditEntryNode[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** What `auditTrail` can be narrowed to (each one given must hold); dates are ISO date-times. */
export interface AuditTrailFilters {
  from?: string;
  to?: string;
  /** Exact, or a prefix ending in `.` (`consent.`). */
  action?: string;
  outcome?: AuditOutcomeFilter;
  resourceType?: string;
  resourceId?: string;
  actorSubject?: string;
}

export interface AuditVerificationNode {
  intact: boolean;
  checked: number;
  headSeq: number | null;
  headHash: string | null;
  firstBroken: { seq: number; problem: string; detail: string } | null;
}

export const AUDIT_TRAIL = /* GraphQL */ `
  query AuditTrail(
    $first: Int
    $after: String
    $from: DateTime
    $to: DateTime
    $action: String
    $outcome: AuditOutcome
    $resourceType: String
    $resourceId: String
    $actorSubject: String
  ) {
    auditTrail(
      first: $first
      after: $after
      order: NEWEST_FIRST
      from: $from
      to: $to
      action: $action
      outcome: $outcome
      resourceType: $resourceType
      resourceId: $resourceId
      actorSubject: $actorSubject
    ) {
      edges {
        node {
          id
          seq
          occurredAt
          actor {
            subject
            realm
            roles
            client
          }
          action
          resourceType
          resourceId
          changes
          ip
          requestId
          outcome
          prevHash
          hash
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const VERIFY_AUDIT_TRAIL = /* GraphQL */ `
  query VerifyAuditTrail {
    verifyAuditTrail {
      intact
      checked
      headSeq
      headHash
      firstBroken {
        seq
        problem
        detail
      }
    }
  }
`;

export const EXPORT_AUDIT_TRAIL = /* GraphQL */ `
  query ExportAuditTrail($from: DateTime!, $to: DateTime!, $format: AuditExportFormat) {
    exportAuditTrail(from: $from, to: $to, format: $format)
  }
`;
