/**
 * The baselines the platform always trains and evaluates beside a bank's recommendation model, so a model is
 * only promoted when it is better than something simple (issue 6, prediction). Both implement the SDK's
 * `RecommendationModel` contract, so they are trained, scored and explained exactly like a plugin's model.
 *
 * - `popularityBaseline`: each product's rate of being taken in the training labels among customers who did
 *   not hold it, the same score for everyone.
 * - `logisticRegressionBaseline`: one logistic regression per product on standardised features plus a
 *   missing indicator per feature that was ever unknown in training, L2-regularised, fitted by Newton's
 *   method (plain TypeScript: small, exact and deterministic).
 */
import {
  fitLogisticRegression,
  linearScore as linear,
  meanAndDeviation,
  positiveOutcomes,
  sigmoid,
  type CandidateProduct,
  type DatasetSplit,
  type Explanation,
  type FeatureVector,
  type ModelArtifact,
  type PredictionResult,
  type RecommendationModel,
  type TrainingExample,
} from '@finpersona/plugin-sdk';
import { sentenceFrom } from '@finpersona/model-propensity';

/** The products an example took (a positive label). */
export function positivesOf(example: Pick<TrainingExample, 'labels'>): Set<string> {
  return new Set(
    example.labels.filter((label) => positiveOutcomes.includes(label.outcome)).map((label) => label.product),
  );
}

/** The candidate examples of one product in a split: customers who did not hold it, and whether they took it. */
function candidatesOf(
  split: DatasetSplit,
  product: string,
): { example: TrainingExample; positive: boolean }[] {
  return split.examples
    .filter((example) => !example.held.includes(product))
    .map((example) => ({ example, positive: positivesOf(example).has(product) }));
}

/** Scores every customer of a batch for every product they do not hold. */
function scoreCandidates(
  customers: readonly { customer: string; features: FeatureVector; held: readonly string[] }[],
  products: readonly CandidateProduct[],
  score: (features: FeatureVector, product: string) => number,
): PredictionResult {
  return {
    scores: customers.flatMap(({ customer, features, held }) =>
      products
        .filter((product) => !held.includes(product.id))
        .map((product) => ({ customer, product: product.id, score: score(features, product.id) })),
    ),
  };
}

function artifactData<T>(artifact: ModelArtifact, format: string): T {
  if (artifact.format !== format || artifact.encoding !== 'json') {
    throw new Error(`Expected a ${format} artifact (JSON), got ${artifact.format} (${artifact.encoding})`);
  }
  return artifact.data as T;
}

// ---------------------------------------------------------------- popularity

export const popularityFormat = 'popularity/1';

interface PopularityData {
  /** Product id → rate of being taken among candidates in training. */
  readonly rates: Record<string, number>;
  /** The pooled rate, for a product unseen in training. */
  readonly pooled: number;
}

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

export const popularityBaseline: RecommendationModel = {
  async train(dataset) {
    const rates: Record<string, number> = {};
    let candidates = 0;
    let taken = 0;
    for (const product of dataset.products) {
      const examples = candidatesOf(dataset.train, product.id);
      const positives = examples.filter((item) => item.positive).length;
      candidates += examples.length;
      taken += positives;
      rates[product.id] = examples.length ? positives / examples.length : 0;
    }
    const data: PopularityData = { rates, pooled: candidates ? taken / candidates : 0 };
    return {
      artifact: { format: popularityFormat, encoding: 'json', data },
      metrics: { trainingCandidates: candidates, trainingPositives: taken },
    };
  },
  async predict(batch) {
    const data = artifactData<PopularityData>(batch.artifact, popularityFormat);
    return scoreCandidates(
      batch.customers,
      batch.products,
      (_features, product) => data.rates[product] ?? data.pooled,
    );
  },
  async explain(request): Promise<Explanation> {
    const data = artifactData<PopularityData>(request.artifact, popularityFormat);
    const rate = data.rates[request.product.id] ?? data.pooled;
    return {
      attributions: [],
      sentence: `This is popular: ${percent(rate)} of customers who did not have it took it.`,
    };
  },
};

// ---------------------------------------------------------------- logistic regression

export const logisticRegressionFormat = 'logistic-regression/1';
/** L2 penalty on the standardised weights (not the intercept), on the summed log-loss. */
export const logisticRegressionL2 = 1;

/** How a feature becomes model inputs: its standardised value, and a missing indicator when needed. */
interface FeatureScaling {
  readonly name: string;
  readonly mean: number;
  readonly deviation: number;
  readonly missingIndicator: boolean;
}

interface LogisticRegressionData {
  readonly scaling: readonly FeatureScaling[];
  /** Product id → weights over `inputs(...)`, intercept last. */
  readonly weights: Record<string, number[]>;
  readonly pooledRate: number;
}

/** Mean and standard deviation of each feature's known values in `examples`, and whether it was ever unknown. */
export function fitScaling(names: readonly string[], examples: readonly TrainingExample[]): FeatureScaling[] {
  return names.map((name) => {
    const known = examples.map((example) => example.features[name]).filter((value) => value != null);
    const { mean, deviation } = meanAndDeviation(known);
    return {
      name,
      mean,
      // A constant feature carries nothing: scaled by 1 it stays 0 after centring.
      deviation: deviation > 0 ? deviation : 1,
      missingIndicator: known.length < examples.length,
    };
  });
}

/** The input row of one customer: standardised values (0 when unknown), then the missing indicators. */
function inputs(scaling: readonly FeatureScaling[], features: FeatureVector): number[] {
  const row: number[] = [];
  for (const feature of scaling) {
    const value = features[feature.name];
    row.push(value == null ? 0 : (value - feature.mean) / feature.deviation);
  }
  for (const feature of scaling)
    if (feature.missingIndicator) row.push(features[feature.name] == null ? 1 : 0);
  return row;
}

export const logisticRegressionBaseline: RecommendationModel = {
  async train(dataset, context) {
    const scaling = fitScaling(dataset.features, dataset.train.examples);
    const weights: Record<string, number[]> = {};
    let candidates = 0;
    let taken = 0;
    for (const [index, product] of dataset.products.entries()) {
      if (context.signal.aborted) throw new Error('Training was stopped');
      const examples = candidatesOf(dataset.train, product.id);
      const targets = examples.map((item) => (item.positive ? 1 : 0));
      candidates += examples.length;
      taken += targets.reduce<number>((a, b) => a + b, 0);
      weights[product.id] = fitLogisticRegression(
        examples.map((item) => inputs(scaling, item.example.features)),
        targets,
        logisticRegressionL2,
      );
      context.heartbeat({ progress: (index + 1) / dataset.products.length, detail: product.id });
    }
    const data: LogisticRegressionData = {
      scaling,
      weights,
      pooledRate: candidates ? taken / candidates : 0,
    };
    return {
      artifact: { format: logisticRegressionFormat, encoding: 'json', data },
      metrics: { trainingCandidates: candidates, trainingPositives: taken },
    };
  },
  async predict(batch) {
    const data = artifactData<LogisticRegressionData>(batch.artifact, logisticRegressionFormat);
    return scoreCandidates(batch.customers, batch.products, (features, product) => {
      const weights = data.weights[product];
      return weights ? sigmoid(linear(weights, inputs(data.scaling, features))) : data.pooledRate;
    });
  },
  async explain(request): Promise<Explanation> {
    const data = artifactData<LogisticRegressionData>(request.artifact, logisticRegressionFormat);
    const weights = data.weights[request.product.id];
    if (!weights)
      return { attributions: [], sentence: sentenceFrom([], request.product.type, request.locale) };
    const row = inputs(data.scaling, request.customer.features);
    const indicators = data.scaling.filter((feature) => feature.missingIndicator);
    // A feature's contribution: its standardised value's term plus its missing indicator's term.
    const attributions = data.scaling
      .map((feature, index) => {
        const indicator = indicators.indexOf(feature);
        const missingTerm =
          indicator < 0
            ? 0
            : weights[data.scaling.length + indicator]! * row[data.scaling.length + indicator]!;
        return {
          feature: feature.name,
          value: request.customer.features[feature.name] ?? null,
          contribution: weights[index]! * row[index]! + missingTerm,
        };
      })
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
    // The same customer-facing sentence as the default model's, from this model's attributions.
    const sentence = sentenceFrom(attributions, request.product.type, request.locale);
    return { attributions, sentence };
  },
};
