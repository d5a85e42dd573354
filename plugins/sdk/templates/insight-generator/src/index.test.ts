import { assertHarnessPassed, runPluginHarness } from '@finpersona/plugin-sdk/testing';
import { describe, expect, it } from 'vitest';
import plugin from './index';

describe('Example plugin', () => {
  it('passes the harness: well-formed candidates for every fixture customer', async () => {
    const report = await runPluginHarness(plugin);
    assertHarnessPassed(report);
    expect(report.insightGenerator?.customers).toHaveLength(3);
  });

  it('notices monthly payments that went up, once per merchant and month', async () => {
    const report = await runPluginHarness(plugin);
    const [ana] = report.insightGenerator?.customers ?? [];
    // Ana pays Streamflix once a month; the fixtures' card payments rise by 1.37 a month.
    const streaming = ana?.candidates.find(
      (candidate) => candidate.dedupeKey === 'payment-up:Streamflix:2026-10',
    );
    expect(streaming?.parameters).toEqual({
      merchant: { type: 'text', value: 'Streamflix' },
      before: { type: 'money', value: { minor: '1436', currency: 'EUR' } },
      after: { type: 'money', value: { minor: '1573', currency: 'EUR' } },
    });
    // REWE is paid several times a month: not a regular payment, no insight.
    expect(ana?.candidates.some((candidate) => candidate.dedupeKey.includes('REWE'))).toBe(false);
  });
});
