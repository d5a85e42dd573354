import { createSandboxConnector } from '@finpersona/connector-sandbox';
import type { DataConnector } from '@finpersona/plugin-sdk';
import type { ConnectorRegistry } from './connector-registry';

/**
 * The connectors every FinPersona process (API and worker) has without any plugin installed. Today the
 * sandbox bank only: the Open Banking UK and Berlin Group connectors need each bank's own endpoints and
 * client registration, which arrive with per-tenant plugin settings (the plugins issue); statement files
 * need the upload store. One sandbox connector per bank, so its cache of generated customers serves the
 * pages of a sync instead of regenerating the customer for every page; the bank's region picks the
 * currency and statement style.
 */
export function registerFirstPartyConnectors(registry: ConnectorRegistry): void {
  const sandboxes = new Map<string, DataConnector>();
  registry.register('sandbox', ({ tenantId, region }) => {
    let connector = sandboxes.get(tenantId);
    if (!connector) {
      connector = createSandboxConnector({ options: { region } });
      sandboxes.set(tenantId, connector);
    }
    return connector;
  });
}
