import { definePlugin, PluginSettingsError } from '@finpersona/plugin-sdk';
import { berlinGroupConnectorId, createBerlinGroupConnector } from './connector';
import { BerlinGroupSettingsError, parseBerlinGroupSettings } from './settings';

const integer = (minimum: number, maximum: number, description: string) =>
  ({ type: 'integer', minimum, maximum, description }) as const;

/**
 * The Berlin Group NextGenPSD2 XS2A account-information connector as a plugin
 * (`connector-berlin-group`). Each bank configures its ASPSP's XS2A base URL and the TPP's IPv4 address.
 * No secret setting: XS2A identifies the TPP by its eIDAS certificate on the TLS connection (not
 * modelled by this connector), not by a client secret. The `configure` hook runs the connector's own
 * check (https only, except loopback for tests).
 */
export const berlinGroupPlugin = definePlugin({
  manifest: {
    id: 'connector-berlin-group',
    name: 'Berlin Group NextGenPSD2 (XS2A AIS)',
    version: '0.1.0',
    publisher: 'FinPersona',
    description:
      'Accounts, balances and transactions from an ASPSP with a Berlin Group NextGenPSD2 XS2A interface.',
    sdk: '^0.1.0',
    capabilities: ['data-connector'],
    settings: {
      type: 'object',
      additionalProperties: false,
      required: ['baseUrl', 'tppIpAddress'],
      properties: {
        baseUrl: {
          type: 'string',
          format: 'uri',
          description: 'The ASPSP’s XS2A base URL without /v1, e.g. https://api.bank.example/psd2',
        },
        tppIpAddress: {
          type: 'string',
          format: 'ipv4',
          description:
            'FinPersona’s public IPv4 address, sent as PSU-IP-Address when the customer’s is unknown',
        },
        frequencyPerDay: integer(1, 4, 'Accesses without the customer per day asked in consents (default 4)'),
        historyDays: integer(1, 3650, 'How far back a first sync reads, in days (default 730)'),
        retry: {
          type: 'object',
          additionalProperties: false,
          properties: {
            maxAttempts: integer(1, 10, 'Tries per call, first included (default 4)'),
            baseDelayMs: integer(1, 60_000, 'First back-off (default 500)'),
            maxDelayMs: integer(1, 600_000, 'Longest back-off (default 30000)'),
          },
        },
      },
    },
    permissions: { data: [], hosts: [{ setting: 'baseUrl' }] },
    regions: ['EU'],
    trust: 'first-party',
    hooks: ['configure'],
  },
  extensions: {
    'data-connector': {
      connectorId: berlinGroupConnectorId,
      create: ({ settings }) => createBerlinGroupConnector(settings),
    },
  },
  hooks: {
    configure({ settings }) {
      try {
        parseBerlinGroupSettings(settings);
      } catch (error) {
        if (!(error instanceof BerlinGroupSettingsError)) throw error;
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
