import { ConnectorError } from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { backoffMs, retryAfterMs } from './http';
import { obMoney, toSourceAccount, toSourceBalances, toSourceTransactions } from './from-open-banking';

function badData(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe('BAD_SOURCE_DATA');
    return (error as ConnectorError).message;
  }
  throw new Error('expected BAD_SOURCE_DATA');
}

const booked = {
  AccountId: 'a1',
  CreditDebitIndicator: 'Debit',
  Status: 'Booked',
  BookingDateTime: '2025-03-30T23:30:00+01:00',
  Amount: { Amount: '12.50', Currency: 'GBP' },
};

describe('Open Banking amounts', () => {
  it('parse exactly by the currency’s decimals, dropping only zeros past them', () => {
    expect(obMoney({ Amount: '0.29', Currency: 'GBP' }, 'a')).toEqual({ minor: '29', currency: 'GBP' });
    expect(obMoney({ Amount: '1000.00000', Currency: 'JPY' }, 'a')).toEqual({
      minor: '1000',
      currency: 'JPY',
    });
    expect(obMoney({ Amount: '1.23400', Currency: 'KWD' }, 'a')).toEqual({ minor: '1234', currency: 'KWD' });
    expect(obMoney({ Amount: '9999999999999.99', Currency: 'GBP' }, 'a').minor).toBe('999999999999999');
    expect(badData(() => obMoney({ Amount: '1.23450', Currency: 'KWD' }, 'a'))).toMatch(
      /4 decimals; KWD has 3/,
    );
    expect(badData(() => obMoney({ Amount: '1e3', Currency: 'GBP' }, 'a'))).toMatch(
      /not an unsigned decimal/,
    );
    expect(badData(() => obMoney({ Amount: '1.00', Currency: 'gbp' }, 'a'))).toMatch(/ISO 4217/);
  });
});

describe('Open Banking accounts, balances and transactions', () => {
  it('maps sub-types and schemes, and tolerates unknown (namespaced) scheme names', () => {
    const account = toSourceAccount(
      {
        AccountId: 'a1',
        Currency: 'EUR',
        AccountSubType: 'ChargeCard',
        Account: [{ SchemeName: 'BE.Bank.Internal', Identification: 'X-1' }],
      },
      0,
    );
    expect(account).toEqual({
      sourceId: 'a1',
      type: 'credit-card',
      currency: 'EUR',
      identifiers: [{ scheme: 'Other', value: 'X-1' }],
    });
    expect(toSourceAccount({ AccountId: 'a2', Currency: 'GBP', AccountSubType: 'EMoney' }, 1).type).toBe(
      'other',
    );
    expect(badData(() => toSourceAccount({ AccountId: '', Currency: 'GBP' }, 0))).toMatch(/AccountId/);
  });

  it('signs balances by CreditDebitIndicator and passes on only types the SDK has', () => {
    const at = '2025-01-01T00:00:00+00:00';
    const balances = toSourceBalances(
      [
        {
          AccountId: 'a1',
          Type: 'ClosingBooked',
          CreditDebitIndicator: 'Debit',
          DateTime: at,
          Amount: { Amount: '5.00', Currency: 'GBP' },
        },
        {
          AccountId: 'a1',
          Type: 'OpeningBooked',
          CreditDebitIndicator: 'Credit',
          DateTime: at,
          Amount: { Amount: '1.00', Currency: 'GBP' },
        },
        {
          AccountId: 'a1',
          Type: 'ForwardAvailable',
          CreditDebitIndicator: 'Credit',
          DateTime: at,
          Amount: { Amount: '0.00', Currency: 'GBP' },
          CreditLine: [
            { Included: false, Type: 'Pre-Agreed', Amount: { Amount: '250.00', Currency: 'GBP' } },
          ],
        },
      ],
      'a1',
    );
    expect(balances).toEqual([
      {
        sourceAccountId: 'a1',
        type: 'closing',
        amount: { minor: '-500', currency: 'GBP' },
        asOf: '2025-01-01T00:00:00.000Z',
      },
      {
        sourceAccountId: 'a1',
        type: 'expected',
        amount: { minor: '0', currency: 'GBP' },
        asOf: '2025-01-01T00:00:00.000Z',
        creditLimit: { minor: '25000', currency: 'GBP' },
      },
    ]);
    expect(badData(() => toSourceBalances([{ AccountId: 'a1', Type: 'Whatever' }], 'a1'))).toMatch(
      /OBBalanceType1Code/,
    );
  });

  it('keeps the bank’s booking date, prefers the ISO bank transaction code and finds the other party', () => {
    const [transaction] = toSourceTransactions(
      [
        {
          ...booked,
          TransactionId: 't1',
          BankTransactionCode: { Code: 'PMNT', SubCode: 'ICDT' },
          ProprietaryBankTransactionCode: { Code: 'DD' },
          CreditorAgent: { Name: 'Utility Bank plc' },
          MerchantDetails: { MerchantCategoryCode: '742' },
        },
      ],
      'a1',
    );
    expect(transaction).toEqual({
      sourceId: 't1',
      sourceAccountId: 'a1',
      amount: { minor: '1250', currency: 'GBP' },
      direction: 'debit',
      status: 'booked',
      bookingDate: '2025-03-30', // 22:30 UTC: the bank's calendar day, not UTC's
      counterparty: { name: 'Utility Bank plc' },
      merchant: { mcc: '0742' },
      sourceCode: 'PMNT/ICDT',
    });
    const [credit] = toSourceTransactions(
      [
        {
          ...booked,
          CreditDebitIndicator: 'Credit',
          DebtorAccount: { Name: 'J Smith', Identification: '40400412345678' },
          CreditorAccount: { Name: 'Me' },
        },
      ],
      'a1',
    );
    expect(credit?.counterparty).toEqual({ name: 'J Smith', account: '40400412345678' });
  });

  it('derives ids for identical transactions without TransactionId that differ only by occurrence', () => {
    const [first, second, other] = toSourceTransactions(
      [booked, booked, { ...booked, TransactionReference: 'R1' }],
      'a1',
    );
    expect(first?.sourceId).not.toBe(second?.sourceId);
    expect(other?.sourceId).not.toBe(first?.sourceId);
    expect(toSourceTransactions([booked], 'a1')[0]?.sourceId).toBe(first?.sourceId);
  });

  it('refuses a transaction for another account or with an unknown status', () => {
    expect(badData(() => toSourceTransactions([booked], 'a2'))).toMatch(/AccountId is not a2/);
    expect(badData(() => toSourceTransactions([{ ...booked, Status: 'Rejected' }], 'a1'))).toMatch(/Status/);
  });
});

describe('retry timing', () => {
  const settings = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 3_000, maxRetryAfterMs: 30_000 };

  it('backs off exponentially with jitter between half and all of the capped delay', () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffMs(retry, settings, () => 0))).toEqual([
      250, 500, 1000, 1500, 1500,
    ]);
    expect([1, 2, 3, 4, 5].map((retry) => backoffMs(retry, settings, () => 1))).toEqual([
      500, 1000, 2000, 3000, 3000,
    ]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7_000);
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
