/**
 * The harness's built-in fixture data: three customers of three regions with accounts, balances and three
 * months of transactions, all deterministic (the same on every run and machine). Tests may replace any
 * part (`HarnessOptions.fixtures`). Documented in `docs/reference/harness.md` ("Fixtures").
 */
import type { SourceAccount, SourceBalance, SourceTransaction } from '../connector';
import type { PluginRegion } from '../manifest';
import { moneyFromDecimal, moneyFromMinor } from '../money';

/** A customer of the fixture bank: what a source knows of them (accounts, balances, transactions). */
export interface FixtureCustomer {
  /** Opaque id (`cust-ana`); also the customer's key in the fixture bank API. */
  readonly id: string;
  readonly region: PluginRegion;
  readonly accounts: readonly SourceAccount[];
  readonly balances: readonly SourceBalance[];
  /** Newest last; every one belongs to one of `accounts`. */
  readonly transactions: readonly SourceTransaction[];
}

export interface Fixtures {
  readonly customers: readonly FixtureCustomer[];
}

interface Pattern {
  readonly day: number;
  readonly amount: string;
  readonly direction: 'credit' | 'debit';
  readonly description: string;
  readonly merchant?: { readonly name: string; readonly mcc: string };
  readonly counterparty?: string;
}

const months = ['2026-08', '2026-09', '2026-10'] as const;

/** Three months of the same life: `patterns` repeat monthly, with a small monthly drift in card spend. */
function monthsOf(accountId: string, currency: string, patterns: readonly Pattern[]): SourceTransaction[] {
  const transactions: SourceTransaction[] = [];
  months.forEach((month, monthIndex) => {
    patterns.forEach((pattern, index) => {
      const date = `${month}-${String(pattern.day).padStart(2, '0')}`;
      // Card spend drifts by 1.37 a month, so months differ but stay exact.
      const base = moneyFromDecimal(pattern.amount, currency);
      const drift = pattern.merchant ? BigInt(monthIndex * 137) : 0n;
      transactions.push({
        sourceId: `${accountId}-${month}-${index}`,
        sourceAccountId: accountId,
        amount: moneyFromMinor(BigInt(base.minor) + drift, currency),
        direction: pattern.direction,
        status: 'booked',
        bookingDate: date,
        valueDate: date,
        description: pattern.description,
        ...(pattern.merchant ? { merchant: pattern.merchant } : {}),
        ...(pattern.counterparty ? { counterparty: { name: pattern.counterparty } } : {}),
      });
    });
  });
  return transactions.sort((a, b) => a.bookingDate.localeCompare(b.bookingDate));
}

const asOf = '2026-10-31T23:59:59Z';

const ana: FixtureCustomer = {
  id: 'cust-ana',
  region: 'EU',
  accounts: [
    {
      sourceId: 'ana-current',
      type: 'current',
      currency: 'EUR',
      name: 'Everyday account',
      identifiers: [{ scheme: 'IBAN', value: 'DE89370400440532013000' }],
      holderName: 'Ana Novak',
      openedOn: '2019-03-01',
    },
    {
      sourceId: 'ana-savings',
      type: 'savings',
      currency: 'EUR',
      name: 'Instant saver',
      identifiers: [{ scheme: 'IBAN', value: 'DE02120300000000202051' }],
      holderName: 'Ana Novak',
      openedOn: '2021-06-15',
    },
  ],
  balances: [
    { sourceAccountId: 'ana-current', type: 'booked', amount: moneyFromDecimal('2841.17', 'EUR'), asOf },
    {
      sourceAccountId: 'ana-current',
      type: 'available',
      amount: moneyFromDecimal('3341.17', 'EUR'),
      asOf,
      creditLimit: moneyFromDecimal('500.00', 'EUR'),
    },
    { sourceAccountId: 'ana-savings', type: 'booked', amount: moneyFromDecimal('12400.00', 'EUR'), asOf },
  ],
  transactions: [
    ...monthsOf('ana-current', 'EUR', [
      { day: 1, amount: '3200.00', direction: 'credit', description: 'Salary', counterparty: 'Acme GmbH' },
      { day: 2, amount: '950.00', direction: 'debit', description: 'Rent', counterparty: 'Haus Verwaltung' },
      { day: 3, amount: '400.00', direction: 'debit', description: 'To savings', counterparty: 'Ana Novak' },
      {
        day: 5,
        amount: '82.40',
        direction: 'debit',
        description: 'Groceries',
        merchant: { name: 'REWE', mcc: '5411' },
      },
      {
        day: 9,
        amount: '12.99',
        direction: 'debit',
        description: 'Streaming',
        merchant: { name: 'Streamflix', mcc: '4899' },
      },
      {
        day: 12,
        amount: '64.15',
        direction: 'debit',
        description: 'Groceries',
        merchant: { name: 'REWE', mcc: '5411' },
      },
      {
        day: 15,
        amount: '45.00',
        direction: 'debit',
        description: 'Fuel',
        merchant: { name: 'Aral', mcc: '5541' },
      },
      {
        day: 19,
        amount: '71.80',
        direction: 'debit',
        description: 'Groceries',
        merchant: { name: 'Lidl', mcc: '5411' },
      },
      {
        day: 22,
        amount: '38.50',
        direction: 'debit',
        description: 'Restaurant',
        merchant: { name: 'Trattoria', mcc: '5812' },
      },
      {
        day: 26,
        amount: '59.90',
        direction: 'debit',
        description: 'Groceries',
        merchant: { name: 'REWE', mcc: '5411' },
      },
    ]),
    ...monthsOf('ana-savings', 'EUR', [
      {
        day: 3,
        amount: '400.00',
        direction: 'credit',
        description: 'From current account',
        counterparty: 'Ana Novak',
      },
    ]),
  ],
};

const ben: FixtureCustomer = {
  id: 'cust-ben',
  region: 'UK',
  accounts: [
    {
      sourceId: 'ben-current',
      type: 'current',
      currency: 'GBP',
      name: 'Student account',
      identifiers: [{ scheme: 'SortCodeAccountNumber', value: '40051231245678' }],
      holderName: 'Ben Carter',
      openedOn: '2025-09-20',
    },
  ],
  balances: [
    {
      sourceAccountId: 'ben-current',
      type: 'booked',
      amount: moneyFromDecimal('-212.40', 'GBP'),
      asOf,
      creditLimit: moneyFromDecimal('1000.00', 'GBP'),
    },
  ],
  transactions: monthsOf('ben-current', 'GBP', [
    {
      day: 1,
      amount: '900.00',
      direction: 'credit',
      description: 'Part-time wages',
      counterparty: 'Campus Cafe Ltd',
    },
    {
      day: 4,
      amount: '520.00',
      direction: 'debit',
      description: 'Halls rent',
      counterparty: 'University Halls',
    },
    {
      day: 6,
      amount: '31.20',
      direction: 'debit',
      description: 'Groceries',
      merchant: { name: 'Tesco', mcc: '5411' },
    },
    {
      day: 11,
      amount: '9.99',
      direction: 'debit',
      description: 'Music',
      merchant: { name: 'Tunes', mcc: '5815' },
    },
    {
      day: 16,
      amount: '42.60',
      direction: 'debit',
      description: 'Takeaway',
      merchant: { name: 'Deliveroo', mcc: '5814' },
    },
    {
      day: 23,
      amount: '120.00',
      direction: 'debit',
      description: 'Rail pass',
      merchant: { name: 'National Rail', mcc: '4112' },
    },
    {
      day: 28,
      amount: '27.35',
      direction: 'debit',
      description: 'Groceries',
      merchant: { name: 'Aldi', mcc: '5411' },
    },
  ]),
};

const carla: FixtureCustomer = {
  id: 'cust-carla',
  region: 'US',
  accounts: [
    {
      sourceId: 'carla-checking',
      type: 'current',
      currency: 'USD',
      name: 'Checking',
      identifiers: [{ scheme: 'Other', value: '021000021-7788990011' }],
      holderName: 'Carla Diaz',
      openedOn: '2016-01-11',
    },
    {
      sourceId: 'carla-card',
      type: 'credit-card',
      currency: 'USD',
      name: 'Rewards card',
      identifiers: [{ scheme: 'PAN', value: '4111111111111111' }],
      holderName: 'Carla Diaz',
      openedOn: '2020-05-02',
    },
  ],
  balances: [
    { sourceAccountId: 'carla-checking', type: 'booked', amount: moneyFromDecimal('184.02', 'USD'), asOf },
    {
      sourceAccountId: 'carla-card',
      type: 'booked',
      amount: moneyFromDecimal('-4870.55', 'USD'),
      asOf,
      creditLimit: moneyFromDecimal('5000.00', 'USD'),
    },
  ],
  transactions: [
    ...monthsOf('carla-checking', 'USD', [
      {
        day: 1,
        amount: '2750.00',
        direction: 'credit',
        description: 'Payroll',
        counterparty: 'Northwind Inc',
      },
      { day: 2, amount: '1650.00', direction: 'debit', description: 'Rent', counterparty: 'Oak Apartments' },
      { day: 8, amount: '95.00', direction: 'debit', description: 'Utilities', counterparty: 'City Power' },
      {
        day: 14,
        amount: '35.00',
        direction: 'debit',
        description: 'Card payment (minimum)',
        counterparty: 'Rewards card',
      },
    ]),
    ...monthsOf('carla-card', 'USD', [
      {
        day: 7,
        amount: '212.48',
        direction: 'debit',
        description: 'Electronics',
        merchant: { name: 'Best Gadgets', mcc: '5732' },
      },
      { day: 14, amount: '35.00', direction: 'credit', description: 'Payment received' },
      {
        day: 18,
        amount: '148.90',
        direction: 'debit',
        description: 'Groceries',
        merchant: { name: 'Safeway', mcc: '5411' },
      },
      { day: 25, amount: '64.00', direction: 'debit', description: 'Late fee', counterparty: 'Rewards card' },
    ]),
  ],
};

/** The built-in fixtures: Ana (EU, salaried saver), Ben (UK student, overdrawn), Carla (US, card in arrears). */
export const fixtures: Fixtures = { customers: [ana, ben, carla] };

/** `base` with the parts `overrides` gives replaced (whole parts, not merged item by item). */
export function withFixtures(base: Fixtures, overrides: Partial<Fixtures> | undefined): Fixtures {
  return { ...base, ...(overrides ?? {}) };
}
