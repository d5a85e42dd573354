import { describe, expect, it } from 'vitest';
import {
  exampleOf,
  expandFeatures,
  featureFingerprint,
  positivesIn,
  splitWindows,
  trainSnapshotWindows,
} from './dataset';

const asOf = new Date('2026-11-26T00:00:00.000Z');
const products = [
  { id: 'card', type: 'credit-card' as const },
  { id: 'loan', type: 'personal-loan' as const },
  { id: 'saver', type: 'savings-account' as const },
];
const windows = splitWindows(asOf, { featureDays: 90, labelDays: 30 });
const base = {
  pseudonym: 'p-1',
  vector: { 'income.monthly': 250_000, 'spend.category.groceries': 30_000, 'spend.category.travel': null },
  features: ['income.monthly'],
  outcomes: [],
  products,
  featureWindow: windows.train.featureWindow,
  labelWindow: windows.train.labelWindow,
};

describe('dataset time split and examples', () => {
  it('validation lies after training: training labels end where validation labels begin, all before asOf', () => {
    expect(windows).toEqual({
      train: {
        featureWindow: { from: '2026-06-29T00:00:00.000Z', to: '2026-09-27T00:00:00.000Z' },
        labelWindow: { from: '2026-09-27T00:00:00.000Z', to: '2026-10-27T00:00:00.000Z' },
      },
      validation: {
        featureWindow: { from: '2026-07-29T00:00:00.000Z', to: '2026-10-27T00:00:00.000Z' },
        labelWindow: { from: '2026-10-27T00:00:00.000Z', to: '2026-11-26T00:00:00.000Z' },
      },
    });
  });

  it('stacked training snapshots step back from the training cut-off, every label window ending before validation', () => {
    const snapshots = trainSnapshotWindows(asOf, {
      featureDays: 90,
      labelDays: 30,
      trainSnapshots: 3,
      snapshotStepDays: 30,
    });
    expect(snapshots[0]).toEqual(windows.train);
    expect(snapshots.map((snapshot) => snapshot.featureWindow.to)).toEqual([
      '2026-09-27T00:00:00.000Z',
      '2026-08-28T00:00:00.000Z',
      '2026-07-29T00:00:00.000Z',
    ]);
    for (const snapshot of snapshots) {
      expect(snapshot.labelWindow.from).toBe(snapshot.featureWindow.to);
      expect(snapshot.labelWindow.to <= windows.validation.labelWindow.from).toBe(true);
    }
    // Without the setting: the one training snapshot of splitWindows.
    expect(trainSnapshotWindows(asOf, { featureDays: 90, labelDays: 30 })).toEqual([windows.train]);
  });

  it('a product type opened in the label window is taken; one held at the feature end is neither candidate nor label', () => {
    const example = exampleOf({
      ...base,
      accounts: [
        { type: 'savings', openedOn: '2025-01-10' },
        { type: 'credit-card', openedOn: '2026-10-01' },
        // Opened after the label window: not this split's label.
        { type: 'loan', openedOn: '2026-11-01' },
      ],
      outcomes: [
        { customerId: 'c-1', productId: 'saver', outcome: 'accepted' },
        { customerId: 'c-1', productId: 'loan', outcome: 'dismissed' },
        { customerId: 'c-1', productId: 'card', outcome: 'shown' },
      ],
    });
    expect(example.held).toEqual(['saver']);
    expect(example.labels).toEqual([
      { product: 'card', outcome: 'taken' },
      { product: 'loan', outcome: 'dismissed' },
    ]);
    expect(positivesIn([example])).toBe(1);
  });

  it('an account without an opening date counts as held since before any window', () => {
    const example = exampleOf({ ...base, accounts: [{ type: 'credit-card', openedOn: null }] });
    expect(example.held).toEqual(['card']);
    expect(example.labels).toEqual([]);
  });

  it('an acceptance outranks a take-up of the same product', () => {
    const example = exampleOf({
      ...base,
      accounts: [{ type: 'credit-card', openedOn: '2026-10-05' }],
      outcomes: [{ customerId: 'c-1', productId: 'card', outcome: 'accepted' }],
    });
    expect(example.labels).toEqual([{ product: 'card', outcome: 'accepted' }]);
  });

  it('features: requested ones only, unknown → null; families expand over what the vectors hold', () => {
    const example = exampleOf({ ...base, features: ['income.monthly', 'balance.mean'], accounts: [] });
    expect(example.features).toEqual({ 'income.monthly': 250_000, 'balance.mean': null });
    expect(expandFeatures(['income.monthly', 'spend.category.*'], [base.vector])).toEqual([
      'income.monthly',
      'spend.category.groceries',
      'spend.category.travel',
    ]);
  });

  it('the feature fingerprint ignores order and ids, and changes with any value', () => {
    const a = { features: { x: 1, y: null } };
    const b = { features: { y: 2, x: 1 } };
    expect(featureFingerprint([a, b])).toBe(featureFingerprint([b, a]));
    expect(featureFingerprint([a, b])).not.toBe(featureFingerprint([a, { features: { y: 3, x: 1 } }]));
  });
});
