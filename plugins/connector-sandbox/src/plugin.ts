import { type DataConnector, definePlugin } from '@finpersona/plugin-sdk';
import { createSandboxConnector, sandboxConnectorId } from './connector';

/**
 * The sandbox bank as a plugin (`connector-sandbox`): generated customers and transactions for demos,
 * tests and benchmarks. No secrets and no network. Settings are optional; the bank's region picks the
 * currency and statement style.
 */
export const sandboxPlugin = definePlugin({
  manifest: {
    id: 'connector-sandbox',
    name: 'Sandbox bank',
    version: '0.1.0',
    publisher: 'FinPersona',
    description:
      'A generated bank with realistic customers and years of transactions, for demos and tests. Calls no network.',
    sdk: '^0.1.0',
    capabilities: ['data-connector'],
    settings: {
      type: 'object',
      additionalProperties: false,
      properties: {
        seed: {
          type: 'string',
          minLength: 1,
          maxLength: 100,
          description: 'Seed of the generated bank (same seed, same customers). Default finpersona-demo.',
        },
        years: { type: 'integer', minimum: 1, maximum: 30, description: 'Years of history. Default 3.' },
        pageSize: {
          type: 'integer',
          minimum: 1,
          maximum: 1000,
          description: 'Transactions per page. Default 100.',
        },
      },
    },
    permissions: { data: [], hosts: [] },
    regions: ['EU', 'UK', 'US'],
    trust: 'first-party',
  },
  extensions: {
    'data-connector': {
      connectorId: sandboxConnectorId,
      // One connector per bank and settings, so its cache of generated customers serves the pages of a
      // sync instead of regenerating the customer for every page.
      create: (() => {
        const connectors = new Map<string, DataConnector>();
        return ({ tenantId, region, settings }) => {
          const key = JSON.stringify([tenantId, region, settings]);
          let connector = connectors.get(key);
          if (!connector) {
            const { seed, years, pageSize } = settings as {
              seed?: string;
              years?: number;
              pageSize?: number;
            };
            connector = createSandboxConnector({
              ...(seed !== undefined ? { seed } : {}),
              ...(pageSize !== undefined ? { pageSize } : {}),
              options: { region, ...(years !== undefined ? { years } : {}) },
            });
            connectors.set(key, connector);
          }
          return connector;
        };
      })(),
    },
  },
});
