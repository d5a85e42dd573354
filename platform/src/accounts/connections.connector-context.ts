import { type ConnectorContext, ConnectorError, type CustomerPresence } from '@finpersona/plugin-sdk';
import { isIP } from 'node:net';
import { currentContext } from '../request-context';

/** How long one call to a source during connect/complete/disconnect may take before it is aborted. */
export const connectorCallTimeoutMs = 30_000;

/**
 * The context a connector gets for one call made on a customer's request (connect, complete, disconnect):
 * no heartbeats (not a workflow); the customer is present, with the request's client IP; and no grant can
 * be saved — connecting returns the grant instead, and disconnecting is ending the connection, whose grant
 * is about to be forgotten (so a save is refused: the call's signal aborts and it rejects, as the SDK says).
 */
export function requestConnectorContext(): ConnectorContext {
  const controller = new AbortController();
  return {
    signal: AbortSignal.any([AbortSignal.timeout(connectorCallTimeoutMs), controller.signal]),
    heartbeat: () => undefined,
    fetch: globalThis.fetch,
    now: () => new Date(),
    customer: requestCustomerPresence(),
    saveGrant: () => {
      const refusal = new ConnectorError(
        'CONSENT_REVOKED',
        'No grant can be saved during this call: connecting returns the grant, disconnecting ends the connection.',
      );
      controller.abort(refusal);
      return Promise.reject(refusal);
    },
  };
}

/**
 * Whether the request was made by a signed-in customer of the bank, and from which address: the request
 * context's `clientIp`, which is Fastify's `request.ip` — the TCP peer of the API, since the API does not
 * trust `X-Forwarded-For` (`trustProxy: false` in `createApi`). Behind a reverse proxy that is the
 * proxy's address, so a deployment behind one must make the proxy's report trusted before customer IPs
 * mean anything; a header the customer's device could set is never used. Absent for staff and jobs, and
 * when the address is unknown or not an IP address.
 */
export function requestCustomerPresence(): CustomerPresence {
  const context = currentContext();
  const ipAddress = context?.clientIp === undefined ? null : normaliseIp(context.clientIp);
  const isCustomer = context?.principal?.kind === 'bank' && context.principal.roles.includes('customer');
  return isCustomer && ipAddress ? { present: true, ipAddress } : { present: false };
}

/** The address as text, an IPv4 address a dual-stack socket reports as `::ffff:a.b.c.d` unwrapped; null if not an IP. */
export function normaliseIp(address: string): string | null {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  const candidate = mapped ? mapped[1]! : address;
  return isIP(candidate) === 0 ? null : candidate;
}
