export { PluginsGraphqlModule, PluginsModule } from './plugins.module';
export { PluginCatalogue, PluginRefused, type CataloguedPlugin } from './plugin-catalogue';
export {
  PluginsService,
  type EnabledExtension,
  type InitialPlugin,
  type InstallationRecord,
  type RecommendationModelEnabledListener,
} from './plugins.service';
export {
  PluginInstallation,
  installationStatuses,
  type InstallationStatus,
} from './plugin-installation.entity';
export { registerFirstPartyPlugins } from './first-party-plugins';
export { PluginReleases, maxPluginBundleBytes, type PublishResult } from './plugin-releases';
export { PluginData, maxPluginPageSize, pluginDataFunctions } from './plugin-data';
export {
  PluginCallFailed,
  ThirdPartyRuntime,
  type PluginRelease,
  type ReleaseImplementation,
} from './third-party-runtime';
