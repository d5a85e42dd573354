import type { ConnectorContext } from '@finpersona/plugin-sdk';

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
