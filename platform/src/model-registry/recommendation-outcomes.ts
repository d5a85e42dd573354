import { Injectable } from '@nestjs/common';

/** What a customer did with a delivered recommendation, as retraining uses it (Seam 6). */
export interface RecommendationOutcomeRow {
  customerId: string;
  productId: string;
  outcome: string;
}

/**
 * The recommendation feedback retraining reads (Seam 6; `delivery`'s `RecommendationFeedback`), for the
 * current tenant: how many outcomes arrived since a time (the feedback trigger) and the outcomes in a
 * window (labels: `accepted` and `dismissed` count, other outcomes are ignored).
 */
export interface RecommendationOutcomes {
  countSince(since: Date): Promise<number>;
  outcomesIn(window: { from: Date; to: Date }): Promise<RecommendationOutcomeRow[]>;
}

/**
 * Where the registry reads outcome labels from. Their owners connect at start-up (`connect`), so this
 * capability imports none of them: delivery's recommendation feedback (Seam 6) and the product-linked
 * survey answers (Seam C, `surveys/survey-labels.ts`). Several sources add up: `countSince` sums them and
 * `outcomesIn` concatenates their rows (the dataset ranks several outcomes of one product). Until something
 * is connected a bank has no feedback: no feedback-triggered run, no outcome labels (products taken still
 * label).
 */
@Injectable()
export class RecommendationOutcomesSource implements RecommendationOutcomes {
  private readonly sources: RecommendationOutcomes[] = [];

  /** Adds a source (connecting the same one again changes nothing). */
  connect(source: RecommendationOutcomes): void {
    if (!this.sources.includes(source)) this.sources.push(source);
  }

  get connected(): boolean {
    return this.sources.length > 0;
  }

  async countSince(since: Date): Promise<number> {
    let total = 0;
    for (const source of this.sources) total += await source.countSince(since);
    return total;
  }

  async outcomesIn(window: { from: Date; to: Date }): Promise<RecommendationOutcomeRow[]> {
    const rows: RecommendationOutcomeRow[] = [];
    for (const source of this.sources) rows.push(...(await source.outcomesIn(window)));
    return rows;
  }
}
