/**
 * Fixture data for the tests: one customer with a current account (sort code and IBAN), a credit
 * card, balances, and a year of transactions with amounts a binary float cannot scale exactly.
 */
import {
  moneyFromDecimal,
  type SourceAccount,
  type SourceBalance,
  type SourceTransaction,
} from '@finpersona/plugin-sdk';

export const currentAccount: SourceAccount = {
  sourceId: 'acc-current-1',
  type: 'current',
  currency: 'GBP',
  name: 'Everyday account',
  holderName: 'Ana Novak',
  openedOn: '2019-03-01',
  identifiers: [
    { scheme: 'SortCodeAccountNumber', value: '20000012345678' },
    { scheme: 'IBAN', value: 'GB29NWBK60161331926819' },
  ],
};

export const cardAccount: SourceAccount = {
  sourceId: 'acc-card-1',
  type: 'credit-card',
  currency: 'GBP',
  identifiers: [{ scheme: 'PAN', value: '5555********4444' }],
};

export const balances: SourceBalance[] = [
  {
    sourceAccountId: currentAccount.sourceId,
    type: 'booked',
    amount: moneyFromDecimal('1234.56', 'GBP'),
    asOf: '2025-01-31T23:59:59.000Z',
  },
  {
    sourceAccountId: currentAccount.sourceId,
    type: 'available',
    amount: moneyFromDecimal('1734.56', 'GBP'),
    asOf: '2025-01-31T23:59:59.000Z',
    creditLimit: moneyFromDecimal('500', 'GBP'),
  },
  {
    sourceAccountId: cardAccount.sourceId,
    type: 'booked',
    amount: moneyFromDecimal('-87.15', 'GBP'),
    asOf: '2025-01-31T12:00:00.000Z',
  },
];

/** Amounts whose decimal × 100 is not an integer in binary floating point (1.15 * 100 = 114.99999999999999). */
export const awkwardAmounts = ['1.15', '4.35', '0.29', '3.30', '9999999999999.99', '8.20', '0.07'];

/** 53 current-account transactions, two a week from 2024-01-01, alternating salary-like credits and card debits. */
export function currentAccountTransactions(count = 53): SourceTransaction[] {
  const out: SourceTransaction[] = [];
  for (let index = 0; index < count; index += 1) {
    const day = new Date(Date.UTC(2024, 0, 1) + index * 3.5 * 86_400_000).toISOString().slice(0, 10);
    const credit = index % 5 === 0;
    const amount = awkwardAmounts[index % awkwardAmounts.length] as string;
    out.push({
      sourceId: `tx-${String(index).padStart(4, '0')}`,
      sourceAccountId: currentAccount.sourceId,
      amount: moneyFromDecimal(amount, 'GBP'),
      direction: credit ? 'credit' : 'debit',
      status: index === count - 1 ? 'pending' : 'booked',
      bookingDate: day,
      valueDate: day,
      description: credit ? `SALARY ACME LTD ${index}` : `CARD PAYMENT TESCO STORES ${index}`,
      sourceCode: credit ? 'BGC' : 'POS',
      ...(credit
        ? { counterparty: { name: 'ACME LTD', account: 'GB33BUKB20201555555555' } }
        : { merchant: { name: 'TESCO STORES', mcc: '5411' }, counterparty: { name: 'Tesco Stores Ltd' } }),
      balanceAfter: moneyFromDecimal(index % 2 === 0 ? '100.10' : '-20.05', 'GBP'),
    });
  }
  return out;
}

export const cardTransactions: SourceTransaction[] = [
  {
    sourceId: 'card-tx-1',
    sourceAccountId: cardAccount.sourceId,
    amount: moneyFromDecimal('87.15', 'GBP'),
    direction: 'debit',
    status: 'booked',
    bookingDate: '2025-01-20',
    description: 'AMAZON MARKETPLACE',
    merchant: { name: 'Amazon', mcc: '5942' },
  },
];
