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
 * Where the registry reads recommendation outcomes from. Delivery owns them; it is connected at start-up
 * (`connect`), so this capability does not import delivery's internals. Until something is connected a
 * bank has no feedback: no feedback-triggered run, no outcome labels (products taken still label).
 */
@Injectable()
export class RecommendationOutcomesSource implements RecommendationOutcomes {
  private source: RecommendationOutcomes | null = null;

  connect(source: RecommendationOutcomes): void {
    this.source = source;
  }

  get connected(): boolean {
    return this.source !== null;
  }

  countSince(since: Date): Promise<number> {
    return this.source ? this.source.countSince(since) : Promise.resolve(0);
  }

  outcomesIn(window: { from: Date; to: Date }): Promise<RecommendationOutcomeRow[]> {
    return this.source ? this.source.outcomesIn(window) : Promise.resolve([]);
  }
}
