/**
 * How sure is "model A beats model B"? A paired bootstrap of a metric's difference on the same validation
 * candidates: resample the customers with replacement (a customer's candidates travel together, so the
 * resample keeps the data's dependence), recompute the metric for both models on each resample and take the
 * percentile interval of the difference. An interval above 0 says A's lead is unlikely to be luck of this
 * window. The metrics bootstrapped are AUC (`bootstrapAucDifference`) and MAP@k (`bootstrapMapDifference`).
 */
import { areaUnderCurve, seededRandom } from '@finpersona/plugin-sdk';
import { meanAveragePrecisionAtK, type ScoredCandidate } from './metrics';

export interface DifferenceInterval {
  /** metric(a) − metric(b) on the candidates as they are; null when either metric is undefined. */
  readonly difference: number | null;
  /** Percentile interval of the difference over the resamples where both metrics are defined. */
  readonly low: number | null;
  readonly high: number | null;
  /** Share of those resamples where A's metric is above B's. */
  readonly shareAbove: number | null;
  readonly resamples: number;
}

export interface BootstrapOptions {
  readonly resamples?: number;
  /** Two-sided coverage of the interval (default 0.95). */
  readonly coverage?: number;
  readonly seed?: number;
}

/** A metric of scored candidates (null when it is undefined on them, e.g. an AUC without a positive). */
export type CandidateMetric = (scored: readonly ScoredCandidate[]) => number | null;

/**
 * Paired bootstrap interval of metric(a) − metric(b). `a` and `b` score the same candidates (same customers
 * and products, same outcomes; order does not matter); throws when they do not. A customer drawn twice counts
 * as two customers (each copy gets its own id), so per-customer metrics such as MAP@k see two rankings.
 */
export function bootstrapDifference(
  a: readonly ScoredCandidate[],
  b: readonly ScoredCandidate[],
  metric: CandidateMetric,
  { resamples = 1000, coverage = 0.95, seed = 1 }: BootstrapOptions = {},
): DifferenceInterval {
  const key = (item: ScoredCandidate) => `${item.customer}\u0000${item.product}`;
  const scoresOfB = new Map(b.map((item) => [key(item), item]));
  if (scoresOfB.size !== a.length) throw new Error('Both models must score the same candidates');
  const byCustomer = new Map<string, { a: ScoredCandidate; b: ScoredCandidate }[]>();
  for (const item of a) {
    const other = scoresOfB.get(key(item));
    if (!other || other.positive !== item.positive)
      throw new Error('Both models must score the same candidates');
    const list = byCustomer.get(item.customer) ?? [];
    list.push({ a: item, b: other });
    byCustomer.set(item.customer, list);
  }
  const customers = [...byCustomer.values()];
  const differenceOf = (drawn: readonly (typeof customers)[number][]) => {
    const side = (pick: 'a' | 'b') =>
      drawn.flatMap((pairs, copy) => pairs.map((pair) => ({ ...pair[pick], customer: `${copy}` })));
    const ofA = metric(side('a'));
    const ofB = metric(side('b'));
    return ofA === null || ofB === null ? null : ofA - ofB;
  };
  const random = seededRandom(seed);
  const differences: number[] = [];
  for (let round = 0; round < resamples; round += 1) {
    const drawn = Array.from(
      { length: customers.length },
      () => customers[random.int(0, customers.length - 1)]!,
    );
    const difference = differenceOf(drawn);
    if (difference !== null) differences.push(difference);
  }
  differences.sort((x, y) => x - y);
  const at = (share: number) =>
    differences.length
      ? differences[Math.min(differences.length - 1, Math.max(0, Math.floor(share * differences.length)))]!
      : null;
  const tail = (1 - coverage) / 2;
  return {
    difference: differenceOf(customers),
    low: at(tail),
    high: at(1 - tail),
    shareAbove: differences.length
      ? differences.filter((value) => value > 0).length / differences.length
      : null,
    resamples: differences.length,
  };
}

/** Paired bootstrap interval of AUC(a) − AUC(b) over all candidates pooled. */
export function bootstrapAucDifference(
  a: readonly ScoredCandidate[],
  b: readonly ScoredCandidate[],
  options: BootstrapOptions = {},
): DifferenceInterval {
  return bootstrapDifference(a, b, areaUnderCurve, options);
}

/**
 * Paired bootstrap interval of MAP@k(a) − MAP@k(b), over the customers who took a product. Each resample
 * computes MAP@k from the rankings alone, not every metric of `computeMetrics` (same value, far less work).
 */
export function bootstrapMapDifference(
  a: readonly ScoredCandidate[],
  b: readonly ScoredCandidate[],
  k: number,
  options: BootstrapOptions = {},
): DifferenceInterval {
  return bootstrapDifference(
    a,
    b,
    (scored) => (scored.some((item) => item.positive) ? meanAveragePrecisionAtK(scored, k) : null),
    options,
  );
}
