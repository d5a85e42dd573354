import { assertHarnessPassed, runPluginHarness } from '@finpersona/plugin-sdk/testing';
import { describe, expect, it } from 'vitest';
import plugin from './index';

describe('Example plugin', () => {
  it('passes the harness: trains on the fixtures, scores every candidate, explains a score', async () => {
    const report = await runPluginHarness(plugin);
    assertHarnessPassed(report);
    const run = report.recommendationModel!;
    // 3 fixture customers, 8 products, 5 of them held: 24 - 5 candidates.
    expect(run.predictions?.scores).toHaveLength(19);
    expect(run.dataset.features).toContain('products-held.credit-card');
    expect(run.explanation?.sentence).toMatch(
      /^About \d+% of customers like you chose this product recently\.$/,
    );
  });

  it('scores what was taken above what nobody took', async () => {
    const report = await runPluginHarness(plugin);
    const scores = report.recommendationModel?.predictions?.scores ?? [];
    const score = (customer: string, product: string) =>
      scores.find((entry) => entry.customer === customer && entry.product === product)?.score ?? NaN;
    // In the fixtures' training window one customer took the 12-month deposit; nobody took a mortgage.
    expect(score('p-2', 'deposit-12m')).toBeGreaterThan(score('p-2', 'mortgage-fixed-5y'));
  });
});
