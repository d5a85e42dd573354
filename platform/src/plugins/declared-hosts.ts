import {
  ConnectorError,
  type ConnectorContext,
  type DataConnector,
  isDeclaredHost,
} from '@finpersona/plugin-sdk';
// One reading of `permissions.hosts` for the platform, its sandbox and the SDK's test harness.
export { declaredHosts, isDeclaredHost } from '@finpersona/plugin-sdk';

const methods = [
  'beginConnection',
  'completeConnection',
  'consentStatus',
  'listAccounts',
  'listBalances',
  'listTransactions',
  'revoke',
] as const;

/**
 * The connector with every call's `context.fetch` limited to `hosts`: a request to any other host is
 * refused before it leaves the process (`ConnectorError` `INVALID_REQUEST`, naming the host), and
 * redirects are not followed (a 3xx comes back to the connector), so a declared host cannot bounce a call
 * elsewhere. The rest of the context passes through unchanged.
 */
export function limitedToDeclaredHosts(connector: DataConnector, hosts: readonly string[]): DataConnector {
  const limit = (context: ConnectorContext): ConnectorContext => ({
    ...context,
    fetch: (input, init) => {
      const raw = input instanceof Request ? input.url : input instanceof URL ? input.href : String(input);
      const url = URL.canParse(raw) ? new URL(raw) : null;
      if (!url || !isDeclaredHost(url, hosts)) {
        return Promise.reject(
          new ConnectorError(
            'INVALID_REQUEST',
            `The connector "${connector.id}" may not call ${url ? url.host : 'that address'}: it is not among the hosts its plugin declares.`,
          ),
        );
      }
      return context.fetch(input, { ...init, redirect: 'manual' });
    },
  });
  const limited = Object.create(connector) as DataConnector;
  for (const method of methods) {
    const original = connector[method] as (...args: unknown[]) => unknown;
    // The context is always the last argument of a connector method.
    (limited as unknown as Record<string, unknown>)[method] = (...args: unknown[]) =>
      original.apply(connector, [...args.slice(0, -1), limit(args.at(-1) as ConnectorContext)]);
  }
  return limited;
}
