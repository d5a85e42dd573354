// react-admin's DataProvider over the FinPersona GraphQL API. Resources map to connections here;
// nothing outside data/ knows GraphQL.
import type {
  CreateParams,
  CreateResult,
  DataProvider,
  DeleteParams,
  DeleteResult,
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
import {
  createFileClient,
  createGraphqlClient,
  type ApiSession,
  type GraphqlRequest,
} from './graphqlClient.ts';
import {
  categoryRule,
  createCategoryRule,
  deleteCategoryRule,
  intelligenceMethods,
  listCategoryRules,
  updateCategoryRule,
  type CategoryRuleRecord,
  type IntelligenceMethods,
  type ReviewRecord,
} from './intelligence.ts';
import { pluginMethods, type PluginMethods } from './plugins.ts';
import { PRODUCTS_CURSORS, PRODUCTS_PAGE, type ProductNode } from './product-queries.ts';
import { productRegions, productTypes, toProductRecord } from './products.ts';
import { webhookMethods, type WebhookMethods } from './webhooks.ts';
import { staffMethods, type StaffMethods } from './staff.ts';
import { auditMethods, type AuditMethods } from './audit.ts';
import { dataSubjectRequestMethods, type DataSubjectRequestMethods } from './data-subject-requests.ts';
import {
  listSurveys,
  saveSurvey,
  survey,
  surveyMethods,
  type SurveyMethods,
  type SurveyRecord,
} from './surveys.ts';
import {
  RECOMMENDATION_REVIEWS_CURSORS,
  RECOMMENDATION_REVIEWS_PAGE,
  type ReviewNode,
  type ReviewStatus,
} from './intelligence-queries.ts';
import {
  CONSENT_OVERVIEW_CURSORS,
  CONSENT_OVERVIEW_PAGE,
  CUSTOMERS_CURSORS,
  CUSTOMERS_PAGE,
  DATA_SUBJECT_REQUESTS_CURSORS,
  DATA_SUBJECT_REQUESTS_PAGE,
  ME,
  REACTIVATE_TENANT,
  SUSPEND_TENANT,
  TENANT,
  TENANT_BRANDING,
  TENANTS_CURSORS,
  TENANTS_PAGE,
  UPDATE_TENANT_BRANDING,
  type ConnectionPage,
  type ConsentOverviewSummary,
  type ConsentPurpose,
  type ConsentStatus,
  type ConsentSummaryNode,
  type CustomerNode,
  type DataSubjectRequestKind,
  type DataSubjectRequestNode,
  type DataSubjectRequestStatus,
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

/** A consent as bank staff see it (the API's `ConsentSummary`: ids, purpose, status, dates). */
export type ConsentRecord = ConsentSummaryNode & RaRecord<string>;

/** A data-subject request as compliance officers see it (status, progress, certificate; no personal data). */
export type DataSubjectRequestRecord = DataSubjectRequestNode & RaRecord<string>;

function toCustomerRecord(node: CustomerNode): CustomerRecord {
  return { id: node.id, displayName: node.displayName, email: node.email, createdAt: node.createdAt };
}

const tenantStatuses: readonly TenantStatus[] = ['PROVISIONING', 'ACTIVE', 'SUSPENDED'];
const consentPurposes: readonly ConsentPurpose[] = [
  'AGGREGATION',
  'PERSONALISATION',
  'MARKETING',
  'ANALYTICS',
];
const consentStatuses: readonly ConsentStatus[] = ['GRANTED', 'REVOKED', 'EXPIRED'];
const requestKinds: readonly DataSubjectRequestKind[] = ['EXPORT', 'ERASURE'];
const requestStatuses: readonly DataSubjectRequestStatus[] = ['REQUESTED', 'RUNNING', 'COMPLETED', 'FAILED'];
const reviewStatuses: readonly ReviewStatus[] = ['REQUESTED', 'DECIDED'];

function unsupported(what: string): never {
  throw new ApiError('INVALID', `The admin portal cannot ${what} yet.`);
}

export interface FinPersonaDataProvider
  extends
    DataProvider,
    IntelligenceMethods,
    SurveyMethods,
    PluginMethods,
    WebhookMethods,
    StaffMethods,
    AuditMethods,
    DataSubjectRequestMethods {
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
    ...intelligenceMethods(request),
    ...surveyMethods(request),
    ...pluginMethods(request),
    ...webhookMethods(request),
    ...staffMethods(request),
    ...auditMethods(request),
    ...dataSubjectRequestMethods(request, createFileClient(options)),
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
      if (resource === 'consents') {
        const variables = {
          purpose: enumFilter(params.filter, 'purpose', consentPurposes),
          status: enumFilter(params.filter, 'status', consentStatuses),
          customerId: textFilter(params.filter, 'customerId'),
          // Only "due soon" narrows the list; unticked means every consent, not "not due".
          dueSoon: params.filter?.dueSoon === true ? true : null,
        };
        const result = await listConnection(
          request,
          pagesFor(`consents:${JSON.stringify(variables)}`),
          params,
          {
            field: 'consentOverview',
            pageQuery: CONSENT_OVERVIEW_PAGE,
            cursorsQuery: CONSENT_OVERVIEW_CURSORS,
            variables,
            toRecord: (node: ConsentSummaryNode): ConsentRecord => node,
            // The bank-wide counts come with every page (one request, one audit entry).
            meta: (page): ConsentOverviewSummary => {
              const overview = page as unknown as Partial<ConsentOverviewSummary>;
              return { counts: overview.counts ?? [], dueSoon: overview.dueSoon! };
            },
          },
        );
        return result as unknown as GetListResult<RecordType>;
      }
      if (resource === 'data-subject-requests') {
        const variables = {
          kind: enumFilter(params.filter, 'kind', requestKinds),
          status: enumFilter(params.filter, 'status', requestStatuses),
        };
        const result = await listConnection(
          request,
          pagesFor(`data-subject-requests:${JSON.stringify(variables)}`),
          params,
          {
            field: 'dataSubjectRequests',
            pageQuery: DATA_SUBJECT_REQUESTS_PAGE,
            cursorsQuery: DATA_SUBJECT_REQUESTS_CURSORS,
            variables,
            toRecord: (node: DataSubjectRequestNode): DataSubjectRequestRecord => node,
          },
        );
        return result as unknown as GetListResult<RecordType>;
      }
      if (resource === 'recommendation-reviews') {
        const variables = { status: enumFilter(params.filter, 'status', reviewStatuses) };
        const result = await listConnection(
          request,
          pagesFor(`recommendation-reviews:${JSON.stringify(variables)}`),
          params,
          {
            field: 'recommendationReviews',
            pageQuery: RECOMMENDATION_REVIEWS_PAGE,
            cursorsQuery: RECOMMENDATION_REVIEWS_CURSORS,
            variables,
            toRecord: (node: ReviewNode): ReviewRecord => node,
          },
        );
        return result as unknown as GetListResult<RecordType>;
      }
      if (resource === 'products') {
        const variables = {
          type: enumFilter(params.filter, 'type', productTypes),
          region: enumFilter(params.filter, 'region', productRegions),
        };
        const result = await listConnection(
          request,
          pagesFor(`products:${JSON.stringify(variables)}`),
          params,
          {
            field: 'products',
            pageQuery: PRODUCTS_PAGE,
            cursorsQuery: PRODUCTS_CURSORS,
            variables,
            toRecord: (node: ProductNode) => toProductRecord(node),
          },
        );
        return result as unknown as GetListResult<RecordType>;
      }
      // The bank's rules (by priority, at most 500) and survey versions (newest first) come at once:
      // react-admin's page is cut here.
      if (resource === 'category-rules')
        return onePage(await listCategoryRules(request), params) as unknown as GetListResult<RecordType>;
      if (resource === 'surveys')
        return onePage(await listSurveys(request), params) as unknown as GetListResult<RecordType>;
      if (resource === 'tenants') {
        const status = enumFilter(params.filter, 'status', tenantStatuses);
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
      if (resource === 'category-rules') {
        return {
          data: await categoryRule(request, String(params.id)),
        } as unknown as GetOneResult<RecordType>;
      }
      if (resource === 'surveys')
        return { data: await survey(request, String(params.id)) } as unknown as GetOneResult<RecordType>;
      if (resource !== 'tenants') unsupported(`show a single ${resource} record`);
      const { tenant } = await request<{ tenant: TenantNode }>(TENANT, { id: String(params.id) });
      return { data: tenant } as unknown as GetOneResult<RecordType>;
    },

    update: async <RecordType extends RaRecord = RaRecord>(resource: string, params: UpdateParams) => {
      if (resource === 'category-rules') {
        const data = await updateCategoryRule(request, String(params.id), params.data as CategoryRuleRecord);
        return { data } as unknown as UpdateResult<RecordType>;
      }
      if (resource === 'surveys') {
        const data = await saveSurvey(request, String(params.id), params.data as SurveyRecord);
        return { data } as unknown as UpdateResult<RecordType>;
      }
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
    create: async <RecordType extends Omit<RaRecord, 'id'> = Omit<RaRecord, 'id'>>(
      resource: string,
      params: CreateParams,
    ) => {
      if (resource === 'surveys') {
        const data = await saveSurvey(request, null, params.data as SurveyRecord);
        return { data } as unknown as CreateResult<RecordType & { id: string }>;
      }
      if (resource !== 'category-rules') unsupported(`create ${resource}`);
      const data = await createCategoryRule(request, params.data as CategoryRuleRecord);
      return { data } as unknown as CreateResult<RecordType & { id: string }>;
    },
    updateMany: (resource) => unsupported(`update ${resource}`),
    delete: async <RecordType extends RaRecord = RaRecord>(resource: string, params: DeleteParams) => {
      if (resource !== 'category-rules') unsupported(`delete ${resource}`);
      const data = await deleteCategoryRule(request, String(params.id));
      return { data } as unknown as DeleteResult<RecordType>;
    },
    deleteMany: (resource) => unsupported(`delete ${resource}`),
  };
}

/** One react-admin page of a list the API sends whole. */
function onePage<Row>(rows: Row[], params: GetListParams): { data: Row[]; total: number } {
  const page = Math.max(1, params.pagination?.page ?? 1);
  const perPage = Math.max(1, params.pagination?.perPage ?? 25);
  return { data: rows.slice((page - 1) * perPage, page * perPage), total: rows.length };
}

/** A filter that must be one of the API's enum values; empty means "all". Refused before calling the API. */
function enumFilter<Value extends string>(
  filter: Record<string, unknown> | undefined,
  name: string,
  allowed: readonly Value[],
): Value | null {
  const value = filter?.[name];
  if (value === undefined || value === null || value === '') return null;
  if (!allowed.includes(value as Value)) throw new ApiError('INVALID', `Unknown ${name} ${String(value)}.`);
  return value as Value;
}

/** A free-text filter (e.g. a customer id), trimmed; empty means "all". The API checks its shape. */
function textFilter(filter: Record<string, unknown> | undefined, name: string): string | null {
  const value = filter?.[name];
  if (typeof value !== 'string' || value.trim() === '') return null;
  return value.trim();
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
  /** What else the page's answer says beyond its rows (react-admin's `meta`, read with useListContext). */
  meta?(page: ConnectionPage<Node>): unknown;
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
    ...(connection.meta ? { meta: connection.meta(result) } : {}),
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

export type { ConsentOverviewSummary, Me, TenantBranding, TenantStatus };
