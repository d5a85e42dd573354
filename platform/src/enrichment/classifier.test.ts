import { loadTensorflow } from '@finpersona/plugin-sdk/tensorflow';
import { describe, expect, it } from 'vitest';
import {
  CategoryClassifier,
  classifierInputSize,
  denseFeatures,
  trainCategoryClassifier,
  transactionFeatures,
  type TrainingExample,
} from './classifier';
import type { CategorisableTransaction } from './rules';

/** A small labelled history: merchants, a fee told apart by its amount only, interest without any text. */
function history(): TrainingExample[] {
  const examples: TrainingExample[] = [];
  for (let month = 0; month < 40; month++) {
    const add = (
      transaction: Omit<CategorisableTransaction, 'currency'>,
      category: TrainingExample['category'],
    ) => examples.push({ transaction: { currency: 'CZK', ...transaction }, category, weight: 1 });
    add({ description: 'VYBER', amountMinor: 1460, direction: 'debit' }, 'bank-fees');
    add({ description: 'VYBER', amountMinor: 250_000 + month * 1000, direction: 'debit' }, 'cash-withdrawal');
    add({ amountMinor: 9_000 + month * 37, direction: 'credit' }, 'interest-income');
    add(
      {
        description: 'PREVOD NA UCET',
        counterparty: `2345${month % 3}678/CD`,
        amountMinor: 320_000,
        direction: 'debit',
      },
      'insurance',
    );
  }
  return examples;
}

describe('category classifier', () => {
  it('features are sparse, inside the input, and the text part is L2-normalised', () => {
    const features = transactionFeatures({
      description: 'Tesco Stores',
      amountMinor: 2_599,
      currency: 'GBP',
      direction: 'debit',
    });
    expect(features.indices.every((index) => index >= 0 && index < classifierInputSize)).toBe(true);
    expect(features.indices.length).toBeLessThan(40);
    const text = features.values.slice(0, -3);
    expect(Math.sqrt(text.reduce((sum, value) => sum + value * value, 0))).toBeCloseTo(1, 6);
  });

  it('learns text and amount, and its plain-JavaScript forward pass equals TF.js', async () => {
    const trained = await trainCategoryClassifier(history(), { backend: 'cpu', epochs: 30 });
    expect(trained).not.toBeNull();
    const classifier = CategoryClassifier.fromArtefact(trained!.artefact);
    expect([...classifier.classes]).toEqual(['bank-fees', 'cash-withdrawal', 'insurance', 'interest-income']);
    const probe: CategorisableTransaction[] = [
      { description: 'VYBER', amountMinor: 1460, currency: 'CZK', direction: 'debit' },
      { description: 'VYBER', amountMinor: 300_000, currency: 'CZK', direction: 'debit' },
      { amountMinor: 10_000, currency: 'CZK', direction: 'credit' },
    ];
    expect(probe.map((transaction) => classifier.predict(transaction).category)).toEqual([
      'bank-fees',
      'cash-withdrawal',
      'interest-income',
    ]);

    // The same weights in a TF.js model give the same probabilities.
    const { tf } = await loadTensorflow('cpu');
    const { artefact } = trained!;
    const model = tf.sequential({
      layers: [
        tf.layers.dense({
          inputShape: [classifierInputSize],
          units: artefact.hiddenUnits,
          activation: 'relu',
        }),
        tf.layers.dense({ units: artefact.classes.length, activation: 'softmax' }),
      ],
    });
    const decode = (base64: string, shape: number[]) =>
      tf.tensor(new Float32Array(new Uint8Array(Buffer.from(base64, 'base64')).buffer), shape);
    model.setWeights([
      decode(artefact.weights.hiddenKernel, [classifierInputSize, artefact.hiddenUnits]),
      decode(artefact.weights.hiddenBias, [artefact.hiddenUnits]),
      decode(artefact.weights.outputKernel, [artefact.hiddenUnits, artefact.classes.length]),
      decode(artefact.weights.outputBias, [artefact.classes.length]),
    ]);
    const dense = new Float32Array(probe.length * classifierInputSize);
    probe.forEach((transaction, row) => denseFeatures(transaction, dense, row));
    const output = model.predict(tf.tensor2d(dense, [probe.length, classifierInputSize])) as ReturnType<
      typeof tf.tensor2d
    >;
    const expected = (await output.array()) as number[][];
    probe.forEach((transaction, row) => {
      const mine = classifier.probabilities(transaction);
      expected[row]!.forEach((probability, label) => expect(mine[label]).toBeCloseTo(probability, 5));
    });
    model.dispose();
  }, 60_000);

  it('needs two categories to choose between', async () => {
    const one = history().filter((example) => example.category === 'bank-fees');
    expect(await trainCategoryClassifier(one, { backend: 'cpu' })).toBeNull();
  });

  it('refuses an artefact of another shape', () => {
    expect(() =>
      CategoryClassifier.fromArtefact({
        format: 'finpersona-category-mlp/1',
        classes: ['groceries', 'housing'],
        inputSize: 10,
        hiddenUnits: 1,
        weights: { hiddenKernel: '', hiddenBias: '', outputKernel: '', outputBias: '' },
      }),
    ).toThrow(/retrain/);
  });
});
