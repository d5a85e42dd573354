/**
 * Small numeric helpers the platform and plugins share (models, forecasts, generated tests), so there is one
 * copy of each: a seeded pseudo-random generator, mean and standard deviation, the area under the ROC curve,
 * and an L2-regularised logistic regression fitted by Newton's method. Plain TypeScript without Node
 * built-ins (they are part of the plugin run-time), deterministic, no dependencies.
 */

/** A seeded generator: call it (or `next`) for a number in [0, 1); `int`, `pick` and `chance` build on it. */
export interface SeededRandom {
  (): number;
  readonly next: () => number;
  /** A whole number in [min, max]. */
  readonly int: (min: number, max: number) => number;
  /** One of `values` (not empty). */
  readonly pick: <T>(values: readonly T[]) => T;
  /** True with `probability`. */
  readonly chance: (probability: number) => boolean;
}

/**
 * mulberry32: a small seeded pseudo-random generator, so a training run, a forecast or a generated test is
 * repeatable from its seed. Not for anything secret.
 */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return Object.assign(() => next(), {
    next,
    int,
    pick: <T>(values: readonly T[]): T => values[int(0, values.length - 1)]!,
    chance: (probability: number) => next() < probability,
  });
}

/** Mean and population standard deviation of `values` (both 0 when empty). */
export function meanAndDeviation(values: readonly number[]): { mean: number; deviation: number } {
  if (values.length === 0) return { mean: 0, deviation: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return { mean, deviation: Math.sqrt(variance) };
}

/**
 * Area under the ROC curve: the probability that a positive scores above a negative, ties counted as half
 * (Mann–Whitney with average ranks). Null without both a positive and a negative.
 */
export function areaUnderCurve(scored: readonly { score: number; positive: boolean }[]): number | null {
  const positives = scored.filter((item) => item.positive).length;
  const negatives = scored.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const sorted = [...scored].sort((a, b) => a.score - b.score);
  let positiveRankSum = 0;
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1]!.score === sorted[start]!.score) end += 1;
    // Ranks start..end (1-based start+1..end+1) share their average.
    const averageRank = (start + end + 2) / 2;
    for (let index = start; index <= end; index += 1)
      if (sorted[index]!.positive) positiveRankSum += averageRank;
    start = end + 1;
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Logistic function, without overflow for large |z|. */
export const sigmoid = (z: number): number =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
const logit = (p: number) => Math.log(p / (1 - p));

/** `weights · row + intercept`, the intercept being the last weight. */
export function linearScore(weights: readonly number[], row: ArrayLike<number>): number {
  let z = weights[row.length]!;
  for (let index = 0; index < row.length; index += 1) z += weights[index]! * row[index]!;
  return z;
}

/** Solves `matrix · x = vector` for a symmetric positive definite matrix (Cholesky). */
function solveSymmetric(matrix: number[][], vector: number[]): number[] {
  const size = vector.length;
  const lower = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < size; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = matrix[i]![j]!;
      for (let m = 0; m < j; m += 1) sum -= lower[i]![m]! * lower[j]![m]!;
      lower[i]![j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / lower[j]![j]!;
    }
  }
  const forward = new Array<number>(size).fill(0);
  for (let i = 0; i < size; i += 1) {
    let sum = vector[i]!;
    for (let m = 0; m < i; m += 1) sum -= lower[i]![m]! * forward[m]!;
    forward[i] = sum / lower[i]![i]!;
  }
  const solution = new Array<number>(size).fill(0);
  for (let i = size - 1; i >= 0; i -= 1) {
    let sum = forward[i]!;
    for (let m = i + 1; m < size; m += 1) sum -= lower[m]![i]! * solution[m]!;
    solution[i] = sum / lower[i]![i]!;
  }
  return solution;
}

const newtonIterations = 30;

/**
 * L2-regularised logistic regression (penalty `l2 / 2 · |w|²` on the weights, not the intercept, added to
 * the summed log-loss) by Newton's method with step halving; returns the weights over the rows' columns,
 * intercept last (score with `sigmoid(linearScore(weights, row))`). Targets are 0 or 1. With no positive
 * (or no negative) there is nothing to separate: no weights, and a smoothed constant rate as intercept
 * instead of a diverging one.
 */
export function fitLogisticRegression(
  rows: readonly ArrayLike<number>[],
  targets: readonly number[],
  l2: number,
): number[] {
  const width = (rows[0]?.length ?? 0) + 1;
  const positives = targets.reduce((a, b) => a + b, 0);
  const weights = new Array<number>(width).fill(0);
  if (positives === 0 || positives === targets.length) {
    weights[width - 1] = logit((positives + 0.5) / (targets.length + 1));
    return weights;
  }
  weights[width - 1] = logit(positives / targets.length);
  const objective = (candidate: readonly number[]) => {
    let total = 0;
    rows.forEach((row, index) => {
      const z = linearScore(candidate, row);
      // log(1 + e^z) − y·z, computed without overflow.
      total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - targets[index]! * z;
    });
    for (let i = 0; i < width - 1; i += 1) total += (l2 / 2) * candidate[i]! ** 2;
    return total;
  };
  for (let iteration = 0; iteration < newtonIterations; iteration += 1) {
    const gradient = new Array<number>(width).fill(0);
    const hessian = Array.from({ length: width }, () => new Array<number>(width).fill(0));
    rows.forEach((row, index) => {
      const p = sigmoid(linearScore(weights, row));
      const error = p - targets[index]!;
      const curvature = Math.max(p * (1 - p), 1e-9);
      const x = [...Array.from(row), 1];
      for (let i = 0; i < width; i += 1) {
        gradient[i]! += error * x[i]!;
        const scaled = curvature * x[i]!;
        for (let j = 0; j <= i; j += 1) hessian[i]![j]! += scaled * x[j]!;
      }
    });
    for (let i = 0; i < width; i += 1) {
      for (let j = 0; j < i; j += 1) hessian[j]![i] = hessian[i]![j]!;
      if (i < width - 1) {
        gradient[i]! += l2 * weights[i]!;
        hessian[i]![i]! += l2;
      } else {
        hessian[i]![i]! += 1e-6;
      }
    }
    const step = solveSymmetric(hessian, gradient);
    // Newton's full step can overshoot on the log-loss (near-separable data): halve it until the penalised
    // objective decreases.
    const before = objective(weights);
    let scale = 1;
    let candidate = weights.map((weight, i) => weight - step[i]!);
    while (objective(candidate) > before && scale > 1e-6) {
      scale /= 2;
      candidate = weights.map((weight, i) => weight - scale * step[i]!);
    }
    let largest = 0;
    for (let i = 0; i < width; i += 1) {
      largest = Math.max(largest, Math.abs(candidate[i]! - weights[i]!));
      weights[i] = candidate[i]!;
    }
    if (largest < 1e-7) break;
  }
  return weights;
}
