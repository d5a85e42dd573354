import { beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures } from '../behaviour';
import { detachedRunContext, evaluateOnValidation, popularityBaseline } from '../models';
import { loadPkdd99Evaluation, type Pkdd99Evaluation } from './pkdd99-data';
import { buildPkdd99PropensityDataset, pkdd99History, pkdd99PropensitySplit } from './propensity';

describe("the PKDD'99 propensity dataset (time split)", () => {
  let data: Pkdd99Evaluation;
  let dataset: ReturnType<typeof buildPkdd99PropensityDataset>;

  beforeAll(() => {
    data = loadPkdd99Evaluation();
    dataset = buildPkdd99PropensityDataset(data);
    // Six feature snapshots of up to 1,229 accounts (five stacked for training, one for validation).
  }, 600_000);

  it('puts the training label windows before the validation one, each starting where its features end', () => {
    const cutoffs = pkdd99PropensitySplit.trainCutoffs.map((day) => `${day}T00:00:00.000Z`);
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
      `${pkdd99PropensitySplit.validationFeatureEnd}T00:00:00.000Z`,
    );
  });

  it('has the accounts and products taken the raw relations give', () => {
    // Counted independently from account.asc, trans.asc, loan.asc, card.asc and disp.asc with a plain script.
    const taken = (split: typeof dataset.train, product: string) =>
      split.examples.filter((example) => example.labels.some((label) => label.product === product)).length;
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
    const featureEnd = pkdd99PropensitySplit.trainCutoffs[3]!;
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
