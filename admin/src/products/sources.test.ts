import { describe, expect, it } from 'vitest';
import type { PluginInstallationNode, PluginNode } from '../data/index.ts';
import { catalogueSources, sourceLabel } from './sources.ts';

const plugin = (id: string, name: string, capabilitiesByVersion: Record<string, string[]>): PluginNode => ({
  id,
  name,
  publisher: 'FinPersona',
  description: null,
  trust: 'first-party',
  latestVersion: Object.keys(capabilitiesByVersion)[0]!,
  appliesToBank: true,
  versions: Object.entries(capabilitiesByVersion).map(([version, capabilities]) => ({
    version,
    sdk: '^1.0.0',
    compatible: true,
    incompatibility: null,
    capabilities,
    settingsSchema: '{}',
    secretSettings: [],
    dataPermissions: [],
    hostPermissions: [],
    regions: [],
    hooks: [],
  })),
});
const installed = (
  pluginId: string,
  version: string,
  status: 'ENABLED' | 'DISABLED',
): PluginInstallationNode => ({
  id: `installation-${pluginId}`,
  pluginId,
  version,
  status,
  settings: '{}',
  secrets: [],
  installedBy: 'admin',
  updatedBy: 'admin',
  installedAt: '2026-11-27T04:00:00.000Z',
  updatedAt: '2026-11-27T04:00:00.000Z',
});

const plugins = [
  plugin('catalogue-retail', 'Retail catalogue', { '0.2.0': ['product-catalogue'], '0.1.0': ['product-catalogue'] }),
  plugin('catalogue-bank', 'Bank catalogue', { '1.0.0': ['product-catalogue'] }),
  plugin('compliance-eu', 'EU rules', { '1.0.0': ['compliance-rule-pack'] }),
]; // prettier-ignore

describe('catalogue sources', () => {
  it('lists the installed product catalogues with their installed version, enabled first', () => {
    const sources = catalogueSources(plugins, [
      installed('compliance-eu', '1.0.0', 'ENABLED'),
      installed('catalogue-bank', '1.0.0', 'DISABLED'),
      installed('catalogue-retail', '0.1.0', 'ENABLED'),
    ]);
    expect(sources).toEqual([
      { pluginId: 'catalogue-retail', name: 'Retail catalogue', version: '0.1.0', enabled: true },
      { pluginId: 'catalogue-bank', name: 'Bank catalogue', version: '1.0.0', enabled: false },
    ]);
    expect(sourceLabel(sources[0]!)).toBe('Retail catalogue 0.1.0 (catalogue-retail)');
  });

  it('has none when no catalogue plugin is installed', () => {
    expect(catalogueSources(plugins, [installed('compliance-eu', '1.0.0', 'ENABLED')])).toEqual([]);
    expect(catalogueSources([], [installed('catalogue-retail', '0.1.0', 'ENABLED')])).toEqual([]);
  });
});
