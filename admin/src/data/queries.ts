// GraphQL documents used by the portal (the API's code-first schema is the source of truth).

const PAGE_INFO = `totalCount pageInfo { hasNextPage endCursor }`;

/**
 * A Relay connection's two documents: `page` (rows and, in `extra`, what else the answer carries) and
 * `cursors` (only what is needed to move to the next page while walking cursors). `call` is the root field
 * with its arguments, `args` their declarations.
 */
export function connectionDocuments(connection: {
  operation: string;
  args: string;
  call: string;
  node: string;
  extra?: string;
  fragments?: string;
}): { page: string; cursors: string } {
  const { operation, args, call, node, extra = '', fragments = '' } = connection;
  return {
    page: /* GraphQL */ `
      query ${operation}Page(${args}) {
        ${call} { ${extra} ${PAGE_INFO} edges { cursor node { ${node} } } }
      }
      ${fragments}
    `,
    cursors: /* GraphQL */ `
      query ${operation}Cursors(${args}) {
        ${call} { ${PAGE_INFO} }
      }
    `,
  };
}

const customersConnection = connectionDocuments({
  operation: 'Customers',
  args: '$first: Int!, $after: String',
  call: 'customers(first: $first, after: $after)',
  node: 'id displayName email createdAt',
});
export const CUSTOMERS_PAGE = customersConnection.page;
export const CUSTOMERS_CURSORS = customersConnection.cursors;

export const ME = /* GraphQL */ `
  query Me {
    me {
      subject
      username
      displayName
      realm
      roles
      tenant {
        id
        slug
        name
        branding {
          displayName
          logoUrl
          primaryColor
        }
      }
    }
  }
`;

export const TENANT_BRANDING = /* GraphQL */ `
  query TenantBranding($slug: String!) {
    tenantBranding(slug: $slug) {
      slug
      realm
      issuer
      branding {
        displayName
        primaryColor
        accentColor
        logoUrl
      }
    }
  }
`;

export interface CustomerNode {
  id: string;
  displayName: string;
  email: string | null;
  createdAt: string;
}

export interface Me {
  subject: string;
  username: string | null;
  displayName: string | null;
  realm: string;
  roles: string[];
  tenant: {
    id: string;
    slug: string;
    name: string;
    branding: { displayName: string; logoUrl: string | null; primaryColor: string };
  } | null;
}

export interface TenantBranding {
  slug: string;
  realm: string;
  issuer: string;
  branding: { displayName: string; primaryColor: string; accentColor: string; logoUrl: string | null };
}

const TENANT_FIELDS = /* GraphQL */ `
  fragment TenantFields on Tenant {
    id
    slug
    name
    region
    realm
    status
    suspensionReason
    suspendedAt
    createdAt
    updatedAt
    branding {
      displayName
      primaryColor
      accentColor
      logoUrl
    }
    appOrigins {
      admin
      customer
    }
  }
`;

const tenantsConnection = connectionDocuments({
  operation: 'Tenants',
  args: '$first: Int!, $after: String, $status: TenantStatus',
  call: 'tenants(first: $first, after: $after, status: $status)',
  node: '...TenantFields',
  fragments: TENANT_FIELDS,
});
export const TENANTS_PAGE = tenantsConnection.page;
export const TENANTS_CURSORS = tenantsConnection.cursors;

export const TENANT = /* GraphQL */ `
  query Tenant($id: ID!) {
    tenant(id: $id) {
      ...TenantFields
    }
  }
  ${TENANT_FIELDS}
`;

export const UPDATE_TENANT_BRANDING = /* GraphQL */ `
  mutation UpdateTenantBranding($id: ID!, $branding: BrandingInput!) {
    updateTenantBranding(id: $id, branding: $branding) {
      ...TenantFields
    }
  }
  ${TENANT_FIELDS}
`;

export const SUSPEND_TENANT = /* GraphQL */ `
  mutation SuspendTenant($id: ID!, $reason: String!) {
    suspendTenant(id: $id, reason: $reason) {
      ...TenantFields
    }
  }
  ${TENANT_FIELDS}
`;

export const REACTIVATE_TENANT = /* GraphQL */ `
  mutation ReactivateTenant($id: ID!) {
    reactivateTenant(id: $id) {
      ...TenantFields
    }
  }
  ${TENANT_FIELDS}
`;

export type TenantStatus = 'PROVISIONING' | 'ACTIVE' | 'SUSPENDED';

export interface TenantNode {
  id: string;
  slug: string;
  name: string;
  region: string;
  realm: string;
  status: TenantStatus;
  suspensionReason: string | null;
  suspendedAt: string | null;
  createdAt: string;
  updatedAt: string;
  branding: { displayName: string; primaryColor: string; accentColor: string; logoUrl: string | null };
  appOrigins: { admin: string[]; customer: string[] };
}

/** A page of a Relay connection, as the list queries return it (`edges` absent from cursor-only queries). */
export interface ConnectionPage<Node> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges?: { cursor: string; node: Node }[];
}

// ---- Staff: consents and data-subject requests (never personal data: ids, purposes, statuses, dates) ----

export type ConsentPurpose = 'AGGREGATION' | 'PERSONALISATION' | 'MARKETING' | 'ANALYTICS';
export type ConsentStatus = 'GRANTED' | 'REVOKED' | 'EXPIRED';

export interface ConsentSummaryNode {
  id: string;
  customerId: string;
  purpose: ConsentPurpose;
  status: ConsentStatus;
  textVersion: string;
  channel: string;
  grantedAt: string;
  expiresAt: string | null;
  renewalDueAt: string | null;
  renewedAt: string | null;
  revokedAt: string | null;
  expiredAt: string | null;
}

/** What the overview says about the whole bank besides the page: counts and the deadlines coming up. */
export interface ConsentOverviewSummary {
  counts: { purpose: ConsentPurpose; status: ConsentStatus; count: number }[];
  dueSoon: { withinDays: number; renewals: number; expiries: number };
}

const CONSENT_OVERVIEW_ARGS = `$first: Int!, $after: String, $purpose: ConsentPurpose, $status: ConsentStatus, $customerId: ID, $dueSoon: Boolean`;
const CONSENT_OVERVIEW_CALL = `consentOverview(first: $first, after: $after, purpose: $purpose, status: $status, customerId: $customerId, dueSoon: $dueSoon)`;

const consentOverviewConnection = connectionDocuments({
  operation: 'ConsentOverview',
  args: CONSENT_OVERVIEW_ARGS,
  call: CONSENT_OVERVIEW_CALL,
  extra: 'counts { purpose status count } dueSoon { withinDays renewals expiries }',
  node: `id customerId purpose status textVersion channel grantedAt expiresAt renewalDueAt renewedAt revokedAt
    expiredAt`,
});
export const CONSENT_OVERVIEW_PAGE = consentOverviewConnection.page;
export const CONSENT_OVERVIEW_CURSORS = consentOverviewConnection.cursors;

export type DataSubjectRequestKind = 'EXPORT' | 'ERASURE';
export type DataSubjectRequestStatus = 'REQUESTED' | 'RUNNING' | 'COMPLETED' | 'FAILED';
/** How a request the bank's staff recorded reached the bank (the API's `DataSubjectRequestChannel`). */
export type DataSubjectRequestChannel = 'LETTER' | 'BRANCH' | 'PHONE' | 'EMAIL';

export interface DataSubjectRequestNode {
  id: string;
  kind: DataSubjectRequestKind;
  status: DataSubjectRequestStatus;
  customerId: string;
  requestedAt: string;
  /** Recorded by staff: how the request reached the bank; null for the customer's own request in the app. */
  receivedVia: DataSubjectRequestChannel | null;
  recordedByStaff: boolean;
  startedAt: string | null;
  completedAt: string | null;
  progress: { step: string; at: string }[];
  failure: string | null;
  /** Erasure only, once completed: the certificate as JSON (see `ErasureCertificate` in data/certificate.ts). */
  certificate: string | null;
  downloadExpiresAt: string | null;
  fetchedAt: string | null;
}

const DATA_SUBJECT_REQUEST_ARGS = `$first: Int!, $after: String, $kind: DataSubjectRequestKind, $status: DataSubjectRequestStatus`;
const DATA_SUBJECT_REQUEST_CALL = `dataSubjectRequests(first: $first, after: $after, kind: $kind, status: $status)`;

const dataSubjectRequestsConnection = connectionDocuments({
  operation: 'DataSubjectRequests',
  args: DATA_SUBJECT_REQUEST_ARGS,
  call: DATA_SUBJECT_REQUEST_CALL,
  node: `id kind status customerId requestedAt receivedVia recordedByStaff startedAt completedAt progress { step at } failure certificate
    downloadExpiresAt fetchedAt`,
});
export const DATA_SUBJECT_REQUESTS_PAGE = dataSubjectRequestsConnection.page;
export const DATA_SUBJECT_REQUESTS_CURSORS = dataSubjectRequestsConnection.cursors;
