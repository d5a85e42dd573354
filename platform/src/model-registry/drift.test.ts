import { describe, expect, it } from 'vitest';
import { featureProfile, populationStability } from './drift';

const vectors = (values: (number | null)[]) => values.map((value) => ({ 'income.monthly': value }));
const range = (from: number, count: number) => Array.from({ length: count }, (_, index) => from + index);

describe('feature drift (PSI against the training profile)', () => {
  it('the same distribution is stable (PSI ~ 0)', () => {
    const profile = featureProfile(['income.monthly'], vectors(range(0, 1000)));
    const [result] = populationStability(profile, vectors(range(0, 1000)));
    expect(result!.psi).toBeLessThan(0.01);
  });

  it('a shifted distribution is a significant drift (PSI > 0.25)', () => {
    const profile = featureProfile(['income.monthly'], vectors(range(0, 1000)));
    const [result] = populationStability(profile, vectors(range(600, 1000)));
    expect(result!.psi).toBeGreaterThan(0.25);
  });

  it('values turning missing count as drift; a flag profiles into two bins', () => {
    const profile = featureProfile(['income.monthly'], vectors([...range(0, 90), ...Array(10).fill(null)]));
    expect(profile['income.monthly']!.missing).toBeCloseTo(0.1);
    const [result] = populationStability(profile, vectors([...range(0, 40), ...Array(60).fill(null)]));
    expect(result!.psi).toBeGreaterThan(0.25);
    const flags = featureProfile(['income.monthly'], vectors([0, 0, 1, 1, 0, 1]));
    expect(flags['income.monthly']!.edges).toEqual([0, 1]);
  });

  it('no new vectors: nothing to compare', () => {
    expect(populationStability(featureProfile(['x'], []), [])).toEqual([]);
  });
});
