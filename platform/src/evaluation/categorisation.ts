/**
 * Categorisation on the PKDD'99 data (prepared by Petr Berka and Marta Sochorova for the PKDD'99 Discovery
 * Challenge): accuracy against the dataset's own payment-type labels (`k_symbol`, carried as `sourceCode`),
 * on a time split — the classifier is trained on the earlier months' labelled transactions (standing in
 * for a bank's labels) and tested on the later months'. No categoriser sees `sourceCode`: inputs are built
 * from `withoutSourceCode`, and the mapping to categories is the shared design's (intelligence.md).
 *
 * Methods, each on the same test rows:
 * - majority class (of the training months);
 * - rules/MCC only: the platform's categoriser without a classifier (a row it leaves open counts wrong);
 * - learned classifier: the TF.js text + amount classifier alone, its top class;
 * - rules + classifier: the platform's categoriser as ingestion runs it (rules first, then the classifier
 *   above its confidence threshold, `other-*` below it).
 */
import type { SourceTransaction } from '@finpersona/plugin-sdk';
import type { TensorflowPreference } from '@finpersona/plugin-sdk/tensorflow';
import {
  type CategorisableTransaction,
  Categoriser,
  CategoryClassifier,
  type CategoryId,
  categorisableTransaction,
  trainCategoryClassifier,
} from '../enrichment';
import {
  type EvaluationSection,
  type Pkdd99Evaluation,
  pkdd99Attribution,
  withoutSourceCode,
} from './pkdd99-data';

/** `k_symbol` → category (intelligence.md, seam 1); blank and anything else: unlabelled. */
export const pkdd99CategoryOfKSymbol: Readonly<Record<string, CategoryId>> = {
  POJISTNE: 'insurance',
  SLUZBY: 'bank-fees',
  UROK: 'interest-income',
  'SANKC. UROK': 'interest-charges',
  SIPO: 'household-bills',
  DUCHOD: 'pension',
  UVER: 'loan-repayment',
};

/** Transactions booked before this day train; from it on they test (the file covers 1993-01 to 1994-03). */
export const categorisationSplitDay = '1994-01-01';

export interface LabelledTransaction {
  /** What a categoriser sees: no `sourceCode`. */
  readonly input: CategorisableTransaction;
  readonly label: CategoryId;
  readonly bookingDate: string;
}

/** The categoriser's view of a statement transaction, without its label (ingestion builds the same one). */
export function categorisable(transaction: SourceTransaction): CategorisableTransaction {
  return categorisableTransaction(withoutSourceCode(transaction));
}

/** Every transaction whose `k_symbol` maps to a category, split by booking date. */
export function labelledTransactions(data: Pkdd99Evaluation): {
  train: LabelledTransaction[];
  test: LabelledTransaction[];
} {
  const train: LabelledTransaction[] = [];
  const test: LabelledTransaction[] = [];
  for (const account of data.accounts) {
    for (const transaction of account.transactions) {
      const label = pkdd99CategoryOfKSymbol[(transaction.sourceCode ?? '').trim()];
      if (!label) continue;
      const row = { input: categorisable(transaction), label, bookingDate: transaction.bookingDate };
      (transaction.bookingDate < categorisationSplitDay ? train : test).push(row);
    }
  }
  const byDate = (a: LabelledTransaction, b: LabelledTransaction) =>
    a.bookingDate < b.bookingDate ? -1 : a.bookingDate > b.bookingDate ? 1 : 0;
  return { train: train.sort(byDate), test };
}

export interface MethodScore {
  readonly method: string;
  readonly correct: number;
  readonly total: number;
  /** Rows the method gave a category at all. */
  readonly answered: number;
  readonly predictions: readonly (CategoryId | null)[];
}

function score(
  method: string,
  test: readonly LabelledTransaction[],
  predictions: (CategoryId | null)[],
): MethodScore {
  let correct = 0;
  let answered = 0;
  predictions.forEach((prediction, index) => {
    if (prediction !== null) answered++;
    if (prediction === test[index]!.label) correct++;
  });
  return { method, correct, total: test.length, answered, predictions };
}

/** Precision and recall per true category of one method's predictions. */
export function perCategory(
  test: readonly LabelledTransaction[],
  predictions: readonly (CategoryId | null)[],
): { category: CategoryId; precision: number; recall: number; support: number }[] {
  const labels = [...new Set(test.map((row) => row.label))].sort();
  return labels.map((category) => {
    let truePositive = 0;
    let predicted = 0;
    let support = 0;
    test.forEach((row, index) => {
      if (row.label === category) support++;
      if (predictions[index] === category) {
        predicted++;
        if (row.label === category) truePositive++;
      }
    });
    return {
      category,
      precision: predicted === 0 ? 0 : truePositive / predicted,
      recall: truePositive / support,
      support,
    };
  });
}

/** The most frequent (true, predicted) pair with true ≠ predicted. */
export function worstConfusion(
  test: readonly LabelledTransaction[],
  predictions: readonly (CategoryId | null)[],
): { actual: CategoryId; predicted: string; count: number } | null {
  const counts = new Map<string, number>();
  test.forEach((row, index) => {
    const predicted = predictions[index] ?? '(none)';
    if (predicted !== row.label)
      counts.set(`${row.label}\u0000${predicted}`, (counts.get(`${row.label}\u0000${predicted}`) ?? 0) + 1);
  });
  let worst: { actual: CategoryId; predicted: string; count: number } | null = null;
  for (const [key, count] of counts) {
    if (!worst || count > worst.count) {
      const [actual, predicted] = key.split('\u0000') as [CategoryId, string];
      worst = { actual, predicted, count };
    }
  }
  return worst;
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/** The evaluation's categorisation section (see the file comment); `scores` for tests that recompute. */
export async function evaluateCategorisation(
  data: Pkdd99Evaluation,
  options: { backend?: TensorflowPreference } = {},
): Promise<EvaluationSection & { scores: MethodScore[] }> {
  const { train, test } = labelledTransactions(data);
  const trainCounts = new Map<CategoryId, number>();
  for (const row of train) trainCounts.set(row.label, (trainCounts.get(row.label) ?? 0) + 1);
  const majority = [...trainCounts.entries()].sort((a, b) => b[1] - a[1])[0]![0];

  const rulesOnly = Categoriser.for({ bankRules: [], classifier: null });
  const trained = await trainCategoryClassifier(
    train.map((row) => ({ transaction: row.input, category: row.label, weight: 1 })),
    { backend: options.backend ?? 'auto' },
  );
  if (!trained) throw new Error('the training months hold fewer than two labelled categories');
  const classifier = CategoryClassifier.fromArtefact(trained.artefact);
  const withClassifier = Categoriser.for({ bankRules: [], classifier });

  const scores = [
    score(
      'majority class',
      test,
      test.map(() => majority),
    ),
    score(
      'rules/MCC only',
      test,
      test.map((row) => rulesOnly.byRules(row.input)?.category ?? null),
    ),
    score(
      'learned classifier',
      test,
      test.map((row) => classifier.predict(row.input).category),
    ),
    score(
      'rules + classifier',
      test,
      test.map((row) => withClassifier.categorise(row.input)?.category ?? null),
    ),
  ];
  const best = scores[3]!;
  const worst = worstConfusion(test, best.predictions);
  return {
    title: "Categorisation (PKDD'99 k_symbol labels, time split)",
    rows: [
      ...scores.map((entry) => ({
        method: entry.method,
        figures: {
          accuracy: round(entry.correct / entry.total),
          correct: entry.correct,
          total: entry.total,
          coverage: round(entry.answered / entry.total),
        },
      })),
      ...perCategory(test, best.predictions).map((entry) => ({
        method: `rules + classifier: ${entry.category}`,
        figures: { precision: round(entry.precision), recall: round(entry.recall), support: entry.support },
      })),
    ],
    notes: [
      `Data: ${pkdd99Attribution}.`,
      `Labels: k_symbol mapped to categories (${Object.entries(pkdd99CategoryOfKSymbol)
        .map(([code, category]) => `${code}→${category}`)
        .join(', ')}); blank k_symbol rows are unlabelled and not scored. No categoriser sees k_symbol.`,
      `Time split: the classifier trains on ${train.length} labelled transactions booked before ${categorisationSplitDay} and is tested on ${test.length} booked from then to ${data.coveredPeriod.last} (the partial transactions file ends there).`,
      `Classifier: TF.js on the ${trained.backend} backend, ${trained.examples} examples, ${(trained.milliseconds / 1000).toFixed(1)} s; majority class of the training months: ${majority}.`,
      worst
        ? `Worst confusion of rules + classifier: ${worst.actual} taken for ${worst.predicted} ${worst.count} times.`
        : 'Rules + classifier confused no pair.',
      "Rules/MCC only: the platform's generic rules (no bank rules, no MCCs in this data); a row they leave open counts as wrong (coverage says how many they answered).",
    ],
    scores,
  };
}
