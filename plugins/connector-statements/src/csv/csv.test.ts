import { errorsOf, plainEuroMapping, statementsOf } from '../testing/results';
import { describe, expect, it } from 'vitest';
import type { CsvMapping } from './mapping';
import { validateCsvMapping } from './mapping';
import { parseCsvStatement } from './parse';
import { readCsvRecords } from './records';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('CSV records', () => {
  it('reads quoted fields with delimiters, doubled quotes, line breaks and CRLF, keeping start lines', () => {
    const text = 'a;b;c\r\n1;"x; y";"say ""hi"""\r\n2;"two\r\nlines";z\r\n\r\n3;;\r\n';
    const { records, errors: problems } = readCsvRecords(text, ';', '"');
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x; y', 'say "hi"'] },
      { line: 3, fields: ['2', 'two\r\nlines', 'z'] },
      { line: 6, fields: ['3', '', ''] },
    ]);
  });

  it('reports a quote that never closes and text after a closing quote', () => {
    expect(readCsvRecords('a,b\n1,"x"y\n2,"open\n3,4\n', ',', '"').errors).toEqual([
      { line: 2, message: expect.stringMatching(/text follows a closing "/) },
      { line: 3, message: 'a quoted field opened on line 3 is never closed (a " is missing)' },
    ]);
  });
});

// A Czech bank export: windows-1250, ';', decimal comma, DD.MM.YYYY, debit/credit columns, two accounts.
const czechMapping: CsvMapping = {
  delimiter: ';',
  quote: '"',
  header: true,
  skipLines: 1,
  encoding: 'windows-1250',
  dateFormats: ['DD.MM.YYYY', 'D.M.YYYY'],
  decimalSeparator: ',',
  thousandsSeparator: ' ',
  bookingDate: 'Datum',
  valueDate: 'Valuta',
  amount: { kind: 'debit-credit', debit: 'Výdej', credit: 'Příjem' },
  currency: { column: 'Měna' },
  account: { column: 'Účet' },
  counterpartyName: 'Protistrana',
  counterpartyAccount: { join: ['Číslo protiúčtu', 'Kód banky'], separator: '/' },
  description: 'Popis',
  balanceAfter: 'Zůstatek',
};
const czechCsv = [
  'Výpis z účtu vytvořen 05.03.2024',
  'Účet;Datum;Valuta;Výdej;Příjem;Měna;Protistrana;Číslo protiúčtu;Kód banky;Popis;Zůstatek',
  '1234567890/0800;01.03.2024;01.03.2024;;25 000,00;CZK;Zaměstnavatel s.r.o.;19-2000145399;0800;Mzda únor;31 200,50',
  '1234567890/0800;02.03.2024;;1 250,50;;CZK;Žabka;;;"Nákup; karta";29 950,00',
  '1234567890/0800;2.3.2024;;89,90;;CZK;Žabka;;;"Nákup; karta";29 860,10',
  '9876543210/0100;03.03.2024;03.03.2024;;100,00;EUR;;;;Úrok;100,00',
].join('\r\n');
// TextEncoder only writes UTF-8: build the windows-1250 bytes from a map of the Czech letters used.
const cp1250: Record<string, number> = {
  Ý: 0xdd,
  ý: 0xfd,
  á: 0xe1,
  č: 0xe8,
  Č: 0xc8,
  ě: 0xec,
  é: 0xe9,
  í: 0xed,
  ó: 0xf3,
  ř: 0xf8,
  Ř: 0xd8,
  ú: 0xfa,
  Ú: 0xda,
  ů: 0xf9,
  ž: 0x9e,
  Ž: 0x8e,
};
const windows1250 = (text: string): Uint8Array =>
  Uint8Array.from([...text].map((char) => (char.charCodeAt(0) < 0x80 ? char.charCodeAt(0) : cp1250[char]!)));

describe('CSV statements through a mapping', () => {
  it('parses a multi-account windows-1250 export exactly', () => {
    const [first, second] = statementsOf(parseCsvStatement(windows1250(czechCsv), czechMapping));
    expect(first!.account).toEqual({
      sourceId: '1234567890/0800',
      type: 'current',
      currency: 'CZK',
      identifiers: [{ scheme: 'Other', value: '1234567890/0800' }],
    });
    expect(
      first!.transactions.map((t) => [t.bookingDate, t.direction, t.amount.minor, t.description]),
    ).toEqual([
      ['2024-03-01', 'credit', '2500000', 'Mzda únor'],
      ['2024-03-02', 'debit', '125050', 'Nákup; karta'],
      ['2024-03-02', 'debit', '8990', 'Nákup; karta'],
    ]);
    expect(first!.transactions[0]).toMatchObject({
      valueDate: '2024-03-01',
      counterparty: { name: 'Zaměstnavatel s.r.o.', account: '19-2000145399/0800' },
      balanceAfter: { minor: '3120050', currency: 'CZK' },
    });
    expect(first!.balances).toEqual([
      {
        sourceAccountId: '1234567890/0800',
        type: 'closing',
        amount: { minor: '2986010', currency: 'CZK' },
        asOf: '2024-03-02T23:59:59.999Z',
      },
    ]);
    expect(second!.account.currency).toBe('EUR');
    expect(second!.transactions).toHaveLength(1);
  });

  it('derives ids that are stable across parses and distinct for identical lines', () => {
    const csv = 'date,amount,text\n2024-01-02,-3.50,Coffee\n2024-01-02,-3.50,Coffee\n2024-01-02,-3.50,Tea\n';
    const mapping: CsvMapping = {
      ...plainEuroMapping,
      account: { fixed: 'GB33BUKB20201555555555' },
      description: 'text',
    };
    const ids = (): string[] =>
      statementsOf(parseCsvStatement(utf8(csv), mapping))[0]!.transactions.map((t) => t.sourceId);
    const first = ids();
    expect(ids()).toEqual(first);
    expect(new Set(first).size).toBe(3);
    expect(first[0]).toMatch(/^d-/);
    const [statement] = statementsOf(parseCsvStatement(utf8(csv), mapping));
    expect(statement!.account.identifiers).toEqual([{ scheme: 'IBAN', value: 'GB33BUKB20201555555555' }]);
    expect(statement!.transactions[0]!.amount).toEqual({ minor: '350', currency: 'EUR' });
    expect(statement!.balances).toEqual([]);
  });

  it('reads a headerless file by column position with an amount + direction column and MM/DD/YYYY dates', () => {
    const csv = '03/01/2024|100.00|CR|T1\n03/02/2024|40.25|dr|T2\n';
    const result = parseCsvStatement(utf8(csv), {
      delimiter: '|',
      quote: '"',
      header: false,
      encoding: 'utf-8',
      dateFormats: ['MM/DD/YYYY'],
      decimalSeparator: '.',
      bookingDate: 0,
      amount: { kind: 'direction', column: 1, directionColumn: 2, credit: ['CR'], debit: ['DR'] },
      currency: { fixed: 'USD' },
      account: { fixed: 'acc-1' },
      id: 3,
    });
    expect(
      statementsOf(result)[0]!.transactions.map((t) => [
        t.sourceId,
        t.bookingDate,
        t.direction,
        t.amount.minor,
      ]),
    ).toEqual([
      ['T1', '2024-03-01', 'credit', '10000'],
      ['T2', '2024-03-02', 'debit', '4025'],
    ]);
  });

  it('lists every bad line with its column and a reason, and returns no statements', () => {
    const csv = [
      'Datum;Částka;Měna;Účet;ID',
      '01.03.2024;12,30;CZK;A;1',
      '31.02.2024;12,3x;CZK;A;2',
      '02.03.2024;1,005;CZK;A;3',
      '03.03.2024;5,00;czk;A;4',
      '04.03.2024;5,00;CZK;A;1',
      '05.03.2024;5,00;CZK;A',
      '06.03.2024;5,00;EUR;A;6',
    ].join('\n');
    const result = parseCsvStatement(utf8(csv), {
      delimiter: ';',
      quote: '"',
      header: true,
      encoding: 'utf-8',
      dateFormats: ['DD.MM.YYYY'],
      decimalSeparator: ',',
      bookingDate: 'Datum',
      amount: { kind: 'signed', column: 'Částka' },
      currency: { column: 'Měna' },
      account: { column: 'Účet' },
      id: 'ID',
    });
    expect(errorsOf(result)).toEqual([
      {
        line: 3,
        field: 'Datum',
        message: 'line 3, column Datum: "31.02.2024" is not a date in the format DD.MM.YYYY',
      },
      { line: 3, field: 'Částka', message: 'line 3, column Částka: "12,3x" is not a number' },
      {
        line: 4,
        field: 'Částka',
        message: 'line 4, column Částka: Amount "1.005" has 3 decimals; CZK has 2.',
      },
      {
        line: 5,
        field: 'Měna',
        message: 'line 5, column Měna: "czk" is not an ISO 4217 currency code (e.g. EUR, CZK)',
      },
      {
        line: 6,
        field: 'ID',
        message: 'line 6, column ID: transaction id "1" is already used on line 2 for this account',
      },
      { line: 7, message: expect.stringMatching(/^line 7 has 4 columns, the header has 5/) },
      {
        line: 8,
        field: 'Měna',
        message:
          'line 8: currency EUR differs from CZK used for account A since line 2; a statement holds one currency per account',
      },
    ]);
  });

  it('rejects a mapping naming columns the file does not have, naming the ones it has', () => {
    const result = parseCsvStatement(utf8('date,amount\n2024-01-01,1.00\n'), {
      ...plainEuroMapping,
      amount: { kind: 'signed', column: 'Amount' },
      account: { fixed: 'x' },
      description: 'memo',
    });
    expect(errorsOf(result)).toEqual([
      {
        line: 1,
        field: 'amount.column',
        message: 'mapping.amount.column: the file has no column "Amount"; its header has "date", "amount"',
      },
      {
        line: 1,
        field: 'description',
        message: 'mapping.description: the file has no column "memo"; its header has "date", "amount"',
      },
    ]);
  });

  it('reports a file that is not in the declared encoding', () => {
    const result = parseCsvStatement(windows1250(czechCsv), { ...czechMapping, encoding: 'utf-8' });
    expect(errorsOf(result)).toEqual([
      { message: expect.stringMatching(/^The file is not valid UTF-8 text/) },
    ]);
  });
});

describe('CSV mapping validation', () => {
  it('accepts a complete mapping', () => {
    expect(validateCsvMapping(czechMapping)).toEqual({ ok: true, mapping: czechMapping });
  });

  it('lists every problem with the setting it is in', () => {
    const result = validateCsvMapping({
      delimiter: ';;',
      quote: '"',
      header: false,
      encoding: 'ebcdic',
      dateFormats: ['DD.MM.', 'YYYY-MM-DD'],
      decimalSeparator: ',',
      thousandsSeparator: ',',
      bookingDate: 'Datum',
      amount: { kind: 'direction', column: 1, directionColumn: 2, credit: ['C'], debit: ['c'] },
      currency: { fixed: 'eur' },
      account: {},
      colour: 'blue',
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((error) => error.field)).toEqual([
      'mapping.colour',
      'mapping.delimiter',
      'mapping.encoding',
      'mapping.dateFormats[0]',
      'mapping.thousandsSeparator',
      'mapping.bookingDate',
      'mapping.currency.fixed',
      'mapping.account',
      'mapping.amount.debit',
    ]);
  });

  it('refuses a non-object', () => {
    expect(validateCsvMapping('csv')).toEqual({
      ok: false,
      errors: [{ field: 'mapping', message: 'the mapping must be an object' }],
    });
  });
});
