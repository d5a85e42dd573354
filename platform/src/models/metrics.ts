/**
 * The metrics the platform promotes recommendation models on, computed by the platform itself from a model's
 * scores on a validation split (never taken from the model's own report). Pure functions.
 *
 * - AUC: the probability that a positive customer × product pair scores above a negative one, ties counted
 *   as half (Mann–Whitney with average ranks). Null when there is no positive or no negative.
 * - MAP@k and NDCG@k: per customer, the candidate products ranked by score (ties in product id order, so
 *   every model is ranked the same way on equal scores), binary relevance; the mean over customers with at
 *   least one positive (a customer with none has no ranking to judge).
 * - Brier: mean squared difference between score and outcome.
 * - ECE: expected calibration error over equal-width score bins, with the reliability bins themselves.
 */
import { areaUnderCurve } from '@finpersona/plugin-sdk';

/** One scored candidate: a product the customer did not hold, its score and whether it was taken. */
export interface ScoredCandidate {
  readonly customer: string;
  readonly product: string;
  readonly score: number;
  readonly positive: boolean;
}

/** One reliability bin: scores in `[from, to)` (the last bin includes 1). */
export interface ReliabilityBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly meanScore: number;
  readonly positiveRate: number;
}

/** Metrics of one product's candidates. */
export interface ProductMetrics {
  readonly auc: number | null;
  readonly brier: number;
  readonly ece: number;
  readonly examples: number;
  readonly positives: number;
}

/** Pooled metrics over every candidate, the ranking metrics at `k`, and the same per product id. */
export interface ModelMetrics extends ProductMetrics {
  readonly mapAtK: number;
  readonly ndcgAtK: number;
  readonly k: number;
  readonly perProduct: Readonly<Record<string, ProductMetrics>>;
  readonly reliability: readonly ReliabilityBin[];
}

/** Default cut-off of the ranking metrics: a dashboard shows a handful of recommendations. */
export const defaultRankingCutoff = 3;
/** Equal-width bins of the calibration error. */
export const calibrationBins = 10;

/** AUC with ties counted as half; null without both a positive and a negative (the SDK's one copy). */
export { areaUnderCurve };

export function brierScore(scored: readonly { score: number; positive: boolean }[]): number {
  if (scored.length === 0) return 0;
  return scored.reduce((sum, item) => sum + (item.score - (item.positive ? 1 : 0)) ** 2, 0) / scored.length;
}

export function reliabilityBins(
  scored: readonly { score: number; positive: boolean }[],
  bins = calibrationBins,
): ReliabilityBin[] {
  const totals = Array.from({ length: bins }, () => ({ count: 0, scoreSum: 0, positives: 0 }));
  for (const item of scored) {
    const bin = totals[Math.min(bins - 1, Math.max(0, Math.floor(item.score * bins)))]!;
    bin.count += 1;
    bin.scoreSum += item.score;
    if (item.positive) bin.positives += 1;
  }
  return totals.map((bin, index) => ({
    from: index / bins,
    to: (index + 1) / bins,
    count: bin.count,
    meanScore: bin.count ? bin.scoreSum / bin.count : 0,
    positiveRate: bin.count ? bin.positives / bin.count : 0,
  }));
}

/** Expected calibration error: the count-weighted mean gap between mean score and positive rate per bin. */
export function expectedCalibrationError(bins: readonly ReliabilityBin[]): number {
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  if (total === 0) return 0;
  return bins.reduce((sum, bin) => sum + (bin.count / total) * Math.abs(bin.meanScore - bin.positiveRate), 0);
}

/** Each customer's candidates, best score first (ties by product id). */
function rankingsByCustomer(scored: readonly ScoredCandidate[]): ScoredCandidate[][] {
  const byCustomer = new Map<string, ScoredCandidate[]>();
  for (const item of scored) {
    const list = byCustomer.get(item.customer);
    if (list) list.push(item);
    else byCustomer.set(item.customer, [item]);
  }
  return [...byCustomer.values()].map((list) =>
    list.sort((a, b) => b.score - a.score || (a.product < b.product ? -1 : a.product > b.product ? 1 : 0)),
  );
}

/** Average precision at k of one ranking: precision at each relevant position within k, over min(k, relevant). */
export function averagePrecisionAtK(ranking: readonly { positive: boolean }[], k: number): number {
  const relevant = ranking.filter((item) => item.positive).length;
  if (relevant === 0) return 0;
  let hits = 0;
  let sum = 0;
  ranking.slice(0, k).forEach((item, index) => {
    if (!item.positive) return;
    hits += 1;
    sum += hits / (index + 1);
  });
  return sum / Math.min(k, relevant);
}

/** NDCG at k of one ranking with binary gains (1 / log2(position + 1)). */
export function ndcgAtK(ranking: readonly { positive: boolean }[], k: number): number {
  const gain = (index: number) => 1 / Math.log2(index + 2);
  const relevant = ranking.filter((item) => item.positive).length;
  if (relevant === 0) return 0;
  let dcg = 0;
  ranking.slice(0, k).forEach((item, index) => {
    if (item.positive) dcg += gain(index);
  });
  let ideal = 0;
  for (let index = 0; index < Math.min(k, relevant); index += 1) ideal += gain(index);
  return dcg / ideal;
}

function productMetrics(
  scored: readonly ScoredCandidate[],
): ProductMetrics & { reliability: ReliabilityBin[] } {
  const reliability = reliabilityBins(scored);
  return {
    auc: areaUnderCurve(scored),
    brier: brierScore(scored),
    ece: expectedCalibrationError(reliability),
    examples: scored.length,
    positives: scored.filter((item) => item.positive).length,
    reliability,
  };
}

/** The rankings MAP@k and NDCG@k judge: those of the customers with at least one positive. */
function judgedRankings(scored: readonly ScoredCandidate[]): ScoredCandidate[][] {
  return rankingsByCustomer(scored).filter((ranking) => ranking.some((item) => item.positive));
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

/**
 * MAP@k of scored candidates from their rankings alone (0 when no customer took a product): the `mapAtK` of
 * `computeMetrics`, without its other metrics.
 */
export function meanAveragePrecisionAtK(
  scored: readonly ScoredCandidate[],
  k = defaultRankingCutoff,
): number {
  return mapOfJudged(judgedRankings(scored), k);
}

const mapOfJudged = (judged: readonly ScoredCandidate[][], k: number) =>
  mean(judged.map((ranking) => averagePrecisionAtK(ranking, k)));

/** Every metric, pooled and per product, from scored candidates. */
export function computeMetrics(scored: readonly ScoredCandidate[], k = defaultRankingCutoff): ModelMetrics {
  const products = [...new Set(scored.map((item) => item.product))].sort();
  const perProduct = Object.fromEntries(
    products.map((product) => {
      const { reliability: _bins, ...metrics } = productMetrics(
        scored.filter((item) => item.product === product),
      );
      return [product, metrics];
    }),
  );
  const judged = judgedRankings(scored);
  return {
    ...productMetrics(scored),
    mapAtK: mapOfJudged(judged, k),
    ndcgAtK: mean(judged.map((ranking) => ndcgAtK(ranking, k))),
    k,
    perProduct,
  };
}
