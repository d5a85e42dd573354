import { Field, ID, ObjectType } from '@nestjs/graphql';
import { type EnumValue, graphqlEnum } from '../graphql-enums';
import type { CataloguedPlugin } from './plugin-catalogue';
import type { InstallationRecord } from './plugins.service';

export const PluginStatusValue = graphqlEnum(
  'PluginStatus',
  { ENABLED: 'ENABLED', DISABLED: 'DISABLED' },
  {
    valueDescriptions: {
      ENABLED: 'Runs for the bank (e.g. its connector can be connected).',
      DISABLED: 'Installed and configured, but not used.',
    },
  },
);
export type PluginStatusValue = EnumValue<typeof PluginStatusValue>;

@ObjectType('PluginVersion', { description: 'One released version of a plugin, from its manifest.' })
export class PluginVersionView {
  @Field(() => String, { description: 'Semantic version.' }) version!: string;
  @Field(() => String, { description: 'The SDK range it was built for.' }) sdk!: string;
  @Field(() => Boolean, { description: 'Whether this platform can run it (its SDK is in the range).' })
  compatible!: boolean;
  @Field(() => String, { nullable: true, description: 'Why it cannot run here, when it cannot.' })
  incompatibility!: string | null;
  @Field(() => [String], { description: 'Extension points it implements (e.g. data-connector).' })
  capabilities!: string[];
  @Field(() => String, {
    description:
      'Its settings schema: JSON Schema (draft-07) as JSON text. Properties with writeOnly: true are secrets.',
  })
  settingsSchema!: string;
  @Field(() => [String], { description: 'Names of its secret settings.' }) secretSettings!: string[];
  @Field(() => [String], { description: 'Platform data it reads.' }) dataPermissions!: string[];
  @Field(() => [String], {
    description: 'Hosts it may call: a host name, or `setting:<name>` for the host of a URL setting.',
  })
  hostPermissions!: string[];
  @Field(() => [String], { description: 'Regions of banks it applies to.' }) regions!: string[];
  @Field(() => [String], { description: 'Lifecycle hooks it runs (install, configure, upgrade, uninstall).' })
  hooks!: string[];

  static of(plugin: CataloguedPlugin): PluginVersionView {
    const { manifest } = plugin;
    return Object.assign(new PluginVersionView(), {
      version: manifest.version,
      sdk: manifest.sdk,
      compatible: plugin.incompatibility === null,
      incompatibility: plugin.incompatibility,
      capabilities: [...manifest.capabilities],
      settingsSchema: JSON.stringify(manifest.settings),
      secretSettings: [...plugin.secrets],
      dataPermissions: [...manifest.permissions.data],
      hostPermissions: manifest.permissions.hosts.map((host) =>
        typeof host === 'string' ? host : `setting:${host.setting}`,
      ),
      regions: [...manifest.regions],
      hooks: [...(manifest.hooks ?? [])],
    });
  }
}

@ObjectType('Plugin', { description: 'A plugin of the registry, with its versions (newest first).' })
export class PluginView {
  @Field(() => String) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) publisher!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { description: 'first-party or third-party.' }) trust!: string;
  @Field(() => String, { description: 'Its newest version.' }) latestVersion!: string;
  @Field(() => Boolean, { description: "Whether its newest version applies to this bank's region." })
  appliesToBank!: boolean;
  @Field(() => [PluginVersionView]) versions!: PluginVersionView[];

  static of(versions: CataloguedPlugin[], region: string): PluginView {
    const latest = versions[0]!.manifest;
    return Object.assign(new PluginView(), {
      id: latest.id,
      name: latest.name,
      publisher: latest.publisher,
      description: latest.description ?? null,
      trust: latest.trust,
      latestVersion: latest.version,
      appliesToBank: (latest.regions as readonly string[]).includes(region),
      versions: versions.map((plugin) => PluginVersionView.of(plugin)),
    });
  }
}

@ObjectType('PluginSecretState', { description: 'A secret setting: whether it is set (never its value).' })
export class PluginSecretStateView {
  @Field(() => String) name!: string;
  @Field(() => Boolean) set!: boolean;
}

@ObjectType('PluginInstallation', { description: 'A plugin installed for the bank.' })
export class PluginInstallationView {
  @Field(() => ID) id!: string;
  @Field(() => String) pluginId!: string;
  @Field(() => String) version!: string;
  @Field(() => PluginStatusValue) status!: PluginStatusValue;
  @Field(() => String, { description: 'Its non-secret settings, as JSON text (secrets are never returned).' })
  settings!: string;
  @Field(() => [PluginSecretStateView]) secrets!: PluginSecretStateView[];
  @Field(() => String, { description: 'Subject of whoever installed it (`system` for onboarding).' })
  installedBy!: string;
  @Field(() => String) updatedBy!: string;
  @Field(() => Date) installedAt!: Date;
  @Field(() => Date) updatedAt!: Date;

  static of(record: InstallationRecord): PluginInstallationView {
    return Object.assign(new PluginInstallationView(), {
      ...record,
      status: record.status === 'enabled' ? PluginStatusValue.ENABLED : PluginStatusValue.DISABLED,
      settings: JSON.stringify(record.settings),
      secrets: record.secrets.map((secret) => Object.assign(new PluginSecretStateView(), secret)),
    });
  }
}
