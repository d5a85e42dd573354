import { describe, expect, it } from 'vitest';
import { definePlugin, validatePlugin } from './manifest';
import {
  featureRequestProblems,
  type RecommendationModel,
  recommendationModelDeclarationProblems,
} from './recommendation-model';

describe('featureRequestProblems', () => {
  it('accepts names of the vocabulary, family members and whole families', () => {
    expect(
      featureRequestProblems([
        'income.monthly',
        'spend.category.groceries',
        'spend.category.*',
        'products-held.credit-card',
        'balance.idle',
      ]),
    ).toEqual([]);
  });

  it.each([
    ['income', 'is not in the feature vocabulary'],
    ['spend.category.', 'is not in the feature vocabulary'],
    ['spend.category.Eating Out', 'is not in the feature vocabulary'],
    ['customer.name', 'is not in the feature vocabulary'],
  ])('refuses %j', (name, message) => {
    expect(featureRequestProblems([name])).toEqual([
      { path: '$.features[0]', message: expect.stringContaining(message) },
    ]);
  });

  it('refuses a repeat', () => {
    expect(featureRequestProblems(['income.monthly', 'income.monthly'])).toEqual([
      { path: '$.features[1]', message: '"income.monthly" is requested twice' },
    ]);
  });
});

describe('a recommendation-model plugin', () => {
  it('passes validatePlugin, and its calls take and return JSON', async () => {
    // A popularity model: scores each product by how often it was taken in training.
    const model: RecommendationModel = {
      async train(dataset) {
        const counts: Record<string, number> = {};
        for (const example of dataset.train.examples) {
          for (const label of example.labels) {
            if (label.outcome !== 'dismissed') counts[label.product] = (counts[label.product] ?? 0) + 1;
          }
        }
        return { artifact: { format: 'popularity/1', encoding: 'json', data: counts }, metrics: {} };
      },
      async predict(batch) {
        const counts = batch.artifact.data as Record<string, number>;
        const total = Object.values(counts).reduce((sum, count) => sum + count, 0) || 1;
        return {
          scores: batch.customers.flatMap(({ customer, held }) =>
            batch.products
              .filter((product) => !held.includes(product.id))
              .map((product) => ({
                customer,
                product: product.id,
                score: (counts[product.id] ?? 0) / total,
              })),
          ),
        };
      },
      async explain() {
        return { attributions: [], sentence: 'Many customers like you chose this.' };
      },
    };
    const plugin = definePlugin({
      manifest: {
        id: 'model-popularity',
        name: 'Popularity',
        version: '1.0.0',
        publisher: 'Acme',
        sdk: '^0.1.0',
        capabilities: ['recommendation-model'],
        settings: { type: 'object' },
        permissions: { data: ['features'], hosts: [] },
        regions: ['EU'],
        trust: 'third-party',
      },
      extensions: { 'recommendation-model': { features: ['products-held.*'], create: () => model } },
    });
    expect(validatePlugin(plugin).ok).toBe(true);
    const context = { signal: new AbortController().signal, heartbeat: () => undefined };
    const window = (from: string, to: string) => ({ from, to });
    const dataset = {
      features: ['products-held.credit-card'],
      products: [
        { id: 'card', type: 'credit-card' as const },
        { id: 'loan', type: 'personal-loan' as const },
      ],
      train: {
        featureWindow: window('2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z'),
        labelWindow: window('2026-07-01T00:00:00Z', '2026-10-01T00:00:00Z'),
        examples: [
          {
            customer: 'c1',
            features: {},
            held: [],
            labels: [{ product: 'card', outcome: 'taken' as const }],
          },
        ],
      },
      validation: {
        featureWindow: window('2026-04-01T00:00:00Z', '2026-10-01T00:00:00Z'),
        labelWindow: window('2026-10-01T00:00:00Z', '2027-01-01T00:00:00Z'),
        examples: [],
      },
    };
    const created = plugin.extensions['recommendation-model'].create({
      tenantId: 't',
      region: 'EU',
      settings: {},
    });
    // What crosses the isolation boundary is JSON: round-trip every value through it.
    const trained = JSON.parse(
      JSON.stringify(await created.train(JSON.parse(JSON.stringify(dataset)), context)),
    );
    const predicted = await created.predict(
      {
        artifact: trained.artifact,
        asOf: '2027-01-01T00:00:00Z',
        products: dataset.products,
        customers: [{ customer: 'p1', features: {}, held: ['loan'] }],
      },
      context,
    );
    expect(predicted).toEqual({ scores: [{ customer: 'p1', product: 'card', score: 1 }] });
  });
});

describe('recommendationModelDeclarationProblems', () => {
  it('accepts known features and product types; names unknown ones by path', () => {
    expect(
      recommendationModelDeclarationProblems({ features: ['income.monthly'], productTypes: ['credit-card'] }),
    ).toEqual([]);
    const problems = recommendationModelDeclarationProblems({
      features: ['income.monthly', 'shoe-size'],
      productTypes: ['credit-card', 'yacht' as never],
    });
    expect(problems.map((problem) => problem.path)).toEqual(['$.features[1]', '$.productTypes[1]']);
    expect(problems[1]!.message).toMatch(/^"yacht" is not a product type \(one of /);
  });
});
