import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit';
import { ConsentClock } from '../consents';
import { FieldEncryptionService } from '../crypto';
import { callerCustomerId } from '../customers';
import { inTransaction } from '../database';
import { Invalid, NotFound } from '../errors';
import { type Cursor, decodeCursor, encodeCursor } from '../pagination';
import { requireContext } from '../request-context';

/** The customer's responses to one insight. */
export interface InsightFeedbackRecord {
  /** The latest of `outcomes`, or null when the customer only rated it. */
  outcome: CustomerOutcome | null;
  outcomes: CustomerOutcome[];
  /** 1 thumbs up, -1 thumbs down, null not rated. */
  rating: 1 | -1 | null;
  respondedAt: Date;
}

/** An insight with its text decrypted: what the customer reads. */
export interface InsightRecord {
  id: string;
  kind: string;
  title: string;
  text: string;
  severity: string;
  relevance: number;
  createdAt: Date;
  expiresAt: Date | null;
  feedback: InsightFeedbackRecord | null;
}

export interface InsightPage {
  edges: { cursor: string; node: InsightRecord }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** What a customer may record about an insight (besides thumbs, which are `rating`). */
export type CustomerOutcome = 'opened' | 'dismissed' | 'acted';
const customerOutcomes: readonly string[] = ['opened', 'dismissed', 'acted'];

export const maxInsightPageSize = 100;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface InsightRow {
  id: string;
  kind: string;
  severity: string;
  relevance: number;
  title_enc: string;
  body_enc: string;
  created_at: string | Date;
  expires_at: string | Date | null;
}

/**
 * The signed-in customer's insights (Seam A): the live ones, newest first, without expired or dismissed
 * insights or kinds the bank turned off; listing records them `shown` (what `learnedRelevance` counts as
 * seen). Responses (opened, dismissed, acted, thumbs) go to `insight_engagement`, from which the bank's
 * relevance of each kind is learned. Customers see only their own: any other id is NOT_FOUND.
 */
@Injectable()
export class CustomerInsightsService {
  constructor(
    private readonly em: EntityManager,
    private readonly encryption: FieldEncryptionService,
    private readonly audit: AuditService,
    private readonly clock: ConsentClock,
  ) {}

  /** The signed-in customer's listed insights, newest first, `first` 1-100; the page is recorded `shown`. */
  async listOwn(options: { first: number; after?: string | null }): Promise<InsightPage> {
    const { first } = options;
    if (!Number.isInteger(first) || first < 1 || first > maxInsightPageSize) {
      throw Invalid.fields([{ field: 'first', problem: `must be between 1 and ${maxInsightPageSize}` }]);
    }
    const after: Cursor | undefined = options.after ? decodeCursor(options.after) : undefined;
    return inTransaction(this.em, async (em) => {
      const customerId = await callerCustomerId(em);
      const listed = listedWhere(tenantId(), customerId, this.clock.now());
      const rows = await em.execute<InsightRow[]>(
        `select i.id, i.kind, i.severity, i.relevance, i.title_enc, i.body_enc, i.created_at, i.expires_at
           from insight i
          where ${listed.sql}
            and (?::timestamptz is null or (i.created_at, i.id) < (?::timestamptz, ?::uuid))
          order by i.created_at desc, i.id desc
          limit ?`,
        [
          ...listed.parameters,
          after?.createdAt ?? null,
          after?.createdAt ?? null,
          after?.id ?? null,
          first + 1,
        ],
      );
      const [{ total }] = (await em.execute<{ total: string }[]>(
        `select count(*) as total from insight i where ${listed.sql}`,
        listed.parameters,
      )) as [{ total: string }];
      const page = rows.slice(0, first);
      if (page.length > 0) {
        // Seen in the list: the denominator of the kind's engagement (once per insight).
        await em.execute(
          `insert into insight_engagement (id, tenant_id, customer_id, insight_id, kind, outcome)
           select gen_random_uuid(), i.tenant_id, i.customer_id, i.id, i.kind, 'shown'
             from insight i where i.tenant_id = ? and i.id = any(?::uuid[])
           on conflict (tenant_id, insight_id, outcome) do nothing`,
          [tenantId(), postgresArray(page.map((row) => row.id))],
        );
      }
      const records = await this.records(em, page);
      const edges = records.map((node) => ({ cursor: encodeCursor(node), node }));
      return {
        edges,
        pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
        totalCount: Number(total),
      };
    });
  }

  /**
   * Records the signed-in customer's response to one of their insights: an outcome (opened, dismissed —
   * not listed again —, acted), a thumbs rating (1 or -1, replacing an earlier one), or both. Repeating a
   * response changes nothing. INVALID (nothing recorded) for neither or a bad rating; NOT_FOUND for any
   * insight not theirs. Audited (`insight.respond`, the kind and what was recorded).
   */
  async respond(input: {
    insightId: string;
    outcome?: string | null;
    rating?: number | null;
  }): Promise<InsightRecord> {
    const outcome = input.outcome ?? null;
    const rating = input.rating ?? null;
    const problems: { field: string; problem: string }[] = [];
    if (outcome === null && rating === null) {
      problems.push({ field: 'outcome', problem: 'give an outcome, a rating or both' });
    }
    if (outcome !== null && !customerOutcomes.includes(outcome)) {
      problems.push({ field: 'outcome', problem: 'must be OPENED, DISMISSED or ACTED' });
    }
    if (rating !== null && rating !== 1 && rating !== -1) {
      problems.push({ field: 'rating', problem: 'must be 1 (thumbs up) or -1 (thumbs down)' });
    }
    if (problems.length > 0) throw Invalid.fields(problems);
    return inTransaction(this.em, async (em) => {
      const customerId = await callerCustomerId(em);
      const [row] = uuid.test(input.insightId)
        ? await em.execute<InsightRow[]>(
            `select id, kind, severity, relevance, title_enc, body_enc, created_at, expires_at
               from insight where tenant_id = ? and customer_id = ? and id = ?`,
            [tenantId(), customerId, input.insightId],
          )
        : [];
      if (!row) throw new NotFound('No insight with this id is yours; check the id.');
      // Stamped by the database (the transaction's start): responses keep the order they were given in.
      const record = async (recorded: string) =>
        em.execute(
          `insert into insight_engagement (id, tenant_id, customer_id, insight_id, kind, outcome)
           values (gen_random_uuid(), ?, ?, ?, ?, ?)
           on conflict (tenant_id, insight_id, outcome) do nothing`,
          [tenantId(), customerId, row.id, row.kind, recorded],
        );
      if (outcome !== null) await record(outcome);
      if (rating !== null) {
        const [kept, replaced] = rating === 1 ? ['thumbs-up', 'thumbs-down'] : ['thumbs-down', 'thumbs-up'];
        await em.execute(
          'delete from insight_engagement where tenant_id = ? and insight_id = ? and outcome = ?',
          [tenantId(), row.id, replaced],
        );
        await record(kept!);
      }
      await this.audit.record({
        action: 'insight.respond',
        resourceType: 'insight',
        resourceId: row.id,
        changes: { kind: row.kind, outcome, rating },
      });
      return (await this.records(em, [row]))[0]!;
    });
  }

  /** Rows decrypted (one key look-up) with the customer's feedback on each. */
  private async records(em: EntityManager, rows: InsightRow[]): Promise<InsightRecord[]> {
    if (rows.length === 0) return [];
    const plain = await this.encryption.decryptMany(
      rows.flatMap((row) => [
        { stored: row.title_enc, address: { table: 'insight', column: 'title_enc', rowId: row.id } },
        { stored: row.body_enc, address: { table: 'insight', column: 'body_enc', rowId: row.id } },
      ]),
    );
    const responses = await em.execute<{ insight_id: string; outcome: string; created_at: string | Date }[]>(
      `select insight_id, outcome, created_at from insight_engagement
        where tenant_id = ? and insight_id = any(?::uuid[]) and outcome <> 'shown'
        order by created_at, outcome`,
      [tenantId(), postgresArray(rows.map((row) => row.id))],
    );
    return rows.map((row, index) => ({
      id: row.id,
      kind: row.kind,
      title: plain[2 * index]!,
      text: plain[2 * index + 1]!,
      severity: row.severity,
      relevance: row.relevance,
      createdAt: new Date(row.created_at),
      expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
      feedback: feedbackOf(responses.filter((response) => response.insight_id === row.id)),
    }));
  }
}

function feedbackOf(
  responses: { outcome: string; created_at: string | Date }[],
): InsightFeedbackRecord | null {
  if (responses.length === 0) return null;
  const outcomes = responses
    .map((response) => response.outcome)
    .filter((outcome): outcome is CustomerOutcome => customerOutcomes.includes(outcome));
  const thumbs = responses.find((response) => response.outcome.startsWith('thumbs-'));
  return {
    outcome: outcomes.at(-1) ?? null,
    outcomes,
    rating: thumbs ? (thumbs.outcome === 'thumbs-up' ? 1 : -1) : null,
    respondedAt: new Date(Math.max(...responses.map((response) => new Date(response.created_at).getTime()))),
  };
}

/**
 * The customer's listed insights: live, not expired, not dismissed, of a kind the bank has not turned off.
 * Tenant and customer are in the condition (row-level security adds the tenant again).
 */
function listedWhere(tenant: string, customerId: string, now: Date) {
  return {
    sql: `i.tenant_id = ? and i.customer_id = ? and i.live and i.expires_at > ?
      and not exists (select 1 from insight_engagement e
                       where e.tenant_id = i.tenant_id and e.insight_id = i.id and e.outcome = 'dismissed')
      and i.kind <> all(coalesce((select s.disabled_kinds from insight_settings s where s.tenant_id = i.tenant_id), '{}'))`,
    parameters: [tenant, customerId, now] as unknown[],
  };
}

/** A PostgreSQL array literal of ids read from the database (bound as one parameter, cast in the SQL). */
function postgresArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

function tenantId(): string {
  const tenant = requireContext().tenant;
  if (!tenant) throw new Error('Insights are tenant-owned: use them in a request or runAsTenant()');
  return tenant.id;
}
