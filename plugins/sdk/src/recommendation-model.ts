/**
 * The recommendation-model extension point: a model that scores how likely each customer is to want each of
 * the bank's products (next-best-product propensity). A model declares the features it needs, from the
 * vocabulary the platform computes (`featureVocabulary`); the platform builds datasets under consent,
 * splits them by time, trains, evaluates against baselines, keeps the model registry and decides what is
 * promoted and delivered. A model never sees a name, an account number or a transaction text: customers
 * are pseudonymous ids that mean nothing outside one dataset or batch.
 *
 * Every input and output is plain JSON (artefacts included), so a model can run isolated: the platform
 * sends the dataset or batch over a message interface and stores the artefact it gets back.
 *
 * Versioned like the connector contract (semver, from the plugin's side). History:
 * - 1.0.0: the first contract.
 * - 1.1.0: a training split may stack snapshots (`TrainingExample.snapshot`): one example per customer and
 *   cut-off, under the customer's one pseudonym. Additive: a 1.0.0 model trains on such a split unchanged
 *   (it only sees more examples); a model that folds for early stopping should fold by `customer`.
 */
import type { PluginContext } from './manifest';
import { type ProductType, productTypes } from './product';

export const recommendationModelContractVersion = '1.1.0';

/** What a feature's number means. Amounts are minor units of the customer's main currency. */
export type FeatureUnit = 'minor-units' | 'ratio' | 'count' | 'months' | 'days' | 'years' | 'flag';

export interface FeatureDefinition {
  readonly unit: FeatureUnit;
  readonly description: string;
}

/**
 * The features the platform computes per customer (issue 6, behaviour), each a number or null (unknown:
 * no income detected, too little history). `<category>` is a category id of the platform's category
 * taxonomy (`categoryIds`); `<product-type>` a `ProductType`. A model names features exactly, or a whole family with `*`
 * (`spend.category.*`, `products-held.*`). Flags are 0 or 1. Windows are the platform's defaults (the last
 * 3 months unless said), measured up to the example's or batch's `asOf`.
 */
export const featureVocabulary = {
  'customer.age': { unit: 'years', description: 'Age in whole years, from the bank’s customer record.' },
  'customer.tenure': {
    unit: 'months',
    description: 'Months since the customer’s first account with the bank.',
  },
  'income.monthly': {
    unit: 'minor-units',
    description: 'Mean monthly income detected (salary, pension, benefits).',
  },
  'income.regular': { unit: 'flag', description: '1 when a regular salary or pension is detected.' },
  'income.change': { unit: 'ratio', description: 'Last 3 months’ income over the 3 months before, minus 1.' },
  'spend.monthly': {
    unit: 'minor-units',
    description: 'Mean monthly spending (debits other than own transfers).',
  },
  'spend.trend': {
    unit: 'ratio',
    description: 'Last 3 months’ spending over the customer’s own 12-month mean, minus 1.',
  },
  'spend.category.<category>': { unit: 'minor-units', description: 'Mean monthly spending in one category.' },
  'balance.mean': {
    unit: 'minor-units',
    description: 'Mean end-of-day balance over all current and savings accounts.',
  },
  'balance.min': { unit: 'minor-units', description: 'Lowest end-of-day balance.' },
  'balance.volatility': { unit: 'minor-units', description: 'Standard deviation of the end-of-day balance.' },
  'balance.idle': {
    unit: 'minor-units',
    description: 'Lowest current-account balance over the window (money that sat unused).',
  },
  'savings.rate': {
    unit: 'ratio',
    description: '(income − spending) / income over the window; null without income.',
  },
  'recurring.count': {
    unit: 'count',
    description: 'Recurring payments detected (subscriptions, rent, loans).',
  },
  'recurring.monthly': { unit: 'minor-units', description: 'Their total per month.' },
  'forecast.min-balance-30d': {
    unit: 'minor-units',
    description: 'Lowest balance the 30-day cash-flow forecast expects.',
  },
  'forecast.days-to-min-balance': {
    unit: 'days',
    description: 'Days from `asOf` until that lowest expected balance (when to warn).',
  },
  'transactions.monthly': { unit: 'count', description: 'Mean number of transactions per month.' },
  'overdraft.days': { unit: 'days', description: 'Days with a negative current-account balance.' },
  'products-held.<product-type>': { unit: 'count', description: 'Products of that type the customer holds.' },
} as const satisfies Record<string, FeatureDefinition>;

/** A name of the vocabulary, with `<…>` parts filled in (`spend.category.groceries`, `products-held.mortgage`). */
export type FeatureName = string;

/** Feature values of one customer by name; every requested feature is present, null when unknown. */
export type FeatureVector = Readonly<Record<FeatureName, number | null>>;

/** A half-open interval of time `[from, to)`, ISO 8601 instants in UTC. */
export interface TimeWindow {
  readonly from: string;
  readonly to: string;
}

/**
 * A pseudonymous customer id: stable within one dataset or batch, unrelated to the platform's customer ids
 * and different in every dataset (the platform keeps the mapping). Never personal data.
 */
export type PseudonymousId = string;

/** A product to score: the catalogue's id and its type. */
export interface CandidateProduct {
  readonly id: string;
  readonly type: ProductType;
}

/**
 * What happened with a product for a customer in the label window: `taken` (they opened it), `accepted`
 * (they accepted a recommendation of it), `dismissed` (they said "not for me"). A product absent from a
 * customer's labels was neither taken nor recommended.
 */
export type ProductOutcome = 'taken' | 'accepted' | 'dismissed';

/** The outcomes that count as the customer wanting the product: a positive label for training and metrics. */
export const positiveOutcomes: readonly ProductOutcome[] = ['taken', 'accepted'];

export interface TrainingExample {
  readonly customer: PseudonymousId;
  /** Features as of the end of the split's feature window. */
  readonly features: FeatureVector;
  /** Products the customer already held at the end of the feature window (not candidates for them). */
  readonly held: readonly string[];
  readonly labels: readonly { readonly product: string; readonly outcome: ProductOutcome }[];
  /**
   * Set when the split stacks several snapshots (the training split may; validation never does): the
   * instant this example's features and `held` are as of, and the window its labels come from. Absent: the
   * split's `featureWindow.to` and `labelWindow`.
   */
  readonly snapshot?: { readonly asOf: string; readonly labelWindow: TimeWindow };
}

/**
 * One split of a dataset: behaviour observed in `featureWindow`, outcomes in `labelWindow`, which starts
 * when the feature window ends. Splits are by time, never random across time: the validation split's
 * windows lie after the training split's. A training split that stacks snapshots (contract 1.1.0) spans
 * them: `featureWindow.to` is the latest cut-off, `labelWindow` covers every snapshot's label window, and
 * every label window ends by the validation label window's start.
 */
export interface DatasetSplit {
  readonly featureWindow: TimeWindow;
  readonly labelWindow: TimeWindow;
  readonly examples: readonly TrainingExample[];
}

export interface TrainingDataset {
  /** The features present in every example: the model's declared features, families expanded. */
  readonly features: readonly FeatureName[];
  readonly products: readonly CandidateProduct[];
  readonly train: DatasetSplit;
  /** For the model's own early stopping and reported metrics; the platform evaluates on it independently. */
  readonly validation: DatasetSplit;
}

/**
 * A trained model's state, stored by the platform in its model registry and handed back to `predict` and
 * `explain`: JSON, or bytes as base64. `format` is the model's own name for its layout, checked by itself.
 */
export type ModelArtifact =
  | { readonly format: string; readonly encoding: 'json'; readonly data: unknown }
  | { readonly format: string; readonly encoding: 'base64'; readonly data: string };

export interface TrainingResult {
  readonly artifact: ModelArtifact;
  /**
   * What the model measured (e.g. `{ auc: 0.81, loss: 0.42 }`), shown in the registry. The platform computes
   * the metrics it promotes on (AUC, MAP@k, NDCG@k, calibration) itself from `predict` on the validation split.
   */
  readonly metrics: Readonly<Record<string, number>>;
}

/** Customers to score as of `asOf` (features computed up to then). */
export interface PredictionBatch {
  readonly artifact: ModelArtifact;
  readonly asOf: string;
  readonly products: readonly CandidateProduct[];
  readonly customers: readonly {
    readonly customer: PseudonymousId;
    readonly features: FeatureVector;
    readonly held: readonly string[];
  }[];
}

/** A score in [0, 1] per customer × product (omit products a customer holds); higher is more likely. */
export interface PredictionResult {
  readonly scores: readonly {
    readonly customer: PseudonymousId;
    readonly product: string;
    readonly score: number;
  }[];
}

export interface ExplanationRequest {
  readonly artifact: ModelArtifact;
  readonly asOf: string;
  readonly customer: { readonly customer: PseudonymousId; readonly features: FeatureVector };
  readonly product: CandidateProduct;
  /** BCP 47 tag of the language the sentence should be in (the model may fall back to English). */
  readonly locale: string;
}

/**
 * Why the model scored the product as it did: feature attributions (signed contributions to the score, the
 * largest first, with the value the customer has) and one sentence a customer can read ("Your salary rose
 * 12% and money has sat in your current account for 3 months"). The sentence may quote feature values but
 * nothing else about the customer.
 */
export interface Explanation {
  readonly attributions: readonly {
    readonly feature: FeatureName;
    readonly value: number | null;
    readonly contribution: number;
  }[];
  readonly sentence: string;
}

/** What the platform gives each call: stop when `signal` aborts; report progress while training. */
export interface ModelRunContext {
  readonly signal: AbortSignal;
  /** Call during long work (each epoch); `progress` in [0, 1] when known. */
  heartbeat(progress?: { readonly progress?: number; readonly detail?: string }): void;
}

export interface RecommendationModel {
  train(dataset: TrainingDataset, context: ModelRunContext): Promise<TrainingResult>;
  predict(batch: PredictionBatch, context: ModelRunContext): Promise<PredictionResult>;
  explain(request: ExplanationRequest, context: ModelRunContext): Promise<Explanation>;
}

/**
 * The extension: the features the model needs (names or `family.*`, from `featureVocabulary`), the product
 * types it can score (all when omitted), and its factory, built per use for the bank in `context`.
 */
export interface RecommendationModelExtension {
  readonly features: readonly FeatureName[];
  readonly productTypes?: readonly ProductType[];
  create(context: PluginContext): RecommendationModel;
}

/** The vocabulary's fixed names and family prefixes (`spend.category.`), for matching requests. */
const vocabulary = Object.keys(featureVocabulary).map((name) => {
  const hole = name.indexOf('.<');
  return hole < 0 ? { exact: name } : { family: name.slice(0, hole + 1) };
});
const namePart = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Problems of a model's feature request (`features[i]` paths): unknown names, a family without a member
 * name or `*`, repeats. The host refuses a model with any.
 */
export function featureRequestProblems(features: readonly string[]): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  features.forEach((name, index) => {
    const path = `$.features[${index}]`;
    if (seen.has(name)) problems.push({ path, message: `"${name}" is requested twice` });
    seen.add(name);
    const known = vocabulary.some((entry) => {
      if ('exact' in entry) return entry.exact === name;
      const member = name.slice(entry.family.length);
      return name.startsWith(entry.family) && (member === '*' || namePart.test(member));
    });
    if (!known) {
      problems.push({
        path,
        message: `"${name}" is not in the feature vocabulary (featureVocabulary: e.g. income.monthly, spend.category.*)`,
      });
    }
  });
  return problems;
}

/**
 * Problems of a recommendation model's declarations (`$.features[i]`, `$.productTypes[i]`): a feature request
 * `featureRequestProblems` refuses, a product type the SDK does not know. The plugin host refuses a plugin
 * with any (`validatePlugin`).
 */
export function recommendationModelDeclarationProblems(
  extension: Pick<RecommendationModelExtension, 'features' | 'productTypes'>,
): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!Array.isArray(extension.features)) {
    problems.push({ path: '$.features', message: 'must be a list of feature names' });
  } else problems.push(...featureRequestProblems(extension.features.map(String)));
  extension.productTypes?.forEach((type, index) => {
    if (!(productTypes as readonly string[]).includes(type)) {
      problems.push({
        path: `$.productTypes[${index}]`,
        message: `"${type}" is not a product type (one of ${productTypes.join(', ')})`,
      });
    }
  });
  return problems;
}
