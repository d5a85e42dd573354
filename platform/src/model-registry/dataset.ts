import { createHash, randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type {
  CandidateProduct,
  FeatureVector,
  ProductOutcome,
  PseudonymousId,
  TimeWindow,
  TrainingDataset,
  TrainingExample,
} from '@finpersona/plugin-sdk';
import { Account } from '../accounts';
import { BehaviourService, productTypeOfAccount } from '../behaviour';
import { Consent, ConsentClock, isConsentLive } from '../consents';
import { requireContext } from '../request-context';
import type { DataWindow } from './model-version.entity';
import { type RecommendationOutcomeRow, RecommendationOutcomesSource } from './recommendation-outcomes';

const DAY_MS = 86_400_000;

/** How far back a dataset looks: each split's feature window and label window, in days. */
export interface DatasetWindows {
  featureDays: number;
  labelDays: number;
  /**
   * Snapshots stacked in the training split (default 1): the customers as of the training cut-off and as of
   * `trainSnapshots − 1` earlier cut-offs, `snapshotStepDays` apart, each labelled by the `labelDays` after
   * it. Every snapshot's labels end by the validation label window's start, so stacking adds training
   * examples (and repeats of rare positives at other moments) without seeing validation outcomes.
   */
  trainSnapshots?: number;
  /** Days between stacked training snapshots (default 30). */
  snapshotStepDays?: number;
}

/**
 * Features over the last 3 months (the vocabulary's default window) and products taken over the next 3
 * months: a loan or a card is a rare event, and a month would leave too few positives at a small bank.
 */
export const defaultDatasetWindows: DatasetWindows = { featureDays: 90, labelDays: 90 };

/**
 * The time split, ending at `asOf`: validation's label window is the last `labelDays` before it and its
 * features are as of that window's start; training is the same shape one label window earlier, so its
 * labels end where validation's begin and nothing of the validation outcomes is seen in training.
 */
export function splitWindows(asOf: Date, windows: DatasetWindows = defaultDatasetWindows): DataWindow {
  const at = (days: number) => new Date(asOf.getTime() - days * DAY_MS).toISOString();
  const { featureDays: f, labelDays: l } = windows;
  return {
    train: {
      featureWindow: { from: at(2 * l + f), to: at(2 * l) },
      labelWindow: { from: at(2 * l), to: at(l) },
    },
    validation: {
      featureWindow: { from: at(l + f), to: at(l) },
      labelWindow: { from: at(l), to: asOf.toISOString() },
    },
  };
}

/**
 * The training snapshots' windows, latest first: the first is `splitWindows(...).train`; each earlier one
 * `snapshotStepDays` before, with the same feature and label lengths (so its labels end before the latest
 * snapshot's and before validation's).
 */
export function trainSnapshotWindows(
  asOf: Date,
  windows: DatasetWindows = defaultDatasetWindows,
): DataWindow['train'][] {
  const latest = splitWindows(asOf, windows).train;
  const count = Math.max(1, Math.floor(windows.trainSnapshots ?? 1));
  const step = (windows.snapshotStepDays ?? 30) * DAY_MS;
  const shift = (iso: string, index: number) =>
    new Date(new Date(iso).getTime() - index * step).toISOString();
  return Array.from({ length: count }, (_, index) => ({
    featureWindow: {
      from: shift(latest.featureWindow.from, index),
      to: shift(latest.featureWindow.to, index),
    },
    labelWindow: { from: shift(latest.labelWindow.from, index), to: shift(latest.labelWindow.to, index) },
  }));
}

/** What a dataset holds, without any example: stored with the version and shown by the workflow. */
export interface DatasetSummary {
  /** Customers with a live personalisation consent at build time: the only ones in the dataset. */
  customers: number;
  trainExamples: number;
  validationExamples: number;
  /** Positive labels (`taken` or `accepted`) in each split. */
  trainPositives: number;
  validationPositives: number;
  /** SHA-256 of the examples' feature values (no ids), order-independent: what the model was given. */
  trainFingerprint: string;
  validationFingerprint: string;
  features: string[];
  products: string[];
  window: DataWindow;
  asOf: string;
}

/**
 * A dataset and, only in memory, which customer each pseudonymous id stands for (never stored, never sent
 * to a model; gone with the object).
 */
export interface BuiltDataset {
  dataset: TrainingDataset;
  summary: DatasetSummary;
  pseudonyms: ReadonlyMap<PseudonymousId, string>;
}

export interface DatasetRequest {
  /** The model's feature request (`featureVocabulary` names or `family.*`). */
  features: readonly string[];
  /** The bank's products the model scores. */
  products: readonly CandidateProduct[];
  windows?: DatasetWindows;
}

/**
 * Builds recommendation-model training datasets for the current bank (request context or `runAsTenant`),
 * under consent: only customers whose personalisation consent is live at build time (`isConsentLive` on
 * the consents' clock) are in it. Customers appear under pseudonymous ids that are fresh for every dataset.
 * Features come from `BehaviourService.featuresAsOf` at the end of each split's feature window; labels are
 * the products taken in the label window (a new account of the product's type, opened in the window) and
 * recommendation outcomes there (`accepted`, `dismissed`). Products a customer held at the end of the
 * feature window are neither candidates nor labels for them. With `windows.trainSnapshots` > 1 the training
 * split stacks snapshots (`trainSnapshotWindows`): one example per customer and cut-off, under the customer's
 * one pseudonym, each with its `snapshot` (contract 1.1.0).
 */
@Injectable()
export class TrainingDatasets {
  constructor(
    private readonly em: EntityManager,
    private readonly behaviour: BehaviourService,
    private readonly outcomes: RecommendationOutcomesSource,
    private readonly clock: ConsentClock,
  ) {}

  async build(request: DatasetRequest): Promise<BuiltDataset> {
    const asOf = this.clock.now();
    const window = splitWindows(asOf, request.windows);
    const customerIds = await this.consentedCustomers(asOf);
    const pseudonyms = new Map<PseudonymousId, string>();
    const pseudonymOf = new Map<string, PseudonymousId>();
    for (const customerId of customerIds) {
      const pseudonym = randomUUID();
      pseudonyms.set(pseudonym, customerId);
      pseudonymOf.set(customerId, pseudonym);
    }
    const accounts = await this.accountsOf(customerIds);
    // One split per snapshot: features as of its cut-off, outcomes in its label window.
    const split = async (windows: DataWindow['train']) => {
      const vectors = await this.behaviour.featuresAsOf(customerIds, new Date(windows.featureWindow.to));
      const outcomes = await this.outcomes.outcomesIn({
        from: new Date(windows.labelWindow.from),
        to: new Date(windows.labelWindow.to),
      });
      return { windows, vectors, outcomes };
    };
    const snapshots: (typeof validation)[] = [];
    for (const windows of trainSnapshotWindows(asOf, request.windows)) snapshots.push(await split(windows));
    const validation = await split(window.validation);
    const features = expandFeatures(request.features, [
      ...snapshots.flatMap((part) => [...part.vectors.values()]),
      ...validation.vectors.values(),
    ]);
    const examplesOf = (part: typeof validation, stacked: boolean) =>
      customerIds.map((customerId) => {
        const example = exampleOf({
          pseudonym: pseudonymOf.get(customerId)!,
          vector: part.vectors.get(customerId),
          features,
          accounts: accounts.get(customerId) ?? [],
          outcomes: part.outcomes.filter((row) => row.customerId === customerId),
          products: request.products,
          featureWindow: part.windows.featureWindow,
          labelWindow: part.windows.labelWindow,
        });
        return stacked
          ? {
              ...example,
              snapshot: { asOf: part.windows.featureWindow.to, labelWindow: part.windows.labelWindow },
            }
          : example;
      });
    const earliest = snapshots[snapshots.length - 1]!.windows;
    const latest = snapshots[0]!.windows;
    const dataset: TrainingDataset = {
      features,
      products: request.products,
      train: {
        featureWindow: { from: earliest.featureWindow.from, to: latest.featureWindow.to },
        labelWindow: { from: earliest.labelWindow.from, to: latest.labelWindow.to },
        examples: snapshots.flatMap((part) => examplesOf(part, snapshots.length > 1)),
      },
      validation: {
        featureWindow: validation.windows.featureWindow,
        labelWindow: validation.windows.labelWindow,
        examples: examplesOf(validation, false),
      },
    };
    return {
      dataset,
      pseudonyms,
      summary: {
        customers: customerIds.length,
        trainExamples: dataset.train.examples.length,
        validationExamples: dataset.validation.examples.length,
        trainPositives: positivesIn(dataset.train.examples),
        validationPositives: positivesIn(dataset.validation.examples),
        trainFingerprint: featureFingerprint(dataset.train.examples),
        validationFingerprint: featureFingerprint(dataset.validation.examples),
        features: [...features],
        products: request.products.map((product) => product.id),
        // With stacked snapshots the training windows span them all.
        window: {
          train: { featureWindow: dataset.train.featureWindow, labelWindow: dataset.train.labelWindow },
          validation: window.validation,
        },
        asOf: asOf.toISOString(),
      },
    };
  }

  /** The current bank's customers with a live personalisation consent at `now`, in id order. */
  async consentedCustomers(now: Date): Promise<string[]> {
    const tenant = requireContext().tenant;
    if (!tenant) throw new Error('Datasets are built for a bank: use runAsTenant()');
    const consents = await this.em.transactional((em) =>
      em.find(Consent, { tenantId: tenant.id, purpose: 'personalisation', status: 'granted' }),
    );
    const live = new Set(consents.filter((consent) => isConsentLive(consent, now)).map((c) => c.customerId));
    return [...live].sort();
  }

  private async accountsOf(customerIds: readonly string[]): Promise<Map<string, AccountFacts[]>> {
    const tenant = requireContext().tenant!;
    const byCustomer = new Map<string, AccountFacts[]>();
    if (customerIds.length === 0) return byCustomer;
    const rows = await this.em.transactional((em) =>
      em.find(
        Account,
        { tenantId: tenant.id, customerId: { $in: [...customerIds] } },
        { fields: ['customerId', 'type', 'openedOn'] },
      ),
    );
    for (const row of rows) {
      const list = byCustomer.get(row.customerId) ?? [];
      list.push({ type: row.type, openedOn: row.openedOn });
      byCustomer.set(row.customerId, list);
    }
    return byCustomer;
  }
}

interface AccountFacts {
  type: Account['type'];
  /** `YYYY-MM-DD`; null when the source did not say (then held since before any window). */
  openedOn: string | null;
}

/**
 * The model's feature request with families (`spend.category.*`) expanded over the names present in the
 * vectors, in request order (family members sorted).
 */
export function expandFeatures(requested: readonly string[], vectors: readonly FeatureVector[]): string[] {
  const present = new Set(vectors.flatMap((vector) => Object.keys(vector)));
  const names: string[] = [];
  for (const name of requested) {
    if (!name.endsWith('.*')) {
      names.push(name);
      continue;
    }
    const prefix = name.slice(0, -1);
    names.push(...[...present].filter((key) => key.startsWith(prefix)).sort());
  }
  return [...new Set(names)];
}

/** Which outcome wins when a product has several in one window: an acceptance, then a take-up, then a "not for me". */
const outcomeRank: Record<ProductOutcome, number> = { accepted: 3, taken: 2, dismissed: 1 };
const isProductOutcome = (value: string): value is ProductOutcome => value in outcomeRank;

export function exampleOf(input: {
  pseudonym: PseudonymousId;
  vector: FeatureVector | undefined;
  features: readonly string[];
  accounts: readonly AccountFacts[];
  outcomes: readonly RecommendationOutcomeRow[];
  products: readonly CandidateProduct[];
  featureWindow: TimeWindow;
  labelWindow: TimeWindow;
}): TrainingExample {
  const day = (iso: string) => iso.slice(0, 10);
  const heldTypes = new Set(
    input.accounts
      .filter((account) => account.openedOn === null || account.openedOn < day(input.featureWindow.to))
      .map((account) => productTypeOfAccount[account.type])
      .filter((type) => type !== undefined),
  );
  const takenTypes = new Set(
    input.accounts
      .filter(
        (account) =>
          account.openedOn !== null &&
          account.openedOn >= day(input.labelWindow.from) &&
          account.openedOn < day(input.labelWindow.to),
      )
      .map((account) => productTypeOfAccount[account.type])
      .filter((type) => type !== undefined && !heldTypes.has(type)),
  );
  const held = input.products.filter((product) => heldTypes.has(product.type)).map((product) => product.id);
  const labels = new Map<string, ProductOutcome>();
  const label = (product: string, outcome: ProductOutcome) => {
    const current = labels.get(product);
    if (!current || outcomeRank[outcome] > outcomeRank[current]) labels.set(product, outcome);
  };
  for (const product of input.products) {
    if (takenTypes.has(product.type)) label(product.id, 'taken');
  }
  const candidates = new Set(input.products.map((product) => product.id));
  for (const row of input.outcomes) {
    if ((row.outcome === 'accepted' || row.outcome === 'dismissed') && isProductOutcome(row.outcome)) {
      if (candidates.has(row.productId)) label(row.productId, row.outcome);
    }
  }
  for (const product of held) labels.delete(product);
  const features: Record<string, number | null> = {};
  for (const name of input.features) {
    const value = input.vector?.[name];
    features[name] = typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
  return {
    customer: input.pseudonym,
    features,
    held,
    labels: [...labels]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([product, outcome]) => ({ product, outcome })),
  };
}

export function positivesIn(examples: readonly TrainingExample[]): number {
  return examples.reduce(
    (sum, example) => sum + example.labels.filter((label) => label.outcome !== 'dismissed').length,
    0,
  );
}

/**
 * SHA-256 of the examples' feature vectors (names sorted, no pseudonymous ids), sorted so the order of
 * examples does not matter: two datasets with this fingerprint gave the model the same features.
 */
export function featureFingerprint(examples: readonly Pick<TrainingExample, 'features'>[]): string {
  const lines = examples
    .map((example) =>
      JSON.stringify(
        Object.keys(example.features)
          .sort()
          .map((name) => [name, example.features[name]]),
      ),
    )
    .sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}
