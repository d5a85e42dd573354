import type { EntityManager } from '@mikro-orm/postgresql';
import type { FeatureVector } from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import type { BehaviourService } from '../behaviour';
import { Consent, type ConsentClock } from '../consents';
import { runAsTenant } from '../request-context';
import { TrainingDatasets, trainSnapshotWindows } from './dataset';
import type { RecommendationOutcomesSource } from './recommendation-outcomes';

/**
 * `TrainingDatasets.build` with stacked snapshots, without a database: the entity manager, behaviour,
 * outcomes and clock are small in-memory stand-ins that record what the builder asks for. The builder's
 * SQL-free logic (windows, consent filter, pseudonyms, held products, labels per snapshot) is what is
 * tested; the queries themselves are covered by the registry's integration tests.
 */
const asOf = new Date('2026-11-26T00:00:00.000Z');
const windows = { featureDays: 90, labelDays: 30, trainSnapshots: 3, snapshotStepDays: 30 };
const tenant = { id: 'tenant-1', slug: 'bank', realm: 'bank' };

function builder() {
  const consents = [
    { customerId: 'c-1', status: 'granted', expiresAt: null, renewalDueAt: null },
    { customerId: 'c-2', status: 'granted', expiresAt: null, renewalDueAt: null },
    // Expired before the build: not live, so c-3 is absent from every split.
    { customerId: 'c-3', status: 'granted', expiresAt: new Date('2026-11-01T00:00:00Z'), renewalDueAt: null },
  ];
  const accounts = [
    { customerId: 'c-1', type: 'current', openedOn: '2020-01-01' },
    // In the second snapshot's label window [08-28, 09-27): its label; held at the first snapshot's cut-off.
    { customerId: 'c-1', type: 'credit-card', openedOn: '2026-09-01' },
    // In the validation label window [10-27, 11-26): a validation label only.
    { customerId: 'c-2', type: 'loan', openedOn: '2026-11-01' },
    { customerId: 'c-3', type: 'loan', openedOn: '2026-09-01' },
  ];
  const em = {
    transactional: <T>(work: (em: unknown) => Promise<T>) => work(em),
    find: async (entity: unknown, where: { customerId?: { $in: string[] } }) =>
      entity === Consent
        ? consents
        : accounts.filter((account) => where.customerId?.$in.includes(account.customerId) ?? true),
  };
  const featureDates: string[] = [];
  const behaviour = {
    // A feature that says which cut-off it was computed at, so each example can be traced to its snapshot.
    featuresAsOf: async (ids: readonly string[], at: Date) => {
      featureDates.push(at.toISOString());
      return new Map<string, FeatureVector>(
        ids.map((id) => [id, { 'customer.tenure': at.getTime(), 'income.monthly': id === 'c-1' ? 1 : 2 }]),
      );
    },
  };
  const outcomes = { outcomesIn: async () => [] };
  const clock = { now: () => asOf };
  const datasets = new TrainingDatasets(
    em as unknown as EntityManager,
    behaviour as unknown as BehaviourService,
    outcomes as unknown as RecommendationOutcomesSource,
    clock as unknown as ConsentClock,
  );
  return { datasets, featureDates };
}

describe('TrainingDatasets.build with stacked training snapshots (trainSnapshots > 1)', () => {
  it('stacks one example per consented customer and cut-off, under one pseudonym, with per-snapshot labels', async () => {
    const { datasets, featureDates } = builder();
    const built = await runAsTenant(tenant, () =>
      datasets.build({
        features: ['customer.tenure', 'income.monthly'],
        products: [
          { id: 'card', type: 'credit-card' },
          { id: 'loan', type: 'personal-loan' },
        ],
        windows,
      }),
    );
    const { dataset, summary, pseudonyms } = built;
    const snapshots = trainSnapshotWindows(asOf, windows);
    const cutoffs = snapshots.map((snapshot) => snapshot.featureWindow.to);
    // Features asked for at every cut-off, then at validation's feature end.
    expect(featureDates).toEqual([...cutoffs, dataset.validation.featureWindow.to]);
    expect(summary.customers).toBe(2);
    expect(dataset.train.examples).toHaveLength(3 * 2);
    expect([...pseudonyms.values()].sort()).toEqual(['c-1', 'c-2']);
    const customerOf = (pseudonym: string) => pseudonyms.get(pseudonym);
    for (const example of dataset.train.examples) {
      // Each example's features are those of its own cut-off.
      expect(new Date(example.features['customer.tenure']!).toISOString()).toBe(example.snapshot!.asOf);
      expect(example.snapshot!.labelWindow.to <= dataset.validation.labelWindow.from).toBe(true);
    }
    // One pseudonym per customer across all snapshots (a model folds by customer), the same in validation.
    expect(new Set(dataset.train.examples.map((example) => example.customer)).size).toBe(2);
    const ofC1 = dataset.train.examples.filter((example) => customerOf(example.customer) === 'c-1');
    const at = (index: number) => ofC1.find((example) => example.snapshot!.asOf === cutoffs[index])!;
    expect(at(0)).toMatchObject({ held: ['card'], labels: [] });
    expect(at(1)).toMatchObject({ held: [], labels: [{ product: 'card', outcome: 'taken' }] });
    expect(at(2)).toMatchObject({ held: [], labels: [] });
    const c2Validation = dataset.validation.examples.find(
      (example) => customerOf(example.customer) === 'c-2',
    )!;
    expect(c2Validation.labels).toEqual([{ product: 'loan', outcome: 'taken' }]);
    expect(c2Validation.snapshot).toBeUndefined();
    expect(
      dataset.train.examples.some(
        (example) => customerOf(example.customer) === 'c-2' && example.labels.length,
      ),
    ).toBe(false);
    // The training split spans its snapshots; the summary says so.
    expect(dataset.train.featureWindow).toEqual({
      from: snapshots[2]!.featureWindow.from,
      to: snapshots[0]!.featureWindow.to,
    });
    expect(dataset.train.labelWindow).toEqual({
      from: snapshots[2]!.labelWindow.from,
      to: snapshots[0]!.labelWindow.to,
    });
    expect(summary).toMatchObject({ trainExamples: 6, validationExamples: 2, trainPositives: 1 });
    expect(summary.validationPositives).toBe(1);
  });
});
