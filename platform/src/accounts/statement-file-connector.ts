import { createStatementConnector, statementConnectorId } from '@finpersona/connector-statements';
import type { DataConnector } from '@finpersona/plugin-sdk';
import type { ConnectorRegistry } from './connector-registry';
import type { StatementUploads } from './statement-uploads';

/** Id of the statement-file connector (`@finpersona/connector-statements`). */
export const STATEMENT_CONNECTOR_ID = statementConnectorId;

/**
 * The statement-file connector is built into the platform, not a per-bank plugin: it reads statement files
 * customers import (`importStatement`) back from `statement_upload`, which only the platform has, and needs
 * no bank settings. It reads as the current tenant (the request, or the sync activity's `runAsTenant`).
 * One per bank for syncs, so a sync's pages parse the file once (the connector keeps a few parsed
 * uploads); a fresh one, holding the upload, when a customer connects a file. No schedule: a file never
 * changes. (Every other source is a plugin the bank installs: `plugins/first-party-plugins.ts`.)
 */
export function registerStatementFileConnector(registry: ConnectorRegistry, uploads: StatementUploads): void {
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
