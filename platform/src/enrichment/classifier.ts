import {
  loadTensorflow,
  type TensorflowBackend,
  type TensorflowPreference,
} from '@finpersona/plugin-sdk/tensorflow';
import { normaliseText } from './merchant';
import type { CategorisableTransaction } from './rules';
import { type CategoryId, isCategoryId } from './taxonomy';

/**
 * The learned categoriser: text + amount → a softmax over the categories a bank's labelled transactions
 * use, with the top probability as the confidence.
 *
 * - **Input** (`transactionFeatures`): hashed tokens of the description, the counterparty and the merchant
 *   (whole words and character trigrams inside words, each prefixed by its field, so "rent" in a description
 *   and in a merchant name are different features), the MCC and its two-digit group, a marker for "no text
 *   at all"; the amount as log10 scaled and as a one-hot power-of-two bucket; the direction. The text part
 *   is L2-normalised. Hashing (FNV-1a into `textBuckets`) needs no vocabulary, so the artefact is weights only.
 * - **Model**: one hidden ReLU layer and a softmax, trained with TensorFlow.js (`loadTensorflow`: wasm or
 *   cpu here, native where installed) per bank.
 * - **Serving**: the forward pass is computed here in plain JavaScript from the stored weights over the
 *   sparse input (a few dozen non-zero features), so the sync path never loads TF.js and costs
 *   microseconds per transaction; `classifier.test.ts` checks it equals TF.js's own prediction.
 */
export const textBuckets = 512;
export const amountBuckets = 24;
/** Text buckets, amount buckets, log amount, credit, debit. */
export const classifierInputSize = textBuckets + amountBuckets + 3;
export const classifierHiddenUnits = 32;
export const artefactFormat = 'finpersona-category-mlp/1';

export interface SparseFeatures {
  readonly indices: readonly number[];
  readonly values: readonly number[];
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function addTokens(counts: Map<number, number>, field: string, text: string | null | undefined): boolean {
  const words = normaliseText(text ?? '')
    .split(' ')
    .filter((word) => word.length > 0);
  for (const word of words) {
    const bump = (token: string) => {
      const bucket = fnv1a(`${field}:${token}`) % textBuckets;
      counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    };
    bump(`w:${word}`);
    const padded = ` ${word} `;
    for (let start = 0; start + 3 <= padded.length; start++) bump(`3:${padded.slice(start, start + 3)}`);
  }
  return words.length > 0;
}

/** The classifier's input for one transaction, sparse (index ascending order is not required). */
export function transactionFeatures(transaction: CategorisableTransaction): SparseFeatures {
  const counts = new Map<number, number>();
  const hasText = [
    addTokens(counts, 'd', transaction.description),
    addTokens(counts, 'c', transaction.counterparty),
    addTokens(counts, 'm', transaction.merchantName),
  ].some(Boolean);
  if (!hasText) addTokens(counts, 'x', 'notext');
  if (transaction.mcc) {
    addTokens(counts, 'x', `mcc${transaction.mcc}`);
    addTokens(counts, 'x', `mccgroup${transaction.mcc.slice(0, 2)}`);
  }
  const norm = Math.sqrt([...counts.values()].reduce((sum, count) => sum + count * count, 0)) || 1;
  const indices: number[] = [];
  const values: number[] = [];
  for (const [bucket, count] of counts) {
    indices.push(bucket);
    values.push(count / norm);
  }
  const amount = Math.max(1, transaction.amountMinor);
  indices.push(textBuckets + Math.min(amountBuckets - 1, Math.floor(Math.log2(amount))));
  values.push(1);
  indices.push(
    textBuckets + amountBuckets,
    textBuckets + amountBuckets + (transaction.direction === 'credit' ? 1 : 2),
  );
  values.push(Math.log10(1 + amount) / 8, 1);
  return { indices, values };
}

/** Writes one transaction's features into row `row` of a dense [rows × classifierInputSize] matrix. */
export function denseFeatures(transaction: CategorisableTransaction, into: Float32Array, row: number): void {
  const features = transactionFeatures(transaction);
  features.indices.forEach((input, position) => {
    const at = row * classifierInputSize + input;
    into[at] = into[at]! + features.values[position]!;
  });
}

/** What is stored per bank (`category_model.artefact`): JSON, weights as base64 little-endian float32. */
export interface ClassifierArtefact {
  readonly format: typeof artefactFormat;
  readonly classes: readonly CategoryId[];
  readonly inputSize: number;
  readonly hiddenUnits: number;
  /** [inputSize × hiddenUnits] row-major, [hiddenUnits], [hiddenUnits × classes], [classes]. */
  readonly weights: {
    readonly hiddenKernel: string;
    readonly hiddenBias: string;
    readonly outputKernel: string;
    readonly outputBias: string;
  };
}

export interface ClassifierPrediction {
  readonly category: CategoryId;
  /** The softmax probability of `category`. */
  readonly confidence: number;
}

function decode(base64: string, length: number, name: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== length * 4)
    throw new Error(`classifier artefact: ${name} has ${bytes.length / 4} weights, expected ${length}`);
  const copy = new Uint8Array(bytes); // aligned for the Float32Array view
  return new Float32Array(copy.buffer, 0, length);
}

function encode(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** A trained classifier, ready to predict (plain JavaScript; see the file comment). */
export class CategoryClassifier {
  private readonly hiddenKernel: Float32Array;
  private readonly hiddenBias: Float32Array;
  private readonly outputKernel: Float32Array;
  private readonly outputBias: Float32Array;

  private constructor(readonly artefact: ClassifierArtefact) {
    const { inputSize, hiddenUnits, classes, weights } = artefact;
    this.hiddenKernel = decode(weights.hiddenKernel, inputSize * hiddenUnits, 'hiddenKernel');
    this.hiddenBias = decode(weights.hiddenBias, hiddenUnits, 'hiddenBias');
    this.outputKernel = decode(weights.outputKernel, hiddenUnits * classes.length, 'outputKernel');
    this.outputBias = decode(weights.outputBias, classes.length, 'outputBias');
  }

  /** Checks the artefact's shape (an artefact from another format or feature size is refused). */
  static fromArtefact(artefact: ClassifierArtefact): CategoryClassifier {
    if (artefact.format !== artefactFormat || artefact.inputSize !== classifierInputSize) {
      throw new Error(
        `classifier artefact is not ${artefactFormat} with ${classifierInputSize} inputs; retrain it`,
      );
    }
    if (artefact.classes.length < 2 || !artefact.classes.every(isCategoryId)) {
      throw new Error('classifier artefact names unknown categories; retrain it');
    }
    return new CategoryClassifier(artefact);
  }

  get classes(): readonly CategoryId[] {
    return this.artefact.classes;
  }

  /** The probability of every class, in `classes` order. */
  probabilities(transaction: CategorisableTransaction): Float64Array {
    const { hiddenUnits, classes } = this.artefact;
    const features = transactionFeatures(transaction);
    const hidden = Float64Array.from(this.hiddenBias);
    features.indices.forEach((input, position) => {
      const value = features.values[position]!;
      const row = input * hiddenUnits;
      for (let unit = 0; unit < hiddenUnits; unit++) hidden[unit]! += value * this.hiddenKernel[row + unit]!;
    });
    const output = Float64Array.from(this.outputBias);
    for (let unit = 0; unit < hiddenUnits; unit++) {
      const activation = Math.max(0, hidden[unit]!);
      if (activation === 0) continue;
      const row = unit * classes.length;
      for (let label = 0; label < classes.length; label++)
        output[label]! += activation * this.outputKernel[row + label]!;
    }
    const max = Math.max(...output);
    let sum = 0;
    for (let label = 0; label < output.length; label++) sum += output[label] = Math.exp(output[label]! - max);
    for (let label = 0; label < output.length; label++) output[label]! /= sum;
    return output;
  }

  predict(transaction: CategorisableTransaction): ClassifierPrediction {
    const probabilities = this.probabilities(transaction);
    let best = 0;
    for (let label = 1; label < probabilities.length; label++)
      if (probabilities[label]! > probabilities[best]!) best = label;
    return { category: this.artefact.classes[best]!, confidence: probabilities[best]! };
  }
}

export interface TrainingExample {
  readonly transaction: CategorisableTransaction;
  readonly category: CategoryId;
  /** How many times the example counts (customers' own choices count more: `customerLabelWeight`). */
  readonly weight: number;
}

export interface TrainingOptions {
  readonly backend?: TensorflowPreference;
  readonly epochs?: number;
  /** Seeds the initial weights (training order is still shuffled). */
  readonly seed?: number;
}

export interface TrainingResult {
  readonly artefact: ClassifierArtefact;
  readonly backend: TensorflowBackend;
  /** Examples after weighting (a weight-3 example counts 3 times). */
  readonly examples: number;
  readonly classCounts: Readonly<Partial<Record<CategoryId, number>>>;
  readonly milliseconds: number;
}

/** Most weighted examples one training run uses (the dense input matrix lives in memory). */
export const maxTrainingExamples = 30_000;

/**
 * Trains a classifier on labelled examples with TensorFlow.js. Classes are the categories the examples
 * use; null when fewer than two are present (nothing to choose between: the caller keeps no model).
 */
export async function trainCategoryClassifier(
  examples: readonly TrainingExample[],
  options: TrainingOptions = {},
): Promise<TrainingResult | null> {
  const started = performance.now();
  const weighted: TrainingExample[] = [];
  for (const example of examples) {
    for (let copy = 0; copy < Math.max(1, Math.round(example.weight)); copy++) weighted.push(example);
  }
  const used = weighted.slice(-maxTrainingExamples);
  const classCounts: Partial<Record<CategoryId, number>> = {};
  for (const { category } of used) classCounts[category] = (classCounts[category] ?? 0) + 1;
  const classes = (Object.keys(classCounts) as CategoryId[]).sort();
  if (classes.length < 2) return null;
  const classIndex = new Map(classes.map((category, index) => [category, index]));

  const { tf, backend } = await loadTensorflow(options.backend ?? 'auto');
  const inputs = new Float32Array(used.length * classifierInputSize);
  const targets = new Float32Array(used.length * classes.length);
  used.forEach((example, row) => {
    denseFeatures(example.transaction, inputs, row);
    targets[row * classes.length + classIndex.get(example.category)!] = 1;
  });
  const seed = options.seed ?? 17;
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [classifierInputSize],
        units: classifierHiddenUnits,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      }),
      tf.layers.dense({
        units: classes.length,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  const x = tf.tensor2d(inputs, [used.length, classifierInputSize]);
  const y = tf.tensor2d(targets, [used.length, classes.length]);
  try {
    await model.fit(x, y, { epochs: options.epochs ?? 8, batchSize: 128, shuffle: true, verbose: 0 });
    const [hiddenKernel, hiddenBias, outputKernel, outputBias] = await Promise.all(
      model.getWeights().map(async (tensor) => new Float32Array(await tensor.data())),
    );
    return {
      artefact: {
        format: artefactFormat,
        classes,
        inputSize: classifierInputSize,
        hiddenUnits: classifierHiddenUnits,
        weights: {
          hiddenKernel: encode(hiddenKernel!),
          hiddenBias: encode(hiddenBias!),
          outputKernel: encode(outputKernel!),
          outputBias: encode(outputBias!),
        },
      },
      backend,
      examples: used.length,
      classCounts,
      milliseconds: Math.round(performance.now() - started),
    };
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}
