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
   * The tenant's settings for this connector (endpoints, client ids, ...). Empty until the plugins issue
   * stores per-tenant plugin settings; a factory must validate what it reads.
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
 * The data connectors this process can use, by connector id (`connection.connector`). The worker
 * registers the real connectors at start-up; tests register fixture connectors. A factory is called per
 * use with the tenant's settings, so connectors keep no state between calls.
 */
@Injectable()
export class ConnectorRegistry {
  private readonly factories = new Map<string, ConnectorFactory>();
  private readonly static = new Set<string>();

  /** Adds (or replaces, e.g. in tests) the factory of connector `id`. */
  register(id: string, factory: ConnectorFactory, options: ConnectorOptions = {}): void {
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(id))
      throw new TypeError(`Connector id "${id}" is not a valid connector id`);
    this.factories.set(id, factory);
    if (options.refreshes === false) this.static.add(id);
    else this.static.delete(id);
  }

  /** Whether connections of connector `id` are refreshed on a schedule (see `ConnectorOptions.refreshes`). */
  refreshes(id: string): boolean {
    return !this.static.has(id);
  }

  has(id: string): boolean {
    return this.factories.has(id);
  }

  /** The connector `id` for a tenant; NOT_FOUND when this process has no such connector. */
  connectorFor(id: string, context: ConnectorFactoryContext): DataConnector {
    const factory = this.factories.get(id);
    if (!factory) throw new NotFound(`No data connector "${id}" is installed on this worker.`);
    const connector = factory(context);
    if (connector.id !== id)
      throw new TypeError(`The factory registered as "${id}" built connector "${connector.id}"`);
    return connector;
  }

  ids(): string[] {
    return [...this.factories.keys()].sort();
  }
}
