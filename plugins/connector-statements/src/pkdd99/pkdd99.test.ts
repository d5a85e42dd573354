// The real PKDD'99 bank data through the CSV path. Needs the shared data folder: without it these
// tests fail with the message saying where it was looked for (they never skip).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedStatement, SourceTransaction } from '@finpersona/plugin-sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsvStatement } from '../csv/parse';
import { pkdd99TransactionsMapping } from './preset';
import {
  decodeBirthNumber,
  pkdd99Directory,
  readPkdd99Cards,
  readPkdd99Customers,
  readPkdd99Dispositions,
  readPkdd99Loans,
  readPkdd99Orders,
  splitPkdd99Transactions,
} from './relations';

/** The file read independently of the CSV parser: a plain split, to check the parser against. */
function rawRows(directory: string): { account: string; signedMinor: bigint; balanceMinor: bigint }[] {
  const lines = readFileSync(join(directory, 'trans.asc'), 'latin1').split(/\r?\n/).slice(1).filter(Boolean);
  const minor = (text: string): bigint => BigInt(text.replace('.', ''));
  return lines.map((line) => {
    const fields = line.split(';').map((field) => field.replace(/^"|"$/g, ''));
    const amount = minor(fields[5]!);
    return {
      account: fields[1]!,
      signedMinor: fields[3] === 'PRIJEM' ? amount : -amount,
      balanceMinor: minor(fields[6]!),
    };
  });
}

const signed = (transaction: SourceTransaction): bigint =>
  transaction.direction === 'credit' ? BigInt(transaction.amount.minor) : -BigInt(transaction.amount.minor);

describe("PKDD'99 trans.asc through the CSV mapping preset", () => {
  let directory: string;
  let statements: readonly ParsedStatement[];

  beforeAll(() => {
    directory = pkdd99Directory();
    const bytes = readFileSync(join(directory, 'trans.asc'));
    const started = performance.now();
    const result = parseCsvStatement(bytes, pkdd99TransactionsMapping);
    const elapsed = performance.now() - started;
    if (!result.ok) throw new Error(`trans.asc did not parse: ${JSON.stringify(result.errors.slice(0, 5))}`);
    statements = result.statements;
    const rows = statements.reduce((sum, statement) => sum + statement.transactions.length, 0);
    console.log(
      `PKDD'99 trans.asc: ${rows} rows, ${statements.length} accounts parsed in ${elapsed.toFixed(0)} ms`,
    );
  });

  it('parses all 49,101 rows with no errors, counted per account as the file has them', () => {
    const raw = rawRows(directory);
    expect(raw).toHaveLength(49_101);
    const expected = new Map<string, number>();
    for (const row of raw) expected.set(row.account, (expected.get(row.account) ?? 0) + 1);
    const parsed = new Map(
      statements.map((statement) => [statement.account.sourceId, statement.transactions.length]),
    );
    expect(parsed).toEqual(expected);
  });

  it('maps a row exactly: id, account, date, direction, money, balance, code, counterparty', () => {
    // 695340;2378;930207;"VYDAJ";"PREVOD NA UCET";9612.00;80033.70;"SIPO";"EF";"1222903"
    const account = statements.find((statement) => statement.account.sourceId === '2378')!;
    expect(account.account).toMatchObject({
      currency: 'CZK',
      type: 'current',
      identifiers: [{ scheme: 'Other', value: '2378' }],
    });
    expect(account.transactions.find((transaction) => transaction.sourceId === '695340')).toEqual({
      sourceId: '695340',
      sourceAccountId: '2378',
      amount: { minor: '961200', currency: 'CZK' },
      direction: 'debit',
      status: 'booked',
      bookingDate: '1993-02-07',
      counterparty: { account: '1222903/EF' },
      description: 'PREVOD NA UCET',
      sourceCode: 'SIPO',
      balanceAfter: { minor: '8003370', currency: 'CZK' },
    });
  });

  it("each account's closing balance is the balance column of its last row in the file", () => {
    const lastBalance = new Map<string, bigint>();
    for (const row of rawRows(directory)) lastBalance.set(row.account, row.balanceMinor);
    for (const statement of statements) {
      expect(statement.balances).toHaveLength(1);
      expect(BigInt(statement.balances[0]!.amount.minor), statement.account.sourceId).toBe(
        lastBalance.get(statement.account.sourceId),
      );
    }
  });

  /**
   * Integrity of the mapping against the file's own balance column: per account, each day's bookings
   * are put in the order their balances chain in, and every step must satisfy
   * balance_after = previous balance + signed amount. The data itself carries two known blemishes, each
   * bounded here: interest (UROK) and fee (SLUZBY) days drift by at most 1 CZK (rounding in the source),
   * and on the copy's last day (1994-03-31) bookings cut off by the truncation leave gaps. A wrong sign,
   * scale or direction map breaks thousands of steps by whole amounts.
   */
  it('signed amounts chain into the balance column for every account', () => {
    const lastDay = statements.reduce(
      (latest, statement) =>
        statement.transactions.reduce((day, t) => (t.bookingDate > day ? t.bookingDate : day), latest),
      '',
    );
    let steps = 0;
    let exact = 0;
    const outside: string[] = [];
    for (const statement of statements) {
      const days = new Map<string, SourceTransaction[]>();
      for (const transaction of statement.transactions) {
        days.set(transaction.bookingDate, [...(days.get(transaction.bookingDate) ?? []), transaction]);
      }
      let balance = 0n;
      for (const day of [...days.keys()].sort()) {
        const left = [...days.get(day)!];
        const codes = new Set(left.map((transaction) => transaction.sourceCode?.trim()));
        while (left.length > 0) {
          const residual = (t: SourceTransaction): bigint =>
            BigInt(t.balanceAfter!.minor) - balance - signed(t);
          const abs = (value: bigint): bigint => (value < 0n ? -value : value);
          let best = 0;
          left.forEach((transaction, index) => {
            if (abs(residual(transaction)) < abs(residual(left[best]!))) best = index;
          });
          const [next] = left.splice(best, 1);
          const off = abs(residual(next!));
          steps += 1;
          if (off === 0n) exact += 1;
          else if (!(off <= 100n && (codes.has('UROK') || codes.has('SLUZBY'))) && day !== lastDay) {
            outside.push(`${statement.account.sourceId} ${day} ${next!.sourceId}: off by ${off} minor units`);
          }
          balance = BigInt(next!.balanceAfter!.minor);
        }
      }
    }
    console.log(
      `PKDD'99 balance chain: ${exact} of ${steps} steps exact; ${outside.length} outside the known blemishes`,
    );
    expect(steps).toBe(49_101);
    expect(exact / steps).toBeGreaterThan(0.95);
    // Steps off by 0.10 CZK on days without interest or fees (seen: 77 of 49,101) are allowed up to 0.5%.
    expect(outside.length).toBeLessThan(steps * 0.005);
    for (const line of outside) expect(line).toMatch(/off by (10|20) minor units$/);
  });

  it('gives the same ids on a second parse', () => {
    const again = parseCsvStatement(readFileSync(join(directory, 'trans.asc')), pkdd99TransactionsMapping);
    expect(again.ok && again.statements.map((s) => s.transactions.map((t) => t.sourceId))).toEqual(
      statements.map((s) => s.transactions.map((t) => t.sourceId)),
    );
  });
});

describe("PKDD'99 clients, accounts and owners", () => {
  it('decodes birth numbers (women: month + 50)', () => {
    expect(decodeBirthNumber('706213')).toEqual({ sex: 'female', birthDate: '1970-12-13' });
    expect(decodeBirthNumber('450204')).toEqual({ sex: 'male', birthDate: '1945-02-04' });
    expect(decodeBirthNumber('451304')).toBeUndefined();
  });

  it('lists every client with the accounts they own', () => {
    const customers = readPkdd99Customers(pkdd99Directory());
    expect(customers).toHaveLength(5369);
    const owned = customers.flatMap((customer) => customer.ownedAccounts.map((account) => account.accountId));
    // Every one of the 4,500 accounts has exactly one owner.
    expect(owned).toHaveLength(4500);
    expect(new Set(owned).size).toBe(4500);
    const first = customers.find((customer) => customer.client.clientId === '1')!;
    expect(first.client).toEqual({ clientId: '1', sex: 'female', birthDate: '1970-12-13', districtId: '18' });
    expect(first.ownedAccounts.map((account) => account.accountId)).toEqual(['1']);
    // Client 3 is a disponent of account 2, not its owner.
    expect(customers.find((customer) => customer.client.clientId === '3')!.ownedAccounts).toEqual([]);
    expect(customers.find((customer) => customer.client.clientId === '2')!.ownedAccounts[0]).toMatchObject({
      accountId: '2',
      statementFrequency: expect.stringMatching(/^POPLATEK /),
      openedOn: expect.stringMatching(/^199[3-8]-\d\d-\d\d$/),
    });
  });

  it('reads standing orders, loans and cards with exact amounts and dates', () => {
    const directory = pkdd99Directory();
    const orders = readPkdd99Orders(directory);
    expect(orders).toHaveLength(6471);
    // The first line: 29401;1;"YZ";"87144583";2452.00;"SIPO"
    expect(orders[0]).toEqual({
      orderId: '29401',
      accountId: '1',
      bankTo: 'YZ',
      accountTo: '87144583',
      amountMinor: 245_200,
      kSymbol: 'SIPO',
    });
    expect(new Set(orders.map((order) => order.kSymbol))).toEqual(
      new Set(['SIPO', 'UVER', 'POJISTNE', 'LEASING', '']),
    );

    const loans = readPkdd99Loans(directory);
    expect(loans).toHaveLength(682);
    // 5314;1787;930705;96396;12;8033.00;"B"
    expect(loans[0]).toEqual({
      loanId: '5314',
      accountId: '1787',
      grantedOn: '1993-07-05',
      amountMinor: 9_639_600,
      durationMonths: 12,
      monthlyPaymentMinor: 803_300,
      status: 'B',
    });
    // The documented duration and payments agree with the amount for every loan (to a crown per month).
    for (const loan of loans) {
      expect(Math.abs(loan.amountMinor - loan.durationMonths * loan.monthlyPaymentMinor)).toBeLessThan(
        100 * loan.durationMonths,
      );
    }

    const cards = readPkdd99Cards(directory);
    expect(cards).toHaveLength(892);
    // 1005;9285;"classic";931107 00:00:00
    expect(cards[0]).toEqual({
      cardId: '1005',
      dispositionId: '9285',
      type: 'classic',
      issuedOn: '1993-11-07',
    });
    const dispositions = new Set(readPkdd99Dispositions(directory).map((d) => d.dispositionId));
    expect(cards.every((card) => dispositions.has(card.dispositionId))).toBe(true);
  });

  it('says where it looked when the data is missing', () => {
    const saved = process.env.FINPERSONA_SHARED_DATA;
    process.env.FINPERSONA_SHARED_DATA = '/nonexistent/shared-data';
    try {
      expect(() => pkdd99Directory()).toThrow(
        /not at \/nonexistent\/shared-data\/pkdd99.*FINPERSONA_SHARED_DATA/,
      );
    } finally {
      if (saved === undefined) delete process.env.FINPERSONA_SHARED_DATA;
      else process.env.FINPERSONA_SHARED_DATA = saved;
    }
  });
});

describe("PKDD'99 trans.asc cut into one upload per account", () => {
  it("every account's file holds exactly its rows (header + lines, bytes as in the original) and parses to the same statement", () => {
    const directory = pkdd99Directory();
    const bytes = readFileSync(join(directory, 'trans.asc'));
    const whole = parseCsvStatement(bytes, pkdd99TransactionsMapping);
    if (!whole.ok) throw new Error('trans.asc did not parse');
    const parts = splitPkdd99Transactions(bytes);
    expect([...parts.keys()].sort()).toEqual(whole.statements.map((s) => s.account.sourceId).sort());
    const header = Buffer.from(bytes).toString('latin1').split('\n')[0]!;
    let lines = 0;
    for (const statement of whole.statements) {
      const part = Buffer.from(parts.get(statement.account.sourceId)!).toString('latin1');
      expect(part.startsWith(`${header}\n`)).toBe(true);
      const body = part.split('\n').slice(1).filter(Boolean);
      lines += body.length;
      // Every line is a line of the original file, of this account only.
      for (const line of body) expect(line.split(';')[1]).toBe(statement.account.sourceId);
      const alone = parseCsvStatement(parts.get(statement.account.sourceId)!, pkdd99TransactionsMapping);
      if (!alone.ok) throw new Error(`account ${statement.account.sourceId} did not parse alone`);
      expect(alone.statements).toEqual([statement]);
    }
    expect(lines).toBe(49_101);
  });

  it('keeps only the accounts asked for, and refuses a file that is not trans.asc', () => {
    const bytes = readFileSync(join(pkdd99Directory(), 'trans.asc'));
    expect([...splitPkdd99Transactions(bytes, new Set(['2378', '576'])).keys()].sort()).toEqual([
      '2378',
      '576',
    ]);
    expect(() => splitPkdd99Transactions(Buffer.from('a;b\n1;2\n'))).toThrow(/header/);
  });
});
