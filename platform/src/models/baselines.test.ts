import type { RecommendationModel, TrainingDataset, TrainingExample } from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { logisticRegressionBaseline, popularityBaseline } from './baselines';
import { detachedRunContext, evaluateOnValidation } from './evaluate';

const example = (
  customer: string,
  income: number | null,
  held: string[],
  taken: string[],
  dismissed: string[] = [],
): TrainingExample => ({
  customer,
  features: { 'income.monthly': income, 'balance.mean': 1000 },
  held,
  labels: [
    ...taken.map((product) => ({ product, outcome: 'taken' as const })),
    ...dismissed.map((product) => ({ product, outcome: 'dismissed' as const })),
  ],
});

/** Loans go to customers with low income; unknown income sometimes. The card is taken by one in four. */
function dataset(): TrainingDataset {
  const examples = (prefix: string) => [
    ...Array.from({ length: 40 }, (_, index) =>
      example(
        `${prefix}${index}`,
        100_000 + index * 5_000,
        index % 4 === 0 ? ['card'] : [],
        index < 8 ? ['loan'] : [],
      ),
    ),
    ...Array.from({ length: 8 }, (_, index) =>
      example(`${prefix}u${index}`, null, [], index % 2 ? ['loan', 'card'] : [], index % 2 ? [] : ['card']),
    ),
  ];
  return {
    features: ['income.monthly', 'balance.mean'],
    products: [
      { id: 'loan', type: 'personal-loan' },
      { id: 'card', type: 'credit-card' },
    ],
    train: {
      featureWindow: { from: '2025-01-01T00:00:00Z', to: '2025-04-01T00:00:00Z' },
      labelWindow: { from: '2025-04-01T00:00:00Z', to: '2025-07-01T00:00:00Z' },
      examples: examples('t'),
    },
    validation: {
      featureWindow: { from: '2025-04-01T00:00:00Z', to: '2025-07-01T00:00:00Z' },
      labelWindow: { from: '2025-07-01T00:00:00Z', to: '2025-10-01T00:00:00Z' },
      examples: examples('v'),
    },
  };
}

async function trainAndScore(model: RecommendationModel) {
  const data = dataset();
  const { artifact } = await model.train(data, detachedRunContext);
  const metrics = await evaluateOnValidation(model, artifact, data);
  return { data, artifact, metrics };
}

describe('the popularity baseline', () => {
  it('scores each product by its rate of being taken among customers who did not hold it, for everyone', async () => {
    const { artifact, data } = await trainAndScore(popularityBaseline);
    // Loan: 8 + 4 taken of 48 candidates; card: 4 taken of 48 − 10 holders (a dismissal is not a take).
    expect(artifact.data).toMatchObject({ rates: { loan: 12 / 48, card: 4 / 38 } });
    const { scores } = await popularityBaseline.predict(
      {
        artifact,
        asOf: '2025-07-01T00:00:00Z',
        products: data.products,
        customers: data.validation.examples.slice(0, 2),
      },
      detachedRunContext,
    );
    // The first customer holds the card: only the loan is scored for them.
    expect(scores).toEqual([
      { customer: 'v0', product: 'loan', score: 0.25 },
      { customer: 'v1', product: 'loan', score: 0.25 },
      { customer: 'v1', product: 'card', score: 4 / 38 },
    ]);
    const explanation = await popularityBaseline.explain(
      {
        artifact,
        asOf: '2025-07-01T00:00:00Z',
        customer: data.validation.examples[1]!,
        product: data.products[0]!,
        locale: 'en',
      },
      detachedRunContext,
    );
    expect(explanation).toEqual({
      attributions: [],
      sentence: 'This is popular: 25% of customers who did not have it took it.',
    });
  });
});

describe('the logistic regression baseline', () => {
  it('learns that low and unknown income take the loan, and explains by coefficient × standardised value', async () => {
    const { artifact, data, metrics } = await trainAndScore(logisticRegressionBaseline);
    expect(metrics.perProduct.loan!.auc).toBeGreaterThan(0.9);
    const explanation = await logisticRegressionBaseline.explain(
      {
        artifact,
        asOf: '2025-07-01T00:00:00Z',
        customer: data.validation.examples[0]!,
        product: data.products[0]!,
        locale: 'en',
      },
      detachedRunContext,
    );
    expect(explanation.attributions[0]).toMatchObject({ feature: 'income.monthly', value: 100_000 });
    expect(explanation.attributions[0]!.contribution).toBeGreaterThan(0);
    // The constant balance carries nothing.
    expect(explanation.attributions.find((item) => item.feature === 'balance.mean')!.contribution).toBe(0);
    expect(explanation.sentence).toBe(
      'Your monthly income is about 1,000: customers like you often choose a personal loan.',
    );
  });
});

describe('evaluateOnValidation', () => {
  it('measures the validation split only, leaving held products out', async () => {
    const { metrics } = await trainAndScore(popularityBaseline);
    // 48 loan candidates + 38 card candidates in validation.
    expect(metrics).toMatchObject({ examples: 86, positives: 16, k: 3 });
    // Popularity ranks everyone alike: its AUC per product is 0.5.
    expect(metrics.perProduct.loan!.auc).toBe(0.5);
  });

  it('refuses a model that leaves out a candidate', async () => {
    const data = dataset();
    const lazy: RecommendationModel = {
      ...popularityBaseline,
      predict: async () => ({ scores: [] }),
    };
    await expect(
      evaluateOnValidation(lazy, { format: 'x', encoding: 'json', data: {} }, data),
    ).rejects.toThrow('The model gave no score for loan of v0; every candidate needs a score in [0, 1]');
  });
});
