import { definePlugin, type PluginDefinition } from '@finpersona/plugin-sdk';
import { createStatementConnector, type StatementConnectorOptions } from './connector';

/** The connector id statement-file connections carry. */
export const statementConnectorId = 'statement-file';

/**
 * The statement-file connector as a plugin (`connector-statements`): CSV with a column mapping, OFX and
 * camt.053 files a customer uploads. The platform provides where uploads are read from (`loadUpload`),
 * so the plugin is built with it. Settings: the page size of a sync.
 */
export function statementsPlugin(
  platform: Pick<StatementConnectorOptions, 'loadUpload' | 'camtSchemas'>,
): PluginDefinition {
  return definePlugin({
    manifest: {
      id: 'connector-statements',
      name: 'Statement files (CSV, OFX, camt.053)',
      version: '0.1.0',
      publisher: 'FinPersona',
      description:
        'Accounts and transactions from statement files customers upload: CSV, OFX, ISO 20022 camt.053.',
      sdk: '^0.1.0',
      capabilities: ['data-connector'],
      settings: {
        type: 'object',
        additionalProperties: false,
        properties: {
          pageSize: {
            type: 'integer',
            minimum: 1,
            maximum: 5000,
            description: 'Transactions per page of a sync (default 500)',
          },
        },
      },
      permissions: { data: [], hosts: [] },
      regions: ['EU', 'UK', 'US'],
      trust: 'first-party',
    },
    extensions: {
      'data-connector': {
        connectorId: statementConnectorId,
        create: ({ settings }) => {
          const { pageSize } = settings as { pageSize?: number };
          return createStatementConnector({ ...platform, ...(pageSize !== undefined ? { pageSize } : {}) });
        },
      },
    },
  });
}
