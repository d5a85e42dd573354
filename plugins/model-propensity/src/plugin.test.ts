import {
  areaUnderCurve,
  seededRandom,
  type ModelRunContext,
  type TrainingDataset,
  type TrainingExample,
} from '@finpersona/plugin-sdk';
import { runPluginHarness } from '@finpersona/plugin-sdk/testing';
import { describe, expect, it } from 'vitest';
import { createPropensityModel, customerFolds, defaultPropensitySettings } from './model';
import { plattScaling, weightCorrection } from './network';
import { propensityModelPlugin } from './plugin';

const quiet: ModelRunContext = { signal: new AbortController().signal, heartbeat: () => undefined };

/**
 * A bank where the loan is taken by customers whose income fell and whose balance is low, and the card by
 * customers with high spending; idle noise features carry nothing. Features are the vocabulary's names.
 */
function plantedExamples(count: number, seed: number, prefix: string): TrainingExample[] {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: count }, (_, index) => {
    const incomeChange = 0.2 * gaussian();
    const balance = Math.round(Math.exp(8 + gaussian()) * 100);
    const spend = Math.round(Math.exp(7 + 0.6 * gaussian()) * 100);
    const noise = gaussian();
    const loanLogit = -2.2 - 6 * incomeChange - 1.2 * (Math.log(balance / 100) - 8);
    const cardLogit = -2.2 + (2 * (Math.log(spend / 100) - 7)) / 0.6;
    const labels: TrainingExample['labels'][number][] = [];
    if (random() < 1 / (1 + Math.exp(-loanLogit))) labels.push({ product: 'loan', outcome: 'taken' });
    const holdsCard = random() < 0.1;
    if (!holdsCard && random() < 1 / (1 + Math.exp(-cardLogit)))
      labels.push({ product: 'card', outcome: 'taken' });
    return {
      customer: `${prefix}-${index}`,
      features: {
        'income.change': incomeChange,
        'balance.mean': balance,
        'spend.monthly': spend,
        'spend.trend': noise,
        // Unknown for a fifth of customers, as on the platform when no income is detected.
        'savings.rate': index % 5 === 0 ? null : 0.1 * gaussian(),
      },
      held: holdsCard ? ['card'] : [],
      labels,
    };
  });
}

function plantedDataset(): TrainingDataset {
  return {
    features: ['income.change', 'balance.mean', 'spend.monthly', 'spend.trend', 'savings.rate'],
    products: [
      { id: 'loan', type: 'personal-loan' },
      { id: 'card', type: 'credit-card' },
    ],
    train: {
      featureWindow: { from: '2025-01-01T00:00:00Z', to: '2025-07-01T00:00:00Z' },
      labelWindow: { from: '2025-07-01T00:00:00Z', to: '2025-10-01T00:00:00Z' },
      examples: plantedExamples(1200, 1, 't'),
    },
    validation: {
      featureWindow: { from: '2025-04-01T00:00:00Z', to: '2025-10-01T00:00:00Z' },
      labelWindow: { from: '2025-10-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      examples: plantedExamples(600, 2, 'v'),
    },
  };
}

/** AUC of scores for one product against the validation labels (the SDK's AUC). */
function aucOf(
  scores: readonly { customer: string; product: string; score: number }[],
  dataset: TrainingDataset,
  product: string,
) {
  const taken = new Set(
    dataset.validation.examples
      .filter((example) => example.labels.some((label) => label.product === product))
      .map((example) => example.customer),
  );
  return areaUnderCurve(
    scores
      .filter((score) => score.product === product)
      .map((score) => ({ score: score.score, positive: taken.has(score.customer) })),
  )!;
}

const settings = { ...defaultPropensitySettings, ensemble: 2, backend: 'cpu' as const };

describe('the propensity model plugin', () => {
  it('passes the SDK harness: manifest, features, train, predict (twice the same), explain', async () => {
    const report = await runPluginHarness(propensityModelPlugin, {
      settings: { backend: 'cpu', ensemble: 1 },
    });
    expect(report.problems).toEqual([]);
    expect(report.steps).toContain('recommendation-model');
    expect(report.recommendationModel?.explanation?.sentence).toMatch(/\.$/);
  });

  it('learns a planted signal: high AUC on a later validation split, calibrated near the true rate', async () => {
    const dataset = plantedDataset();
    const model = createPropensityModel(settings);
    const heartbeats: string[] = [];
    const trained = await model.train(dataset, {
      ...quiet,
      heartbeat: (progress) => heartbeats.push(progress?.detail ?? ''),
    });
    expect(heartbeats.length).toBeGreaterThan(settings.ensemble * 5);
    const { scores } = await model.predict(
      {
        artifact: trained.artifact,
        asOf: dataset.validation.featureWindow.to,
        products: dataset.products,
        customers: dataset.validation.examples,
      },
      quiet,
    );
    // Held cards are not scored.
    const heldCard = dataset.validation.examples.find((example) => example.held.includes('card'))!;
    expect(scores.some((score) => score.customer === heldCard.customer && score.product === 'card')).toBe(
      false,
    );
    expect(aucOf(scores, dataset, 'loan')).toBeGreaterThan(0.8);
    expect(aucOf(scores, dataset, 'card')).toBeGreaterThan(0.8);
    const loanScores = scores.filter((score) => score.product === 'loan');
    const meanScore = loanScores.reduce((sum, score) => sum + score.score, 0) / loanScores.length;
    const rate =
      dataset.validation.examples.filter((example) =>
        example.labels.some((label) => label.product === 'loan'),
      ).length / dataset.validation.examples.length;
    expect(Math.abs(meanScore - rate)).toBeLessThan(0.05);
    // The artefact is plain JSON and predicting again from its round trip gives the same scores.
    const again = await model.predict(
      {
        artifact: JSON.parse(JSON.stringify(trained.artifact)),
        asOf: dataset.validation.featureWindow.to,
        products: dataset.products,
        customers: dataset.validation.examples.slice(0, 5),
      },
      quiet,
    );
    expect(again.scores).toEqual(
      scores.filter((score) =>
        dataset.validation.examples.slice(0, 5).some((e) => e.customer === score.customer),
      ),
    );
  });

  it('explains a loan score by the planted features, in a sentence quoting the customer’s figures', async () => {
    const dataset = plantedDataset();
    const model = createPropensityModel(settings);
    const { artifact } = await model.train(dataset, quiet);
    const explainIn = (locale: string) =>
      model.explain(
        {
          artifact,
          asOf: dataset.validation.featureWindow.to,
          customer: {
            customer: 'x',
            features: {
              'income.change': -0.3,
              'balance.mean': 42_000,
              'spend.monthly': 110_000,
              'spend.trend': 0,
              'savings.rate': 0,
            },
          },
          product: { id: 'loan', type: 'personal-loan' },
          locale,
        },
        quiet,
      );
    const explanation = await explainIn('en');
    expect(
      explanation.attributions
        .slice(0, 2)
        .map((item) => item.feature)
        .sort(),
    ).toEqual(['balance.mean', 'income.change']);
    expect(explanation.sentence).toMatch(/income fell 30%/);
    expect(explanation.sentence).toMatch(/balance averages 420/);
    expect(explanation.sentence).toMatch(/personal loan\.$/);

    // The same explanation for a customer who reads Slovenian.
    const inSlovenian = await explainIn('sl-SI');
    expect(inSlovenian.attributions).toEqual(explanation.attributions);
    expect(inSlovenian.sentence).toMatch(/dohodek se je znižal za 30\u00a0%/);
    expect(inSlovenian.sentence).toMatch(/povprečno stanje je 420/);
    expect(inSlovenian.sentence).toMatch(/: stranke, kot ste vi, pogosto izberejo osebni kredit\.$/);
  });

  it('holds out customers, not examples: all of a customer’s stacked snapshots fall in one fold', () => {
    const examples = ['a', 'b', 'c', 'd', 'e', 'f'].flatMap((customer) =>
      [1, 2, 3].map(() => ({ customer })),
    );
    const folds = customerFolds(examples, 3, 7);
    const foldOfCustomer = new Map<string, Set<number>>();
    examples.forEach((example, index) =>
      foldOfCustomer.set(
        example.customer,
        (foldOfCustomer.get(example.customer) ?? new Set()).add(folds[index]!),
      ),
    );
    expect([...foldOfCustomer.values()].every((set) => set.size === 1)).toBe(true);
    // Six customers over three folds: two customers (six examples) each.
    expect([0, 1, 2].map((fold) => folds.filter((value) => value === fold).length)).toEqual([6, 6, 6]);
    expect(customerFolds(examples, 3, 7)).toEqual(folds);
  });

  it('trains on a stacked split and blends in its linear member only when its weight says so', async () => {
    const dataset = plantedDataset();
    // The same customers again at an earlier cut-off (fresh draws, same ids), as the platform stacks them.
    const earlier = plantedExamples(1200, 3, 't');
    const stacked: TrainingDataset = {
      ...dataset,
      train: { ...dataset.train, examples: [...dataset.train.examples, ...earlier] },
    };
    const quick = { ...settings, ensemble: 1, network: { ...settings.network, maxEpochs: 30 } };
    const linearOnly = createPropensityModel({ ...quick, linear: { weight: 1, l2: 10 } });
    const networkOnly = createPropensityModel({ ...quick, linear: { weight: 0, l2: 10 } });
    const withLinear = await linearOnly.train(stacked, quiet);
    const withoutLinear = await networkOnly.train(stacked, quiet);
    expect((withLinear.artifact.data as { linear?: unknown }).linear).toBeDefined();
    expect((withoutLinear.artifact.data as { linear?: unknown }).linear).toBeUndefined();
    const batch = (artifact: typeof withLinear.artifact) => ({
      artifact,
      asOf: dataset.validation.featureWindow.to,
      products: dataset.products,
      customers: dataset.validation.examples,
    });
    const linearScores = (await linearOnly.predict(batch(withLinear.artifact), quiet)).scores;
    const networkScores = (await networkOnly.predict(batch(withoutLinear.artifact), quiet)).scores;
    // The planted signal is (in the transformed inputs) linear: the linear member alone finds it.
    expect(aucOf(linearScores, dataset, 'loan')).toBeGreaterThan(0.8);
    expect(aucOf(networkScores, dataset, 'loan')).toBeGreaterThan(0.75);
    expect(linearScores).not.toEqual(networkScores);
  });

  it("calibrates on the hold-out fold, and removes the positives' training weight where the fold cannot", () => {
    // Logits of a network trained with positives weighted 4×: the true log-odds plus ln 4.
    const random = seededRandom(11);
    const truth = Array.from({ length: 4000 }, () => -2 + 2 * (random() * 2 - 1));
    const targets = truth.map((logit) => (random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0));
    const fitted = plattScaling(
      truth.map((logit) => logit + Math.log(4)),
      targets,
      4,
    );
    expect(fitted.a).toBeCloseTo(1, 0);
    expect(fitted.b).toBeGreaterThan(-Math.log(4) - 0.3);
    expect(fitted.b).toBeLessThan(-Math.log(4) + 0.3);
    // No positive in the fold: nothing to fit, but the weight's factor on the odds still goes.
    expect(plattScaling([0.5, -1, 2], [0, 0, 0], 4)).toEqual(weightCorrection(4));
    expect(weightCorrection(4)).toEqual({ a: 1, b: -Math.log(4) });
    expect(plattScaling([0.5, -1], [0, 0])).toEqual({ a: 1, b: -0 });
  });

  it("scores a rare product of a small bank near its rate, not inflated by the positives' weight", async () => {
    // 40 customers (too few for a hold-out fold): the card is taken by 2, the loan by 10.
    const examples = plantedExamples(40, 5, 's').map((example, index) => ({
      ...example,
      held: [],
      labels: [
        ...(index % 4 === 0 ? [{ product: 'loan', outcome: 'taken' as const }] : []),
        ...(index % 20 === 1 ? [{ product: 'card', outcome: 'taken' as const }] : []),
      ],
    }));
    const dataset: TrainingDataset = {
      ...plantedDataset(),
      train: { ...plantedDataset().train, examples },
      validation: { ...plantedDataset().validation, examples: examples.slice(0, 10) },
    };
    const model = createPropensityModel({ ...settings, ensemble: 1 });
    const { artifact } = await model.train(dataset, quiet);
    const { scores } = await model.predict(
      { artifact, asOf: '2025-10-01T00:00:00Z', products: dataset.products, customers: examples },
      quiet,
    );
    const meanOf = (product: string) => {
      const of = scores.filter((score) => score.product === product);
      return of.reduce((sum, score) => sum + score.score, 0) / of.length;
    };
    // Rates 0.05 and 0.25, weighted 4.4× and 1.7× in training. Left inflated they came out at 0.071 and 0.304.
    expect(Math.abs(meanOf('card') - 0.05)).toBeLessThan(0.015);
    expect(Math.abs(meanOf('loan') - 0.25)).toBeLessThan(0.03);
  });

  it('stops training when the run is aborted', async () => {
    const controller = new AbortController();
    const model = createPropensityModel(settings);
    let epochs = 0;
    const training = model.train(plantedDataset(), {
      signal: controller.signal,
      heartbeat: () => {
        epochs += 1;
        if (epochs === 3) controller.abort();
      },
    });
    await expect(training).rejects.toThrow('Training was stopped');
    expect(epochs).toBe(3);
  });
});
