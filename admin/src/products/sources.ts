// Which plugins the bank's catalogue comes from: its installed product-catalogue plugins, with the installed
// version and state, from the Plugins page's queries (bank administrators may read them; the products query
// itself names only each product's plugin id).
import type { PluginInstallationNode, PluginNode } from '../data/index.ts';

export interface CatalogueSource {
  pluginId: string;
  name: string;
  version: string;
  enabled: boolean;
}

/** The installed plugins whose installed version is a product catalogue, enabled first, by name. */
export function catalogueSources(
  plugins: readonly PluginNode[],
  installations: readonly PluginInstallationNode[],
): CatalogueSource[] {
  const byId = new Map(plugins.map((plugin) => [plugin.id, plugin]));
  return installations
    .flatMap((installation) => {
      const plugin = byId.get(installation.pluginId);
      const version = plugin?.versions.find((candidate) => candidate.version === installation.version);
      if (!version?.capabilities.includes('product-catalogue')) return [];
      return [
        {
          pluginId: installation.pluginId,
          name: plugin!.name,
          version: installation.version,
          enabled: installation.status === 'ENABLED',
        },
      ];
    })
    .sort((a, b) => Number(b.enabled) - Number(a.enabled) || a.name.localeCompare(b.name));
}

/** "Retail catalogue 0.1.0 (catalogue-retail)". */
export const sourceLabel = (source: CatalogueSource): string =>
  `${source.name} ${source.version} (${source.pluginId})`;
