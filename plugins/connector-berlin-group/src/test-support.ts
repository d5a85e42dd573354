/**
 * Shared pieces of this package's tests: a fixture bank, a movable clock and a connector context.
 * (Not a `*.test.ts`, so Vitest runs no tests from it; excluded from the build in tsconfig.build.json.)
 */
import type {
  ConnectionGrant,
  ConnectorContext,
  CustomerPresence,
  SourceAccount,
  SourceBalance,
  SourceTransaction,
} from '@finpersona/plugin-sdk';
import type { LocalXs2aAccountFixture } from './local-aspsp';

export const start = Date.parse('2026-06-15T10:00:00.000Z');

export class Clock {
  time = start;
  now = (): Date => new Date(this.time);
  advanceDays(days: number): void {
    this.time += days * 24 * 60 * 60 * 1000;
  }
}

export interface TestContext extends ConnectorContext {
  readonly heartbeats: { page?: number; transactions?: number }[];
  readonly controller: AbortController;
  /** Grants the connector tried to save (this connector has nothing to rotate: tests expect none). */
  readonly savedGrants: ConnectionGrant[];
}

/**
 * A connector context whose fetch reaches only `host` (as the platform's host-restricted fetch does);
 * the customer is absent unless `customer` says otherwise.
 */
export function contextFor(
  clock: Clock,
  host: string,
  fetchOverride?: typeof fetch,
  customer: CustomerPresence = { present: false },
): TestContext {
  const controller = new AbortController();
  const heartbeats: { page?: number; transactions?: number }[] = [];
  const underlying = fetchOverride ?? globalThis.fetch;
  const savedGrants: ConnectionGrant[] = [];
  return {
    customer,
    savedGrants,
    saveGrant: (grant) => {
      savedGrants.push(grant);
      return Promise.resolve();
    },
    signal: controller.signal,
    controller,
    heartbeats,
    heartbeat: (progress) => {
      heartbeats.push(progress ?? {});
    },
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.origin !== host) throw new Error(`Test context: fetch to ${url.origin} is not allowed.`);
      return underlying(input, init);
    },
    now: clock.now,
  };
}

const current: SourceAccount = {
  sourceId: 'acc-current-1',
  type: 'current',
  currency: 'EUR',
  name: 'Classic current account',
  identifiers: [{ scheme: 'IBAN', value: 'DE89370400440532013000' }],
  holderName: 'Ana Novak',
};

const savings: SourceAccount = {
  sourceId: 'acc-savings-2',
  type: 'savings',
  currency: 'EUR',
  name: 'Rainy day savings',
  identifiers: [{ scheme: 'IBAN', value: 'DE02120300000000202051' }],
  holderName: 'Ana Novak',
};

const yen: SourceAccount = {
  sourceId: 'acc-yen-3',
  type: 'current',
  currency: 'JPY',
  identifiers: [{ scheme: 'BBAN', value: '0001234567' }],
};

function day(offset: number): string {
  return new Date(start - offset * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** 60 transactions on the current account: 57 booked over two months, 3 pending; amounts chosen to test exactness. */
export function currentAccountTransactions(): SourceTransaction[] {
  const amounts = ['0.01', '12.30', '1999.99', '98765432109876.54', '3.50', '250.00', '47.11'];
  const result: SourceTransaction[] = [];
  for (let index = 0; index < 60; index++) {
    const pending = index >= 57;
    const debit = index % 3 !== 0;
    const minor = amounts[index % amounts.length]!.replace('.', '').replace(/^0+(?=\d)/, '');
    result.push({
      sourceId: `tx-${String(index).padStart(3, '0')}`,
      sourceAccountId: current.sourceId,
      amount: { minor, currency: 'EUR' },
      direction: debit ? 'debit' : 'credit',
      status: pending ? 'pending' : 'booked',
      bookingDate: day(pending ? 0 : 60 - index),
      valueDate: day(pending ? 0 : 60 - index),
      counterparty: debit
        ? { name: `Shop ${index}`, account: 'FR7630006000011234567890189' }
        : { name: 'Employer GmbH', account: 'DE75512108001245126199' },
      description: `Reference ${index}`,
      sourceCode: debit ? 'PMNT-CCRD-POSD' : 'PMNT-RCDT-ESCT',
      ...(debit && index % 2 === 0 ? { merchant: { mcc: '5411' } } : {}),
    });
  }
  return result;
}

export function balancesOf(account: SourceAccount, minor: string): SourceBalance[] {
  const asOf = new Date(start - 60 * 60 * 1000).toISOString();
  const amount = { minor, currency: account.currency };
  return [
    { sourceAccountId: account.sourceId, type: 'closing', amount, asOf },
    { sourceAccountId: account.sourceId, type: 'booked', amount, asOf },
    {
      sourceAccountId: account.sourceId,
      type: 'available',
      amount: { minor: `${minor}00`, currency: account.currency },
      asOf,
    },
    { sourceAccountId: account.sourceId, type: 'expected', amount, asOf },
  ];
}

/** The fixture bank: a current account with 60 transactions, a savings account, a JPY account with id-less entries. */
export function fixtureBank(): LocalXs2aAccountFixture[] {
  return [
    { account: current, balances: balancesOf(current, '-1234'), transactions: currentAccountTransactions() },
    {
      account: savings,
      balances: balancesOf(savings, '1000000'),
      transactions: [
        {
          sourceId: 'ref-1',
          sourceAccountId: savings.sourceId,
          amount: { minor: '50000', currency: 'EUR' },
          direction: 'credit',
          status: 'booked',
          bookingDate: day(3),
          description: 'Monthly saving',
        },
      ],
      transactionIds: 'entryReference',
    },
    {
      account: yen,
      balances: balancesOf(yen, '150000'),
      // Two identical coffees on one day, and no ids at all: the connector derives them.
      transactions: [0, 1].map((copy) => ({
        sourceId: `unused-${copy}`,
        sourceAccountId: yen.sourceId,
        amount: { minor: '450', currency: 'JPY' },
        direction: 'debit' as const,
        status: 'booked' as const,
        bookingDate: day(2),
        counterparty: { name: 'Kissaten' },
      })),
      transactionIds: 'none',
    },
  ];
}
