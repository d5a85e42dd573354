/**
 * Feature engineering inside the model, fitted on the training split only: each feature is transformed by
 * its unit (money and counts are heavy-tailed, so they go through a signed log), standardised with the
 * training mean and deviation, clipped, and unknown values become 0 (the training mean) plus a missing
 * indicator for every feature that was ever unknown in training.
 */
import {
  featureVocabulary,
  meanAndDeviation,
  type FeatureUnit,
  type FeatureVector,
} from '@finpersona/plugin-sdk';

/** How one feature becomes inputs; stored in the artefact. */
export interface FeatureScaling {
  readonly name: string;
  readonly unit: FeatureUnit;
  readonly mean: number;
  readonly deviation: number;
  readonly missingIndicator: boolean;
}

/** Standardised values beyond this many deviations are clipped (outliers must not dominate a small bank). */
const clipAt = 6;

/** The unit of a vocabulary name (`spend.category.groceries` → the family's unit). */
export function unitOf(name: string): FeatureUnit {
  const vocabulary = featureVocabulary as Record<string, { unit: FeatureUnit }>;
  const exact = vocabulary[name];
  if (exact) return exact.unit;
  const family = Object.keys(vocabulary).find(
    (key) => key.includes('.<') && name.startsWith(key.slice(0, key.indexOf('.<') + 1)),
  );
  return family ? vocabulary[family]!.unit : 'ratio';
}

/** The transform by unit, before standardisation. */
export function transform(unit: FeatureUnit, value: number): number {
  switch (unit) {
    case 'minor-units':
      // Signed log of the amount in major units: 40 and 4,000 differ as much as 4,000 and 400,000.
      return Math.sign(value) * Math.log1p(Math.abs(value) / 100);
    case 'count':
    case 'days':
    case 'months':
      return Math.log1p(Math.max(0, value));
    case 'ratio':
      return Math.max(-5, Math.min(5, value));
    default:
      return value;
  }
}

export function fitScaling(names: readonly string[], vectors: readonly FeatureVector[]): FeatureScaling[] {
  return names.map((name) => {
    const unit = unitOf(name);
    const known = vectors
      .map((vector) => vector[name])
      .filter((value): value is number => value != null && Number.isFinite(value))
      .map((value) => transform(unit, value));
    const { mean, deviation } = meanAndDeviation(known);
    return {
      name,
      unit,
      mean,
      deviation: deviation > 1e-6 ? deviation : 1,
      missingIndicator: known.length < vectors.length,
    };
  });
}

/** Number of inputs the scaling produces: one per feature, one per missing indicator. */
export function inputWidth(scaling: readonly FeatureScaling[]): number {
  return scaling.length + scaling.filter((feature) => feature.missingIndicator).length;
}

/**
 * Writes one customer's inputs into `target` at `offset`. `occlude` (a feature index) sets that feature to
 * the training mean and its indicator to "known", which is what an attribution compares against.
 */
export function writeInputs(
  scaling: readonly FeatureScaling[],
  features: FeatureVector,
  target: Float32Array,
  offset: number,
  occlude = -1,
): void {
  let indicator = offset + scaling.length;
  scaling.forEach((feature, index) => {
    const raw = features[feature.name];
    const known = raw != null && Number.isFinite(raw) && index !== occlude;
    const value = known ? (transform(feature.unit, raw) - feature.mean) / feature.deviation : 0;
    target[offset + index] = Math.max(-clipAt, Math.min(clipAt, value));
    if (feature.missingIndicator) {
      target[indicator] = raw == null && index !== occlude ? 1 : 0;
      indicator += 1;
    }
  });
}

/** The input matrix of many customers, row-major. */
export function inputMatrix(
  scaling: readonly FeatureScaling[],
  vectors: readonly FeatureVector[],
): Float32Array {
  const width = inputWidth(scaling);
  const matrix = new Float32Array(vectors.length * width);
  vectors.forEach((vector, row) => writeInputs(scaling, vector, matrix, row * width));
  return matrix;
}
