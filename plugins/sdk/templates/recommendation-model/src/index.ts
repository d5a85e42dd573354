/**
 * Example plugin: a recommendation model. It learns how often each product was taken (or a
 * recommendation of it accepted) in the training window, scores each customer's candidates by that rate,
 * and explains with the customer's income. A baseline to replace with your model; keep to the contract
 * (see the SDK's docs/reference/recommendation-model.md): JSON in and out, an artifact the platform
 * stores, a score in [0, 1] for every customer × product they do not hold, explanations that name only
 * the features you requested.
 */
import {
  definePlugin,
  type ModelArtifact,
  type RecommendationModel,
  type TrainingDataset,
} from '@finpersona/plugin-sdk';

/** The artifact's data: per product, customers who took it, out of all training customers. */
interface Popularity {
  readonly taken: Record<string, number>;
  readonly customers: number;
}

const format = 'example-plugin/popularity-1';

function popularityOf(artifact: ModelArtifact): Popularity {
  if (artifact.format !== format || artifact.encoding !== 'json') {
    throw new Error(`expected an artifact of format ${format}, got ${artifact.format}`);
  }
  return artifact.data as Popularity;
}

/** Laplace-smoothed take-up rate: in (0, 1), and 1/(n+2) for a product nobody took yet. */
const rate = (model: Popularity, product: string) =>
  ((model.taken[product] ?? 0) + 1) / (model.customers + 2);

export const model: RecommendationModel = {
  async train(dataset: TrainingDataset, context) {
    const taken: Record<string, number> = {};
    for (const example of dataset.train.examples) {
      for (const label of example.labels) {
        if (label.outcome !== 'dismissed') taken[label.product] = (taken[label.product] ?? 0) + 1;
      }
    }
    context.heartbeat({ progress: 1 });
    const data: Popularity = { taken, customers: dataset.train.examples.length };
    return {
      artifact: { format, encoding: 'json', data },
      metrics: { trainingCustomers: data.customers },
    };
  },

  async predict(batch) {
    const popularity = popularityOf(batch.artifact);
    return {
      scores: batch.customers.flatMap(({ customer, held }) =>
        batch.products
          .filter((product) => !held.includes(product.id))
          .map((product) => ({ customer, product: product.id, score: rate(popularity, product.id) })),
      ),
    };
  },

  async explain(request) {
    const popularity = popularityOf(request.artifact);
    const income = request.customer.features['income.monthly'] ?? null;
    const percent = Math.round(rate(popularity, request.product.id) * 100);
    return {
      attributions: [{ feature: 'income.monthly', value: income, contribution: 0 }],
      sentence: `About ${percent}% of customers like you chose this product recently.`,
    };
  },
};

export default definePlugin({
  manifest: {
    id: 'example-plugin',
    name: 'Example plugin',
    version: '0.1.0',
    publisher: 'Example Publisher',
    description: 'A popularity baseline: recommends what similar customers took up.',
    sdk: '^0.1.0',
    capabilities: ['recommendation-model'],
    settings: { type: 'object', additionalProperties: false, properties: {} },
    // It reads the customers' features (pseudonymous, computed by the platform) and calls no host.
    permissions: { data: ['features'], hosts: [] },
    regions: ['EU', 'UK', 'US'],
    trust: 'third-party',
  },
  extensions: {
    'recommendation-model': {
      features: ['income.monthly', 'products-held.*'],
      create: () => model,
    },
  },
});
