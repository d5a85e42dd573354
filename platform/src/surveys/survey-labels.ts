import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { inTransaction } from '../database';
import type { RecommendationOutcomeRow, RecommendationOutcomes } from '../model-registry';
import { ProductsService } from '../products';
import { requireContext } from '../request-context';
import { productLabelsOf, type StoredAnswer, type SurveyQuestion } from './survey-definition';

/**
 * Survey answers about products as retraining labels (Seam C), connected to the model registry's
 * `RecommendationOutcomesSource` beside delivery's recommendation feedback. For the current bank (request
 * context or `runAsTenant`; row-level security applies):
 * - `outcomesIn({ from, to })`: for each response recorded in `[from, to)`, the labels `productLabelsOf`
 *   derives (interest → `accepted`, an explicit no → `dismissed`), one row per product of the bank's region
 *   of the linked product type (labels name product ids; a survey names a type so it outlives catalogue
 *   changes);
 * - `countSince(since)`: responses since then that carry at least one such label (new feedback for the
 *   feedback trigger).
 * Consent is the dataset's business: it keeps only customers with a live personalisation consent, so the
 * answers of anyone else never reach a model.
 */
@Injectable()
export class SurveyLabels implements RecommendationOutcomes {
  constructor(
    private readonly em: EntityManager,
    private readonly products: ProductsService,
  ) {}

  async countSince(since: Date): Promise<number> {
    const rows = await this.responses(since, null);
    return rows.filter((row) => productLabelsOf(row.questions, row.answers).length > 0).length;
  }

  async outcomesIn(window: { from: Date; to: Date }): Promise<RecommendationOutcomeRow[]> {
    const rows = await this.responses(window.from, window.to);
    const labelled = rows.map((row) => ({ row, labels: productLabelsOf(row.questions, row.answers) }));
    if (!labelled.some(({ labels }) => labels.length > 0)) return [];
    const productsOfType = new Map<string, string[]>();
    // Row-level security needs a transaction to see the bank's catalogue installations (a job has none).
    const offered = await inTransaction(this.em, () => this.products.offeredInBankRegion());
    for (const { product } of offered) {
      productsOfType.set(product.type, [...(productsOfType.get(product.type) ?? []), product.id]);
    }
    return labelled.flatMap(({ row, labels }) =>
      labels.flatMap((label) =>
        (productsOfType.get(label.productType) ?? []).map((productId) => ({
          customerId: row.customerId,
          productId,
          outcome: label.outcome,
        })),
      ),
    );
  }

  private async responses(
    from: Date,
    to: Date | null,
  ): Promise<{ customerId: string; answers: StoredAnswer[]; questions: SurveyQuestion[] }[]> {
    const tenant = requireContext().tenant;
    if (!tenant) throw new Error('Survey labels are per bank: read them in a request or runAsTenant()');
    const rows = await inTransaction(this.em, (em) =>
      em.execute<{ customer_id: string; answers: StoredAnswer[]; questions: SurveyQuestion[] }[]>(
        `select r.customer_id, r.answers, s.questions
           from survey_response r
           join survey s on s.id = r.survey_id
          where r.tenant_id = ? and r.created_at >= ?${to ? ' and r.created_at < ?' : ''}
          order by r.created_at, r.id`,
        to ? [tenant.id, from, to] : [tenant.id, from],
      ),
    );
    return rows.map((row) => ({
      customerId: row.customer_id,
      answers: row.answers,
      questions: row.questions,
    }));
  }
}
