import { describe, expect, it } from 'vitest';
import { loadTensorflow, type TensorflowBackend } from './tensorflow';

/** Trains a small fixed-seed network on a fixed XOR-like problem and returns its predictions. */
async function trainTiny(
  backend: 'wasm' | 'cpu',
): Promise<{ backend: TensorflowBackend; predictions: number[] }> {
  const loaded = await loadTensorflow(backend);
  const { tf } = loaded;
  const inputs = [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
    [0.5, 0.2],
    [0.9, 0.4],
  ];
  const targets = [[0], [1], [1], [0], [1], [1]];
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [2],
        units: 8,
        activation: 'tanh',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }),
      }),
      tf.layers.dense({
        units: 1,
        activation: 'sigmoid',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 11 }),
      }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.5), loss: 'binaryCrossentropy' });
  const x = tf.tensor2d(inputs);
  const y = tf.tensor2d(targets);
  await model.fit(x, y, { epochs: 40, batchSize: 6, shuffle: false, verbose: 0 });
  const output = model.predict(x) as ReturnType<typeof tf.tensor2d>;
  const predictions = Array.from(await output.data());
  tf.dispose([x, y, output]);
  model.dispose();
  return { backend: loaded.backend, predictions };
}

describe('loadTensorflow', () => {
  it('trains the same tiny model to the same predictions on the cpu and wasm backends', async () => {
    const onCpu = await trainTiny('cpu');
    const onWasm = await trainTiny('wasm');
    expect(onCpu.backend).toBe('cpu');
    expect(onWasm.backend).toBe('wasm');
    // Training moved the outputs away from the untrained 0.5 region, and both backends agree.
    expect(onCpu.predictions.some((p) => Math.abs(p - 0.5) > 0.05)).toBe(true);
    onCpu.predictions.forEach((p, index) => expect(onWasm.predictions[index]).toBeCloseTo(p, 4));
  });

  it('auto falls back past the native backend, which is not installed here', async () => {
    const { backend } = await loadTensorflow();
    expect(['wasm', 'cpu']).toContain(backend);
  });

  it('refuses a native preference it cannot meet, saying what to do', async () => {
    await expect(loadTensorflow('native')).rejects.toThrow(/install @tensorflow\/tfjs-node/);
  });

  it('refuses an unknown FINPERSONA_TF_BACKEND, naming the variable', async () => {
    const before = process.env.FINPERSONA_TF_BACKEND;
    process.env.FINPERSONA_TF_BACKEND = 'gpu';
    try {
      await expect(loadTensorflow()).rejects.toThrow(/FINPERSONA_TF_BACKEND must be one of/);
    } finally {
      if (before === undefined) delete process.env.FINPERSONA_TF_BACKEND;
      else process.env.FINPERSONA_TF_BACKEND = before;
    }
  });
});
