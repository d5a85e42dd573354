import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { inTransaction } from '../database';
import { requireContext } from '../request-context';

/** An outcome of a delivered recommendation, as retraining reads it (Seam 6). */
export type RecommendationFeedbackOutcome = 'shown' | 'opened' | 'dismissed' | 'accepted';

/** Customer reactions that count as new feedback for retraining (everything but the platform's `shown`). */
const feedbackKinds = ['opened', 'dismissed', 'accepted', 'rated', 'contested'];
const outcomeKinds: readonly RecommendationFeedbackOutcome[] = ['shown', 'opened', 'dismissed', 'accepted'];

/**
 * Recommendation outcomes for the model registry's retraining (Seam 6 of issue 6), for the current bank
 * (request context or `runAsTenant`; row-level security applies):
 * - `countSince(since)`: customer feedback events recorded at or after `since` (opened, dismissed,
 *   accepted, rated, contested), the trigger for feedback-driven retraining;
 * - `outcomesIn({ from, to })`: each outcome recorded in `[from, to)` with the customer and product, the
 *   labels (`accepted` / `dismissed` are the SDK's `ProductOutcome`s; `shown` and `opened` are exposure).
 * Customer ids are the platform's: the registry pseudonymises them when it builds a dataset.
 */
@Injectable()
export class RecommendationFeedback {
  constructor(private readonly em: EntityManager) {}

  async countSince(since: Date): Promise<number> {
    const tenantId = tenantOfContext();
    const [row] = await inTransaction(this.em, (em) =>
      em.execute<{ count: string }[]>(
        `select count(*) as count from recommendation_event
        where tenant_id = ? and created_at >= ? and kind in (${feedbackKinds.map(() => '?').join(', ')})`,
        [tenantId, since, ...feedbackKinds],
      ),
    );
    return Number(row?.count ?? 0);
  }

  async outcomesIn(window: {
    from: Date;
    to: Date;
  }): Promise<{ customerId: string; productId: string; outcome: RecommendationFeedbackOutcome }[]> {
    const tenantId = tenantOfContext();
    const rows = await inTransaction(this.em, (em) =>
      em.execute<{ customer_id: string; product_id: string; kind: RecommendationFeedbackOutcome }[]>(
        `select e.customer_id, r.product_id, e.kind
         from recommendation_event e
         join recommendation r on r.id = e.recommendation_id
        where e.tenant_id = ? and e.created_at >= ? and e.created_at < ?
          and e.kind in (${outcomeKinds.map(() => '?').join(', ')})
        order by e.created_at, e.id`,
        [tenantId, window.from, window.to, ...outcomeKinds],
      ),
    );
    return rows.map((row) => ({ customerId: row.customer_id, productId: row.product_id, outcome: row.kind }));
  }
}

function tenantOfContext(): string {
  const tenant = requireContext().tenant;
  if (!tenant) throw new Error('Recommendation feedback is per bank: read it in a request or runAsTenant()');
  return tenant.id;
}
