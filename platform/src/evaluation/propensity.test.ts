import { beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures } from '../behaviour';
import { detachedRunContext, evaluateOnValidation, popularityBaseline } from '../models';
import { loadPkdd99Evaluation, type Pkdd99Evaluation } from './pkdd99-data';
import {
  buildPkdd99PropensityDataset,
  pkdd99CoveredPeriodSplit,
  pkdd99History,
  pkdd99InnerSplit,
  pkdd99LabelTimeSplit,
  propensitySplits,
} from './propensity';

const taken = (split: { examples: readonly { labels: readonly { product: string }[] }[] }, product: string) =>
  split.examples.filter((example) => example.labels.some((label) => label.product === product)).length;

describe("the PKDD'99 propensity dataset, label-time split (the default)", () => {
  let data: Pkdd99Evaluation;
  let dataset: ReturnType<typeof buildPkdd99PropensityDataset>;

  beforeAll(() => {
    data = loadPkdd99Evaluation();
    dataset = buildPkdd99PropensityDataset(data);
  }, 600_000);

  it('places T by the balanced rule, and the inner split inside the training labels', () => {
    // Counted month by month with a plain script over the loaded relations: at 1995-03-01 the smallest of
    // loans before/after and cards before/after (95, 27, 24, 205) is the largest.
    const split = pkdd99LabelTimeSplit(data);
    expect(split).toMatchObject({
      kind: 'label-time',
      decisionDate: '1995-03-01',
      validationFeatureEnd: '1994-04-01',
      // The last training snapshot's horizon (1994-04-01 to T: 11 months) from T.
      validationLabelEnd: '1996-02-01',
    });
    const inner = pkdd99InnerSplit(data);
    expect(inner.validationLabelEnd).toBe(split.decisionDate);
    expect(inner.decisionDate > split.validationFeatureEnd && inner.decisionDate < split.decisionDate).toBe(
      true,
    );
  });

  it("trains on labels before T only and validates over the last snapshot's horizon with the same accounts", () => {
    const T = '1995-03-01T00:00:00.000Z';
    for (const example of dataset.train.examples) expect(example.snapshot!.labelWindow.to).toBe(T);
    expect(dataset.train.labelWindow.to).toBe(T);
    expect(dataset.validation.labelWindow).toEqual({ from: T, to: '1996-02-01T00:00:00.000Z' });
    expect(dataset.validation.featureWindow.to).toBe('1994-04-01T00:00:00.000Z');
    // Counted independently per cut-off (1993-10-01, 1994-01-01, 1994-04-01): 858 + 1139 + 1229 accounts,
    // loans 94 + 107 + 95 and cards 23 + 28 + 24 taken from the cut-off to T; validation 27 loans, 40 cards
    // taken in [T, 1996-02-01); 133 loans and 30 cards held at T.
    expect([
      dataset.train.examples.length,
      taken(dataset.train, 'loan'),
      taken(dataset.train, 'card'),
    ]).toEqual([3226, 296, 75]);
    expect([
      dataset.validation.examples.length,
      taken(dataset.validation, 'loan'),
      taken(dataset.validation, 'card'),
    ]).toEqual([1229, 27, 40]);
    const held = (product: string) =>
      dataset.validation.examples.filter((example) => example.held.includes(product)).length;
    expect([held('loan'), held('card')]).toEqual([133, 30]);
  });

  it('offers the other training horizons and the long window as other validation windows', () => {
    // The 1994-01-01 and 1993-10-01 snapshots' horizons (14, 17 months to T) from T, and the long window.
    // Counted independently from the raw relations (first loans / first cards of the 1,229 accounts with
    // behaviour before 1994-04-01, taken from T): 27 / 54, 27 / 60 and 27 / 205 — every validation loan comes
    // within 11 months of T (the primary window's counts are checked on the dataset above).
    expect(
      (['label-time-14m', 'label-time-17m', 'label-time-long'] as const).map(
        (name) => propensitySplits[name](data).validationLabelEnd,
      ),
    ).toEqual(['1996-05-01', '1996-08-01', '1999-01-01']);
    expect(() => pkdd99LabelTimeSplit(data, '1994-02-01')).toThrow(/not a training cut-off/);
  });

  it('gives validation the behaviour of the last snapshot, and the products held, age and tenure at T', () => {
    const last = dataset.train.examples.filter(
      (example) => example.snapshot!.asOf === '1994-04-01T00:00:00.000Z',
    );
    expect(last).toHaveLength(dataset.validation.examples.length);
    const account = data.accounts.find(
      (candidate) =>
        candidate.transactions.some((transaction) => transaction.bookingDate < '1994-04-01') &&
        candidate.loans.some((loan) => loan.grantedOn >= '1994-04-01' && loan.grantedOn < '1995-03-01'),
    )!;
    const index = data.accounts.indexOf(account) + 1;
    const train = dataset.train.examples.find(
      (example) => example.customer === `t-${index}` && example.snapshot!.asOf.startsWith('1994-04-01'),
    )!;
    const validation = dataset.validation.examples.find((example) => example.customer === `v-${index}`)!;
    expect(train.labels).toContainEqual({ product: 'loan', outcome: 'taken' });
    expect(validation.held).toContain('loan');
    expect(validation.features['products-held.personal-loan']).toBe(1);
    expect(train.features['products-held.personal-loan']).toBe(0);
    // Tenure in whole months since the account was opened: at T (1995-03-01) for validation, at the cut-off
    // (1994-04-01) for the training snapshot; age likewise.
    const monthsTo = (day: string) => {
      const [year, month, date] = account.openedOn.split('-').map(Number) as [number, number, number];
      const [toYear, toMonth] = day.split('-').map(Number) as [number, number];
      return (toYear - year) * 12 + toMonth - month - (date > 1 ? 1 : 0);
    };
    expect(validation.features['customer.tenure']).toBe(monthsTo('1995-03-01'));
    expect(train.features['customer.tenure']).toBe(monthsTo('1994-04-01'));
    expect(validation.features['customer.age']! - train.features['customer.age']!).toBeOneOf([0, 1]);
    const facts = ['customer.age', 'customer.tenure'];
    const behaviour = (features: Record<string, number | null>) =>
      Object.fromEntries(
        Object.entries(features).filter(
          ([name]) => !name.startsWith('products-held.') && !facts.includes(name),
        ),
      );
    expect(behaviour(validation.features)).toEqual(behaviour(train.features));
  });
});

describe("the PKDD'99 propensity dataset, covered-period split (the old design, for comparison)", () => {
  let data: Pkdd99Evaluation;
  let dataset: ReturnType<typeof buildPkdd99PropensityDataset>;

  beforeAll(() => {
    data = loadPkdd99Evaluation();
    dataset = buildPkdd99PropensityDataset(data, pkdd99CoveredPeriodSplit);
    // Six feature snapshots of up to 1,229 accounts (five stacked for training, one for validation).
  }, 600_000);

  it('puts the training label windows before the validation one, each starting where its features end', () => {
    const cutoffs = pkdd99CoveredPeriodSplit.trainCutoffs.map((day) => `${day}T00:00:00.000Z`);
    expect(new Set(dataset.train.examples.map((example) => example.snapshot?.asOf))).toEqual(
      new Set(cutoffs),
    );
    for (const example of dataset.train.examples) {
      expect(example.snapshot!.labelWindow.from).toBe(example.snapshot!.asOf);
      expect(example.snapshot!.labelWindow.to <= dataset.validation.labelWindow.from).toBe(true);
    }
    expect(dataset.train.featureWindow.to).toBe(cutoffs[cutoffs.length - 1]);
    expect(dataset.validation.examples.every((example) => example.snapshot === undefined)).toBe(true);
    expect(dataset.validation.featureWindow.to).toBe(dataset.validation.labelWindow.from);
    expect(dataset.train.labelWindow.to <= dataset.validation.labelWindow.from).toBe(true);
    expect(dataset.validation.featureWindow.to).toBe(
      `${pkdd99CoveredPeriodSplit.validationFeatureEnd}T00:00:00.000Z`,
    );
  });

  it('has the accounts and products taken the raw relations give', () => {
    // Counted independently from account.asc, trans.asc, loan.asc, card.asc and disp.asc with a plain script.
    // Snapshots 1993-04, -06, -08, -10, -12: 298 + 466 + 653 + 858 + 1048 accounts; loans 18 + 27 + 30 + 29 +
    // 26 and cards 3 + 5 + 6 + 6 + 5 taken from each cut-off to 1994-04-01 (counted per cut-off by a separate
    // script over the loaded relations).
    expect([
      dataset.train.examples.length,
      taken(dataset.train, 'loan'),
      taken(dataset.train, 'card'),
    ]).toEqual([3323, 130, 25]);
    // One pseudonym per account across its snapshots, none shared with validation.
    const trainIds = new Set(dataset.train.examples.map((example) => example.customer));
    expect(trainIds.size).toBe(1048);
    expect(dataset.validation.examples.some((example) => trainIds.has(example.customer))).toBe(false);
    expect([
      dataset.validation.examples.length,
      taken(dataset.validation, 'loan'),
      taken(dataset.validation, 'card'),
    ]).toEqual([1229, 122, 229]);
  });

  it('never labels a product the account already held, and holds what was taken before the window', () => {
    for (const split of [dataset.train, dataset.validation]) {
      for (const example of split.examples) {
        for (const label of example.labels) expect(example.held).not.toContain(label.product);
      }
    }
    // Accounts with a loan before the cut-off: 0, 0, 3, 8 and 12 at the snapshots, 38 before April 1994 (loan.asc).
    expect(dataset.train.examples.filter((example) => example.held.includes('loan'))).toHaveLength(23);
    expect(dataset.validation.examples.filter((example) => example.held.includes('loan'))).toHaveLength(38);
  });

  it('computes features from transactions before the feature-window end only', () => {
    const featureEnd = pkdd99CoveredPeriodSplit.trainCutoffs[3]!;
    const accounts = data.accounts
      .filter((account) => account.transactions.some((transaction) => transaction.bookingDate < featureEnd))
      .slice(0, 40);
    for (const account of accounts) {
      // The same account with everything on or after the end removed from the data gives the same features.
      const truncated = {
        ...account,
        transactions: account.transactions.filter((transaction) => transaction.bookingDate < featureEnd),
        loans: account.loans.filter((loan) => loan.grantedOn < featureEnd),
        cards: account.cards.filter((card) => card.issuedOn < featureEnd),
      };
      expect(computeFeatures(pkdd99History(account, featureEnd))).toEqual(
        computeFeatures(pkdd99History(truncated, featureEnd)),
      );
    }
    expect(
      pkdd99History(accounts[0]!, featureEnd).transactions.every((t) => t.bookingDate < featureEnd),
    ).toBe(true);
  });

  it('gives every example the whole feature list, and popularity a per-product AUC of 0.5 on it', async () => {
    for (const example of dataset.validation.examples.slice(0, 50)) {
      expect(Object.keys(example.features).sort()).toEqual(dataset.features);
    }
    const { artifact } = await popularityBaseline.train(dataset, detachedRunContext);
    const metrics = await evaluateOnValidation(popularityBaseline, artifact, dataset, { k: 1 });
    expect(metrics).toMatchObject({ examples: 1191 + 1223, positives: 122 + 229 });
    expect(metrics.perProduct.loan!.auc).toBe(0.5);
  });
});
