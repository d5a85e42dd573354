export { PluginsGraphqlModule, PluginsModule } from './plugins.module';
export { PluginCatalogue, PluginRefused, type CataloguedPlugin } from './plugin-catalogue';
export {
  PluginsService,
  type EnabledExtension,
  type InitialPlugin,
  type InstallationRecord,
} from './plugins.service';
export {
  PluginInstallation,
  installationStatuses,
  type InstallationStatus,
} from './plugin-installation.entity';
export { registerFirstPartyPlugins } from './first-party-plugins';
