import { seededRandom } from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { bootstrapAucDifference, bootstrapDifference, bootstrapMapDifference } from './bootstrap';
import { computeMetrics, type ScoredCandidate } from './metrics';

/** 200 customers × one product, a quarter positive; `signal` of the score is the outcome, the rest noise. */
function candidates(signal: number, seed: number): ScoredCandidate[] {
  const random = seededRandom(seed);
  return Array.from({ length: 200 }, (_, index) => {
    const positive = index % 4 === 0;
    return {
      customer: `c${index}`,
      product: 'loan',
      positive,
      score: (positive ? signal : 0) + random() * 0.5,
    };
  });
}

describe('bootstrapAucDifference', () => {
  it('puts the interval above 0 when one model clearly separates and the other guesses', () => {
    const result = bootstrapAucDifference(candidates(0.4, 1), candidates(0, 2), { resamples: 300 });
    expect(result.difference).toBeGreaterThan(0.3);
    expect(result.low).toBeGreaterThan(0);
    expect(result.high!).toBeGreaterThanOrEqual(result.low!);
    expect(result.shareAbove).toBe(1);
    expect(result.resamples).toBe(300);
  });

  it('gives an interval straddling 0 for two equally noisy models', () => {
    const result = bootstrapAucDifference(candidates(0.1, 3), candidates(0.1, 4), { resamples: 300 });
    expect(result.low).toBeLessThan(0);
    expect(result.high).toBeGreaterThan(0);
  });

  it('is exactly 0 for a model against itself, and repeatable from its seed', () => {
    const same = candidates(0.2, 5);
    expect(bootstrapAucDifference(same, same, { resamples: 50 })).toMatchObject({
      difference: 0,
      low: 0,
      high: 0,
    });
    const a = candidates(0.2, 6);
    const b = candidates(0.1, 7);
    expect(bootstrapAucDifference(a, b, { seed: 9 })).toEqual(bootstrapAucDifference(a, b, { seed: 9 }));
  });

  it('refuses two models scored on different candidates', () => {
    const a = candidates(0.2, 8);
    expect(() => bootstrapAucDifference(a, a.slice(1))).toThrow(/same candidates/);
    const flipped = a.map((item, index) => (index === 0 ? { ...item, positive: !item.positive } : item));
    expect(() => bootstrapAucDifference(a, flipped)).toThrow(/same candidates/);
  });
});

describe('bootstrapMapDifference', () => {
  /** 150 customers with a loan and a card each; `taken` says which they took; `right` is how often a model ranks it first. */
  function rankings(right: number, seed: number): ScoredCandidate[] {
    const random = seededRandom(seed);
    return Array.from({ length: 150 }, (_, index) => {
      const taken = index % 3 === 0 ? 'loan' : 'card';
      const first = random() < right ? taken : taken === 'loan' ? 'card' : 'loan';
      return ['loan', 'card'].map((product) => ({
        customer: `c${index}`,
        product,
        positive: product === taken,
        score: product === first ? 0.6 : 0.4,
      }));
    }).flat();
  }

  it('measures MAP@1 per customer: a model that ranks the taken product first far more often leads', () => {
    const result = bootstrapMapDifference(rankings(0.9, 1), rankings(0.4, 1), 1, { resamples: 300 });
    expect(result.difference).toBeGreaterThan(0.3);
    expect(result.low).toBeGreaterThan(0);
    expect(result.shareAbove).toBe(1);
  });

  it('counts a customer drawn twice as two rankings, and straddles 0 for equal models', () => {
    const result = bootstrapMapDifference(rankings(0.6, 2), rankings(0.6, 3), 1, { resamples: 300 });
    expect(result.low).toBeLessThan(0);
    expect(result.high).toBeGreaterThan(0);
    const same = rankings(0.7, 4);
    expect(bootstrapMapDifference(same, same, 1, { resamples: 50 })).toMatchObject({
      difference: 0,
      low: 0,
      high: 0,
    });
  });

  it('gives the same interval as MAP@k taken from every metric of each resample, on a fixed seed', () => {
    const a = rankings(0.7, 5);
    const b = rankings(0.5, 6);
    for (const k of [1, 2]) {
      const fromEveryMetric = bootstrapDifference(
        a,
        b,
        (scored) => (scored.some((item) => item.positive) ? computeMetrics(scored, k).mapAtK : null),
        { resamples: 200, seed: 11 },
      );
      expect(fromEveryMetric.resamples).toBe(200);
      expect(bootstrapMapDifference(a, b, k, { resamples: 200, seed: 11 })).toEqual(fromEveryMetric);
    }
  });
});
