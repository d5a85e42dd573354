/**
 * Example plugin: a data connector for a bank's JSON API (the harness's fixture bank speaks it):
 * a consent per customer, then accounts, balances and pages of transactions. Replace the calls with your
 * source's API; keep what the contract asks (see the SDK's docs/reference/data-connector.md):
 * money in minor units, stable unique transaction ids, `nextCursor: null` on the last page, and only the
 * hosts the manifest declares.
 *
 * It runs isolated on the platform (trust `third-party`): only ECMAScript built-ins are there (no URL,
 * TextEncoder, Buffer or timers), and `context.fetch` is the only way out.
 */
import {
  type ConnectionGrant,
  ConnectorError,
  type ConnectorContext,
  type DataConnector,
  definePlugin,
  moneyFromDecimal,
  PluginSettingsError,
  type SourceAccount,
  type SourceBalance,
  type SourceTransaction,
  type AccountType,
  type BalanceType,
} from '@finpersona/plugin-sdk';

/** The bank's settings for this plugin (the manifest's `settings` schema says the same to the platform). */
interface Settings {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly pageSize?: number;
}

/** The source's shapes (what its API sends), before normalising. */
interface ApiAccount {
  id: string;
  kind: string;
  currency: string;
  displayName?: string;
  iban?: string;
}
interface ApiBalance {
  kind: string;
  amount: string;
  currency: string;
  at: string;
  limit?: string;
}
interface ApiTransaction {
  id: string;
  amount: string;
  currency: string;
  booked: string;
  text?: string;
  merchant?: { name?: string; mcc?: string };
  counterparty?: string;
}

const accountKinds: Record<string, AccountType> = {
  current: 'current',
  savings: 'savings',
  'credit-card': 'credit-card',
  loan: 'loan',
  mortgage: 'mortgage',
};
const balanceKinds: Record<string, BalanceType> = { booked: 'booked', available: 'available' };

export function createConnector(settings: Settings): DataConnector {
  const base = settings.baseUrl.replace(/\/+$/, '');

  /** One request to the source; its failures become the contract's `ConnectorError` codes. */
  async function request<T>(
    context: ConnectorContext,
    method: string,
    path: string,
    consentId?: string,
  ): Promise<T | null> {
    const headers: Record<string, string> = { accept: 'application/json', 'x-api-key': settings.apiKey };
    if (consentId) headers['x-consent-id'] = consentId;
    const response = await context.fetch(base + path, { method, headers });
    if (response.status === 204 || response.status === 404) return null;
    if (response.status === 429) throw new ConnectorError('RATE_LIMITED', 'The bank asked us to slow down.');
    if (response.status >= 500)
      throw new ConnectorError('SOURCE_UNAVAILABLE', `The bank answered ${response.status}.`);
    if (response.status === 401) {
      throw new ConnectorError('INVALID_REQUEST', 'The bank refused the API key; check the plugin settings.');
    }
    if (response.status === 403)
      throw new ConnectorError('CONSENT_REVOKED', 'The bank no longer accepts the consent.');
    if (response.status >= 400)
      throw new ConnectorError('INVALID_REQUEST', `The bank answered ${response.status}.`);
    return (await response.json()) as T;
  }

  const consentOf = (grant: ConnectionGrant) => String(grant.credentials.consentId);

  return {
    id: 'example-plugin',

    // This source needs no customer redirect: a consent is created and is ready at once.
    async beginConnection(_request, context) {
      const consent = await request<{ consentId: string; validUntil: string }>(context, 'POST', '/consents');
      if (!consent) throw new ConnectorError('BAD_SOURCE_DATA', 'The bank created no consent.');
      return {
        kind: 'ready',
        grant: {
          sourceConsentId: consent.consentId,
          expiresAt: consent.validUntil,
          credentials: { consentId: consent.consentId },
        },
      };
    },

    async completeConnection() {
      throw new ConnectorError('UNSUPPORTED', 'This source does not redirect the customer.');
    },

    async consentStatus(grant, context) {
      const answer = await request<{ status: string }>(
        context,
        'GET',
        `/consents/${encodeURIComponent(consentOf(grant))}`,
      );
      return answer?.status === 'valid' ? 'valid' : 'revoked';
    },

    async listAccounts(grant, context) {
      const answer = await request<{ accounts: ApiAccount[] }>(context, 'GET', '/accounts', consentOf(grant));
      return (answer?.accounts ?? []).map((account): SourceAccount => ({
        sourceId: account.id,
        type: accountKinds[account.kind] ?? 'other',
        currency: account.currency,
        ...(account.displayName ? { name: account.displayName } : {}),
        identifiers: account.iban ? [{ scheme: 'IBAN', value: account.iban }] : [],
      }));
    },

    async listBalances(grant, sourceAccountId, context) {
      const answer = await request<{ balances: ApiBalance[] }>(
        context,
        'GET',
        `/accounts/${encodeURIComponent(sourceAccountId)}/balances`,
        consentOf(grant),
      );
      if (!answer) throw new ConnectorError('INVALID_REQUEST', `The bank has no account ${sourceAccountId}.`);
      return answer.balances.map((balance): SourceBalance => ({
        sourceAccountId,
        type: balanceKinds[balance.kind] ?? 'interim',
        amount: moneyFromDecimal(balance.amount, balance.currency),
        asOf: balance.at,
        ...(balance.limit ? { creditLimit: moneyFromDecimal(balance.limit, balance.currency) } : {}),
      }));
    },

    async listTransactions(grant, sourceAccountId, query, context) {
      const cursor = query.cursor ?? '0';
      const answer = await request<{ transactions: ApiTransaction[]; next: string | null }>(
        context,
        'GET',
        `/accounts/${encodeURIComponent(sourceAccountId)}/transactions?cursor=${encodeURIComponent(cursor)}&limit=${settings.pageSize ?? 50}`,
        consentOf(grant),
      );
      if (!answer) throw new ConnectorError('INVALID_REQUEST', `The bank has no account ${sourceAccountId}.`);
      context.heartbeat({ transactions: answer.transactions.length });
      return {
        transactions: answer.transactions.map((transaction): SourceTransaction => {
          const signed = moneyFromDecimal(transaction.amount, transaction.currency);
          const debit = signed.minor.startsWith('-');
          return {
            // The bank's own id is stable and unique per account: exactly what the platform upserts by.
            sourceId: transaction.id,
            sourceAccountId,
            amount: { ...signed, minor: debit ? signed.minor.slice(1) : signed.minor },
            direction: debit ? 'debit' : 'credit',
            status: 'booked',
            bookingDate: transaction.booked,
            ...(transaction.text ? { description: transaction.text } : {}),
            ...(transaction.merchant ? { merchant: transaction.merchant } : {}),
            ...(transaction.counterparty ? { counterparty: { name: transaction.counterparty } } : {}),
          };
        }),
        nextCursor: answer.next,
      };
    },

    async revoke(grant, context) {
      // A consent already gone answers 404, which `request` takes as done.
      await request(context, 'DELETE', `/consents/${encodeURIComponent(consentOf(grant))}`);
    },
  };
}

export default definePlugin({
  manifest: {
    id: 'example-plugin',
    name: 'Example plugin',
    version: '0.1.0',
    publisher: 'Example Publisher',
    description: 'Accounts and transactions from the Example bank API.',
    sdk: '^0.1.0',
    capabilities: ['data-connector'],
    settings: {
      type: 'object',
      additionalProperties: false,
      required: ['baseUrl', 'apiKey'],
      properties: {
        baseUrl: { type: 'string', format: 'uri', description: "The bank API's base URL (https)." },
        apiKey: {
          type: 'string',
          writeOnly: true,
          minLength: 1,
          description: 'The API key the bank issued.',
        },
        pageSize: {
          type: 'integer',
          minimum: 1,
          maximum: 500,
          description: 'Transactions per page (default 50).',
        },
      },
    },
    // The connector calls only the host of the bank's configured base URL.
    permissions: { data: [], hosts: [{ setting: 'baseUrl' }] },
    regions: ['EU', 'UK', 'US'],
    trust: 'third-party',
    hooks: ['configure'],
  },
  extensions: {
    'data-connector': {
      connectorId: 'example-plugin',
      create: ({ settings }) => createConnector(settings as unknown as Settings),
    },
  },
  hooks: {
    // Beyond the schema: the bank's API key travels in a header, so only over TLS.
    configure({ settings }) {
      if (!String(settings.baseUrl).startsWith('https://')) {
        throw new PluginSettingsError([{ field: 'baseUrl', problem: 'must be an https:// URL' }]);
      }
    },
  },
});
