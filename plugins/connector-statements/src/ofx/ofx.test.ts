import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorsOf, statementsOf, lineOf } from '../testing/results';
import { describe, expect, it } from 'vitest';
import { parseOfx, parseOfxDate } from './parse';

const fixtureBytes = (name: string): Buffer => readFileSync(join(__dirname, 'fixtures', name));
const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const fromLatin1 = (text: string): Uint8Array => Buffer.from(text, 'latin1');

describe('OFX 1.x (SGML, unclosed value tags, windows-1252)', () => {
  const file = fixtureBytes('checking-v102.ofx');

  it('maps the account, balances and transactions exactly', () => {
    const [statement] = statementsOf(parseOfx(file));
    expect(statement!.account).toEqual({
      sourceId: '4421987001',
      type: 'current',
      currency: 'USD',
      identifiers: [{ scheme: 'Other', value: '121000248 4421987001' }],
    });
    expect(statement!.balances).toEqual([
      {
        sourceAccountId: '4421987001',
        type: 'booked',
        amount: { minor: '290783', currency: 'USD' },
        asOf: '2024-04-01T04:59:59.000Z',
      },
      {
        sourceAccountId: '4421987001',
        type: 'available',
        amount: { minor: '285783', currency: 'USD' },
        asOf: '2024-03-31T00:00:00.000Z',
      },
    ]);
    const [salary, groceries, rent] = statement!.transactions;
    expect(salary).toEqual({
      sourceId: '202403010001',
      sourceAccountId: '4421987001',
      amount: { minor: '315000', currency: 'USD' },
      direction: 'credit',
      status: 'booked',
      bookingDate: '2024-03-01',
      counterparty: { name: 'ACME PAYROLL' },
      description: 'Salary March',
      sourceCode: 'DIRECTDEP',
    });
    // SIC becomes the merchant category code; the charset's é and the &amp; entity are decoded.
    expect(groceries).toEqual({
      sourceId: '202403020007',
      sourceAccountId: '4421987001',
      amount: { minor: '4217', currency: 'USD' },
      direction: 'debit',
      status: 'booked',
      bookingDate: '2024-03-02',
      valueDate: '2024-03-01',
      merchant: { name: 'WHOLE FOODS #123', mcc: '5411' },
      description: 'Café & groceries',
      sourceCode: 'POS',
    });
    // The payee aggregate's name and the account paid to.
    expect(rent).toMatchObject({
      direction: 'debit',
      amount: { minor: '120000' },
      counterparty: { name: 'Oak Street Rentals', account: '99887766' },
      sourceCode: 'CHECK',
    });
  });

  it('gives the same ids on every parse', () => {
    const ids = (): string[] => statementsOf(parseOfx(file))[0]!.transactions.map((t) => t.sourceId);
    expect(ids()).toEqual(ids());
  });

  it('lists every bad value with its line and element, and returns no statements', () => {
    const text = latin1(file)
      .replace('<TRNAMT>-42.17', '<TRNAMT>-42,1x')
      .replace('<DTPOSTED>20240315', '<DTPOSTED>20240231')
      .replace('<SIC>5411', '<SIC>GROC')
      .replace('<FITID>202403150002', '<FITID>202403010001');
    expect(errorsOf(parseOfx(fromLatin1(text)))).toEqual([
      {
        line: lineOf(text, '<TRNAMT>-42,1x'),
        field: 'OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN[2]/TRNAMT',
        message: `line ${lineOf(text, '<TRNAMT>-42,1x')}, OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN[2]/TRNAMT: "-42,1x" is not a number`,
      },
      expect.objectContaining({
        line: lineOf(text, '<SIC>GROC'),
        message: expect.stringMatching(/"GROC" is not a 4-digit merchant category code$/),
      }),
      expect.objectContaining({
        line: lineOf(text, '<DTPOSTED>20240231'),
        message: expect.stringMatching(/"20240231" is not an OFX date/),
      }),
    ]);
    const repeated = latin1(file).replace('<FITID>202403150002', '<FITID>202403010001');
    expect(errorsOf(parseOfx(fromLatin1(repeated)))).toEqual([
      expect.objectContaining({
        line: lineOf(repeated, '<CHECKNUM>') - 1,
        message: expect.stringMatching(
          /FITID "202403010001" is already used by the transaction on line \d+$/,
        ),
      }),
    ]);
  });

  it('reports structure errors: an aggregate left open, a stray closing tag, a missing account', () => {
    const unclosed = latin1(file).replace('</PAYEE>\n', '');
    expect(errorsOf(parseOfx(fromLatin1(unclosed)))[0]).toEqual({
      line: lineOf(unclosed, '<PAYEE>'),
      message: `line ${lineOf(unclosed, '<PAYEE>')}: <PAYEE> opened on line ${lineOf(unclosed, '<PAYEE>')} is not closed before </STMTTRN> on line ${lineOf(unclosed, '</STMTTRN>\n</BANKTRANLIST>')}`,
    });
    const noAccount = latin1(file).replace('<ACCTID>4421987001\n', '');
    expect(errorsOf(parseOfx(fromLatin1(noAccount)))).toEqual([
      expect.objectContaining({
        field: 'OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKACCTFROM',
        message: expect.stringMatching(/<ACCTID> is missing$/),
      }),
    ]);
    expect(errorsOf(parseOfx(new TextEncoder().encode('Date,Amount\n')))).toEqual([
      { message: 'This is not an OFX file: it has no <OFX> element.' },
    ]);
  });
});

describe('OFX 2.x (XML)', () => {
  const file = fixtureBytes('creditcard-v220.ofx');

  it('maps a credit-card statement', () => {
    const [statement] = statementsOf(parseOfx(file));
    expect(statement!.account).toEqual({
      sourceId: '4111111111111111',
      type: 'credit-card',
      currency: 'EUR',
      identifiers: [{ scheme: 'PAN', value: '4111111111111111' }],
    });
    expect(statement!.balances).toEqual([
      {
        sourceAccountId: '4111111111111111',
        type: 'booked',
        amount: { minor: '-134510', currency: 'EUR' },
        asOf: '2024-05-31T00:00:00.000Z',
      },
    ]);
    expect(statement!.transactions).toEqual([
      {
        sourceId: 'CC-20240503-1',
        sourceAccountId: '4111111111111111',
        amount: { minor: '8990', currency: 'EUR' },
        direction: 'debit',
        status: 'booked',
        bookingDate: '2024-05-03',
        valueDate: '2024-05-02',
        merchant: { name: 'Trattoria Roma', mcc: '5812' },
        sourceCode: 'DEBIT',
      },
      {
        sourceId: 'CC-20240520-1',
        sourceAccountId: '4111111111111111',
        amount: { minor: '25000', currency: 'EUR' },
        direction: 'credit',
        status: 'booked',
        bookingDate: '2024-05-20',
        counterparty: { name: 'Payment - thank you' },
        sourceCode: 'CREDIT',
      },
    ]);
  });

  it('reports a mismatched closing tag and a bank error status', () => {
    const text = file.toString('utf8');
    const broken = text.replace('</CCACCTFROM>', '</CCACCTFRM>');
    const problems = errorsOf(parseOfx(new TextEncoder().encode(broken)));
    expect(problems[0]).toEqual({
      line: lineOf(broken, '</CCACCTFRM>'),
      message: `line ${lineOf(broken, '</CCACCTFRM>')}: </CCACCTFRM> closes an element that is not open`,
    });
    const refused = text.replace(
      '<CODE>0</CODE>\n        <SEVERITY>INFO</SEVERITY>\n      </STATUS>\n      <CCSTMTRS>',
      '<CODE>2000</CODE>\n        <SEVERITY>ERROR</SEVERITY>\n      </STATUS>\n      <CCSTMTRS>',
    );
    expect(errorsOf(parseOfx(new TextEncoder().encode(refused)))[0]!.message).toMatch(
      /the bank reported error 2000 instead of a statement$/,
    );
  });
});

describe('OFX dates', () => {
  it('reads the day as written and the instant in UTC', () => {
    expect(parseOfxDate('20240302120000[-5:EST]')).toEqual({
      date: '2024-03-02',
      instant: '2024-03-02T17:00:00.000Z',
    });
    expect(parseOfxDate('20240605080000.250[+1:CET]')).toEqual({
      date: '2024-06-05',
      instant: '2024-06-05T07:00:00.250Z',
    });
    expect(parseOfxDate('20240229')).toEqual({ date: '2024-02-29', instant: '2024-02-29T00:00:00.000Z' });
    expect(parseOfxDate('20230229')).toBeUndefined();
    expect(parseOfxDate('2024-03-02')).toBeUndefined();
  });
});
