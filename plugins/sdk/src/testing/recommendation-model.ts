/**
 * Drives a recommendation model as the platform does: its feature request checked against the vocabulary,
 * `train` on a dataset built from the fixtures (split by time), `predict` for every customer, `explain` one
 * score — each answer checked against the contract (JSON only, a well-formed artifact, a score in [0, 1]
 * for every customer × product they do not hold and nothing else, the same scores when asked twice, an
 * explanation that names only requested features and not the customer).
 */
import type { PluginContext } from '../manifest';
import type {
  CandidateProduct,
  DatasetSplit,
  Explanation,
  ModelRunContext,
  PredictionResult,
  RecommendationModelExtension,
  TrainingDataset,
  TrainingResult,
} from '../recommendation-model';
import { attempt, failed, jsonProblem, sameAnswer } from './checks';
import type { ProblemSink } from './data-connector';
import type { Fixtures } from './fixtures';
import { expandFeatures, pseudonym, vectorOf } from './plan';

export interface RecommendationModelRun {
  readonly dataset: TrainingDataset;
  readonly training?: TrainingResult;
  readonly predictions?: PredictionResult;
  readonly explanation?: Explanation;
}

export async function checkRecommendationModel(
  extension: RecommendationModelExtension,
  context: PluginContext,
  fixtures: Fixtures,
  now: Date,
  problem: ProblemSink,
): Promise<RecommendationModelRun> {
  const features = expandFeatures(
    extension.features,
    fixtures.customers,
    'recommendation-model.features',
    problem,
  );
  const products: CandidateProduct[] = fixtures.products
    .filter((product) => !extension.productTypes || extension.productTypes.includes(product.type))
    .map((product) => ({ id: product.id, type: product.type }));
  const day = 86_400_000;
  const iso = (offsetDays: number) => new Date(now.getTime() - offsetDays * day).toISOString();
  // By time, as the platform splits: training windows end where the validation ones begin.
  const split = (from: number, middle: number, to: number, labelled: boolean): DatasetSplit => ({
    featureWindow: { from: iso(from), to: iso(middle) },
    labelWindow: { from: iso(middle), to: iso(to) },
    examples: fixtures.customers.map((customer, index) => ({
      customer: pseudonym(index),
      features: vectorOf(customer, features),
      held: customer.held,
      labels: labelled ? customer.outcomes : [],
    })),
  });
  const dataset: TrainingDataset = {
    features,
    products,
    train: split(270, 180, 90, true),
    validation: split(180, 90, 0, true),
  };
  const run: { -readonly [K in keyof RecommendationModelRun]: RecommendationModelRun[K] } = { dataset };
  const runContext: ModelRunContext = { signal: new AbortController().signal, heartbeat: () => undefined };

  const model = await attempt('recommendation-model.create', problem, () => extension.create(context));
  if (model === failed) return run;

  const trained = await attempt('recommendation-model.train', problem, () =>
    model.train(dataset, runContext),
  );
  if (trained === failed) return run;
  run.training = trained;
  const trainProblems = [
    jsonProblem(trained, 'the training result'),
    typeof trained.artifact?.format === 'string' && trained.artifact.format !== ''
      ? null
      : 'artifact.format must name the model layout (a non-empty string)',
    trained.artifact?.encoding === 'json' || trained.artifact?.encoding === 'base64'
      ? null
      : 'artifact.encoding must be "json" or "base64"',
    trained.artifact?.encoding === 'base64' && typeof trained.artifact.data !== 'string'
      ? 'a base64 artifact needs its data as a base64 string'
      : null,
    ...Object.entries(trained.metrics ?? {}).map(([name, value]) =>
      Number.isFinite(value) ? null : `metrics.${name} must be a finite number`,
    ),
  ];
  for (const message of trainProblems) if (message) problem('recommendation-model.train', message);

  const batch = {
    artifact: trained.artifact,
    asOf: now.toISOString(),
    products,
    customers: fixtures.customers.map((customer, index) => ({
      customer: pseudonym(index),
      features: vectorOf(customer, features),
      held: customer.held,
    })),
  };
  const predicted = await attempt('recommendation-model.predict', problem, () =>
    model.predict(batch, runContext),
  );
  if (predicted === failed) return run;
  run.predictions = predicted;
  const notJson = jsonProblem(predicted, 'the prediction result');
  if (notJson) problem('recommendation-model.predict', notJson);
  const expected = new Set(
    batch.customers.flatMap(({ customer, held }) =>
      products
        .filter((product) => !held.includes(product.id))
        .map((product) => `${customer} × ${product.id}`),
    ),
  );
  const seen = new Set<string>();
  for (const score of predicted.scores ?? []) {
    const key = `${score.customer} × ${score.product}`;
    const message = !expected.has(key)
      ? `scored ${key}, which is not a candidate (an unknown customer or product, or one the customer holds)`
      : seen.has(key)
        ? `scored ${key} twice`
        : !(typeof score.score === 'number' && score.score >= 0 && score.score <= 1)
          ? `the score of ${key} is ${String(score.score)}; scores are numbers in [0, 1]`
          : null;
    if (message) problem('recommendation-model.predict', message);
    seen.add(key);
  }
  const unscored = [...expected].filter((key) => !seen.has(key));
  if (unscored.length > 0) {
    problem(
      'recommendation-model.predict',
      `gave no score for ${unscored.length} candidates (e.g. ${unscored[0]})`,
    );
  }
  const again = await attempt('recommendation-model.predict', problem, () =>
    model.predict(batch, runContext),
  );
  if (again !== failed) sameAnswer('recommendation-model.predict', predicted, again, problem);

  const target = batch.customers[0]!;
  const product = products.find((candidate) => !target.held.includes(candidate.id));
  if (!product) return run;
  const explained = await attempt('recommendation-model.explain', problem, () =>
    model.explain(
      { artifact: trained.artifact, asOf: batch.asOf, customer: target, product, locale: 'en' },
      runContext,
    ),
  );
  if (explained === failed) return run;
  run.explanation = explained;
  const explainProblems = [
    jsonProblem(explained, 'the explanation'),
    typeof explained.sentence === 'string' && explained.sentence.trim() !== ''
      ? null
      : 'sentence must be a sentence a customer can read',
    typeof explained.sentence === 'string' && explained.sentence.includes(target.customer)
      ? 'the sentence quotes the customer id; it may quote feature values only'
      : null,
    ...(explained.attributions ?? []).map((attribution) =>
      features.includes(attribution.feature)
        ? Number.isFinite(attribution.contribution)
          ? null
          : `the contribution of ${attribution.feature} must be a finite number`
        : `attributes to ${attribution.feature}, which is not among the requested features`,
    ),
  ];
  for (const message of explainProblems) if (message) problem('recommendation-model.explain', message);
  return run;
}
