import type { DataConnector } from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { FixtureConnector } from '../testing/fixture-connector';
import { ConnectorRegistry, type PluginConnectors } from './connector-registry';

/** Plugin connectors as a long-running process sees them: one published by another process after it started. */
function publishedLater(): PluginConnectors & { refreshes: number } {
  const known = new Set<string>();
  return {
    refreshes: 0,
    provides: (id) => known.has(id),
    connectorFor: async (id) =>
      known.has(id) ? (new FixtureConnector({ id, mode: 'ready' }) as DataConnector) : null,
    async refresh() {
      this.refreshes += 1;
      known.add('acme-bank');
    },
  };
}

describe('ConnectorRegistry with plugin connectors', () => {
  const tenant = { tenantId: 'bank-a', region: 'EU' as const };

  it('finds a connector published after the process started: it refreshes once before saying no', async () => {
    const registry = new ConnectorRegistry();
    const plugins = publishedLater();
    registry.usePlugins(plugins);
    const connector = await registry.connectorFor('acme-bank', tenant);
    expect(connector.id).toBe('acme-bank');
    expect(plugins.refreshes).toBe(1);
    expect(await registry.isAvailable('acme-bank', { id: 'bank-a', region: 'EU' })).toBe(true);
    expect(plugins.refreshes).toBe(1);
  });

  it('an unknown connector is still NOT_FOUND after the refresh', async () => {
    const registry = new ConnectorRegistry();
    const plugins = publishedLater();
    registry.usePlugins(plugins);
    await expect(registry.connectorFor('nobody', tenant)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await registry.isAvailable('nobody', { id: 'bank-a', region: 'EU' })).toBe(false);
  });
});
