import type { INestApplicationContext } from '@nestjs/common';
import { definePlugin, type PluginDefinition, type PluginManifest } from '@finpersona/plugin-sdk';
import { PluginCatalogue, PluginReleases, PluginsService } from '../plugins';
import { runAsTenant, type TenantRef } from '../request-context';
import { FixtureConnector } from './fixture-connector';

/**
 * A first-party fixture plugin: a data connector (a `FixtureConnector` that needs no customer step,
 * connector id = the plugin id) with an optional URL, a secret API key and a mode. `overrides` change the
 * manifest (e.g. an SDK range this platform does not satisfy, required settings).
 */
export function fixturePlugin(
  id: string,
  version: string,
  overrides: Partial<PluginManifest> = {},
): PluginDefinition {
  return definePlugin({
    manifest: {
      id,
      name: `Fixture ${id}`,
      version,
      publisher: 'FinPersona tests',
      sdk: '^0.1.0',
      capabilities: ['data-connector'],
      settings: {
        type: 'object',
        additionalProperties: false,
        properties: {
          apiUrl: { type: 'string', format: 'uri' },
          apiKey: { type: 'string', minLength: 8, writeOnly: true },
          mode: { type: 'string', enum: ['live', 'test'] },
        },
      },
      permissions: { data: [], hosts: [{ setting: 'apiUrl' }] },
      regions: ['EU', 'UK', 'US'],
      trust: 'first-party',
      ...overrides,
    },
    extensions: {
      'data-connector': { connectorId: id, create: () => new FixtureConnector({ id, mode: 'ready' }) },
    },
  });
}

/** The plugins the generated suites' plugin operations act on, for one bank (see `TargetWorld.plugins`). */
export interface PluginWorld {
  /** Not installed: `installPlugin` installs it. */
  installable: string;
  /** Installed and enabled: configure, enable, disable and upgrade act on it. */
  installed: string;
  /** Installed: `uninstallPlugin` removes it. */
  uninstallable: string;
  /** The version `upgradePlugin` moves `installed` to. */
  upgradeTo: string;
}

/**
 * Registers fixture plugins named `<prefix>-installable`, `-installed`, `-uninstallable` (versions 1.0.0 and
 * 1.1.0) in the app's catalogue and installs the last two (1.0.0, enabled) for `tenant`, as onboarding does.
 * Give each bank its own prefix, so one bank's calls never touch the plugins the other's rely on.
 */
export async function preparePluginWorld(
  app: INestApplicationContext,
  tenant: TenantRef,
  prefix: string,
): Promise<PluginWorld> {
  const catalogue = app.get(PluginCatalogue);
  const world: PluginWorld = {
    installable: `${prefix}-installable`,
    installed: `${prefix}-installed`,
    uninstallable: `${prefix}-uninstallable`,
    upgradeTo: '1.1.0',
  };
  for (const id of [world.installable, world.installed, world.uninstallable]) {
    for (const version of ['1.0.0', '1.1.0']) catalogue.register(fixturePlugin(id, version));
  }
  const plugins = app.get(PluginsService);
  await runAsTenant(tenant, () =>
    plugins.installInitialPlugins([
      { id: world.installed, version: '1.0.0' },
      { id: world.uninstallable, version: '1.0.0' },
    ]),
  );
  return world;
}

/**
 * Publishes third-party `bundles` (as `cli publish-plugin` would) and installs and enables them for `bank`
 * with the first-party plugins `alsoInstall`, the way onboarding installs a bank's initial plugins.
 */
export async function installThirdPartyBundles(
  app: INestApplicationContext,
  bank: TenantRef,
  bundles: readonly string[],
  alsoInstall: readonly string[] = [],
): Promise<void> {
  const ids: string[] = [...alsoInstall];
  for (const bundle of bundles) {
    ids.push((await app.get(PluginReleases).publish(Buffer.from(bundle), 'tests')).pluginId);
  }
  await runAsTenant(bank, () => app.get(PluginsService).installInitialPlugins(ids.map((id) => ({ id }))));
}
