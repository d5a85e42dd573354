/**
 * The propensity model behind the plugin: `train` fits the feature scaling on the training split, then an
 * ensemble of networks, each holding out a different fold (1/n of n networks) of the training customers for early stopping
 * and calibration (the validation split is left alone, so the platform's measurement on it stays honest);
 * `predict` averages the networks' calibrated probabilities; `explain` attributes by occlusion, replacing one
 * feature at a time with the training mean and measuring how much the score drops.
 */
import {
  fitLogisticRegression,
  linearScore,
  positiveOutcomes,
  seededRandom,
  sigmoid,
  type CandidateProduct,
  type Explanation,
  type FeatureVector,
  type ModelArtifact,
  type RecommendationModel,
  type TrainingExample,
} from '@finpersona/plugin-sdk';
import { loadTensorflow, type TensorflowPreference } from '@finpersona/plugin-sdk/tensorflow';
import { predictNetworks, trainNetwork, type NetworkOptions, type Rows, type StoredNetwork } from './network';
import { fitScaling, inputMatrix, inputWidth, writeInputs, type FeatureScaling } from './preprocess';
import { sentenceFrom } from './sentence';

export const propensityArtifactFormat = 'propensity-wide-deep/1';

export interface PropensitySettings {
  /** Networks in the ensemble (each holds out a different fold of the training customers). */
  readonly ensemble: number;
  readonly backend: TensorflowPreference;
  readonly network: NetworkOptions;
  /**
   * The linear member of the ensemble: per product, an L2-regularised logistic regression on the same
   * transformed inputs, fitted on every training customer; its probability is averaged with the networks'
   * with `weight` (0 leaves it out; the default since the label-time evaluation, where the regularised
   * networks alone ranked better).
   */
  readonly linear: { readonly weight: number; readonly l2: number };
}

export const defaultPropensitySettings: PropensitySettings = {
  // 10: on the PKDD'99 inner label-time split 10 networks scored pooled AUC 0.820 (0.812 with another seed)
  // against 0.803 for 5, 0.804 for 9 and 0.813 for 20 — averaging more networks mostly removes seed noise.
  ensemble: 10,
  backend: 'auto',
  network: {
    hidden: [32, 16],
    // Chosen on the PKDD'99 inner label-time split (1e-4, 1e-3, 3e-3 tried): less lets the trunk overfit the few takers.
    l2: 1e-3,
    learningRate: 0.005,
    maxEpochs: 200,
    patience: 20,
    maxPositiveWeight: 5,
    seed: 1,
  },
  // Off: on the PKDD'99 inner label-time split (weights 0, 0.5, 0.75 tried) every share of the linear member
  // lowered the AUC of the regularised networks. Kept as a setting (the mechanism is tested).
  linear: { weight: 0, l2: 10 },
};

/** Fewer training customers than this: no hold-out fold (too few to stop early on), a fixed short run. */
const minimumForHoldout = 50;
const shortRunEpochs = 60;

interface PropensityData {
  readonly scaling: readonly FeatureScaling[];
  readonly products: readonly string[];
  readonly networks: readonly StoredNetwork[];
  /** The linear member: weights per product (over the inputs, intercept last) and its share of the score. */
  readonly linear?: { readonly weight: number; readonly weights: readonly (readonly number[])[] };
  /** Rate of being taken over all training candidates, for a product the model was not trained on. */
  readonly pooledRate: number;
}

function dataOf(artifact: ModelArtifact): PropensityData {
  if (artifact.format !== propensityArtifactFormat || artifact.encoding !== 'json') {
    throw new Error(
      `Expected a ${propensityArtifactFormat} artifact, got ${artifact.format} (${artifact.encoding})`,
    );
  }
  return artifact.data as PropensityData;
}

/** Rows of examples: inputs, targets (taken or accepted) and the candidate mask (products not held). */
function rowsOf(
  scaling: readonly FeatureScaling[],
  products: readonly string[],
  examples: readonly TrainingExample[],
): Rows {
  const width = products.length;
  const targets = new Float32Array(examples.length * width);
  const mask = new Float32Array(examples.length * width);
  examples.forEach((example, row) => {
    const taken = new Set(
      example.labels
        .filter((label) => positiveOutcomes.includes(label.outcome))
        .map((label) => label.product),
    );
    products.forEach((product, column) => {
      const candidate = !example.held.includes(product);
      mask[row * width + column] = candidate ? 1 : 0;
      targets[row * width + column] = candidate && taken.has(product) ? 1 : 0;
    });
  });
  return {
    count: examples.length,
    inputs: inputMatrix(
      scaling,
      examples.map((example) => example.features),
    ),
    targets,
    mask,
  };
}

/**
 * The hold-out fold (0 … folds − 1) of each example, by a seeded shuffle of the customers, never of the
 * examples: a split that stacks snapshots has one example per customer and cut-off, and a customer's
 * snapshots must not sit on both sides of the hold-out (early stopping would stop late on what it has
 * already seen, and calibration would be fitted on it).
 */
export function customerFolds(
  examples: readonly Pick<TrainingExample, 'customer'>[],
  folds: number,
  seed: number,
): number[] {
  const random = seededRandom(seed);
  const customers = [...new Set(examples.map((example) => example.customer))];
  for (let index = customers.length - 1; index > 0; index -= 1) {
    const swap = Math.floor(random() * (index + 1));
    [customers[index], customers[swap]] = [customers[swap]!, customers[index]!];
  }
  const position = new Map(customers.map((customer, index) => [customer, index]));
  return examples.map((example) => position.get(example.customer)! % folds);
}

/** Per product, a logistic regression on the candidate rows (products not held) of `rows`. */
function fitLinear(rows: Rows, width: number, products: number, l2: number): number[][] {
  return Array.from({ length: products }, (_, product) => {
    const inputs: Float32Array[] = [];
    const targets: number[] = [];
    for (let row = 0; row < rows.count; row += 1) {
      if (!rows.mask[row * products + product]) continue;
      inputs.push(rows.inputs.subarray(row * width, (row + 1) * width));
      targets.push(rows.targets[row * products + product]!);
    }
    return fitLogisticRegression(inputs, targets, l2);
  });
}

export function createPropensityModel(
  settings: PropensitySettings = defaultPropensitySettings,
): RecommendationModel {
  const scoreMatrix = async (
    data: PropensityData,
    vectors: readonly FeatureVector[],
    rowsWritten?: Float32Array,
  ) => {
    const { tf } = await loadTensorflow(settings.backend);
    const width = inputWidth(data.scaling);
    const inputs = rowsWritten ?? inputMatrix(data.scaling, vectors);
    const rows = inputs.length / width;
    const products = data.products.length;
    const scores = await predictNetworks(tf, data.networks, inputs, rows, width, products);
    const linear = data.linear;
    if (linear && linear.weight > 0) {
      for (let row = 0; row < rows; row += 1) {
        const input = inputs.subarray(row * width, (row + 1) * width);
        for (let product = 0; product < products; product += 1) {
          const cell = row * products + product;
          const probability = sigmoid(linearScore(linear.weights[product]!, input));
          scores[cell] = (1 - linear.weight) * scores[cell]! + linear.weight * probability;
        }
      }
    }
    return scores;
  };

  return {
    async train(dataset, context) {
      const { tf, backend } = await loadTensorflow(settings.backend);
      const examples = dataset.train.examples;
      const scaling = fitScaling(
        dataset.features,
        examples.map((example) => example.features),
      );
      const products = dataset.products.map((product) => product.id);
      const width = inputWidth(scaling);
      const members = Math.max(1, settings.ensemble);
      const customerCount = new Set(examples.map((example) => example.customer)).size;
      const useHoldout = customerCount >= minimumForHoldout;
      const folds = useHoldout ? Math.max(members, 3) : 1;
      const foldOf = customerFolds(examples, folds, settings.network.seed);
      const networks: StoredNetwork[] = [];
      const maxEpochs = useHoldout ? settings.network.maxEpochs : shortRunEpochs;
      const aucs: number[] = [];
      for (let member = 0; member < members; member += 1) {
        const holdoutIndexes = new Set(
          useHoldout
            ? examples.map((_, index) => index).filter((index) => foldOf[index] === member % folds)
            : [],
        );
        const trainRows = rowsOf(
          scaling,
          products,
          examples.filter((_, index) => !holdoutIndexes.has(index)),
        );
        const holdoutRows = rowsOf(
          scaling,
          products,
          examples.filter((_, index) => holdoutIndexes.has(index)),
        );
        let lastAuc: number | null = null;
        const network = await trainNetwork(
          tf,
          trainRows,
          holdoutRows,
          width,
          products.length,
          { ...settings.network, maxEpochs, seed: settings.network.seed + member * 7919 },
          context.signal,
          ({ epoch, holdoutAuc }) => {
            lastAuc = holdoutAuc ?? lastAuc;
            context.heartbeat({
              progress: (member + epoch / maxEpochs) / members,
              detail: `network ${member + 1}/${members}, epoch ${epoch}${holdoutAuc === null ? '' : `, hold-out AUC ${holdoutAuc.toFixed(3)}`}`,
            });
          },
        );
        if (lastAuc !== null) aucs.push(lastAuc);
        networks.push(network);
      }
      let candidates = 0;
      let taken = 0;
      const all = rowsOf(scaling, products, examples);
      all.mask.forEach((cell, index) => {
        candidates += cell;
        taken += cell * all.targets[index]!;
      });
      const linearWeight = Math.min(1, Math.max(0, settings.linear.weight));
      const data: PropensityData = {
        scaling,
        products,
        networks,
        pooledRate: candidates ? taken / candidates : 0,
        ...(linearWeight > 0
          ? {
              linear: {
                weight: linearWeight,
                weights: fitLinear(all, width, products.length, settings.linear.l2),
              },
            }
          : {}),
      };
      return {
        artifact: { format: propensityArtifactFormat, encoding: 'json', data },
        metrics: {
          networks: networks.length,
          meanEpochs: networks.reduce((sum, network) => sum + network.epochs, 0) / networks.length,
          ...(aucs.length ? { lastHoldoutAuc: aucs.reduce((a, b) => a + b, 0) / aucs.length } : {}),
          nativeBackend: backend === 'tensorflow' ? 1 : 0,
        },
      };
    },

    async predict(batch, context) {
      if (context.signal.aborted) throw new Error('Scoring was stopped');
      const data = dataOf(batch.artifact);
      const probabilities = await scoreMatrix(
        data,
        batch.customers.map((customer) => customer.features),
      );
      const column = new Map(data.products.map((product, index) => [product, index]));
      return {
        scores: batch.customers.flatMap(({ customer, held }, row) =>
          batch.products
            .filter((product: CandidateProduct) => !held.includes(product.id))
            .map((product) => {
              const index = column.get(product.id);
              const score =
                index === undefined ? data.pooledRate : probabilities[row * data.products.length + index]!;
              return { customer, product: product.id, score: Math.min(1, Math.max(0, score)) };
            }),
        ),
      };
    },

    async explain(request): Promise<Explanation> {
      const data = dataOf(request.artifact);
      const column = data.products.indexOf(request.product.id);
      const features = request.customer.features;
      if (column < 0) {
        return { attributions: [], sentence: sentenceFrom([], request.product.type, request.locale) };
      }
      // Row 0: the customer as is; row 1 + i: feature i replaced by the training mean.
      const width = inputWidth(data.scaling);
      const rows = new Float32Array((data.scaling.length + 1) * width);
      writeInputs(data.scaling, features, rows, 0);
      data.scaling.forEach((_, index) =>
        writeInputs(data.scaling, features, rows, (index + 1) * width, index),
      );
      const probabilities = await scoreMatrix(data, [], rows);
      const score = probabilities[column]!;
      const attributions = data.scaling
        .map((feature, index) => ({
          feature: feature.name,
          value: features[feature.name] ?? null,
          contribution: score - probabilities[(index + 1) * data.products.length + column]!,
        }))
        .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
      return { attributions, sentence: sentenceFrom(attributions, request.product.type, request.locale) };
    },
  };
}
