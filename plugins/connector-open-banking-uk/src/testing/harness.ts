/**
 * Test harness: a local ASPSP with the sample bank, a connector pointed at it, a movable clock
 * shared by both, and a ConnectorContext whose fetch is the real one (counted).
 */
import {
  ConnectorError,
  type ConnectionGrant,
  type ConnectorContext,
  type CustomerPresence,
  type DataConnector,
} from '@finpersona/plugin-sdk';
import { expect } from 'vitest';
import { createOpenBankingUkConnector } from '../connector/connector';
import { startLocalAspsp, type LocalAspsp, type LocalAspspOptions } from '../aspsp/server';
import {
  balances,
  cardAccount,
  cardTransactions,
  currentAccount,
  currentAccountTransactions,
} from './sample-bank';

export class TestClock {
  constructor(private current = new Date('2025-02-01T09:00:00.000Z')) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestContext extends ConnectorContext {
  readonly heartbeats: { page?: number; transactions?: number }[];
  readonly controller: AbortController;
  /** Every grant the connector saved, in order (what the platform would have stored). */
  readonly savedGrants: ConnectionGrant[];
  /** Set to make `saveGrant` refuse, as the platform does for a connection that ended meanwhile. */
  refuseSaves: boolean;
}

/** A context like the platform's: `customer` absent unless given; `saveGrant` records (or refuses). */
export function testContext(
  clock: TestClock,
  fetchImpl: typeof fetch = globalThis.fetch,
  customer: CustomerPresence = { present: false },
): TestContext {
  const controller = new AbortController();
  const heartbeats: { page?: number; transactions?: number }[] = [];
  const context: TestContext = {
    signal: controller.signal,
    controller,
    heartbeats,
    heartbeat: (progress) => {
      heartbeats.push(progress ?? {});
    },
    fetch: fetchImpl,
    now: clock.now,
    customer,
    savedGrants: [],
    refuseSaves: false,
    saveGrant: (grant) => {
      if (context.refuseSaves) {
        const refusal = new ConnectorError('CONSENT_REVOKED', 'The connection ended meanwhile.');
        controller.abort(refusal);
        return Promise.reject(refusal);
      }
      context.savedGrants.push(structuredClone(grant));
      return Promise.resolve();
    },
  };
  return context;
}

export interface Bank {
  readonly server: LocalAspsp;
  readonly clock: TestClock;
  readonly connector: DataConnector;
  readonly context: TestContext;
}

/** Every server a test file started, so afterAll can check none saw a spec-invalid request. */
export const startedServers: LocalAspsp[] = [];

export const fastRetry = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 5_000 };

export async function startBank(options: LocalAspspOptions = {}, retry: object = fastRetry): Promise<Bank> {
  const clock = new TestClock();
  const server = await startLocalAspsp({
    accounts: [currentAccount, cardAccount],
    balances,
    transactions: [...currentAccountTransactions(), ...cardTransactions],
    pageSize: 10,
    now: clock.now,
    ...options,
  });
  startedServers.push(server);
  const connector = createOpenBankingUkConnector({
    apiBaseUrl: server.apiBaseUrl,
    authorizationEndpoint: server.authorizationEndpoint,
    tokenEndpoint: server.tokenEndpoint,
    clientId: server.clientId,
    clientSecret: server.clientSecret,
    retry,
  });
  return { server, clock, connector, context: testContext(clock) };
}

export const redirectUri = 'https://app.finpersona.test/connections/callback';

/** The whole consent journey: begin, the customer at the bank (following the redirect), complete. */
export async function connect(
  bank: Bank,
  options: { validForDays?: number; includeHistory?: boolean } = {},
): Promise<ConnectionGrant> {
  const validUntil = new Date(
    bank.clock.now().getTime() + (options.validForDays ?? 90) * 86_400_000,
  ).toISOString();
  const begun = await bank.connector.beginConnection(
    { redirectUri, state: 'state-123', validUntil, includeHistory: options.includeHistory ?? true },
    bank.context,
  );
  if (begun.kind !== 'redirect') throw new Error('expected a redirect');
  const callback = await authorise(begun.authorisationUrl);
  return bank.connector.completeConnection({ pending: begun.pending, callback, redirectUri }, bank.context);
}

/** Follows the authorisation URL as the customer's browser would and returns the callback's query. */
export async function authorise(authorisationUrl: string): Promise<Record<string, string>> {
  const response = await fetch(authorisationUrl, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  return Object.fromEntries(location.searchParams);
}

export async function closeAll(): Promise<void> {
  await Promise.all(startedServers.splice(0).map((server) => server.close()));
}
