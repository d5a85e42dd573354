import { describe, expect, it } from 'vitest';
import { checkAccount, checkBalance, checkBatch, checkTransaction } from './ingest-validation';

const transaction = {
  sourceId: 't-1',
  sourceAccountId: 'a-1',
  amount: { minor: '1250', currency: 'EUR' },
  direction: 'debit',
  status: 'booked',
  bookingDate: '2026-02-28',
  description: 'Coffee',
};

function problemOf(raw: unknown): [string, string] | 'ok' {
  const checked = checkTransaction(raw, 0, 'a-1');
  return checked.ok ? 'ok' : [checked.rejection.field, checked.rejection.problem];
}

describe('connector output checks', () => {
  it('accepts a well-formed transaction and keeps only known fields', () => {
    const checked = checkTransaction({ ...transaction, extra: 'ignored' }, 0, 'a-1');
    expect(checked).toEqual({ ok: true, value: { ...transaction, direction: 'debit' } });
  });

  it.each([
    ['a decimal amount', { amount: { minor: '12.50', currency: 'EUR' } }, 'amount.minor'],
    ['a float amount', { amount: { minor: 12.5, currency: 'EUR' } }, 'amount.minor'],
    ['a zero amount', { amount: { minor: '0', currency: 'EUR' } }, 'amount.minor'],
    ['a signed amount', { amount: { minor: '-3', currency: 'EUR' } }, 'amount.minor'],
    [
      'an amount beyond bigint',
      { amount: { minor: '9223372036854775808', currency: 'EUR' } },
      'amount.minor',
    ],
    ['a lower-case currency', { amount: { minor: '1', currency: 'eur' } }, 'amount.currency'],
    ['an impossible date', { bookingDate: '2026-02-29' }, 'bookingDate'],
    ['a date with a time', { bookingDate: '2026-02-01T00:00:00Z' }, 'bookingDate'],
    ['an unknown direction', { direction: 'in' }, 'direction'],
    ['an unknown status', { status: 'cleared' }, 'status'],
    ['a 5-digit MCC', { merchant: { mcc: '54111' } }, 'merchant.mcc'],
    ['no source id', { sourceId: '' }, 'sourceId'],
    ['a NUL in the text', { description: 'a\u0000b' }, 'description'],
    ['another account', { sourceAccountId: 'a-2' }, 'sourceAccountId'],
  ])('rejects %s, naming the field', (_case, change, field) => {
    const problem = problemOf({ ...transaction, ...change });
    expect(problem).not.toBe('ok');
    expect((problem as [string, string])[0]).toBe(field);
  });

  it('rejects a repeated source id in one batch, keeping the first', () => {
    const { valid, rejections } = checkBatch([transaction, transaction], (raw, index) =>
      checkTransaction(raw, index, 'a-1'),
    );
    expect(valid).toHaveLength(1);
    expect(rejections).toEqual([
      { sourceId: 't-1', index: 1, field: 'sourceId', problem: 'repeats an earlier record of this batch' },
    ]);
  });

  it('checks accounts and balances too', () => {
    expect(
      checkAccount(
        { sourceId: 'a', type: 'current', currency: 'EUR', identifiers: [{ scheme: 'IBAN', value: 'X' }] },
        0,
      ).ok,
    ).toBe(true);
    expect(
      checkAccount({ sourceId: 'a', type: 'chequing', currency: 'EUR', identifiers: [] }, 0),
    ).toMatchObject({
      ok: false,
      rejection: { field: 'type' },
    });
    expect(
      checkBalance(
        {
          sourceAccountId: 'a',
          type: 'booked',
          amount: { minor: '-5', currency: 'EUR' },
          asOf: '2026-11-25T10:00:00Z',
        },
        0,
        'a',
      ).ok,
    ).toBe(true);
    expect(
      checkBalance(
        { sourceAccountId: 'a', type: 'booked', amount: { minor: '5', currency: 'EUR' }, asOf: '2026-11-25' },
        0,
        'a',
      ),
    ).toMatchObject({
      ok: false,
      rejection: { field: 'asOf' },
    });
  });
});
