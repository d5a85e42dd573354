// GraphQL documents used by the portal (the API's code-first schema is the source of truth).

export const CUSTOMERS_PAGE = /* GraphQL */ `
  query CustomersPage($first: Int!, $after: String) {
    customers(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          displayName
          email
          createdAt
        }
      }
    }
  }
`;

/** Only what is needed to move to the next page while walking cursors. */
export const CUSTOMERS_CURSORS = /* GraphQL */ `
  query CustomersCursors($first: Int!, $after: String) {
    customers(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

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

export const TENANTS_PAGE = /* GraphQL */ `
  query TenantsPage($first: Int!, $after: String, $status: TenantStatus) {
    tenants(first: $first, after: $after, status: $status) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...TenantFields
        }
      }
    }
  }
  ${TENANT_FIELDS}
`;

export const TENANTS_CURSORS = /* GraphQL */ `
  query TenantsCursors($first: Int!, $after: String, $status: TenantStatus) {
    tenants(first: $first, after: $after, status: $status) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

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
