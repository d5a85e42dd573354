import { definePlugin, PluginSettingsError } from '@finpersona/plugin-sdk';
import { createOpenBankingUkConnector, openBankingUkConnectorId } from './connector/connector';
import { OpenBankingUkSettingsError, parseOpenBankingUkSettings } from './connector/settings';

const url = (description: string) => ({ type: 'string', format: 'uri', description }) as const;
const retryField = (minimum: number, maximum: number, description: string) =>
  ({ type: 'integer', minimum, maximum, description }) as const;

/**
 * The UK Open Banking AIS connector as a plugin (`connector-open-banking-uk`). Each bank configures the
 * ASPSP it connects to: its AIS base URL, OAuth endpoints and the client FinPersona registered there
 * (`clientSecret` is secret: stored encrypted, never shown again). The `configure` hook runs the
 * connector's own settings check (https only, except loopback for tests).
 */
export const openBankingUkPlugin = definePlugin({
  manifest: {
    id: 'connector-open-banking-uk',
    name: 'UK Open Banking (AIS v3.1)',
    version: '0.1.0',
    publisher: 'FinPersona',
    description:
      'Accounts, balances and transactions from a UK ASPSP through the Open Banking Read/Write API v3.1.',
    sdk: '^0.1.0',
    capabilities: ['data-connector'],
    settings: {
      type: 'object',
      additionalProperties: false,
      required: ['apiBaseUrl', 'authorizationEndpoint', 'tokenEndpoint', 'clientId', 'clientSecret'],
      properties: {
        apiBaseUrl: url(
          'Base URL of the ASPSP’s AIS API, e.g. https://api.bank.example/open-banking/v3.1/aisp',
        ),
        authorizationEndpoint: url('The ASPSP’s OAuth 2.0 authorisation endpoint (where customers are sent)'),
        tokenEndpoint: url('The ASPSP’s OAuth 2.0 token endpoint'),
        clientId: {
          type: 'string',
          minLength: 1,
          maxLength: 200,
          description: 'Client id registered at the ASPSP',
        },
        clientSecret: {
          type: 'string',
          minLength: 1,
          maxLength: 500,
          writeOnly: true,
          description: 'Client secret registered at the ASPSP (secret)',
        },
        financialId: {
          type: 'string',
          minLength: 1,
          maxLength: 100,
          description: 'x-fapi-financial-id, for ASPSPs that still ask for it',
        },
        retry: {
          type: 'object',
          additionalProperties: false,
          properties: {
            maxAttempts: retryField(1, 10, 'Tries per call, first included (default 4)'),
            baseDelayMs: retryField(0, 60_000, 'First back-off (default 500)'),
            maxDelayMs: retryField(0, 300_000, 'Longest back-off (default 8000)'),
            maxRetryAfterMs: retryField(0, 600_000, 'Longest Retry-After waited in a call (default 30000)'),
          },
        },
      },
    },
    permissions: { data: [], hosts: [{ setting: 'apiBaseUrl' }, { setting: 'tokenEndpoint' }] },
    regions: ['UK'],
    trust: 'first-party',
    hooks: ['configure'],
  },
  extensions: {
    'data-connector': {
      connectorId: openBankingUkConnectorId,
      create: ({ settings }) => createOpenBankingUkConnector(settings),
    },
  },
  hooks: {
    configure({ settings }) {
      try {
        parseOpenBankingUkSettings(settings);
      } catch (error) {
        if (!(error instanceof OpenBankingUkSettingsError)) throw error;
        // Each problem starts with the setting's name ("tokenEndpoint must use https …").
        throw new PluginSettingsError(
          error.problems.map((problem) => {
            const [field = 'settings', ...rest] = problem.split(' ');
            return { field, problem: rest.join(' ') };
          }),
        );
      }
    },
  },
});
