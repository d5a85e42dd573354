import { Injectable } from '@nestjs/common';
import type { StatementUpload } from '@finpersona/connector-statements';
import type { DataConnector } from '@finpersona/plugin-sdk';
import { NotFound } from '../errors';
import type { Region } from '../tenancy';

/** What a connector factory is given: the tenant it serves and that tenant's settings for the connector. */
export interface ConnectorFactoryContext {
  tenantId: string;
  region: Region;
  /**
   * The tenant's settings for this connector (endpoints, client ids, decrypted secrets): those of its
   * plugin installation for plugin connectors, empty for connectors registered directly.
   */
  settings: Readonly<Record<string, unknown>>;
  /**
   * Only when a customer connects a statement file: the upload just stored, which the connector checks
   * and references in its grant. Syncs build the connector without it (the grant carries the reference).
   */
  upload?: StatementUpload;
}

export type ConnectorFactory = (context: ConnectorFactoryContext) => DataConnector;

export interface ConnectorOptions {
  /**
   * Whether the source changes, so that a connection is refreshed on the region's schedule (default
   * true). A statement file never changes: its connection syncs once per import and keeps no schedule.
   */
  refreshes?: boolean;
}

/**
 * Connectors provided by plugins (the plugin host, `plugins/`, implements this): a plugin connector is
 * usable by a bank only while the bank has its plugin installed and enabled, with that bank's settings.
 * Lookups run in the current tenant's context (request or `runAsTenant`).
 */
export interface PluginConnectors {
  /** Whether some plugin known to this process provides connector `connectorId`. */
  provides(connectorId: string): boolean;
  /** The current bank's connector from its enabled installation, built with its settings; null when none is enabled. */
  connectorFor(connectorId: string, tenant: { id: string; region: Region }): Promise<DataConnector | null>;
  /** Loads plugins published since this process started (by any process), so `provides` knows them. */
  refresh?(): Promise<void>;
}

const connectorIdPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The data connectors this process can use, by connector id (`connection.connector`). Production
 * connectors come from plugins (`usePlugins`, set by the plugin host): per bank, only when installed and
 * enabled. Connectors registered directly (`register`: test fixtures, the sync tests' fixture source) are
 * not plugins and serve every bank with empty settings; one registered directly under a plugin
 * connector's id takes precedence (tests replace a connector that way). A factory is called per use.
 */
@Injectable()
export class ConnectorRegistry {
  private readonly factories = new Map<string, ConnectorFactory>();
  private readonly static = new Set<string>();
  private plugins: PluginConnectors | null = null;

  /**
   * Adds (or replaces, e.g. in tests) connector `id`, usable by every bank with empty settings: the
   * platform's built-in statement-file connector and test fixtures; production sources are plugins.
   */
  register(id: string, factory: ConnectorFactory, options: ConnectorOptions = {}): void {
    if (!connectorIdPattern.test(id)) throw new TypeError(`Connector id "${id}" is not a valid connector id`);
    this.factories.set(id, factory);
    if (options.refreshes === false) this.static.add(id);
    else this.static.delete(id);
  }

  /** Whether connections of connector `id` are refreshed on a schedule (see `ConnectorOptions.refreshes`). */
  refreshes(id: string): boolean {
    return !this.static.has(id);
  }

  /** Where plugin connectors come from (the plugin host calls this once at start-up). */
  usePlugins(plugins: PluginConnectors): void {
    this.plugins = plugins;
  }

  /** Whether this process knows connector `id` at all (for any bank). */
  has(id: string): boolean {
    return this.factories.has(id) || (this.plugins?.provides(id) ?? false);
  }

  /** Whether the current bank may use connector `id` now (registered directly, or its plugin enabled). */
  async isAvailable(id: string, tenant: { id: string; region: Region }): Promise<boolean> {
    if (this.factories.has(id)) return true;
    if (!this.plugins || !(await this.pluginProvides(id))) return false;
    return (await this.plugins.connectorFor(id, tenant)) !== null;
  }

  /**
   * Connector `id` for the current bank; NOT_FOUND when this process has no such connector or the bank
   * has not enabled the plugin that provides it.
   */
  async connectorFor(id: string, context: Omit<ConnectorFactoryContext, 'settings'>): Promise<DataConnector> {
    const factory = this.factories.get(id);
    let connector: DataConnector | null;
    if (factory) {
      connector = factory({ ...context, settings: {} });
    } else if (this.plugins && (await this.pluginProvides(id))) {
      connector = await this.plugins.connectorFor(id, { id: context.tenantId, region: context.region });
      if (!connector) {
        throw new NotFound(
          `The data connector "${id}" is not enabled for this bank; a bank administrator can install and enable its plugin.`,
        );
      }
    } else {
      throw new NotFound(`No data connector "${id}" is installed on this worker.`);
    }
    if (connector.id !== id)
      throw new TypeError(`The factory registered as "${id}" built connector "${connector.id}"`);
    return connector;
  }

  /** Whether a plugin provides connector `id`, looking for newly published plugins once before saying no. */
  private async pluginProvides(id: string): Promise<boolean> {
    if (!this.plugins) return false;
    if (this.plugins.provides(id)) return true;
    await this.plugins.refresh?.();
    return this.plugins.provides(id);
  }

  ids(): string[] {
    return [...this.factories.keys()].sort();
  }
}
