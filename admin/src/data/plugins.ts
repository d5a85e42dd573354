// The plugin page's side of the data provider: the registry, the bank's installations and their lifecycle
// (bank administrators; every change needs step-up and is audited by the API).
import type { GraphqlRequest } from './graphqlClient.ts';
import {
  CONFIGURE_PLUGIN,
  DISABLE_PLUGIN,
  ENABLE_PLUGIN,
  INSTALL_PLUGIN,
  PLUGIN_INSTALLATIONS,
  PLUGINS,
  UNINSTALL_PLUGIN,
  UPGRADE_PLUGIN,
  type PluginInstallationNode,
  type PluginNode,
} from './plugin-queries.ts';

/** Settings as the API takes them: a JSON object; a secret omitted keeps its stored value, `null` removes it. */
export type PluginSettings = Readonly<Record<string, unknown>>;

export interface PluginMethods {
  /** The plugins available on this platform, newest version first. */
  plugins(): Promise<PluginNode[]>;
  /** The bank's installed plugins. */
  pluginInstallations(): Promise<PluginInstallationNode[]>;
  /** Installs (disabled until enabled) at `version` or the newest compatible one. */
  installPlugin(
    pluginId: string,
    version: string | null,
    settings: PluginSettings,
  ): Promise<PluginInstallationNode>;
  configurePlugin(pluginId: string, settings: PluginSettings): Promise<PluginInstallationNode>;
  setPluginEnabled(pluginId: string, enabled: boolean): Promise<PluginInstallationNode>;
  /** Moves to a newer version; `settings` (when given) replace the current ones for it. */
  upgradePlugin(
    pluginId: string,
    version: string,
    settings: PluginSettings | null,
  ): Promise<PluginInstallationNode>;
  /** Removes the plugin and its settings from the bank. */
  uninstallPlugin(pluginId: string): Promise<PluginInstallationNode>;
}

export function pluginMethods(request: GraphqlRequest): PluginMethods {
  const text = (settings: PluginSettings | null) => (settings === null ? null : JSON.stringify(settings));
  return {
    plugins: async () => (await request<{ plugins: PluginNode[] }>(PLUGINS)).plugins,
    pluginInstallations: async () =>
      (await request<{ pluginInstallations: PluginInstallationNode[] }>(PLUGIN_INSTALLATIONS))
        .pluginInstallations,
    installPlugin: async (pluginId, version, settings) =>
      (
        await request<{ installPlugin: PluginInstallationNode }>(INSTALL_PLUGIN, {
          pluginId,
          version,
          settings: text(settings),
        })
      ).installPlugin,
    configurePlugin: async (pluginId, settings) =>
      (
        await request<{ configurePlugin: PluginInstallationNode }>(CONFIGURE_PLUGIN, {
          pluginId,
          settings: text(settings),
        })
      ).configurePlugin,
    setPluginEnabled: async (pluginId, enabled) =>
      enabled
        ? (await request<{ enablePlugin: PluginInstallationNode }>(ENABLE_PLUGIN, { pluginId })).enablePlugin
        : (await request<{ disablePlugin: PluginInstallationNode }>(DISABLE_PLUGIN, { pluginId }))
            .disablePlugin,
    upgradePlugin: async (pluginId, version, settings) =>
      (
        await request<{ upgradePlugin: PluginInstallationNode }>(UPGRADE_PLUGIN, {
          pluginId,
          version,
          settings: text(settings),
        })
      ).upgradePlugin,
    uninstallPlugin: async (pluginId) =>
      (await request<{ uninstallPlugin: PluginInstallationNode }>(UNINSTALL_PLUGIN, { pluginId }))
        .uninstallPlugin,
  };
}
