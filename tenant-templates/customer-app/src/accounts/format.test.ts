import { describe, expect, it } from 'vitest';
import type { Transaction } from './accounts-api.ts';
import {
  accountLabel,
  appendPage,
  emptyFilterForm,
  filterFromForm,
  formatMoney,
  headlineBalance,
  isConnectionCallback,
  majorToMinor,
  minorToDecimal,
  signedAmount,
} from './format.ts';

describe('money', () => {
  it('turns minor units into decimals by the currency’s exponent, exactly', () => {
    expect(minorToDecimal({ minor: '-1234', currency: 'EUR' })).toBe('-12.34');
    expect(minorToDecimal({ minor: '5', currency: 'EUR' })).toBe('0.05');
    expect(minorToDecimal({ minor: '1500', currency: 'JPY' })).toBe('1500');
    expect(minorToDecimal({ minor: '1234', currency: 'BHD' })).toBe('1.234');
    // Beyond Number.MAX_SAFE_INTEGER: no float ever rounds it.
    expect(minorToDecimal({ minor: '123456789012345678', currency: 'EUR' })).toBe('1234567890123456.78');
  });

  it('formats for people in the given locale', () => {
    expect(formatMoney({ minor: '123450', currency: 'EUR' }, 'en-GB')).toBe('€1,234.50');
    expect(formatMoney({ minor: '-2550', currency: 'GBP' }, 'en-GB')).toBe('-£25.50');
  });

  it('signs debits negative and credits positive', () => {
    expect(signedAmount({ amount: { minor: '250', currency: 'EUR' }, direction: 'DEBIT' }).minor).toBe(
      '-250',
    );
    expect(signedAmount({ amount: { minor: '250', currency: 'EUR' }, direction: 'CREDIT' }).minor).toBe(
      '250',
    );
  });

  it('reads typed amounts as minor units, refusing what is not an amount', () => {
    expect(majorToMinor('12.5')).toBe('1250');
    expect(majorToMinor('12,50')).toBe('1250');
    expect(majorToMinor('0.05')).toBe('5');
    expect(majorToMinor('7')).toBe('700');
    expect(majorToMinor('1.234')).toBeNull();
    expect(majorToMinor('-3')).toBeNull();
    expect(majorToMinor('abc')).toBeNull();
  });
});

describe('the filter form', () => {
  it('becomes the API filter with amounts in minor units', () => {
    const { filter, problems } = filterFromForm({
      ...emptyFilterForm,
      accountId: 'a1',
      bookedFrom: '2026-10-01',
      bookedTo: '2026-10-31',
      direction: 'DEBIT',
      minAmount: '10',
      maxAmount: '99.99',
    });
    expect(problems).toEqual({});
    expect(filter).toEqual({
      accountId: 'a1',
      bookedFrom: '2026-10-01',
      bookedTo: '2026-10-31',
      direction: 'DEBIT',
      minAmountMinor: '1000',
      maxAmountMinor: '9999',
    });
    expect(filterFromForm(emptyFilterForm).filter).toEqual({});
  });

  it('names the fields that are wrong', () => {
    const { problems } = filterFromForm({
      ...emptyFilterForm,
      bookedFrom: '2026-10-31',
      bookedTo: '2026-10-01',
      minAmount: 'ten',
      maxAmount: '5',
    });
    expect(Object.keys(problems).sort()).toEqual(['bookedTo', 'minAmount']);
    expect(filterFromForm({ ...emptyFilterForm, minAmount: '9', maxAmount: '8' }).problems).toEqual({
      maxAmount: 'Must not be below the minimum',
    });
  });
});

describe('accounts and pages', () => {
  const tx = (id: string) => ({ id }) as Transaction;

  it('appends a page keeping each transaction once', () => {
    expect(appendPage([tx('a'), tx('b')], [tx('b'), tx('c')]).map((t) => t.id)).toEqual(['a', 'b', 'c']);
  });

  it('shows the available balance first, else booked', () => {
    const balance = (type: string) => ({
      type,
      amount: { minor: '1', currency: 'EUR' },
      asOf: '',
      creditLimit: null,
    });
    expect(headlineBalance({ balances: [balance('booked'), balance('available')] })?.type).toBe('available');
    expect(headlineBalance({ balances: [balance('closing'), balance('booked')] })?.type).toBe('booked');
    expect(headlineBalance({ balances: [] })).toBeNull();
  });

  it('labels an account by name or type, with the masked identifier only', () => {
    expect(accountLabel({ name: 'Classic', type: 'current', maskedIdentifier: '•••• 3438' })).toBe(
      'Classic •••• 3438',
    );
    expect(accountLabel({ name: null, type: 'credit-card', maskedIdentifier: null })).toBe(
      'Credit card account',
    );
  });

  it('recognises the redirect back from a source', () => {
    expect(isConnectionCallback({ pathname: '/connections/callback', search: '?code=x&state=y' })).toBe(true);
    expect(isConnectionCallback({ pathname: '/connections/callback', search: '' })).toBe(false);
    expect(isConnectionCallback({ pathname: '/auth/callback', search: '?state=y' })).toBe(false);
  });
});
