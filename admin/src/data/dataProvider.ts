// react-admin's DataProvider over the FinPersona GraphQL API. Resources map to connections here;
// nothing outside data/ knows GraphQL.
import type {
  DataProvider,
  GetListParams,
  GetListResult,
  GetOneParams,
  GetOneResult,
  RaRecord,
  UpdateParams,
  UpdateResult,
} from 'react-admin';
import { CursorPages } from './cursorPages.ts';
import { ApiError } from './errors.ts';
import { createGraphqlClient, type ApiSession, type GraphqlRequest } from './graphqlClient.ts';
import {
  CUSTOMERS_CURSORS,
  CUSTOMERS_PAGE,
  ME,
  REACTIVATE_TENANT,
  SUSPEND_TENANT,
  TENANT,
  TENANT_BRANDING,
  TENANTS_CURSORS,
  TENANTS_PAGE,
  UPDATE_TENANT_BRANDING,
  type ConnectionPage,
  type CustomerNode,
  type Me,
  type TenantBranding,
  type TenantNode,
  type TenantStatus,
} from './queries.ts';

export interface CustomerRecord extends RaRecord<string> {
  displayName: string;
  email: string | null;
  createdAt: string;
}

/** A bank as platform operators see it (the API's `Tenant`). */
export type TenantRecord = TenantNode & RaRecord<string>;

function toCustomerRecord(node: CustomerNode): CustomerRecord {
  return { id: node.id, displayName: node.displayName, email: node.email, createdAt: node.createdAt };
}

const tenantStatuses: readonly TenantStatus[] = ['PROVISIONING', 'ACTIVE', 'SUSPENDED'];

function unsupported(what: string): never {
  throw new ApiError('INVALID', `The admin portal cannot ${what} yet.`);
}

export interface FinPersonaDataProvider extends DataProvider {
  /** Who is signed in (used by the authProvider's getIdentity/getPermissions). */
  me(): Promise<Me>;
  /** Platform operators: switch a live bank off at once (its users are signed out of the API). */
  suspendTenant(id: string, reason: string): Promise<TenantRecord>;
  /** Platform operators: put a suspended bank back live. */
  reactivateTenant(id: string): Promise<TenantRecord>;
}

export function createDataProvider(options: { apiUrl: string; session: ApiSession }): FinPersonaDataProvider {
  const request = createGraphqlClient(options);
  // One cursor cache per resource and filter: a page's start depends on both.
  const cursorCaches = new Map<string, CursorPages>();
  const pagesFor = (key: string) => {
    let pages = cursorCaches.get(key);
    if (!pages) cursorCaches.set(key, (pages = new CursorPages()));
    return pages;
  };

  return {
    me: async () => (await request<{ me: Me }>(ME)).me,

    getList: async <RecordType extends RaRecord = RaRecord>(resource: string, params: GetListParams) => {
      if (resource === 'customers') {
        const result = await listConnection(request, pagesFor('customers'), params, {
          field: 'customers',
          pageQuery: CUSTOMERS_PAGE,
          cursorsQuery: CUSTOMERS_CURSORS,
          variables: {},
          toRecord: toCustomerRecord,
        });
        return result as unknown as GetListResult<RecordType>;
      }
      if (resource === 'tenants') {
        const status = tenantStatusFilter(params.filter);
        const result = await listConnection(request, pagesFor(`tenants:${status ?? ''}`), params, {
          field: 'tenants',
          pageQuery: TENANTS_PAGE,
          cursorsQuery: TENANTS_CURSORS,
          variables: { status },
          toRecord: (node: TenantNode): TenantRecord => node,
        });
        return result as unknown as GetListResult<RecordType>;
      }
      return unsupported(`list ${resource}`);
    },

    getOne: async <RecordType extends RaRecord = RaRecord>(resource: string, params: GetOneParams) => {
      if (resource !== 'tenants') unsupported(`show a single ${resource} record`);
      const { tenant } = await request<{ tenant: TenantNode }>(TENANT, { id: String(params.id) });
      return { data: tenant } as unknown as GetOneResult<RecordType>;
    },

    update: async <RecordType extends RaRecord = RaRecord>(resource: string, params: UpdateParams) => {
      if (resource !== 'tenants') unsupported(`update ${resource}`);
      // Only the branding is editable here; status changes have their own confirmed actions.
      const branding = (params.data as Partial<TenantNode>).branding;
      if (!branding) throw new ApiError('INVALID', 'Nothing to save: only the branding can be edited.');
      const { updateTenantBranding } = await request<{ updateTenantBranding: TenantNode }>(
        UPDATE_TENANT_BRANDING,
        {
          id: String(params.id),
          branding: {
            displayName: branding.displayName,
            primaryColor: branding.primaryColor,
            accentColor: branding.accentColor,
            logoUrl: branding.logoUrl || null,
          },
        },
      );
      return { data: updateTenantBranding } as unknown as UpdateResult<RecordType>;
    },

    suspendTenant: async (id, reason) =>
      (await request<{ suspendTenant: TenantNode }>(SUSPEND_TENANT, { id, reason })).suspendTenant,
    reactivateTenant: async (id) =>
      (await request<{ reactivateTenant: TenantNode }>(REACTIVATE_TENANT, { id })).reactivateTenant,

    getMany: (resource) => unsupported(`load several ${resource} records by id`),
    getManyReference: (resource) => unsupported(`list ${resource} by reference`),
    create: (resource) => unsupported(`create ${resource}`),
    updateMany: (resource) => unsupported(`update ${resource}`),
    delete: (resource) => unsupported(`delete ${resource}`),
    deleteMany: (resource) => unsupported(`delete ${resource}`),
  };
}

function tenantStatusFilter(filter: Record<string, unknown> | undefined): TenantStatus | null {
  const status = filter?.status;
  if (status === undefined || status === null || status === '') return null;
  if (!tenantStatuses.includes(status as TenantStatus))
    throw new ApiError('INVALID', `Unknown status ${String(status)}.`);
  return status as TenantStatus;
}

interface Connection<Node, Row> {
  /** The query's root field, e.g. `customers`. */
  field: string;
  pageQuery: string;
  /** The same connection asking only for cursors (to walk to a page not seen yet). */
  cursorsQuery: string;
  /** Filters sent with every request besides first/after. */
  variables: Record<string, unknown>;
  toRecord(node: Node): Row;
}

/** react-admin's "page N of size P" over a Relay connection (first/after), walking cursors when needed. */
async function listConnection<Node, Row>(
  request: GraphqlRequest,
  pages: CursorPages,
  params: GetListParams,
  connection: Connection<Node, Row>,
): Promise<GetListResult<Row & RaRecord>> {
  const page = Math.max(1, params.pagination?.page ?? 1);
  const perPage = Math.max(1, params.pagination?.perPage ?? 25);
  if (page === 1) pages.reset(perPage);
  const fetchPage = async (query: string, after: string | null) =>
    (
      await request<Record<string, ConnectionPage<Node>>>(query, {
        first: perPage,
        after,
        ...connection.variables,
      })
    )[connection.field]!;

  // Walk forward from the nearest page whose start we know, fetching only cursors.
  let { page: at, after } = pages.nearestKnown(perPage, page);
  while (at < page) {
    const cursors = await fetchPage(connection.cursorsQuery, after);
    if (!cursors.pageInfo.hasNextPage || cursors.pageInfo.endCursor === null) {
      // Asked beyond the last page (e.g. rows were removed): an empty page, with the real total.
      return { data: [], total: cursors.totalCount, pageInfo: { hasNextPage: false, hasPreviousPage: true } };
    }
    pages.recordEnd(perPage, at, cursors.pageInfo.endCursor);
    after = cursors.pageInfo.endCursor;
    at += 1;
  }

  const result = await fetchPage(connection.pageQuery, after);
  pages.recordEnd(perPage, page, result.pageInfo.endCursor);
  return {
    data: (result.edges ?? []).map((edge) => connection.toRecord(edge.node) as Row & RaRecord),
    total: result.totalCount,
    pageInfo: { hasNextPage: result.pageInfo.hasNextPage, hasPreviousPage: page > 1 },
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

export type { Me, TenantBranding, TenantStatus };
