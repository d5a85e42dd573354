/**
 * The propensity model behind the plugin: `train` fits the feature scaling on the training split, then an
 * ensemble of networks, each holding out a different fifth of the training customers for early stopping
 * and calibration (the validation split is left alone, so the platform's measurement on it stays honest);
 * `predict` averages the networks' calibrated probabilities; `explain` attributes by occlusion, replacing one
 * feature at a time with the training mean and measuring how much the score drops.
 */
import {
  positiveOutcomes,
  seededRandom,
  type CandidateProduct,
  type Explanation,
  type FeatureVector,
  type ModelArtifact,
  type RecommendationModel,
  type TrainingExample,
} from '@finpersona/plugin-sdk';
import { loadTensorflow, type TensorflowPreference } from '@finpersona/plugin-sdk/tensorflow';
import {
  predictNetworks,
  trainNetwork,
  type NetworkOptions,
  type Rows,
  type StoredNetwork,
} from './network';
import { fitScaling, inputMatrix, inputWidth, writeInputs, type FeatureScaling } from './preprocess';
import { sentenceFrom } from './sentence';

export const propensityArtifactFormat = 'propensity-wide-deep/1';

export interface PropensitySettings {
  /** Networks in the ensemble (each holds out a different fold of the training customers). */
  readonly ensemble: number;
  readonly backend: TensorflowPreference;
  readonly network: NetworkOptions;
}

export const defaultPropensitySettings: PropensitySettings = {
  ensemble: 5,
  backend: 'auto',
  network: {
    hidden: [32, 16],
    l2: 1e-4,
    learningRate: 0.005,
    maxEpochs: 200,
    patience: 20,
    maxPositiveWeight: 5,
    seed: 1,
  },
};

/** Fewer training customers than this: no hold-out fold (too few to stop early on), a fixed short run. */
const minimumForHoldout = 50;
const shortRunEpochs = 60;

interface PropensityData {
  readonly scaling: readonly FeatureScaling[];
  readonly products: readonly string[];
  readonly networks: readonly StoredNetwork[];
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
    return predictNetworks(tf, data.networks, inputs, rows, width, data.products.length);
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
      // Folds by a seeded shuffle of the training customers (one time window, so no leak across time).
      const random = seededRandom(settings.network.seed);
      const order = examples.map((_, index) => index);
      for (let index = order.length - 1; index > 0; index -= 1) {
        const swap = Math.floor(random() * (index + 1));
        [order[index], order[swap]] = [order[swap]!, order[index]!];
      }
      const members = Math.max(1, settings.ensemble);
      const useHoldout = examples.length >= minimumForHoldout;
      const folds = useHoldout ? Math.max(members, 3) : 1;
      const networks: StoredNetwork[] = [];
      const maxEpochs = useHoldout ? settings.network.maxEpochs : shortRunEpochs;
      const aucs: number[] = [];
      for (let member = 0; member < members; member += 1) {
        const holdoutIndexes = new Set(
          useHoldout ? order.filter((_, position) => position % folds === member % folds) : [],
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
      const data: PropensityData = {
        scaling,
        products,
        networks,
        pooledRate: candidates ? taken / candidates : 0,
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
