/**
 * The harness's built-in fixture data: three customers of three regions with accounts, balances, three
 * months of transactions, behaviour features, the facts eligibility rules read, the products they hold and
 * what they did with offers; and a retail product range. All deterministic (the same on every run and
 * machine). Tests may replace any part (`HarnessOptions.fixtures`). Documented in
 * `docs/reference/harness.md` ("Fixtures").
 */
import type { CustomerFacts } from '../compliance-rule-pack';
import type { SourceAccount, SourceBalance, SourceTransaction } from '../connector';
import type { PluginRegion } from '../manifest';
import { type Money, moneyFromDecimal, moneyFromMinor } from '../money';
import { productTypes } from '../product';
import type { Product } from '../product-catalogue';
import type { FeatureVector, ProductOutcome } from '../recommendation-model';

/** A customer of the fixture bank: what a source knows of them (accounts, balances, transactions). */
export interface FixtureCustomer {
  /** Opaque id (`cust-ana`); also the customer's key in the fixture bank API. */
  readonly id: string;
  readonly region: PluginRegion;
  readonly accounts: readonly SourceAccount[];
  readonly balances: readonly SourceBalance[];
  /** Newest last; every one belongs to one of `accounts`. */
  readonly transactions: readonly SourceTransaction[];
  /** Every fixed name of `featureVocabulary` and some members of each family, as of the harness's clock. */
  readonly features: FeatureVector;
  /** What eligibility rules read (compliance rule packs). */
  readonly facts: CustomerFacts;
  /** Ids of the fixture products the customer holds. */
  readonly held: readonly string[];
  /** What the customer did with products in the last three months (a recommendation model's labels). */
  readonly outcomes: readonly { readonly product: string; readonly outcome: ProductOutcome }[];
}

export interface Fixtures {
  readonly customers: readonly FixtureCustomer[];
  /** A euro retail range, one product of each type (valid under `validateProducts`). */
  readonly products: readonly Product[];
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
  features: features({
    'customer.age': 34,
    'customer.tenure': 91,
    'income.monthly': 320000,
    'income.regular': 1,
    'income.change': 0,
    'spend.monthly': 175264,
    'spend.trend': -0.02,
    'spend.category.groceries': 27848,
    'spend.category.eating-out': 3987,
    'spend.category.transport': 4637,
    'spend.category.entertainment': 1436,
    'balance.mean': 1480000,
    'balance.min': 241000,
    'balance.volatility': 78000,
    'balance.idle': 241000,
    'savings.rate': 0.45,
    'recurring.count': 3,
    'recurring.monthly': 136299,
    'forecast.min-balance-30d': 212000,
    'transactions.monthly': 11,
    'overdraft.days': 0,
    'products-held.current-account': 1,
    'products-held.savings-account': 1,
  }),
  facts: {
    ageYears: 34,
    inArrears: false,
    suitabilityAssessmentOnFile: true,
    independentMeansOrCosigner: true,
  },
  held: ['current-classic', 'savings-instant'],
  outcomes: [
    { product: 'deposit-12m', outcome: 'taken' },
    { product: 'fund-global-equity', outcome: 'dismissed' },
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
  features: features({
    'customer.age': 20,
    'customer.tenure': 13,
    'income.monthly': 90000,
    'income.regular': 0,
    'income.change': 0.1,
    'spend.monthly': 75114,
    'spend.trend': 0.05,
    'spend.category.groceries': 5855,
    'spend.category.eating-out': 4260,
    'spend.category.transport': 12000,
    'spend.category.entertainment': 999,
    'balance.mean': -15200,
    'balance.min': -21240,
    'balance.volatility': 30500,
    'balance.idle': -21240,
    'savings.rate': 0.17,
    'recurring.count': 2,
    'recurring.monthly': 52999,
    'forecast.min-balance-30d': -25000,
    'transactions.monthly': 7,
    'overdraft.days': 48,
    'products-held.current-account': 1,
  }),
  facts: {
    ageYears: 20,
    inArrears: false,
    suitabilityAssessmentOnFile: false,
    independentMeansOrCosigner: false,
  },
  held: ['current-classic'],
  outcomes: [{ product: 'card-rewards', outcome: 'dismissed' }],
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
  features: features({
    'customer.age': 41,
    'customer.tenure': 130,
    'income.monthly': 275000,
    'income.regular': 1,
    'income.change': 0,
    'spend.monthly': 220338,
    'spend.trend': 0.08,
    'spend.category.groceries': 15027,
    'spend.category.shopping': 21385,
    'spend.category.utilities': 9500,
    'balance.mean': 30000,
    'balance.min': 5000,
    'balance.volatility': 90000,
    'balance.idle': 5000,
    'savings.rate': 0,
    'recurring.count': 3,
    'recurring.monthly': 178000,
    'forecast.min-balance-30d': -12000,
    'transactions.monthly': 8,
    'overdraft.days': 3,
    'products-held.current-account': 1,
    'products-held.credit-card': 1,
  }),
  facts: {
    ageYears: 41,
    inArrears: true,
    suitabilityAssessmentOnFile: false,
    independentMeansOrCosigner: true,
  },
  held: ['current-classic', 'card-rewards'],
  outcomes: [{ product: 'loan-personal', outcome: 'accepted' }],
};

/** A feature vector: the given values, and 0 for every `products-held.<type>` not given. */
function features(values: Record<string, number | null>): FeatureVector {
  const held = Object.fromEntries(productTypes.map((type) => [`products-held.${type}`, 0]));
  return { ...held, ...values };
}

const eur = (amount: string): Money => moneyFromDecimal(amount, 'EUR');
const terms = (id: string) => ({
  kind: 'terms' as const,
  title: 'Terms and conditions',
  url: `https://bank.fixture.example/docs/${id}/terms.pdf`,
  version: '2026-01',
  language: 'en',
});

/** One product of each type, in euros, for EU customers; the figures are illustrative. */
const products: Product[] = [
  {
    id: 'current-classic',
    name: 'Classic current account',
    type: 'current-account',
    currency: 'EUR',
    regions: ['EU'],
    fees: [{ kind: 'account-maintenance', frequency: 'monthly', amount: eur('4.90') }],
    rates: [{ kind: 'overdraft-apr', basisPoints: 1190, type: 'variable' }],
    limits: { amount: { max: eur('2000.00') } },
    eligibility: { minAge: 18, creditCheck: 'soft' },
    disclosures: [terms('current-classic')],
    illustrative: true,
  },
  {
    id: 'savings-instant',
    name: 'Instant saver',
    type: 'savings-account',
    currency: 'EUR',
    regions: ['EU'],
    fees: [],
    rates: [{ kind: 'interest', basisPoints: 225, type: 'variable' }],
    limits: { amount: { min: eur('1.00') } },
    eligibility: { minAge: 16, creditCheck: 'none' },
    disclosures: [terms('savings-instant')],
    illustrative: true,
  },
  {
    id: 'deposit-12m',
    name: '12-month fixed deposit',
    type: 'fixed-term-deposit',
    currency: 'EUR',
    regions: ['EU'],
    fees: [{ kind: 'early-withdrawal', frequency: 'once', basisPoints: 100 }],
    rates: [{ kind: 'interest', basisPoints: 310, type: 'fixed', fixedForMonths: 12 }],
    limits: { amount: { min: eur('1000.00'), max: eur('500000.00') }, termMonths: { min: 12, max: 12 } },
    eligibility: { minAge: 18, creditCheck: 'none' },
    disclosures: [terms('deposit-12m')],
    illustrative: true,
  },
  {
    id: 'card-rewards',
    name: 'Rewards credit card',
    type: 'credit-card',
    currency: 'EUR',
    regions: ['EU'],
    fees: [
      { kind: 'annual', frequency: 'annually', amount: eur('39.00') },
      { kind: 'foreign-transaction', frequency: 'per-event', basisPoints: 175 },
    ],
    rates: [{ kind: 'purchase-apr', basisPoints: 1790, type: 'variable' }],
    limits: { amount: { min: eur('500.00'), max: eur('10000.00') } },
    eligibility: { minAge: 18, creditCheck: 'hard', minAnnualIncome: eur('18000.00') },
    disclosures: [terms('card-rewards')],
    illustrative: true,
  },
  {
    id: 'loan-personal',
    name: 'Personal loan',
    type: 'personal-loan',
    currency: 'EUR',
    regions: ['EU'],
    fees: [{ kind: 'arrangement', frequency: 'once', amount: eur('0.00') }],
    rates: [{ kind: 'representative-apr', basisPoints: 690, type: 'fixed' }],
    limits: { amount: { min: eur('1000.00'), max: eur('50000.00') }, termMonths: { min: 12, max: 84 } },
    eligibility: { minAge: 18, creditCheck: 'hard' },
    disclosures: [terms('loan-personal')],
    illustrative: true,
  },
  {
    id: 'mortgage-fixed-5y',
    name: '5-year fixed mortgage',
    type: 'mortgage',
    currency: 'EUR',
    regions: ['EU'],
    fees: [{ kind: 'arrangement', frequency: 'once', amount: eur('995.00') }],
    rates: [{ kind: 'interest', basisPoints: 365, type: 'fixed', fixedForMonths: 60 }],
    limits: { amount: { min: eur('50000.00'), max: eur('1500000.00') }, termMonths: { min: 60, max: 420 } },
    eligibility: { minAge: 18, creditCheck: 'hard', maxLoanToValueBasisPoints: 9000 },
    disclosures: [terms('mortgage-fixed-5y')],
    illustrative: true,
  },
  {
    id: 'fund-global-equity',
    name: 'Global equity fund',
    type: 'investment-fund',
    currency: 'EUR',
    regions: ['EU'],
    fees: [{ kind: 'management', frequency: 'annually', basisPoints: 120 }],
    rates: [],
    limits: { amount: { min: eur('50.00') } },
    eligibility: { minAge: 18, creditCheck: 'none' },
    disclosures: [terms('fund-global-equity')],
    illustrative: true,
  },
  {
    id: 'insurance-home',
    name: 'Home contents insurance',
    type: 'insurance',
    currency: 'EUR',
    regions: ['EU'],
    fees: [{ kind: 'premium', frequency: 'monthly', amount: eur('8.50') }],
    rates: [],
    limits: { amount: { max: eur('75000.00') } },
    eligibility: { minAge: 18, creditCheck: 'none' },
    disclosures: [terms('insurance-home')],
    illustrative: true,
  },
];

/**
 * The built-in fixtures: Ana (EU, salaried saver), Ben (UK student, overdrawn), Carla (US, card in
 * arrears), and a euro range of eight products.
 */
export const fixtures: Fixtures = { customers: [ana, ben, carla], products };

/** `base` with the parts `overrides` gives replaced (whole parts, not merged item by item). */
export function withFixtures(base: Fixtures, overrides: Partial<Fixtures> | undefined): Fixtures {
  return { ...base, ...(overrides ?? {}) };
}
