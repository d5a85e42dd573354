// GraphQL documents of the staff's plugin page (the API's code-first schema in platform/src/plugins is the
// source of truth): the plugins available here, the bank's installations, and the lifecycle mutations (bank
// administrators, step-up, audited).

/** Installed or not; `ENABLED` runs for the bank. */
export type PluginStatus = 'ENABLED' | 'DISABLED';

/** One released version of a plugin, from its manifest. */
export interface PluginVersionNode {
  version: string;
  sdk: string;
  compatible: boolean;
  incompatibility: string | null;
  capabilities: string[];
  /** JSON Schema (draft-07) as JSON text; properties with `writeOnly: true` are secrets. */
  settingsSchema: string;
  secretSettings: string[];
  dataPermissions: string[];
  hostPermissions: string[];
  regions: string[];
  hooks: string[];
}

/** A plugin of the registry, with its versions (newest first). */
export interface PluginNode {
  id: string;
  name: string;
  publisher: string;
  description: string | null;
  trust: string;
  latestVersion: string;
  appliesToBank: boolean;
  versions: PluginVersionNode[];
}

/** A plugin installed for the bank: non-secret settings as JSON text, secrets only as set or unset. */
export interface PluginInstallationNode {
  id: string;
  pluginId: string;
  version: string;
  status: PluginStatus;
  settings: string;
  secrets: { name: string; set: boolean }[];
  installedBy: string;
  updatedBy: string;
  installedAt: string;
  updatedAt: string;
}

export const PLUGINS = /* GraphQL */ `
  query Plugins {
    plugins {
      id
      name
      publisher
      description
      trust
      latestVersion
      appliesToBank
      versions {
        version
        sdk
        compatible
        incompatibility
        capabilities
        settingsSchema
        secretSettings
        dataPermissions
        hostPermissions
        regions
        hooks
      }
    }
  }
`;

const INSTALLATION_FIELDS = /* GraphQL */ `
  fragment PluginInstallationFields on PluginInstallation {
    id
    pluginId
    version
    status
    settings
    secrets {
      name
      set
    }
    installedBy
    updatedBy
    installedAt
    updatedAt
  }
`;

export const PLUGIN_INSTALLATIONS = /* GraphQL */ `
  query PluginInstallations {
    pluginInstallations {
      ...PluginInstallationFields
    }
  }
  ${INSTALLATION_FIELDS}
`;

export const INSTALL_PLUGIN = /* GraphQL */ `
  mutation InstallPlugin($pluginId: String!, $version: String, $settings: String) {
    installPlugin(pluginId: $pluginId, version: $version, settings: $settings) {
      ...PluginInstallationFields
    }
  }
  ${INSTALLATION_FIELDS}
`;

export const CONFIGURE_PLUGIN = /* GraphQL */ `
  mutation ConfigurePlugin($pluginId: String!, $settings: String!) {
    configurePlugin(pluginId: $pluginId, settings: $settings) {
      ...PluginInstallationFields
    }
  }
  ${INSTALLATION_FIELDS}
`;

export const ENABLE_PLUGIN = /* GraphQL */ `
  mutation EnablePlugin($pluginId: String!) {
    enablePlugin(pluginId: $pluginId) {
      ...PluginInstallationFields
    }
  }
  ${INSTALLATION_FIELDS}
`;

export const DISABLE_PLUGIN = /* GraphQL */ `
  mutation DisablePlugin($pluginId: String!) {
    disablePlugin(pluginId: $pluginId) {
      ...PluginInstallationFields
    }
  }
  ${INSTALLATION_FIELDS}
`;

export const UPGRADE_PLUGIN = /* GraphQL */ `
  mutation UpgradePlugin($pluginId: String!, $version: String!, $settings: String) {
    upgradePlugin(pluginId: $pluginId, version: $version, settings: $settings) {
      ...PluginInstallationFields
    }
  }
  ${INSTALLATION_FIELDS}
`;

export const UNINSTALL_PLUGIN = /* GraphQL */ `
  mutation UninstallPlugin($pluginId: String!) {
    uninstallPlugin(pluginId: $pluginId) {
      ...PluginInstallationFields
    }
  }
  ${INSTALLATION_FIELDS}
`;
