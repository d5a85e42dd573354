import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings';
import { checked, inputOf, monthly } from '../test-inputs';
import { salaryChange } from './salary-change';

const settings = defaultSettings['salary-change'];
const salary = { category: 'salary', direction: 'credit' as const };
const months = ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
const raise = monthly(months, 1, [300000, 300000, 300000, 300000, 336000, 336000, 336000], salary);
const income = (change: number | null, regular: number | null = 1) => ({
  'income.change': change,
  'income.regular': regular,
});

describe('salary-change', () => {
  it('notices a raise, keyed by the month it happened, with the credits since as evidence', () => {
    const [candidate, ...rest] = checked(salaryChange, inputOf(raise, income(0.12)), settings);
    expect(rest).toEqual([]);
    expect(candidate).toEqual({
      kind: 'salary-change',
      title: 'Your income went up by {change}',
      body: 'Your regular income over the last three months is {change} higher than in the three months before.',
      parameters: { change: { type: 'percent', basisPoints: 1200 } },
      severity: 'info',
      relevance: expect.any(Number),
      evidence: [
        { kind: 'feature', name: 'income.change' },
        { kind: 'feature', name: 'income.regular' },
        ...raise.slice(4).map((credit) => ({ kind: 'transaction', id: credit.id })),
      ],
      expiresAt: '2027-03-01T00:00:00.000Z',
      dedupeKey: 'salary-change:rise:2026-09',
    });
  });

  it('notices a fall as a notice', () => {
    const cut = monthly(months, 1, [300000, 300000, 300000, 300000, 240000, 240000, 240000], salary);
    const [candidate] = checked(salaryChange, inputOf(cut, income(-0.2)), settings);
    expect(candidate).toMatchObject({
      title: 'Your income went down by {change}',
      parameters: { change: { type: 'percent', basisPoints: 2000 } },
      severity: 'notice',
      dedupeKey: 'salary-change:fall:2026-09',
    });
  });

  it('fires at exactly the minimum change either way, not below', () => {
    expect(checked(salaryChange, inputOf(raise, income(0.1)), settings)).toHaveLength(1);
    expect(checked(salaryChange, inputOf(raise, income(-0.1)), settings)).toHaveLength(1);
    expect(checked(salaryChange, inputOf(raise, income(0.0999)), settings)).toEqual([]);
    expect(checked(salaryChange, inputOf(raise, income(-0.0999)), settings)).toEqual([]);
  });

  it('needs a regular income and a known change', () => {
    expect(checked(salaryChange, inputOf(raise, income(0.3, 0)), settings)).toEqual([]);
    expect(checked(salaryChange, inputOf(raise, income(0.3, null)), settings)).toEqual([]);
    expect(checked(salaryChange, inputOf(raise, income(null)), settings)).toEqual([]);
  });

  it('keeps the same dedupe key at later syncs of the same raise, as the window slides', () => {
    const december = [...raise, ...monthly(['2026-12', '2027-01'], 1, 336000, salary)];
    const keys = (at: string, change: number) =>
      checked(salaryChange, inputOf(december, income(change), at), settings).map(
        (candidate) => candidate.dedupeKey,
      );
    expect(keys('2026-11-20T09:00:00.000Z', 0.12)).toEqual(['salary-change:rise:2026-09']);
    expect(keys('2026-12-03T09:00:00.000Z', 0.12)).toEqual(['salary-change:rise:2026-09']);
    expect(keys('2027-01-05T09:00:00.000Z', 0.1)).toEqual(['salary-change:rise:2026-09']);
  });

  it('finds the month of the step even when the salary varies a little', () => {
    const noisy = monthly(months, 1, [300000, 301500, 299000, 300500, 338000, 335000, 336500], salary);
    expect(checked(salaryChange, inputOf(noisy, income(0.12)), settings)[0]!.dedupeKey).toBe(
      'salary-change:rise:2026-09',
    );
  });

  it('falls back to the quarter without categorised income, or when the step is older than the feature shows', () => {
    expect(checked(salaryChange, inputOf([], income(0.15)), settings)[0]).toMatchObject({
      dedupeKey: 'salary-change:rise:2026-Q4',
      expiresAt: '2027-01-01T00:00:00.000Z',
      evidence: [
        { kind: 'feature', name: 'income.change' },
        { kind: 'feature', name: 'income.regular' },
      ],
    });
    const year = ['2026-01', '2026-02', '2026-03', '2026-04', ...months];
    const old = monthly(
      year,
      1,
      [250000, 250000, 300000, 300000, 300000, 300000, 300000, 300000, 300000, 300000, 300000],
      salary,
    );
    // The step in March left income.change's two 3-month windows in September; a change now is another one.
    expect(checked(salaryChange, inputOf(old, income(0.15)), settings)[0]!.dedupeKey).toBe(
      'salary-change:rise:2026-Q4',
    );
  });
});
