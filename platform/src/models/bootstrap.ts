/**
 * How sure is "model A beats model B"? A paired bootstrap of the AUC difference on the same validation
 * candidates: resample the customers with replacement (a customer's candidates travel together, so the
 * resample keeps the data's dependence), recompute both AUCs on each resample and take the percentile
 * interval of the difference. An interval above 0 says A's lead is unlikely to be luck of this window.
 */
import { areaUnderCurve, seededRandom } from '@finpersona/plugin-sdk';
import type { ScoredCandidate } from './metrics';

export interface AucDifferenceInterval {
  /** AUC(a) − AUC(b) on the candidates as they are; null when either AUC is undefined. */
  readonly difference: number | null;
  /** Percentile interval of the difference over the resamples that have both a positive and a negative. */
  readonly low: number | null;
  readonly high: number | null;
  /** Share of those resamples where A's AUC is above B's. */
  readonly shareAbove: number | null;
  readonly resamples: number;
}

export interface BootstrapOptions {
  readonly resamples?: number;
  /** Two-sided coverage of the interval (default 0.95). */
  readonly coverage?: number;
  readonly seed?: number;
}

/**
 * Paired bootstrap interval of AUC(a) − AUC(b). `a` and `b` score the same candidates (same customers and
 * products, same outcomes; order does not matter); throws when they do not.
 */
export function bootstrapAucDifference(
  a: readonly ScoredCandidate[],
  b: readonly ScoredCandidate[],
  { resamples = 1000, coverage = 0.95, seed = 1 }: BootstrapOptions = {},
): AucDifferenceInterval {
  const key = (item: ScoredCandidate) => `${item.customer}\u0000${item.product}`;
  const scoresOfB = new Map(b.map((item) => [key(item), item]));
  if (scoresOfB.size !== a.length) throw new Error('Both models must score the same candidates');
  const byCustomer = new Map<string, { positive: boolean; a: number; b: number }[]>();
  for (const item of a) {
    const other = scoresOfB.get(key(item));
    if (!other || other.positive !== item.positive)
      throw new Error('Both models must score the same candidates');
    const list = byCustomer.get(item.customer) ?? [];
    list.push({ positive: item.positive, a: item.score, b: other.score });
    byCustomer.set(item.customer, list);
  }
  const customers = [...byCustomer.values()];
  const differenceOf = (cells: readonly { positive: boolean; a: number; b: number }[]) => {
    const aucA = areaUnderCurve(cells.map((cell) => ({ score: cell.a, positive: cell.positive })));
    const aucB = areaUnderCurve(cells.map((cell) => ({ score: cell.b, positive: cell.positive })));
    return aucA === null || aucB === null ? null : aucA - aucB;
  };
  const random = seededRandom(seed);
  const differences: number[] = [];
  for (let round = 0; round < resamples; round += 1) {
    const cells = Array.from(
      { length: customers.length },
      () => customers[random.int(0, customers.length - 1)]!,
    ).flat();
    const difference = differenceOf(cells);
    if (difference !== null) differences.push(difference);
  }
  differences.sort((x, y) => x - y);
  const at = (share: number) =>
    differences.length
      ? differences[Math.min(differences.length - 1, Math.max(0, Math.floor(share * differences.length)))]!
      : null;
  const tail = (1 - coverage) / 2;
  return {
    difference: differenceOf(customers.flat()),
    low: at(tail),
    high: at(1 - tail),
    shareAbove: differences.length
      ? differences.filter((value) => value > 0).length / differences.length
      : null,
    resamples: differences.length,
  };
}
