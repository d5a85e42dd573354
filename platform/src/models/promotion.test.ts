import { describe, expect, it } from 'vitest';
import type { ModelMetrics } from './metrics';
import { decidePromotion, promotionMargin } from './promotion';

const metrics = (auc: number | null, mapAtK = 0.3): ModelMetrics => ({
  auc,
  mapAtK,
  ndcgAtK: mapAtK,
  k: 3,
  brier: 0.1,
  ece: 0.02,
  examples: 1000,
  positives: auc === null ? 0 : 100,
  perProduct: {},
  reliability: [],
});

const baselines = { popularity: metrics(0.6), 'logistic regression': metrics(0.7) };

describe('decidePromotion', () => {
  it('promotes a challenger that beats the champion and every baseline, naming the numbers', () => {
    const decision = decidePromotion({ challenger: metrics(0.75), champion: metrics(0.72), baselines });
    expect(decision.promote).toBe(true);
    expect(decision.reason).toBe(
      "Promoted: AUC 0.750 beats the champion's 0.720; AUC 0.750 beats popularity's 0.600; AUC 0.750 beats logistic regression's 0.700",
    );
  });

  it('promotes the first model when it beats the baselines (no champion yet)', () => {
    const decision = decidePromotion({ challenger: metrics(0.75), baselines });
    expect(decision).toMatchObject({ promote: true, reason: expect.stringContaining('(no champion yet)') });
  });

  it('rejects a challenger below a baseline, saying which and what it needed', () => {
    const decision = decidePromotion({ challenger: metrics(0.68), champion: null, baselines });
    expect(decision.promote).toBe(false);
    expect(decision.reason).toBe(
      "Not promoted: AUC 0.680 is below logistic regression's 0.700 (it needs more than 0.705)",
    );
  });

  it('rejects a challenger worse than the champion even when it beats the baselines', () => {
    const decision = decidePromotion({ challenger: metrics(0.72), champion: metrics(0.8), baselines });
    expect(decision).toMatchObject({
      promote: false,
      reason: expect.stringContaining("below the champion's 0.800"),
    });
  });

  it('within the AUC margin the two tie and MAP@k decides', () => {
    const champion = metrics(0.75, 0.3);
    const better = decidePromotion({
      challenger: metrics(0.75 + promotionMargin / 2, 0.31),
      champion,
      baselines,
    });
    expect(better.promote).toBe(true);
    expect(better.reason).toContain(
      "ties the champion's 0.750 (within 0.005) and MAP@3 0.310 beats its 0.300",
    );
    const worse = decidePromotion({
      challenger: metrics(0.75 + promotionMargin / 2, 0.29),
      champion,
      baselines,
    });
    expect(worse).toMatchObject({
      promote: false,
      reason: expect.stringContaining('does not beat its 0.300'),
    });
  });

  it('refuses to promote when the validation window cannot measure AUC', () => {
    const decision = decidePromotion({ challenger: metrics(null), baselines });
    expect(decision).toMatchObject({
      promote: false,
      reason: expect.stringContaining('no positive outcome'),
    });
  });
});
