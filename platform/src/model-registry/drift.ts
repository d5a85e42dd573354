import type { FeatureVector } from '@finpersona/plugin-sdk';
import type { FeatureProfile } from './model-version.entity';

/** Bins per feature: deciles of the training values. */
export const profileBins = 10;
/** Shares below this count as this, so an empty bin does not make PSI infinite. */
const smallestShare = 1e-4;

/**
 * The distribution of each feature over `vectors` (a training split): decile edges of the non-null values
 * (repeated edges collapsed, so a flag has two bins) and the share of vectors in each bin and missing.
 */
export function featureProfile(
  features: readonly string[],
  vectors: readonly FeatureVector[],
): FeatureProfile {
  const profile: Record<string, FeatureProfile[string]> = {};
  for (const feature of features) {
    const values = vectors
      .map((vector) => vector[feature])
      .filter((value): value is number => typeof value === 'number' && Number.isFinite(value))
      .sort((a, b) => a - b);
    const edges: number[] = [];
    for (let bin = 1; bin < profileBins && values.length > 0; bin += 1) {
      const edge = values[Math.min(values.length - 1, Math.floor((bin * values.length) / profileBins))]!;
      if (edges.at(-1) !== edge) edges.push(edge);
    }
    profile[feature] = {
      edges,
      shares: binShares(edges, values, vectors.length === 0 ? 1 : vectors.length),
      missing: vectors.length === 0 ? 0 : (vectors.length - values.length) / vectors.length,
    };
  }
  return profile;
}

/**
 * Population stability index of each profiled feature between the profile (expected) and `vectors`
 * (actual): Σ (actual − expected) · ln(actual / expected) over the bins and the missing share. Largest first.
 * Below 0.1 is stable, 0.1–0.25 a moderate shift, above 0.25 a significant one.
 */
export function populationStability(
  profile: FeatureProfile,
  vectors: readonly FeatureVector[],
): { feature: string; psi: number }[] {
  if (vectors.length === 0) return [];
  const results = Object.entries(profile).map(([feature, expected]) => {
    const values = vectors
      .map((vector) => vector[feature])
      .filter((value): value is number => typeof value === 'number' && Number.isFinite(value))
      .sort((a, b) => a - b);
    const actualShares = binShares(expected.edges, values, vectors.length);
    const actualMissing = (vectors.length - values.length) / vectors.length;
    const pairs: [number, number][] = [
      ...actualShares.map((share, index): [number, number] => [share, expected.shares[index] ?? 0]),
      [actualMissing, expected.missing],
    ];
    const psi = pairs.reduce((sum, [actual, wanted]) => {
      const a = Math.max(actual, smallestShare);
      const e = Math.max(wanted, smallestShare);
      return sum + (a - e) * Math.log(a / e);
    }, 0);
    return { feature, psi };
  });
  return results.sort((a, b) => b.psi - a.psi || a.feature.localeCompare(b.feature));
}

/** Share of `sorted` values in each bin of `edges` (bin i: values ≤ edges[i] and above edges[i − 1]). */
function binShares(edges: readonly number[], sorted: readonly number[], total: number): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const value of sorted) {
    let bin = edges.findIndex((edge) => value <= edge);
    if (bin < 0) bin = edges.length;
    counts[bin]! += 1;
  }
  return counts.map((count) => count / total);
}
