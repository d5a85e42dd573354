/**
 * The network: wide and deep, one sigmoid output per product. The deep part is a shared trunk (two ReLU
 * layers) that learns what customers who take products have in common; the wide part is a linear term per
 * product, so the model is never worse off than a logistic regression on the same inputs. Trained with
 * Adam on a masked, class-weighted sigmoid cross-entropy (held products carry no loss), L2 on the weights,
 * early stopping on a held-out fold of the training split, then Platt-calibrated on that fold.
 */
import { areaUnderCurve, seededRandom } from '@finpersona/plugin-sdk';
import type { Tensorflow } from '@finpersona/plugin-sdk/tensorflow';

type Tf = Tensorflow;
type Tensor2D = ReturnType<Tf['tensor2d']>;
type Variable = ReturnType<Tf['variable']>;

export interface NetworkOptions {
  readonly hidden: readonly [number, number];
  readonly l2: number;
  readonly learningRate: number;
  readonly maxEpochs: number;
  readonly patience: number;
  /** Cap on a positive's weight (the square root of the negative-to-positive ratio, capped). */
  readonly maxPositiveWeight: number;
  readonly seed: number;
}

/** A matrix as stored in the artefact: its shape and float32 values in base64. */
export interface StoredMatrix {
  readonly shape: readonly [number, number];
  readonly values: string;
}

/** One trained network of the ensemble with its per-product calibration (`sigmoid(a · logit + b)`). */
export interface StoredNetwork {
  readonly parameters: Record<ParameterName, StoredMatrix>;
  readonly calibration: readonly { readonly a: number; readonly b: number }[];
  readonly epochs: number;
}

const parameterNames = ['w1', 'b1', 'w2', 'b2', 'wo', 'bo', 'wide'] as const;
type ParameterName = (typeof parameterNames)[number];

/** Rows of one split in memory: inputs, 0/1 targets and the mask of candidate cells (not held). */
export interface Rows {
  readonly count: number;
  readonly inputs: Float32Array;
  readonly targets: Float32Array;
  readonly mask: Float32Array;
}

export interface EpochReport {
  readonly epoch: number;
  readonly holdoutAuc: number | null;
}

const encode = (values: Float32Array): string =>
  Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
const decode = (text: string): Float32Array => {
  const bytes = Buffer.from(text, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

/** Pooled AUC over masked cells (ties as half), for early stopping. */
export function maskedAuc(scores: Float32Array, targets: Float32Array, mask: Float32Array): number | null {
  const cells: { score: number; positive: boolean }[] = [];
  for (let index = 0; index < scores.length; index += 1) {
    if (mask[index]) cells.push({ score: scores[index]!, positive: targets[index] === 1 });
  }
  return areaUnderCurve(cells);
}

function forward(tf: Tf, parameters: Record<ParameterName, Tensor2D | Variable>, inputs: Tensor2D): Tensor2D {
  const hidden1 = tf.relu(tf.add(tf.matMul(inputs, parameters.w1), parameters.b1));
  const hidden2 = tf.relu(tf.add(tf.matMul(hidden1, parameters.w2), parameters.b2));
  const deep = tf.add(tf.matMul(hidden2, parameters.wo), parameters.bo);
  return tf.add(deep, tf.matMul(inputs, parameters.wide)) as Tensor2D;
}

/** The calibration that only removes the training weight's factor from the odds: `b = −ln w`, slope 1. */
export function weightCorrection(positiveWeight: number): { a: number; b: number } {
  return { a: 1, b: -Math.log(positiveWeight) };
}

/**
 * Platt scaling of one product's logits on the hold-out fold (Newton on two parameters). `positiveWeight` is
 * the weight the product's positives had in training: it multiplies the odds the network learnt, so where the
 * fold cannot calibrate (no positive in it, or a fit that would invert the ranking) the level is still
 * corrected by removing that factor (`b = −ln w`) — otherwise a rare product of a small bank would be scored
 * up to `maxPositiveWeight` times too likely against the others.
 */
export function plattScaling(
  logits: readonly number[],
  targets: readonly number[],
  positiveWeight = 1,
): { a: number; b: number } {
  const uncalibrated = weightCorrection(positiveWeight);
  const positives = targets.filter((target) => target === 1).length;
  if (positives === 0 || positives === targets.length) return uncalibrated;
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 50; iteration += 1) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-3;
    let hab = 0;
    let hbb = 1e-3;
    logits.forEach((z, index) => {
      const p = 1 / (1 + Math.exp(-(a * z + b)));
      const error = p - targets[index]!;
      const curvature = Math.max(p * (1 - p), 1e-9);
      ga += error * z;
      gb += error;
      haa += curvature * z * z;
      hab += curvature * z;
      hbb += curvature;
    });
    const determinant = haa * hbb - hab * hab;
    if (Math.abs(determinant) < 1e-12) break;
    const stepA = (hbb * ga - hab * gb) / determinant;
    const stepB = (haa * gb - hab * ga) / determinant;
    a -= stepA;
    b -= stepB;
    if (Math.abs(stepA) + Math.abs(stepB) < 1e-8) break;
  }
  // A negative slope would invert the ranking the network learned: keep the ranking and the corrected level.
  return a > 0 ? { a, b } : uncalibrated;
}

/**
 * Trains one network on `train`, stopping early on `holdout`'s pooled AUC, and calibrates it on `holdout`.
 * Calls `onEpoch` after every epoch (heartbeats) and throws when `signal` aborts.
 */
export async function trainNetwork(
  tf: Tf,
  train: Rows,
  holdout: Rows,
  width: number,
  products: number,
  options: NetworkOptions,
  signal: AbortSignal,
  onEpoch: (report: EpochReport) => void,
): Promise<StoredNetwork> {
  const random = seededRandom(options.seed);
  const [h1, h2] = options.hidden;
  const glorot = (rows: number, columns: number) => {
    const limit = Math.sqrt(6 / (rows + columns));
    const values = new Float32Array(rows * columns).map(() => (random() * 2 - 1) * limit);
    return tf.variable(tf.tensor2d(values, [rows, columns]));
  };
  const zeros = (columns: number) => tf.variable(tf.zeros([1, columns]));
  // Each product's output starts at its base rate, so the first epochs refine rather than find the level.
  const baseRates = new Float32Array(products);
  for (let product = 0; product < products; product += 1) {
    let candidates = 0;
    let taken = 0;
    for (let row = 0; row < train.count; row += 1) {
      candidates += train.mask[row * products + product]!;
      taken += train.targets[row * products + product]! * train.mask[row * products + product]!;
    }
    const rate = (taken + 0.5) / (candidates + 1);
    baseRates[product] = Math.log(rate / (1 - rate));
  }
  const parameters: Record<ParameterName, Variable> = {
    w1: glorot(width, h1),
    b1: zeros(h1),
    w2: glorot(h1, h2),
    b2: zeros(h2),
    wo: glorot(h2, products),
    bo: tf.variable(tf.tensor2d(baseRates, [1, products])),
    wide: tf.variable(tf.zeros([width, products])),
  };
  // Positives are rare: weight them up, by the square root of the imbalance so calibration stays repairable.
  const positiveWeights = new Float32Array(products);
  for (let product = 0; product < products; product += 1) {
    let negatives = 0;
    let positives = 0;
    for (let row = 0; row < train.count; row += 1) {
      if (!train.mask[row * products + product]) continue;
      if (train.targets[row * products + product]) positives += 1;
      else negatives += 1;
    }
    positiveWeights[product] = positives
      ? Math.min(options.maxPositiveWeight, Math.sqrt(negatives / positives))
      : 1;
  }
  const cellWeights = new Float32Array(train.count * products);
  for (let cell = 0; cell < cellWeights.length; cell += 1) {
    cellWeights[cell] = train.mask[cell]! * (train.targets[cell] ? positiveWeights[cell % products]! : 1);
  }
  const inputs = tf.tensor2d(train.inputs, [train.count, width]);
  const targets = tf.tensor2d(train.targets, [train.count, products]);
  const weights = tf.tensor2d(cellWeights, [train.count, products]);
  const holdoutInputs = holdout.count ? tf.tensor2d(holdout.inputs, [holdout.count, width]) : null;
  const optimizer = tf.train.adam(options.learningRate);
  // Batches: about 20 per epoch, so a large bank does not take hundreds of steps per epoch.
  const batchSize = Math.max(128, Math.min(4096, Math.ceil(train.count / 20)));
  const regularised = [parameters.w1, parameters.w2, parameters.wo, parameters.wide];

  const snapshot = () => parameterNames.map((name) => (parameters[name].dataSync() as Float32Array).slice());
  let best: { auc: number; epoch: number; values: Float32Array[] } | null = null;
  let epoch = 0;
  try {
    for (epoch = 1; epoch <= options.maxEpochs; epoch += 1) {
      if (signal.aborted) throw new Error('Training was stopped');
      const order = Array.from({ length: train.count }, (_, index) => index);
      for (let index = order.length - 1; index > 0; index -= 1) {
        const swap = Math.floor(random() * (index + 1));
        [order[index], order[swap]] = [order[swap]!, order[index]!];
      }
      for (let start = 0; start < order.length; start += batchSize) {
        const batch = tf.tensor1d(order.slice(start, start + batchSize), 'int32');
        optimizer.minimize(() => {
          const logits = forward(tf, parameters, tf.gather(inputs, batch) as Tensor2D);
          const batchWeights = tf.gather(weights, batch);
          const crossEntropy = tf.losses.sigmoidCrossEntropy(
            tf.gather(targets, batch),
            logits,
            batchWeights,
            0,
            tf.Reduction.NONE,
          );
          const loss = tf.div(tf.sum(crossEntropy), tf.maximum(tf.sum(batchWeights), 1));
          const penalty = tf.addN(regularised.map((weight) => tf.sum(tf.square(weight))));
          return tf.add(loss, tf.mul(penalty, options.l2)) as ReturnType<Tf['scalar']>;
        });
        batch.dispose();
      }
      let holdoutAuc: number | null = null;
      if (holdoutInputs) {
        const scores = tf.tidy(() => forward(tf, parameters, holdoutInputs));
        holdoutAuc = maskedAuc(await scores.data<'float32'>(), holdout.targets, holdout.mask);
        scores.dispose();
      }
      onEpoch({ epoch, holdoutAuc });
      if (holdoutAuc === null) continue;
      if (!best || holdoutAuc > best.auc) best = { auc: holdoutAuc, epoch, values: snapshot() };
      else if (epoch - best.epoch >= options.patience) break;
    }
    if (best)
      parameterNames.forEach((name, index) =>
        parameters[name].assign(tf.tensor(best!.values[index]!, parameters[name].shape)),
      );
    // Without a hold-out fold (a small bank), only the weight's factor is removed.
    const calibration = Array.from({ length: products }, (_, product) =>
      weightCorrection(positiveWeights[product]!),
    );
    if (holdoutInputs) {
      const logits = tf.tidy(() => forward(tf, parameters, holdoutInputs));
      const values = await logits.data<'float32'>();
      logits.dispose();
      for (let product = 0; product < products; product += 1) {
        const z: number[] = [];
        const y: number[] = [];
        for (let row = 0; row < holdout.count; row += 1) {
          if (!holdout.mask[row * products + product]) continue;
          z.push(values[row * products + product]!);
          y.push(holdout.targets[row * products + product]!);
        }
        calibration[product] = plattScaling(z, y, positiveWeights[product]!);
      }
    }
    const stored = Object.fromEntries(
      parameterNames.map((name) => {
        const [rows, columns] = parameters[name].shape as [number, number];
        return [
          name,
          { shape: [rows, columns], values: encode(parameters[name].dataSync() as Float32Array) },
        ];
      }),
    ) as unknown as Record<ParameterName, StoredMatrix>;
    return { parameters: stored, calibration, epochs: best?.epoch ?? Math.min(epoch, options.maxEpochs) };
  } finally {
    tf.dispose([
      inputs,
      targets,
      weights,
      ...(holdoutInputs ? [holdoutInputs] : []),
      ...Object.values(parameters),
    ]);
    optimizer.dispose();
  }
}

/** Calibrated probabilities of `rows` × products, averaged over the ensemble's networks. */
export async function predictNetworks(
  tf: Tf,
  networks: readonly StoredNetwork[],
  inputs: Float32Array,
  rows: number,
  width: number,
  products: number,
): Promise<Float32Array> {
  const total = new Float32Array(rows * products);
  if (rows === 0) return total;
  const input = tf.tensor2d(inputs, [rows, width]);
  try {
    for (const network of networks) {
      const logits = tf.tidy(() => {
        const parameters = Object.fromEntries(
          parameterNames.map((name) => [
            name,
            tf.tensor2d(decode(network.parameters[name].values), [...network.parameters[name].shape]),
          ]),
        ) as Record<ParameterName, Tensor2D>;
        return forward(tf, parameters, input);
      });
      const values = await logits.data<'float32'>();
      logits.dispose();
      for (let cell = 0; cell < total.length; cell += 1) {
        const { a, b } = network.calibration[cell % products]!;
        total[cell]! += 1 / (1 + Math.exp(-(a * values[cell]! + b))) / networks.length;
      }
    }
  } finally {
    input.dispose();
  }
  return total;
}
