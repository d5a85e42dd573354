import { createSandboxConnector } from '@finpersona/connector-sandbox';
import { createStatementConnector } from '@finpersona/connector-statements';
import type { DataConnector } from '@finpersona/plugin-sdk';
import type { ConnectorRegistry } from './connector-registry';
import type { StatementUploads } from './statement-uploads';

/** Id of the statement-file connector (`@finpersona/connector-statements`). */
export const STATEMENT_CONNECTOR_ID = 'statement-file';

/**
 * The connectors every FinPersona process (API and worker) has without any plugin installed:
 *
 * - `sandbox`: one per bank, so its cache of generated customers serves the pages of a sync instead of
 *   regenerating the customer for every page; the bank's region picks the currency and statement style.
 * - `statement-file`: statement files customers import (`importStatement`), read back from
 *   `statement_upload` as the current tenant (the request, or the sync activity's `runAsTenant`). One per
 *   bank for syncs, so a sync's pages parse the file once (the connector keeps a few parsed uploads);
 *   a fresh one, holding the upload, when a customer connects a file. No schedule: a file never changes.
 *
 * The Open Banking UK and Berlin Group connectors need each bank's own endpoints and client registration,
 * which arrive with per-tenant plugin settings (the plugins issue).
 */
export function registerFirstPartyConnectors(registry: ConnectorRegistry, uploads: StatementUploads): void {
  const sandboxes = new Map<string, DataConnector>();
  registry.register('sandbox', ({ tenantId, region }) => {
    let connector = sandboxes.get(tenantId);
    if (!connector) {
      connector = createSandboxConnector({ options: { region } });
      sandboxes.set(tenantId, connector);
    }
    return connector;
  });
  const loadUpload = (uploadId: string) => uploads.load(uploadId);
  const statementReaders = new Map<string, DataConnector>();
  registry.register(
    STATEMENT_CONNECTOR_ID,
    ({ tenantId, upload }) => {
      if (upload) return createStatementConnector({ loadUpload, upload });
      let connector = statementReaders.get(tenantId);
      if (!connector) {
        connector = createStatementConnector({ loadUpload });
        statementReaders.set(tenantId, connector);
      }
      return connector;
    },
    { refreshes: false },
  );
}
