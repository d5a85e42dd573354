/**
 * Next-product propensity on the PKDD'99 data (issue 6, acceptance 1): will an account take a loan or a card,
 * from its behaviour? The default model (`@finpersona/model-propensity`) beside the popularity and
 * logistic-regression baselines, all measured by the platform's own `evaluateOnValidation`.
 *
 * Split by time, never at random across time. The transactions cover 1993-01-01 to 1994-03-31 only, but
 * loans and cards are complete to 1998, so the default split is on the label time (`pkdd99LabelTimeSplit`):
 * - decision date T (`balancedDecisionDate`: a rule on take-up dates only, fixed before any score);
 * - training: stacked snapshots (recommendation-model contract 1.1.0): at each cut-off of `trainCutoffs`
 *   (the last is 1994-04-01), behaviour before it, labels = loans granted and first cards issued in
 *   [cut-off, T);
 * - validation: the same accounts' behaviour before 1994-04-01 (stale: the public file is cut), products
 *   held at T excluded, labels = take-ups in [T, 1999-01-01). What the bank knows at T whatever the
 *   behaviour — the products held, the customer's age and tenure — is as of T (`customerFacts`).
 * The old covered-period split (`pkdd99CoveredPeriodSplit`: labels of training end at 1994-04-01, where
 * validation's begin; 6 card takers in training) stays runnable for comparison, and the inner split
 * (`pkdd99InnerSplit`) is where the default model's settings were chosen. Every training label window ends
 * by the validation one's start. An account is an example of a snapshot when it was opened and has a
 * transaction before the snapshot's feature end; a product it holds at the label window's start (a loan
 * granted, a card issued before) is not a candidate for it.
 *
 * Features are the platform's own (`computeFeatures` of behaviour) over the account's transactions as the
 * statement import parses them. Categories come from the bank's own payment-type codes (`k_symbol`, mapped
 * as the category taxonomy says) and operation types for cash (the categoriser is evaluated on its own).
 */
import type { CategoryId } from '../enrichment';
import { pkdd99CategoryOfKSymbol } from './categorisation';
import type {
  CandidateProduct,
  FeatureVector,
  ModelArtifact,
  RecommendationModel,
  SourceTransaction,
  TrainingDataset,
} from '@finpersona/plugin-sdk';
import type { TensorflowPreference } from '@finpersona/plugin-sdk/tensorflow';
import { createPropensityModel, defaultPropensitySettings } from '@finpersona/model-propensity';
import {
  computeFeatures,
  customerFacts,
  type BehaviourHistory,
  type BehaviourTransaction,
} from '../behaviour';
import {
  bootstrapAucDifference,
  bootstrapMapDifference,
  computeMetrics,
  decidePromotion,
  detachedRunContext,
  logisticRegressionBaseline,
  popularityBaseline,
  scoreValidation,
  type DifferenceInterval,
  type ModelMetrics,
  type ScoredCandidate,
} from '../models';
import {
  pkdd99Attribution,
  type EvaluationSection,
  type Pkdd99Evaluation,
  type Pkdd99EvaluationAccount,
} from './pkdd99-data';

/**
 * A time split (ISO dates; each window is half-open). Every example is a snapshot: behaviour before its
 * feature end, products held before its label window's start (known facts, never candidates), labels =
 * loans granted and first cards issued in its label window.
 */
export interface PropensityTimeSplit {
  /** Which design (printed in the notes). */
  readonly kind: 'label-time' | 'covered-period';
  /** Training snapshots' feature ends (cut-offs), ascending, none after `validationFeatureEnd`. */
  readonly trainCutoffs: readonly string[];
  /**
   * Where every training snapshot's labels end and validation's begin (the decision date T of the
   * label-time split; `validationFeatureEnd` in the covered-period split).
   */
  readonly decisionDate: string;
  readonly validationFeatureEnd: string;
  readonly validationLabelEnd: string;
}

/** The public transactions file ends here (exclusive): every later fact is a loan or a card, no behaviour. */
export const pkdd99FeatureEnd = '1994-04-01';
/** Loans and cards are complete to the end of 1998. */
export const pkdd99LabelEnd = '1999-01-01';

/**
 * The covered-period split (kept for comparison, `--split covered-period`): training snapshots every two
 * months from 1993-04-01 to 1993-12-01, each labelled by what the account took from its cut-off to the end
 * of the covered period; validation: behaviour before 1994-04-01, labels in [1994-04-01, 1999-01-01). Only
 * 6 accounts took a first card before 1994-04-01, so training has almost no card positives.
 */
export const pkdd99CoveredPeriodSplit: PropensityTimeSplit = {
  kind: 'covered-period',
  trainCutoffs: ['1993-04-01', '1993-06-01', '1993-08-01', '1993-10-01', '1993-12-01'],
  decisionDate: pkdd99FeatureEnd,
  validationFeatureEnd: pkdd99FeatureEnd,
  validationLabelEnd: pkdd99LabelEnd,
};

/** First days of the months strictly between `from` and `to` (ISO dates). */
function monthStartsBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const [year, month] = from.split('-').map(Number) as [number, number];
  for (let index = 1; ; index += 1) {
    const day = new Date(Date.UTC(year, month - 1 + index, 1)).toISOString().slice(0, 10);
    if (day >= to) return days;
    days.push(day);
  }
}

/**
 * The decision date T by a rule fixed before any model was measured, on take-up dates only (never a score):
 * among the firsts of the months strictly between `from` and `to`, the one that maximises the smallest of
 * four counts — first loans and first cards taken in [`from`, T) and in [T, `to`) by the accounts with
 * behaviour before `featureEnd` (earliest on a tie). Both products then have positives on both sides: loans
 * here were mostly granted by 1995, cards mostly after, so halving the pooled take-ups (1995-12-01) would
 * leave validation 1 loan.
 */
export function balancedDecisionDate(
  data: Pkdd99Evaluation,
  featureEnd: string,
  from: string,
  to: string,
): string {
  const takeUps = data.accounts
    .filter((account) => inPopulation(account, featureEnd))
    .map((account) => [firstLoanOn(account), firstCardOn(account)] as const);
  let best: { day: string; smallest: number } | undefined;
  for (const day of monthStartsBetween(from, to)) {
    const counts = [0, 1].flatMap((product) => {
      const dates = takeUps.map((dates) => dates[product]).filter((date) => date !== undefined);
      return [
        dates.filter((date) => date >= from && date < day).length,
        dates.filter((date) => date >= day && date < to).length,
      ];
    });
    const smallest = Math.min(...counts);
    if (!best || smallest > best.smallest) best = { day, smallest };
  }
  if (!best) throw new Error(`No month starts between ${from} and ${to} to place a decision date`);
  return best.day;
}

/** `day` (ISO, a first of a month) plus `months` months. */
function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1 + months, date)).toISOString().slice(0, 10);
}

/**
 * The label-time split (default): how a bank retrains. At the decision date T the bank knows behaviour up
 * to 1994-03-31 (all the public data has: features are stale, the trans file is cut) and every take-up
 * before T. Training: features as of `trainCutoffs` (the last is 1994-04-01), labels = take-ups in
 * [cut-off, T). Validation: the same accounts' features as of 1994-04-01, products held at T excluded,
 * labels = take-ups in [T, T + h), where h is the label horizon of the training snapshot at `horizonOf`
 * (default the last, whose feature end validation shares: 11 months) — the same label definition in
 * validation as in training — or, with `'long'`, every take-up to 1999-01-01 (46 months; the design before
 * 2026-11-27). T = `balancedDecisionDate` over the take-ups after the covered period.
 */
export function pkdd99LabelTimeSplit(
  data: Pkdd99Evaluation,
  horizonOf: string | 'long' = pkdd99FeatureEnd,
): PropensityTimeSplit {
  const decisionDate = balancedDecisionDate(data, pkdd99FeatureEnd, pkdd99FeatureEnd, pkdd99LabelEnd);
  if (horizonOf !== 'long' && !labelTimeCutoffs.includes(horizonOf)) {
    throw new Error(`${horizonOf} is not a training cut-off of the label-time split`);
  }
  return {
    kind: 'label-time',
    trainCutoffs: labelTimeCutoffs,
    decisionDate,
    validationFeatureEnd: pkdd99FeatureEnd,
    validationLabelEnd:
      horizonOf === 'long' ? pkdd99LabelEnd : addMonths(decisionDate, monthsBetween(horizonOf, decisionDate)),
  };
}

/**
 * The inner split the default model's settings were chosen on (`--split label-time-inner`): inside the
 * label-time split's training labels only. The same shape with the window [1994-04-01, T) in place of
 * [1994-04-01, 1999-01-01): inner decision date T' by the same rule in it; validation labels end at T.
 */
export function pkdd99InnerSplit(data: Pkdd99Evaluation): PropensityTimeSplit {
  const outer = pkdd99LabelTimeSplit(data);
  return {
    ...outer,
    decisionDate: balancedDecisionDate(data, pkdd99FeatureEnd, pkdd99FeatureEnd, outer.decisionDate),
    validationLabelEnd: outer.decisionDate,
  };
}

/** Training snapshots of the label-time split: the end of the covered period and two earlier cut-offs. */
const labelTimeCutoffs: readonly string[] = ['1993-10-01', '1994-01-01', pkdd99FeatureEnd];

/**
 * The splits `evaluate-pkdd99 --split` offers. `label-time` validates over the last training snapshot's
 * horizon (11 months with T = 1995-03-01); `label-time-14m` and `label-time-17m` over the other two
 * snapshots' (1994-01-01 and 1993-10-01 to T), a sensitivity check; `label-time-long` over [T, 1999-01-01).
 */
export const propensitySplits = {
  'label-time': (data: Pkdd99Evaluation) => pkdd99LabelTimeSplit(data),
  'label-time-14m': (data: Pkdd99Evaluation) => pkdd99LabelTimeSplit(data, labelTimeCutoffs[1]!),
  'label-time-17m': (data: Pkdd99Evaluation) => pkdd99LabelTimeSplit(data, labelTimeCutoffs[0]!),
  'label-time-long': (data: Pkdd99Evaluation) => pkdd99LabelTimeSplit(data, 'long'),
  'covered-period': () => pkdd99CoveredPeriodSplit,
  'label-time-inner': pkdd99InnerSplit,
} as const satisfies Record<string, (data: Pkdd99Evaluation) => PropensityTimeSplit>;
export type PropensitySplitName = keyof typeof propensitySplits;

export const pkdd99Products: readonly CandidateProduct[] = [
  { id: 'loan', type: 'personal-loan' },
  { id: 'card', type: 'credit-card' },
];

/** MAP@k and NDCG@k cut-off: with two candidate products, what is ranked first is what matters. */
export const pkdd99RankingCutoff = 1;

/** Operation types that are cash (the statement's description). */
const categoryOfOperation: Readonly<Record<string, CategoryId>> = {
  VYBER: 'cash-withdrawal',
  'VYBER KARTOU': 'cash-withdrawal',
  VKLAD: 'cash-deposit',
};

function behaviourTransaction(transaction: SourceTransaction): BehaviourTransaction {
  const category =
    pkdd99CategoryOfKSymbol[transaction.sourceCode?.trim() ?? ''] ??
    categoryOfOperation[transaction.description?.trim() ?? ''];
  return {
    bookingDate: transaction.bookingDate,
    amountMinor: Number(transaction.amount.minor),
    direction: transaction.direction,
    accountId: transaction.sourceAccountId,
    ...(category ? { category } : {}),
    ...(transaction.balanceAfter ? { balanceAfterMinor: Number(transaction.balanceAfter.minor) } : {}),
    ...(transaction.counterparty?.account ? { counterpartyKey: transaction.counterparty.account } : {}),
  };
}

function firstCardOn(account: Pkdd99EvaluationAccount): string | undefined {
  return account.cards.map((card) => card.issuedOn).sort()[0];
}
function firstLoanOn(account: Pkdd99EvaluationAccount): string | undefined {
  return account.loans.map((loan) => loan.grantedOn).sort()[0];
}

/** An account is an example of a snapshot when it was opened and has a transaction before its feature end. */
function inPopulation(account: Pkdd99EvaluationAccount, featureEnd: string): boolean {
  return (
    account.openedOn < featureEnd &&
    account.transactions.some((transaction) => transaction.bookingDate < featureEnd)
  );
}

/**
 * The account's history as of `featureEnd`: nothing booked on or after it. `heldAt` (default `featureEnd`,
 * not before it): the products held are those taken before it — a known fact at the decision date.
 */
export function pkdd99History(
  account: Pkdd99EvaluationAccount,
  featureEnd: string,
  heldAt: string = featureEnd,
): BehaviourHistory {
  return {
    asOf: `${featureEnd}T00:00:00.000Z`,
    ...pkdd99Customer(account),
    transactions: account.transactions
      .filter((transaction) => transaction.bookingDate < featureEnd)
      .map(behaviourTransaction),
    balances: [],
    productsHeld: productsHeldAt(account, heldAt),
  };
}

/** Who the account's owner is and the account itself: what `customerFacts` needs, without behaviour. */
function pkdd99Customer(account: Pkdd99EvaluationAccount): Pick<BehaviourHistory, 'customer' | 'accounts'> {
  return {
    customer: { birthDate: account.owner.birthDate, firstAccountOpenedOn: account.openedOn },
    accounts: [{ id: account.accountId, type: 'current', currency: 'CZK', openedOn: account.openedOn }],
  };
}

/** The account's products taken before `day` by type (the current account always). */
function productsHeldAt(account: Pkdd99EvaluationAccount, day: string): Record<string, number> {
  const loans = account.loans.filter((loan) => loan.grantedOn < day).length;
  const cards = account.cards.filter((card) => card.issuedOn < day).length;
  return {
    'current-account': 1,
    ...(loans ? { 'personal-loan': loans } : {}),
    ...(cards ? { 'credit-card': cards } : {}),
  };
}

/**
 * The time-split dataset: examples, held products and labels per split, features from behaviour. An
 * account keeps one pseudonymous id across its training snapshots (so a model holds out accounts, not
 * snapshots) and gets another in validation.
 */
export function buildPkdd99PropensityDataset(
  data: Pkdd99Evaluation,
  split: PropensityTimeSplit = pkdd99LabelTimeSplit(data),
): TrainingDataset {
  const names = new Set<string>();
  const at = (day: string) => `${day}T00:00:00.000Z`;
  // Behaviour depends on the feature end only (the label-time split's last training snapshot and validation
  // share it): computed once per account and feature end. What the bank knows at the label window's start
  // whatever the behaviour (the products held, the customer's age and tenure) is taken as of that start.
  const behaviour = new Map<string, FeatureVector>();
  const featuresOf = (account: Pkdd99EvaluationAccount, featureEnd: string, knownAt: string) => {
    const key = `${account.accountId}|${featureEnd}`;
    const computed = behaviour.get(key) ?? computeFeatures(pkdd99History(account, featureEnd, knownAt));
    behaviour.set(key, computed);
    const held = productsHeldAt(account, knownAt);
    const productsHeld = Object.keys(computed)
      .filter((name) => name.startsWith('products-held.'))
      .map((name) => [name, held[name.slice('products-held.'.length)] ?? 0]);
    return {
      ...computed,
      ...Object.fromEntries(productsHeld),
      ...customerFacts(pkdd99Customer(account), knownAt),
    } as FeatureVector;
  };
  const snapshotOf = (
    featureEnd: string,
    labelFrom: string,
    labelEnd: string,
    prefix: string,
    stacked: boolean,
  ) =>
    data.accounts.flatMap((account, index) => {
      if (!inPopulation(account, featureEnd)) return [];
      const features = featuresOf(account, featureEnd, labelFrom);
      Object.keys(features).forEach((name) => names.add(name));
      const loanOn = firstLoanOn(account);
      const cardOn = firstCardOn(account);
      const held = [
        ...(loanOn !== undefined && loanOn < labelFrom ? ['loan'] : []),
        ...(cardOn !== undefined && cardOn < labelFrom ? ['card'] : []),
      ];
      const takenIn = (day: string | undefined) => day !== undefined && day >= labelFrom && day < labelEnd;
      return [
        {
          // Pseudonymous, as the platform hands datasets to models: unrelated to the account id.
          customer: `${prefix}-${index + 1}`,
          features,
          held,
          labels: [
            ...(takenIn(loanOn) ? [{ product: 'loan', outcome: 'taken' as const }] : []),
            ...(takenIn(cardOn) ? [{ product: 'card', outcome: 'taken' as const }] : []),
          ],
          ...(stacked
            ? { snapshot: { asOf: at(featureEnd), labelWindow: { from: at(labelFrom), to: at(labelEnd) } } }
            : {}),
        },
      ];
    });
  const window = (from: string, to: string) => ({ from: at(from), to: at(to) });
  const cutoffs = split.trainCutoffs;
  const trainExamples = cutoffs.flatMap((cutoff) =>
    snapshotOf(cutoff, cutoff, split.decisionDate, 't', cutoffs.length > 1),
  );
  const validationExamples = snapshotOf(
    split.validationFeatureEnd,
    split.decisionDate,
    split.validationLabelEnd,
    'v',
    false,
  );
  return {
    features: [...names].sort(),
    products: pkdd99Products,
    train: {
      featureWindow: window(data.coveredPeriod.first, cutoffs[cutoffs.length - 1]!),
      labelWindow: window(cutoffs[0]!, split.decisionDate),
      examples: trainExamples,
    },
    validation: {
      // In the label-time split the label window starts at T, after the feature window's end: the gap is
      // behaviour the public data does not have.
      featureWindow: window(data.coveredPeriod.first, split.validationFeatureEnd),
      labelWindow: window(split.decisionDate, split.validationLabelEnd),
      examples: validationExamples,
    },
  };
}

export interface PropensityEvaluationOptions {
  readonly backend?: TensorflowPreference;
  /** Default: the label-time split (`pkdd99LabelTimeSplit`). */
  readonly split?: PropensityTimeSplit;
  /** The split's name as the command line gave it (printed). */
  readonly splitName?: PropensitySplitName;
}

function monthsBetween(from: string, to: string): number {
  const [fromYear, fromMonth] = from.split('-').map(Number) as [number, number];
  const [toYear, toMonth] = to.split('-').map(Number) as [number, number];
  return (toYear - fromYear) * 12 + toMonth - fromMonth;
}

/** How the validation horizon relates to the training ones (printed). */
function validationHorizonNote(split: PropensityTimeSplit): string {
  const months = monthsBetween(split.decisionDate, split.validationLabelEnd);
  const training = split.trainCutoffs.map((cutoff) => monthsBetween(cutoff, split.decisionDate));
  return training.includes(months)
    ? `a ${months}-month horizon, the label horizon of the training snapshot cut at ${split.trainCutoffs[training.indexOf(months)]} (training horizons ${training.join(', ')} months): the same label definition as in training`
    : `a ${months}-month horizon, longer than every training horizon (${training.join(', ')} months): scores estimate a take-up within the training horizons, so products whose take-up comes later in an account's life gather positives the models were never asked about (this moves pooled AUC, MAP, Brier and ECE)`;
}

interface MeasuredModel {
  readonly method: string;
  readonly metrics: ModelMetrics;
  readonly seconds: number;
}

const three = (value: number | null) => (value === null ? 'n/a' : value.toFixed(3));

async function measure(
  method: string,
  model: RecommendationModel,
  dataset: TrainingDataset,
): Promise<MeasuredModel & { artifact: ModelArtifact; scored: ScoredCandidate[] }> {
  const started = performance.now();
  const { artifact } = await model.train(dataset, detachedRunContext);
  const seconds = (performance.now() - started) / 1000;
  // What evaluateOnValidation measures, keeping the scored candidates for the bootstrap.
  const scored = await scoreValidation(model, artifact, dataset);
  const metrics = computeMetrics(scored, pkdd99RankingCutoff);
  return { method, metrics, seconds, artifact, scored };
}

/** Resamples of the validation accounts for the intervals of the AUC and MAP differences. */
export const bootstrapResamples = 1000;

const signed = (value: number | null) =>
  value === null ? 'n/a' : `${value >= 0 ? '+' : ''}${value.toFixed(3)}`;

function intervalNote(name: string, interval: DifferenceInterval): string {
  return `${name} ${signed(interval.difference)} [${signed(interval.low)}, ${signed(interval.high)}], default above in ${interval.shareAbove === null ? 'n/a' : `${Math.round(interval.shareAbove * 100)}%`} of resamples`;
}

function rowsOf({ method, metrics, seconds }: MeasuredModel): EvaluationSection['rows'] {
  const k = metrics.k;
  return [
    {
      method: `${method} — pooled`,
      figures: {
        AUC: three(metrics.auc),
        [`MAP@${k}`]: three(metrics.mapAtK),
        [`NDCG@${k}`]: three(metrics.ndcgAtK),
        Brier: three(metrics.brier),
        ECE: three(metrics.ece),
        candidates: metrics.examples,
        taken: metrics.positives,
        'train s': seconds.toFixed(1),
      },
    },
    ...Object.entries(metrics.perProduct).map(([product, figures]) => ({
      method: `${method} — ${product}`,
      figures: {
        AUC: three(figures.auc),
        [`MAP@${k}`]: '',
        [`NDCG@${k}`]: '',
        Brier: three(figures.brier),
        ECE: three(figures.ece),
        candidates: figures.examples,
        taken: figures.positives,
        'train s': '',
      },
    })),
  ];
}

/** The propensity section of `evaluate-pkdd99`: the three models on the time split, and the promotion rule's verdict. */
export async function evaluatePropensity(
  data: Pkdd99Evaluation,
  options: PropensityEvaluationOptions = {},
): Promise<EvaluationSection> {
  const split = options.split ?? pkdd99LabelTimeSplit(data);
  const dataset = buildPkdd99PropensityDataset(data, split);
  const backend = options.backend ?? defaultPropensitySettings.backend;
  const defaultModel = await measure(
    `default model (TF.js, ${backend})`,
    createPropensityModel({ ...defaultPropensitySettings, backend }),
    dataset,
  );
  const popularity = await measure('popularity', popularityBaseline, dataset);
  const logistic = await measure('logistic regression', logisticRegressionBaseline, dataset);
  const decision = decidePromotion({
    challenger: defaultModel.metrics,
    baselines: { popularity: popularity.metrics, 'logistic regression': logistic.metrics },
  });
  const count = (examples: TrainingDataset['train']['examples'], product: string) =>
    examples.filter((example) => example.labels.some((label) => label.product === product)).length;
  const only = (scored: readonly ScoredCandidate[], product?: string) =>
    product === undefined ? scored : scored.filter((item) => item.product === product);
  const intervals = [undefined, ...pkdd99Products.map((product) => product.id)].map((product) =>
    intervalNote(
      product ?? 'pooled',
      bootstrapAucDifference(only(defaultModel.scored, product), only(logistic.scored, product), {
        resamples: bootstrapResamples,
      }),
    ),
  );
  const mapInterval = intervalNote(
    `MAP@${pkdd99RankingCutoff}`,
    bootstrapMapDifference(defaultModel.scored, logistic.scored, pkdd99RankingCutoff, {
      resamples: bootstrapResamples,
    }),
  );
  const distinctTakers = (product: string) =>
    new Set(
      dataset.train.examples
        .filter((example) => example.labels.some((label) => label.product === product))
        .map((example) => example.customer),
    ).size;
  const trainAccounts = new Set(dataset.train.examples.map((example) => example.customer)).size;
  const heldAtDecision = (product: string) =>
    dataset.validation.examples.filter((example) => example.held.includes(product)).length;
  const design =
    split.kind === 'label-time'
      ? [
          `Split on the label time (${options.splitName ?? 'label-time'}), as a bank retrains: at the decision date T = ${split.decisionDate} the bank knows behaviour before ${split.validationFeatureEnd} (the public transactions file ends there: features are stale, about ${monthsBetween(split.validationFeatureEnd, split.decisionDate)} months old at T) and every loan and card taken before T. T was fixed by a rule on take-up dates only: the first of a month that maximises the smallest of the loan and card take-ups in [${split.validationFeatureEnd}, T) and in [T, ${pkdd99LabelEnd}) (halving the pooled take-ups, the first rule tried, gave 1995-12-01 and left validation 1 loan).`,
          `Training: ${split.trainCutoffs.length} snapshots stacked (feature cut-offs ${split.trainCutoffs.join(', ')}), each labelled by loans and first cards taken from its cut-off to T: ${dataset.train.examples.length} examples of ${trainAccounts} accounts, ${count(dataset.train.examples, 'loan')} loan and ${count(dataset.train.examples, 'card')} card labels from ${distinctTakers('loan')} and ${distinctTakers('card')} distinct accounts. Nothing on or after T is in training.`,
          `Validation: the same accounts' features as of ${split.validationFeatureEnd}, taken in [T, ${split.validationLabelEnd}) — ${validationHorizonNote(split)}: ${dataset.validation.examples.length} accounts, ${count(dataset.validation.examples, 'loan')} loans, ${count(dataset.validation.examples, 'card')} cards taken. Products held at T (${heldAtDecision('loan')} loans, ${heldAtDecision('card')} cards) are known facts: not candidates, and counted in the products-held features. The customer's age and tenure are facts known at T too, so they are as of T, not of ${split.validationFeatureEnd}.`,
        ]
      : [
          `Split on the covered period (${options.splitName ?? 'covered-period'}; the old design, for comparison): training: ${split.trainCutoffs.length} snapshots stacked (cut-offs ${split.trainCutoffs.join(', ')}), each with behaviour before its cut-off and loans and first cards taken from it to ${split.decisionDate}: ${dataset.train.examples.length} examples of ${trainAccounts} accounts, ${count(dataset.train.examples, 'loan')} loan and ${count(dataset.train.examples, 'card')} card take-ups as labels — from only ${distinctTakers('loan')} and ${distinctTakers('card')} distinct accounts.`,
          `Validation: behaviour before ${split.validationFeatureEnd} (all the covered transactions), taken in [${split.decisionDate}, ${split.validationLabelEnd}): ${dataset.validation.examples.length} accounts, ${count(dataset.validation.examples, 'loan')} loans, ${count(dataset.validation.examples, 'card')} cards taken. Held products are not candidates. The validation horizon (about 5 years) is longer than the training one: Brier and ECE show scores calibrated to the shorter one.`,
        ];
  const network = defaultPropensitySettings.network;
  return {
    title: `Next-product propensity (loan, card) on a time split (${split.kind}) — PKDD'99`,
    rows: [...rowsOf(defaultModel), ...rowsOf(popularity), ...rowsOf(logistic)],
    notes: [
      pkdd99Attribution,
      ...design,
      `${dataset.features.length} features from the platform's behaviour features; categories from the bank's payment-type codes (k_symbol) and cash operations.`,
      `MAP@${pkdd99RankingCutoff} and NDCG@${pkdd99RankingCutoff}: two candidate products, so the first ranked is what counts. Pooled AUC and MAP also rank loans against cards: training has ${count(dataset.train.examples, 'loan')} loan and ${count(dataset.train.examples, 'card')} card labels, validation ${count(dataset.validation.examples, 'loan')} and ${count(dataset.validation.examples, 'card')}, so each product's level learnt before the validation window misleads the pooled ranking (popularity's pooled AUC below 0.5 shows it); the per-product AUCs measure the ranking within a product.`,
      `Default model settings: ensemble of ${defaultPropensitySettings.ensemble} networks (${network.hidden.join(' → ')} ReLU, L2 ${network.l2}, at most ${network.maxEpochs} epochs, patience ${network.patience}), linear member weight ${defaultPropensitySettings.linear.weight}. Early stopping and calibration use held-out training accounts only (all snapshots of an account on the same side). The ensemble size, L2 and the linear member's weight were chosen on the inner split (--split label-time-inner: the same design inside the training labels, T' by the same rule inside [${pkdd99FeatureEnd}, T), validation labels ending at T)${options.splitName === 'label-time-inner' ? ': this is that split, so its figures are the tuning figures.' : split.kind === 'label-time' ? '; nothing was tuned on the validation window.' : `: those labels lie inside this split's validation window (from ${split.decisionDate}), so this split's figures are not a clean out-of-sample result — for comparison only.`}`,
      `AUC difference default − logistic regression, paired bootstrap ${bootstrapResamples} resamples of the validation accounts, 95% interval: ${intervals.join('; ')}. The same for the MAP difference (over the accounts that took a product): ${mapInterval}. An interval containing 0 means the lead is not significant on this window.`,
      `Promotion rule (challenger = default model, against both baselines): ${decision.reason}.`,
    ],
  };
}
