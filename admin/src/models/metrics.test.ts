import { describe, expect, it } from 'vitest';
import { bestBaseline, difference, metric, parseDataWindow, parseValidation, windowText } from './metrics.ts';

const figures = (auc: number | null) => ({
  auc,
  brier: 0.2,
  ece: 0.05,
  examples: 10,
  positives: 2,
  mapAtK: 0.5,
  ndcgAtK: 0.6,
  k: 3,
  perProduct: { card: { auc, brier: 0.2, ece: 0.05, examples: 10, positives: 2 } },
  reliability: [],
});

describe('model version measurements', () => {
  it('reads the validation the API sends, baselines by name, the best one by AUC', () => {
    const validation = parseValidation(
      JSON.stringify({
        window: {},
        challenger: figures(0.74),
        champion: { versionId: 'v1', metrics: figures(0.68) },
        baselines: { popularity: figures(0.58), 'logistic-regression': figures(0.63), broken: { auc: 1 } },
      }),
    )!;
    expect(validation.challenger.auc).toBe(0.74);
    expect(validation.champion?.auc).toBe(0.68);
    expect(validation.baselines.map((baseline) => baseline.name)).toEqual([
      'logistic-regression',
      'popularity',
    ]);
    expect(bestBaseline(validation)?.name).toBe('logistic-regression');
  });

  it('has no validation for missing or malformed text, and no best baseline without an AUC', () => {
    expect(parseValidation(null)).toBeNull();
    expect(parseValidation('not json')).toBeNull();
    expect(parseValidation(JSON.stringify({ challenger: { auc: 0.7 } }))).toBeNull();
    const validation = parseValidation(
      JSON.stringify({ challenger: figures(0.7), champion: null, baselines: { popularity: figures(null) } }),
    )!;
    expect(validation.champion).toBeNull();
    expect(bestBaseline(validation)).toBeNull();
  });

  it('reads the data window and writes days, metrics and differences', () => {
    const window = { from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };
    const parsed = parseDataWindow(
      JSON.stringify({
        train: { featureWindow: window, labelWindow: window },
        validation: { featureWindow: window, labelWindow: window },
      }),
    )!;
    expect(windowText(parsed.train.featureWindow)).toBe('2026-01-01 – 2026-04-01');
    expect(parseDataWindow('{}')).toBeNull();
    expect(metric(0.7404)).toBe('0.740');
    expect(metric(null)).toBe('—');
    expect(difference(0.74, 0.68)).toBe('+0.060');
    expect(difference(0.6, 0.68)).toBe('−0.080');
    expect(difference(null, 0.68)).toBe('—');
  });
});
