import { describe, expect, it } from 'vitest';
import {
  areaUnderCurve,
  averagePrecisionAtK,
  brierScore,
  computeMetrics,
  expectedCalibrationError,
  ndcgAtK,
  reliabilityBins,
} from './metrics';

const cell = (score: number, positive: boolean) => ({ score, positive });

describe('model metrics (against hand-computed values)', () => {
  it('AUC is the SDK Mann–Whitney AUC (ties as half; tested in the SDK)', () => {
    expect(areaUnderCurve([cell(0.4, true), cell(0.4, false), cell(0.8, true)])).toBeCloseTo(0.75, 10);
  });

  it('average precision at k divides by min(k, relevant)', () => {
    // Relevant at ranks 1 and 3 within k = 3 (a third relevant item at rank 4): (1/1 + 2/3) / 3.
    const ranking = [true, false, true, true].map((positive) => ({ positive }));
    expect(averagePrecisionAtK(ranking, 3)).toBeCloseTo((1 + 2 / 3) / 3, 10);
    expect(averagePrecisionAtK(ranking, 1)).toBe(1);
    expect(averagePrecisionAtK([{ positive: false }], 3)).toBe(0);
  });

  it('NDCG at k with binary gains', () => {
    const ranking = [true, false, true, true].map((positive) => ({ positive }));
    // DCG = 1/log2(2) + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3) + 1/log2(4).
    expect(ndcgAtK(ranking, 3)).toBeCloseTo(1.5 / (1 + 1 / Math.log2(3) + 0.5), 10);
    expect(ndcgAtK([{ positive: false }, { positive: true }], 2)).toBeCloseTo(1 / Math.log2(3), 10);
  });

  it('Brier score is the mean squared error of the scores', () => {
    expect(brierScore([cell(0.8, true), cell(0.3, false)])).toBeCloseTo((0.04 + 0.09) / 2, 10);
  });

  it('ECE weights each bin’s gap between mean score and positive rate by its share', () => {
    const scored = [cell(0.15, true), cell(0.15, false), cell(0.85, true), cell(0.85, true)];
    const bins = reliabilityBins(scored);
    expect(bins).toHaveLength(10);
    expect(bins[1]).toMatchObject({ count: 2, meanScore: 0.15, positiveRate: 0.5 });
    expect(bins[8]).toMatchObject({ count: 2, meanScore: 0.85, positiveRate: 1 });
    // 0.5 × |0.15 − 0.5| + 0.5 × |0.85 − 1| = 0.25; a score of exactly 1 falls in the last bin.
    expect(expectedCalibrationError(bins)).toBeCloseTo(0.25, 10);
    expect(reliabilityBins([cell(1, true)])[9]!.count).toBe(1);
  });

  it('pools over every candidate, ranks per customer, and reports each product', () => {
    const metrics = computeMetrics(
      [
        { customer: 'a', product: 'loan', score: 0.9, positive: true },
        { customer: 'a', product: 'card', score: 0.2, positive: false },
        { customer: 'b', product: 'loan', score: 0.6, positive: false },
        { customer: 'b', product: 'card', score: 0.3, positive: true },
        // A customer who took nothing has no ranking to judge (MAP and NDCG leave them out).
        { customer: 'c', product: 'loan', score: 0.1, positive: false },
      ],
      1,
    );
    expect(metrics).toMatchObject({ examples: 5, positives: 2, k: 1 });
    // Customer a: hit at rank 1 (1); b: the loan ranks first and is not taken (0).
    expect(metrics.mapAtK).toBeCloseTo(0.5, 10);
    expect(metrics.ndcgAtK).toBeCloseTo(0.5, 10);
    // Pooled: positives 0.9, 0.3 against negatives 0.2, 0.6, 0.1: 3 + 2 of 6 pairs.
    expect(metrics.auc).toBeCloseTo(5 / 6, 10);
    expect(metrics.perProduct.loan).toMatchObject({ examples: 3, positives: 1, auc: 1 });
    expect(metrics.perProduct.card).toMatchObject({ examples: 2, positives: 1, auc: 1 });
  });
});
