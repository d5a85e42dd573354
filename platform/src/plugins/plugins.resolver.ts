import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize, requireStepUp } from '../access';
import { Invalid } from '../errors';
import { requireContext } from '../request-context';
import { TenancyService } from '../tenancy';
import { PluginInstallationView, PluginView } from './plugins.graphql';
import { PluginsService } from './plugins.service';

/** `settings` arguments are JSON text (like `AuditEntry.changes`): parsed here, INVALID when not an object. */
function parseSettings(text: string | null | undefined): unknown {
  if (text === null || text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
  } catch {
    // Reported below, like any other non-object.
  }
  throw Invalid.fields([{ field: 'settings', problem: 'must be a JSON object, as text' }]);
}

const pluginIdArg = { type: () => String, description: 'The plugin id, e.g. connector-open-banking-uk.' };
const settingsArg = {
  type: () => String,
  nullable: true,
  description:
    'Settings as JSON text, validated against the version’s settings schema. A secret omitted keeps its stored value; null removes it.',
};

/** The bank administrator's plugin operations (see platform/README.md "Plugin host"). */
@Resolver()
export class PluginsResolver {
  constructor(
    private readonly host: PluginsService,
    private readonly tenancy: TenancyService,
  ) {}

  @Query(() => [PluginView], {
    description: 'The plugins available on this platform, with versions, capabilities and settings schemas.',
  })
  async plugins(): Promise<PluginView[]> {
    authorize('read', 'PluginInstallation', 'list the available plugins');
    const region = (await this.tenancy.getById(requireContext().tenant!.id)).region;
    return (await this.host.available()).map(({ versions }) => PluginView.of(versions, region));
  }

  @Query(() => [PluginInstallationView], {
    description: "The bank's installed plugins (secrets shown only as set or unset).",
  })
  async pluginInstallations(): Promise<PluginInstallationView[]> {
    authorize('read', 'PluginInstallation', "list the bank's plugins");
    return (await this.host.list()).map((record) => PluginInstallationView.of(record));
  }

  @Mutation(() => PluginInstallationView, {
    description:
      'Installs a plugin for the bank (DISABLED until enabled), at `version` or its newest compatible one; step-up; audited.',
  })
  async installPlugin(
    @Args('pluginId', pluginIdArg) pluginId: string,
    @Args('version', { type: () => String, nullable: true }) version: string | null,
    @Args('settings', settingsArg) settings: string | null,
  ): Promise<PluginInstallationView> {
    this.allow('create', 'install a plugin');
    const record = await this.host.install({ pluginId, version, settings: parseSettings(settings) });
    return PluginInstallationView.of(record);
  }

  @Mutation(() => PluginInstallationView, {
    description:
      "Replaces an installed plugin's settings (INVALID names every setting at fault; nothing changes); step-up; audited.",
  })
  async configurePlugin(
    @Args('pluginId', pluginIdArg) pluginId: string,
    @Args('settings', { ...settingsArg, nullable: false }) settings: string,
  ): Promise<PluginInstallationView> {
    this.allow('update', 'configure a plugin');
    return PluginInstallationView.of(await this.host.configure(pluginId, parseSettings(settings)));
  }

  @Mutation(() => PluginInstallationView, {
    description: 'Enables an installed plugin (its settings must be complete); step-up; audited.',
  })
  async enablePlugin(@Args('pluginId', pluginIdArg) pluginId: string): Promise<PluginInstallationView> {
    this.allow('update', 'enable a plugin');
    return PluginInstallationView.of(await this.host.setEnabled(pluginId, true));
  }

  @Mutation(() => PluginInstallationView, {
    description: 'Disables an installed plugin (kept with its settings); step-up; audited.',
  })
  async disablePlugin(@Args('pluginId', pluginIdArg) pluginId: string): Promise<PluginInstallationView> {
    this.allow('update', 'disable a plugin');
    return PluginInstallationView.of(await this.host.setEnabled(pluginId, false));
  }

  @Mutation(() => PluginInstallationView, {
    description:
      'Moves an installed plugin to a newer version: SDK range, region and settings checked against that version; step-up; audited.',
  })
  async upgradePlugin(
    @Args('pluginId', pluginIdArg) pluginId: string,
    @Args('version', { type: () => String }) version: string,
    @Args('settings', settingsArg) settings: string | null,
  ): Promise<PluginInstallationView> {
    this.allow('update', 'upgrade a plugin');
    return PluginInstallationView.of(await this.host.upgrade(pluginId, version, parseSettings(settings)));
  }

  @Mutation(() => PluginInstallationView, {
    description:
      'Removes a plugin and its settings from the bank; returns what was removed; step-up; audited.',
  })
  async uninstallPlugin(@Args('pluginId', pluginIdArg) pluginId: string): Promise<PluginInstallationView> {
    this.allow('delete', 'uninstall a plugin');
    return PluginInstallationView.of(await this.host.uninstall(pluginId));
  }

  /** Role first (FORBIDDEN), then the second factor (STEP_UP_REQUIRED). */
  private allow(action: 'create' | 'update' | 'delete', does: string): void {
    authorize(action, 'PluginInstallation', does);
    requireStepUp('change plugins');
  }
}
