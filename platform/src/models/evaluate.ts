/**
 * `evaluateOnValidation`: the platform's own measurement of a trained model — its `predict` on the
 * validation split, as of the end of that split's feature window, scored against the split's labels. Every
 * model (the bank's, its champion, the baselines) is measured by this one function, so they compare fairly.
 */
import type {
  ModelArtifact,
  ModelRunContext,
  RecommendationModel,
  TrainingDataset,
} from '@finpersona/plugin-sdk';
import { positivesOf } from './baselines';
import { computeMetrics, defaultRankingCutoff, type ModelMetrics, type ScoredCandidate } from './metrics';

export interface EvaluationOptions {
  /** Cut-off of MAP@k and NDCG@k (default `defaultRankingCutoff`). */
  readonly k?: number;
  /** Abort and heartbeat for the model's `predict` (default: never aborted, no heartbeat). */
  readonly context?: ModelRunContext;
}

/** A run context for work nobody waits on: never aborted, heartbeats dropped. */
export const detachedRunContext: ModelRunContext = {
  signal: new AbortController().signal,
  heartbeat: () => undefined,
};

/**
 * Scores the validation split with `model` and `artifact` and computes the metrics over every customer ×
 * product the customer did not hold at the end of the feature window. Throws when the model leaves out a
 * candidate's score or returns one outside [0, 1] (a contract breach, not a bad score).
 */
export async function evaluateOnValidation(
  model: RecommendationModel,
  artifact: ModelArtifact,
  dataset: TrainingDataset,
  options: EvaluationOptions = {},
): Promise<ModelMetrics> {
  const scored = await scoreValidation(model, artifact, dataset, options);
  return computeMetrics(scored, options.k ?? defaultRankingCutoff);
}

/**
 * The scored candidates `evaluateOnValidation` computes its metrics from (every customer × product not held
 * in the validation split, with its score and outcome), for analyses beyond the metrics (e.g. a bootstrap
 * interval of the difference between two models on the same candidates). Same checks, same errors.
 */
export async function scoreValidation(
  model: RecommendationModel,
  artifact: ModelArtifact,
  dataset: TrainingDataset,
  options: Pick<EvaluationOptions, 'context'> = {},
): Promise<ScoredCandidate[]> {
  const split = dataset.validation;
  const result = await model.predict(
    {
      artifact,
      asOf: split.featureWindow.to,
      products: dataset.products,
      customers: split.examples.map(({ customer, features, held }) => ({ customer, features, held })),
    },
    options.context ?? detachedRunContext,
  );
  const scores = new Map(
    result.scores.map((entry) => [`${entry.customer}\u0000${entry.product}`, entry.score]),
  );
  const scored: ScoredCandidate[] = [];
  for (const example of split.examples) {
    const positives = positivesOf(example);
    for (const product of dataset.products) {
      if (example.held.includes(product.id)) continue;
      const score = scores.get(`${example.customer}\u0000${product.id}`);
      if (score === undefined || !(score >= 0 && score <= 1)) {
        throw new Error(
          `The model gave ${score === undefined ? 'no score' : `the score ${score}`} for ${product.id} of ${example.customer}; every candidate needs a score in [0, 1]`,
        );
      }
      scored.push({
        customer: example.customer,
        product: product.id,
        score,
        positive: positives.has(product.id),
      });
    }
  }
  return scored;
}
