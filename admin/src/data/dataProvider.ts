// react-admin's DataProvider over the FinPersona GraphQL API. Resources map to connections here;
// nothing outside data/ knows GraphQL.
import type { DataProvider, GetListParams, GetListResult, RaRecord } from 'react-admin';
import { CursorPages } from './cursorPages.ts';
import { ApiError } from './errors.ts';
import { createGraphqlClient, type ApiSession, type GraphqlRequest } from './graphqlClient.ts';
import {
  CUSTOMERS_CURSORS,
  CUSTOMERS_PAGE,
  ME,
  TENANT_BRANDING,
  type CustomerNode,
  type CustomersCursorsResult,
  type CustomersPageResult,
  type Me,
  type TenantBranding,
} from './queries.ts';

export interface CustomerRecord extends RaRecord<string> {
  displayName: string;
  email: string | null;
  createdAt: string;
}

function toCustomerRecord(node: CustomerNode): CustomerRecord {
  return { id: node.id, displayName: node.displayName, email: node.email, createdAt: node.createdAt };
}

function unsupported(what: string): never {
  throw new ApiError('INVALID', `The admin portal cannot ${what} yet.`);
}

export interface FinPersonaDataProvider extends DataProvider {
  /** Who is signed in (used by the authProvider's getIdentity/getPermissions). */
  me(): Promise<Me>;
}

export function createDataProvider(options: { apiUrl: string; session: ApiSession }): FinPersonaDataProvider {
  const request = createGraphqlClient(options);
  const customerPages = new CursorPages();

  return {
    me: async () => (await request<{ me: Me }>(ME)).me,

    getList: async <RecordType extends RaRecord = RaRecord>(resource: string, params: GetListParams) => {
      if (resource !== 'customers') unsupported(`list ${resource}`);
      const result = await listCustomers(request, customerPages, params);
      return result as unknown as GetListResult<RecordType>;
    },

    getOne: (resource) => unsupported(`show a single ${resource} record`),
    getMany: (resource) => unsupported(`load several ${resource} records by id`),
    getManyReference: (resource) => unsupported(`list ${resource} by reference`),
    create: (resource) => unsupported(`create ${resource}`),
    update: (resource) => unsupported(`update ${resource}`),
    updateMany: (resource) => unsupported(`update ${resource}`),
    delete: (resource) => unsupported(`delete ${resource}`),
    deleteMany: (resource) => unsupported(`delete ${resource}`),
  };
}

async function listCustomers(
  request: GraphqlRequest,
  pages: CursorPages,
  params: GetListParams,
): Promise<GetListResult<CustomerRecord>> {
  const page = Math.max(1, params.pagination?.page ?? 1);
  const perPage = Math.max(1, params.pagination?.perPage ?? 25);
  if (page === 1) pages.reset(perPage);

  // Walk forward from the nearest page whose start we know, fetching only cursors.
  let { page: at, after } = pages.nearestKnown(perPage, page);
  while (at < page) {
    const { customers } = await request<CustomersCursorsResult>(CUSTOMERS_CURSORS, { first: perPage, after });
    if (!customers.pageInfo.hasNextPage || customers.pageInfo.endCursor === null) {
      // Asked beyond the last page (e.g. rows were removed): an empty page, with the real total.
      return {
        data: [],
        total: customers.totalCount,
        pageInfo: { hasNextPage: false, hasPreviousPage: true },
      };
    }
    pages.recordEnd(perPage, at, customers.pageInfo.endCursor);
    after = customers.pageInfo.endCursor;
    at += 1;
  }

  const { customers } = await request<CustomersPageResult>(CUSTOMERS_PAGE, { first: perPage, after });
  pages.recordEnd(perPage, page, customers.pageInfo.endCursor);
  return {
    data: customers.edges.map((edge) => toCustomerRecord(edge.node)),
    total: customers.totalCount,
    pageInfo: { hasNextPage: customers.pageInfo.hasNextPage, hasPreviousPage: page > 1 },
  };
}

/** Public lookup (no token) of a bank by slug: its realm and branding, or null if unknown/suspended. */
export async function fetchTenantBranding(apiUrl: string, slug: string): Promise<TenantBranding | null> {
  const request = createGraphqlClient({
    apiUrl,
    session: { accessToken: async () => null, tenantSlug: () => null },
  });
  return (await request<{ tenantBranding: TenantBranding | null }>(TENANT_BRANDING, { slug })).tenantBranding;
}

export type { Me, TenantBranding };
