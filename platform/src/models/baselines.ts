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
  positiveOutcomes,
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
const newtonIterations = 30;

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
    const mean = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
    const variance = known.length
      ? known.reduce((sum, value) => sum + (value - mean) ** 2, 0) / known.length
      : 0;
    return {
      name,
      mean,
      // A constant feature carries nothing: scaled by 1 it stays 0 after centring.
      deviation: variance > 0 ? Math.sqrt(variance) : 1,
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

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const logit = (p: number) => Math.log(p / (1 - p));

function linear(weights: readonly number[], row: readonly number[]): number {
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

/**
 * L2-regularised logistic regression by Newton's method; weights over the row's inputs, intercept last. A
 * product never (or always) taken in training gets no weights and a smoothed constant rate instead of a
 * diverging intercept.
 */
export function fitLogisticRegression(
  rows: readonly number[][],
  targets: readonly number[],
  l2 = logisticRegressionL2,
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
      const z = linear(candidate, row);
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
      const p = sigmoid(linear(weights, row));
      const error = p - targets[index]!;
      const curvature = Math.max(p * (1 - p), 1e-9);
      const x = [...row, 1];
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
