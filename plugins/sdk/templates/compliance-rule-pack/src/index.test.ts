import { checkProductEligibility, marketingAllowed } from '@finpersona/plugin-sdk';
import {
  assertHarnessPassed,
  fixtures,
  runLifecycleHook,
  runPluginHarness,
} from '@finpersona/plugin-sdk/testing';
import { describe, expect, it } from 'vitest';
import plugin, { law } from './index';

describe('Example plugin', () => {
  it('passes the harness: valid rules for its region, pure, readable by the evaluators', async () => {
    const report = await runPluginHarness(plugin);
    assertHarnessPassed(report);
    expect(report.complianceRulePack?.rules.region).toBe('EU');
  });

  it('keeps customers in arrears from new credit', async () => {
    const report = await runPluginHarness(plugin);
    const carla = fixtures.customers.find((customer) => customer.facts.inArrears)!;
    expect(report.complianceRulePack?.eligibility[carla.id]?.['personal-loan']).toEqual({
      allowed: false,
      refusals: [
        { ruleId: 'example.eligibility.arrears', reason: 'Customers in arrears are not offered new credit.' },
      ],
    });
    expect(checkProductEligibility(law, { inArrears: false }, 'personal-loan')).toEqual({ allowed: true });
  });

  it('needs opt-in consent for marketing and defers it out of quiet hours', () => {
    const noon = new Date('2026-11-02T12:00:00Z');
    const question = { channel: 'push' as const, timeZones: { bank: 'Europe/Berlin', customer: 'UTC' } };
    expect(marketingAllowed(law, { ...question, consent: 'none', now: noon }).decision).toBe('refused');
    expect(marketingAllowed(law, { ...question, consent: 'granted', now: noon }).decision).toBe('allowed');
    expect(
      marketingAllowed(law, { ...question, consent: 'granted', now: new Date('2026-11-02T22:00:00Z') })
        .decision,
    ).toBe('deferred');
  });

  it('lets a bank tighten the rules but never loosen them', async () => {
    expect(await runLifecycleHook(plugin, 'configure', { settings: { warnDaysBefore: 30 } })).toEqual({
      kind: 'accepted',
    });
    const loosened = await runLifecycleHook(plugin, 'configure', { settings: { warnDaysBefore: 3 } });
    expect(loosened.kind).toBe('invalid');
  });
});
