// A third-party recommendation model that really trains in the bank's sandbox (real API app, PostgreSQL,
// isolation runtime): a logistic regression in plain JS trains on a dataset of thousands of customers × 40
// features through the platform's train entry (the bank's enabled extension, as the retraining step calls
// it) under the operator's training limits (`PLUGIN_TRAIN_*`), is measured by the platform on the
// validation split (its `predict` paged under the default limits), registered, and scores a batch far over
// one call's argument limit. The same plugin looping or allocating without end in `train` is stopped with a
// typed error naming the limit, and nothing is registered; a dataset over the training argument limit is
// refused before it reaches the sandbox.
import { EntityManager } from '@mikro-orm/postgresql';
import {
  type CandidateProduct,
  featureVocabulary,
  type ModelRunContext,
  type PredictionBatch,
  type RecommendationModel,
  seededRandom,
  type TrainingDataset,
  type TrainingExample,
} from '@finpersona/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistryService } from '../model-registry';
import { PluginIsolation, type PluginRunReport } from '../plugin-isolation';
import { evaluateOnValidation } from '../models';
import { runAsTenant, type TenantRef } from '../request-context';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { trained } from '../testing/model-fixtures';
import { personalisedDemoBank } from '../testing/notification-fixtures';
import { installThirdPartyBundles } from '../testing/plugin-fixtures';
import { thirdPartyBundle, thirdPartyManifest } from '../testing/third-party-bundles';
import { PluginsService } from './plugins.service';
import { PluginCallFailed } from './third-party-runtime';

const mib = 1024 * 1024;
const fixedFeatures = Object.keys(featureVocabulary).filter((name) => !name.includes('<'));
// 40 features: the vocabulary's fixed names and as many spending categories as it takes.
const features = [
  ...fixedFeatures,
  ...['groceries', 'restaurants', 'transport', 'utilities', 'rent', 'travel', 'health', 'education']
    .concat(['clothing', 'leisure', 'insurance', 'gifts', 'fees', 'home', 'pets', 'kids', 'charity'])
    .concat(['subscriptions', 'fuel', 'cash', 'electronics', 'beauty', 'sport', 'books', 'other'])
    .slice(0, 40 - fixedFeatures.length)
    .map((category) => `spend.category.${category}`),
];
const products: CandidateProduct[] = [
  { id: 'saver', type: 'savings-account' },
  { id: 'card', type: 'credit-card' },
  { id: 'loan', type: 'personal-loan' },
];

// A logistic regression per product, batch gradient descent on standardised features: what a third party
// would ship without a library. Nothing in it knows the test.
const logisticRegression = `{
  features: ${JSON.stringify([...fixedFeatures, 'spend.category.*'])},
  create: () => {
    const positive = (example, product) => example.labels.some((label) => label.product === product && (label.outcome === 'taken' || label.outcome === 'accepted'));
    const row = (artifact, values) => artifact.names.map((name, j) => {
      const value = values[name];
      return value === null || value === undefined ? 0 : (value - artifact.mean[j]) / artifact.scale[j];
    });
    const score = (weights, x) => {
      let z = weights[x.length];
      for (let j = 0; j < x.length; j++) z += weights[j] * x[j];
      return 1 / (1 + Math.exp(-z));
    };
    return {
      async train(dataset) {
        const names = dataset.features;
        const examples = dataset.train.examples;
        const n = examples.length, d = names.length;
        const mean = new Array(d).fill(0), scale = new Array(d).fill(0), counts = new Array(d).fill(0);
        for (const example of examples) names.forEach((name, j) => {
          const value = example.features[name];
          if (value !== null) { mean[j] += value; counts[j] += 1; }
        });
        for (let j = 0; j < d; j++) mean[j] = counts[j] ? mean[j] / counts[j] : 0;
        for (const example of examples) names.forEach((name, j) => {
          const value = example.features[name];
          if (value !== null) scale[j] += (value - mean[j]) ** 2;
        });
        for (let j = 0; j < d; j++) scale[j] = counts[j] > 1 ? Math.sqrt(scale[j] / counts[j]) || 1 : 1;
        const artifact = { names, mean, scale, weights: {} };
        const x = examples.map((example) => row(artifact, example.features));
        let loss = 0;
        for (const product of dataset.products) {
          const y = examples.map((example) => (positive(example, product.id) ? 1 : 0));
          const weights = new Array(d + 1).fill(0);
          const gradient = new Array(d + 1);
          for (let epoch = 0; epoch < 150; epoch++) {
            gradient.fill(0);
            for (let i = 0; i < n; i++) {
              const error = score(weights, x[i]) - y[i];
              for (let j = 0; j < d; j++) gradient[j] += error * x[i][j];
              gradient[d] += error;
            }
            for (let j = 0; j <= d; j++) weights[j] -= (0.5 * gradient[j]) / n;
          }
          for (let i = 0; i < n; i++) {
            const p = Math.min(1 - 1e-9, Math.max(1e-9, score(weights, x[i])));
            loss -= (y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p)) / (n * dataset.products.length);
          }
          artifact.weights[product.id] = weights;
        }
        return { artifact: { format: 'acme-logit', encoding: 'json', data: artifact }, metrics: { loss } };
      },
      async predict(batch) {
        const artifact = batch.artifact.data;
        return { scores: batch.customers.flatMap((customer) => {
          const x = row(artifact, customer.features);
          return batch.products.filter((product) => !customer.held.includes(product.id))
            .map((product) => ({ customer: customer.customer, product: product.id, score: score(artifact.weights[product.id], x) }));
        }) };
      },
      async explain(request) {
        return { attributions: [], sentence: 'Customers like you chose ' + request.product.id + '.' };
      },
    };
  },
}`;

// The same model with a training that never ends: a CPU loop with one product, a memory bomb with more.
const hostileTraining = logisticRegression.replace(
  'async train(dataset) {',
  `async train(dataset) {
        if (dataset.products.length === 1) for (;;) {}
        const hoard = [];
        for (;;) hoard.push(new Array(100000).fill(hoard.length));`,
);

const modelBundle = (id: string, extension: string) =>
  thirdPartyBundle(
    thirdPartyManifest(id, '1.0.0', { capabilities: ['recommendation-model'] }),
    `{ 'recommendation-model': ${extension} }`,
  );

/** Customers whose products follow a logistic rule of a few features (the model can learn it), seeded. */
function customersOf(count: number, seed: number, prefix: string): TrainingExample[] {
  const random = seededRandom(seed);
  const truth: Record<string, [number, number, number]> = {
    saver: [1.8, -1.2, -1.5],
    card: [-1.0, 1.6, -1.2],
    loan: [-0.5, -0.8, 1.0],
  };
  return Array.from({ length: count }, (_, index) => {
    const values = features.map(() => random() * 2 - 1);
    const labels = products.flatMap((product) => {
      const [a, b, c] = truth[product.id]!;
      const z = a * values[0]! + b * values[5]! + c + 0.5 * values[9]!;
      return random() < 1 / (1 + Math.exp(-z)) ? [{ product: product.id, outcome: 'taken' as const }] : [];
    });
    return {
      customer: `${prefix}-${index}`,
      // Amounts in minor units, ratios as they are: what the platform's feature vectors look like.
      features: Object.fromEntries(
        features.map((name, j) => [
          name,
          j % 7 === 3 && random() < 0.05 ? null : Math.round(values[j]! * 250_000),
        ]),
      ),
      held: random() < 0.1 ? ['card'] : [],
      labels,
    };
  });
}

function datasetOf(trainCount: number, validationCount: number, only = products): TrainingDataset {
  const trainWindow = { from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };
  const validationWindow = { from: '2026-04-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' };
  return {
    features,
    products: only,
    train: {
      featureWindow: trainWindow,
      labelWindow: validationWindow,
      examples: customersOf(trainCount, 7, 't'),
    },
    validation: {
      featureWindow: validationWindow,
      labelWindow: { from: '2026-07-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' },
      examples: customersOf(validationCount, 8, 'v'),
    },
  };
}

describe('third-party recommendation models train and score in the sandbox under the operator’s limits', () => {
  let api: ApiFixture;
  let bank: TenantRef;
  const service = <T>(type: abstract new (...args: never[]) => T): T => api.running.app.get(type);
  const asBank = <T>(work: () => Promise<T>) => runAsTenant(bank, work);
  const heartbeats: unknown[] = [];
  const reports: PluginRunReport[] = [];
  const callsOf = (method: string) =>
    reports.filter((report) => report.method === `extensions.recommendation-model.${method}`);
  const context: ModelRunContext = {
    signal: new AbortController().signal,
    heartbeat: (progress) => void heartbeats.push(progress),
  };
  // As the retraining step builds it: the bank's enabled extension, in a transaction (row-level security).
  const model = (pluginId: string): Promise<RecommendationModel> =>
    asBank(() =>
      service(EntityManager).transactional(async () => {
        const enabled = (await service(PluginsService).enabledExtensions('recommendation-model')).find(
          (candidate) => candidate.pluginId === pluginId,
        )!;
        return enabled.extension.create(await enabled.context());
      }),
    );
  const failure = (work: Promise<unknown>) =>
    work.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => error as PluginCallFailed,
    );

  beforeAll(async () => {
    api = await startApiFixture({
      overrides: {
        // Smaller than the production defaults so the hostile cases end quickly; still far over a
        // request-time call's 256 KiB and 1 s.
        PLUGIN_TRAIN_CPU_MS: '6000',
        PLUGIN_TRAIN_WALL_MS: '30000',
        PLUGIN_TRAIN_HEAP_MB: '128',
        PLUGIN_TRAIN_PROCESS_RSS_MB: '512',
        PLUGIN_TRAIN_MAX_ARGUMENT_BYTES: String(8 * mib),
        PLUGIN_TRAIN_MAX_RESULT_BYTES: String(mib),
      },
    });
    ({ bank } = await personalisedDemoBank(api));
    service(PluginIsolation).addReportSink((report) => void reports.push(report));
    await installThirdPartyBundles(api.running.app, bank, [
      modelBundle('acme-logit', logisticRegression),
      modelBundle('acme-runaway', hostileTraining),
    ]);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  it('a logistic regression trains on 3,000 customers × 40 features, is measured, registered and scores 2,500 customers', async () => {
    const dataset = datasetOf(3_000, 1_500);
    expect(dataset.features).toHaveLength(40);
    const datasetBytes = Buffer.byteLength(JSON.stringify(dataset));
    // Far over what one request-time call may carry (256 KiB): only the training budget lets it through.
    expect(datasetBytes).toBeGreaterThan(10 * 256 * 1024);
    const logit = await model('acme-logit');

    const result = await asBank(() => logit.train(dataset, context));
    const [training] = callsOf('train');
    expect(training).toMatchObject({ pluginId: 'acme-logit', outcome: 'ok' });
    expect(result.artifact).toMatchObject({ format: 'acme-logit', encoding: 'json' });
    expect(result.metrics.loss).toBeGreaterThan(0);
    expect(result.metrics.loss).toBeLessThan(Math.log(2));

    // The platform's own measurement: `predict` on the 1,500 validation customers (over 256 KiB: pages).
    const measured = await asBank(() => evaluateOnValidation(logit, result.artifact, dataset, { context }));
    expect(measured.auc).toBeGreaterThan(0.7);
    const pages = callsOf('predict');
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((page) => page.outcome === 'ok')).toBe(true);
    expect(heartbeats).toHaveLength(pages.length);
    // The figures platform/README.md quotes ("Third-party models: training and scoring limits").
    console.info(
      `acme-logit: dataset ${datasetBytes} bytes, train ${training!.cpuMs} ms CPU / ${training!.durationMs} ms, ` +
        `validation in ${pages.length} predict pages (${pages.reduce((sum, page) => sum + page.cpuMs, 0).toFixed(1)} ms CPU), AUC ${measured.auc?.toFixed(3)}`,
    );

    const recorded = await asBank(() =>
      service(EntityManager).transactional(() =>
        service(ModelRegistryService).recordTrainedVersion({
          ...trained('acme-logit'),
          modelMetrics: result.metrics,
          features: dataset.features,
          examples: dataset.train.examples.length,
          artifact: result.artifact,
        }),
      ),
    );
    const stored = await asBank(() =>
      service(EntityManager).transactional(() => service(ModelRegistryService).version(recorded.id)),
    );

    const batch: PredictionBatch = {
      artifact: stored.artifact,
      asOf: '2026-11-26T00:00:00.000Z',
      products,
      customers: customersOf(2_500, 9, 'p').map(({ customer, features: values, held }) => ({
        customer,
        features: values,
        held,
      })),
    };
    expect(Buffer.byteLength(JSON.stringify(batch))).toBeGreaterThan(4 * 256 * 1024);
    const { scores } = await asBank(() => logit.predict(batch, context));
    const candidates = batch.customers.reduce(
      (sum, customer) => sum + products.filter((product) => !customer.held.includes(product.id)).length,
      0,
    );
    expect(scores).toHaveLength(candidates);
    expect(new Set(scores.map((entry) => entry.customer)).size).toBe(2_500);
    expect(scores.every((entry) => entry.score >= 0 && entry.score <= 1)).toBe(true);
  }, 180_000);

  it('a training that loops or allocates without end is stopped with a typed error or by cancelling the run, and nothing is registered', async () => {
    const runaway = await model('acme-runaway');
    const looping = await failure(
      asBank(() => runaway.train(datasetOf(500, 10, products.slice(0, 1)), context)),
    );
    expect(looping).toBeInstanceOf(PluginCallFailed);
    expect(looping.outcome).toEqual({ kind: 'timeout', phase: 'call', limit: 'cpu', limitMs: 6_000 });
    expect(looping.message).toBe(
      'The plugin "acme-runaway" failed in recommendation-model.train: timeout (cpu limit of 6000 ms)',
    );

    const hoarding = await failure(asBank(() => runaway.train(datasetOf(500, 10), context)));
    expect(hoarding).toBeInstanceOf(PluginCallFailed);
    expect(hoarding.outcome).toMatchObject({ kind: 'memory', phase: 'call' });

    // A cancelled run (the retraining activity's signal) stops the training's sandbox at once; the caller
    // gets the abort, not the plugin's outcome.
    const controller = new AbortController();
    const cancelled = asBank(() =>
      runaway.train(datasetOf(500, 10, products.slice(0, 1)), {
        signal: controller.signal,
        heartbeat: () => undefined,
      }),
    );
    setTimeout(() => controller.abort(new Error('run cancelled')), 500);
    await expect(cancelled).rejects.toThrow('run cancelled');
    expect(callsOf('train').at(-1)).toMatchObject({ pluginId: 'acme-runaway', outcome: 'crashed' });

    const versions = await asBank(() =>
      service(EntityManager).transactional(() => service(ModelRegistryService).versions('acme-runaway')),
    );
    expect(versions).toEqual([]);
  }, 120_000);

  it('a dataset over the training argument limit is refused before it reaches the sandbox', async () => {
    const logit = await model('acme-logit');
    const dataset = datasetOf(8_000, 10);
    const bytes = Buffer.byteLength(JSON.stringify(dataset.train.examples));
    expect(bytes).toBeGreaterThan(8 * mib);
    const refused = await failure(asBank(() => logit.train(dataset, context)));
    expect(refused).toBeInstanceOf(PluginCallFailed);
    expect(refused.outcome).toMatchObject({ kind: 'too-large', what: 'arguments', limitBytes: 8 * mib });
  }, 60_000);
});
