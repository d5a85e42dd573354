/**
 * Models (issue 6, prediction): the metrics the platform promotes on, the baselines that always run beside a
 * bank's model, the platform's own evaluation on the validation split and the promotion rule. Pure code; the
 * model registry and the retraining workflow build on it.
 */
export {
  areaUnderCurve,
  averagePrecisionAtK,
  brierScore,
  calibrationBins,
  computeMetrics,
  defaultRankingCutoff,
  expectedCalibrationError,
  ndcgAtK,
  reliabilityBins,
  type ModelMetrics,
  type ProductMetrics,
  type ReliabilityBin,
  type ScoredCandidate,
} from './metrics';
export {
  logisticRegressionBaseline,
  logisticRegressionFormat,
  logisticRegressionL2,
  popularityBaseline,
  popularityFormat,
  positivesOf,
} from './baselines';
export {
  detachedRunContext,
  evaluateOnValidation,
  scoreValidation,
  type EvaluationOptions,
} from './evaluate';
export {
  bootstrapAucDifference,
  bootstrapDifference,
  bootstrapMapDifference,
  type BootstrapOptions,
  type CandidateMetric,
  type DifferenceInterval,
} from './bootstrap';
export { decidePromotion, promotionMargin, type PromotionDecision, type PromotionInput } from './promotion';
