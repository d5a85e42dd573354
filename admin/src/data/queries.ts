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

export interface CustomersPageResult {
  customers: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: CustomerNode }[];
  };
}

export interface CustomersCursorsResult {
  customers: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
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
