import {
  assertHarnessPassed,
  fixtureBank,
  fixtures,
  runLifecycleHook,
  runPluginHarness,
} from '@finpersona/plugin-sdk/testing';
import { describe, expect, it } from 'vitest';
import plugin from './index';

// The fixture bank answers on any host; the harness lets the connector reach only the host of baseUrl.
const settings = { baseUrl: 'https://api.example-bank.test', apiKey: 'fixture-api-key', pageSize: 7 };

describe('Example plugin', () => {
  it('passes the harness: connect, accounts, balances, every page of transactions, resync, revoke', async () => {
    const report = await runPluginHarness(plugin, { settings, fetch: fixtureBank() });
    assertHarnessPassed(report);
    const ana = fixtures.customers[0]!;
    expect(report.dataConnector?.accounts.map((account) => account.sourceId)).toEqual(
      ana.accounts.map((account) => account.sourceId),
    );
    expect(report.dataConnector?.transactions).toHaveLength(ana.transactions.length);
    // 30 and 3 transactions at 7 a page.
    expect(report.dataConnector?.pages).toBe(5 + 1);
  });

  it('normalises amounts to minor units with a direction', async () => {
    const report = await runPluginHarness(plugin, { settings, fetch: fixtureBank() });
    const salary = report.dataConnector?.transactions.find(
      (transaction) => transaction.description === 'Salary',
    );
    expect(salary).toMatchObject({ amount: { minor: '320000', currency: 'EUR' }, direction: 'credit' });
  });

  it('reports the bank refusing a wrong API key', async () => {
    const report = await runPluginHarness(plugin, {
      settings: { ...settings, apiKey: 'wrong' },
      fetch: fixtureBank(),
    });
    expect(report.problems).toEqual([
      {
        step: 'data-connector.beginConnection',
        message:
          'threw ConnectorError INVALID_REQUEST: The bank refused the API key; check the plugin settings.',
      },
    ]);
  });

  it('refuses settings the platform would refuse, field by field', async () => {
    expect(
      await runLifecycleHook(plugin, 'configure', { settings: { baseUrl: 'https://bank.test' } }),
    ).toEqual({
      kind: 'invalid',
      problems: [{ field: 'settings.apiKey', problem: 'is required' }],
    });
    expect(
      await runLifecycleHook(plugin, 'configure', { settings: { baseUrl: 'http://bank.test', apiKey: 'k' } }),
    ).toEqual({
      kind: 'invalid',
      problems: [{ field: 'settings.baseUrl', problem: 'must be an https:// URL' }],
    });
  });
});
