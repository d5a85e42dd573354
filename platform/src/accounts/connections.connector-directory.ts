import { Injectable } from '@nestjs/common';
import type { ConnectorContext, DataConnector } from '@finpersona/plugin-sdk';

/**
 * The connectors the connections service may use, by connector id. A stand-in with only what
 * connecting needs, until the sync side's `ConnectorRegistry` (id → connector built from the tenant's
 * settings) is merged: then this class is replaced by that registry (or delegates to it), and nothing
 * else in the connections code changes. Tests register their own in-memory connector here.
 */
@Injectable()
export class ConnectorDirectory {
  private readonly connectors = new Map<string, DataConnector>();

  register(connector: DataConnector): void {
    this.connectors.set(connector.id, connector);
  }

  /** The connector with this id for the current tenant, or undefined when there is none. */
  connectorFor(connectorId: string): DataConnector | undefined {
    return this.connectors.get(connectorId);
  }
}

/** How long one call to a source during connect/complete/disconnect may take before it is aborted. */
export const connectorCallTimeoutMs = 30_000;

/** The context a connector gets for one call made on a customer's request (no heartbeats: not a workflow). */
export function requestConnectorContext(): ConnectorContext {
  return {
    signal: AbortSignal.timeout(connectorCallTimeoutMs),
    heartbeat: () => undefined,
    fetch: globalThis.fetch,
    now: () => new Date(),
  };
}
