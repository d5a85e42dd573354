/**
 * OFX statement files, 1.x (SGML) and 2.x (XML): bank (STMTRS) and credit-card (CCSTMTRS) statements
 * with their transactions (STMTTRN) and ledger/available balances. Every problem is listed with its
 * line and element before anything is returned.
 */
import {
  type AccountType,
  type Money,
  MoneyFormatError,
  moneyFromDecimal,
  type SourceAccount,
  type StatementParseResult,
} from '@finpersona/plugin-sdk';
import { absolute, isNegative } from '../amounts';
import { isoDate } from '../dates';
import { decodeText, type TextEncoding } from '../decode';
import { Problems, quoted } from '../problems';
import { StatementCollector, transactionDetails } from '../statements';
import { child, children, problemAt, textOf, type XmlElement } from '../xml-tree';
import { readOfxElements } from './tokens';

export interface OfxParseOptions {
  readonly maxErrors?: number;
}

const accountTypeByOfx: Readonly<Record<string, AccountType>> = {
  CHECKING: 'current',
  SAVINGS: 'savings',
  MONEYMRKT: 'savings',
  CD: 'savings',
  CREDITLINE: 'loan',
};

/** OFX date-time: `YYYYMMDD[HHMMSS[.XXX]][[offset[:TZ]]]`. */
const ofxDatePattern =
  /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(?:(\d{2})(?:\.(\d{1,3}))?)?)?(?:\[([+-]?\d{1,2}(?:\.\d+)?)(?::[^\]]*)?\])?$/;

/** The text encoding an OFX file declares: 1.x in its header lines, 2.x in the XML declaration. */
function declaredEncoding(head: string): TextEncoding {
  const xml = /<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  if (xml) return xml === 'utf-8' ? 'utf-8' : xml.includes('1250') ? 'windows-1250' : 'windows-1252';
  if (/^ENCODING:\s*UTF-?8/im.test(head)) return 'utf-8';
  if (/^CHARSET:\s*1250/im.test(head)) return 'windows-1250';
  if (/^OFXHEADER:/im.test(head)) return 'windows-1252';
  return 'utf-8';
}

export function parseOfx(bytes: Uint8Array, options: OfxParseOptions = {}): StatementParseResult {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const decoded = decodeText(bytes, declaredEncoding(head));
  if ('error' in decoded) return { ok: false, errors: [{ message: decoded.error }] };
  const text = decoded.text;
  const start = text.search(/<OFX>/i);
  if (start < 0)
    return { ok: false, errors: [{ message: 'This is not an OFX file: it has no <OFX> element.' }] };
  const firstLine = text.slice(0, start).split('\n').length;
  const tree = readOfxElements(text.slice(start), firstLine);
  if ('errors' in tree) {
    return {
      ok: false,
      errors: tree.errors.map((error) => ({
        line: error.line,
        message: `line ${error.line}: ${error.message}`,
      })),
    };
  }

  const problems = new Problems(options.maxErrors);
  const collector = new StatementCollector();
  const at = problemAt(problems);
  const required = (parent: XmlElement, name: string): XmlElement | undefined => {
    const found = child(parent, name);
    if (!found || found.text === '') at(parent, `<${name}> is missing`);
    return found && found.text !== '' ? found : undefined;
  };
  const date = (element: XmlElement | undefined): { date: string; instant: string } | undefined => {
    if (!element) return undefined;
    const parsed = parseOfxDate(element.text);
    if (!parsed)
      at(
        element,
        `${quoted(element.text)} is not an OFX date (YYYYMMDD, optionally HHMMSS and [offset:zone])`,
      );
    return parsed;
  };
  const amount = (element: XmlElement | undefined, currency: string): Money | undefined => {
    if (!element) return undefined;
    try {
      return moneyFromDecimal(element.text, currency);
    } catch (error) {
      if (!(error instanceof MoneyFormatError)) throw error;
      at(
        element,
        /not a decimal/.test(error.message) ? `${quoted(element.text)} is not a number` : error.message,
      );
      return undefined;
    }
  };

  const responses = [
    ...children(child(tree.root, 'BANKMSGSRSV1'), 'STMTTRNRS').map((wrapper) => ({
      wrapper,
      name: 'STMTRS',
    })),
    ...children(child(tree.root, 'CREDITCARDMSGSRSV1'), 'CCSTMTTRNRS').map((wrapper) => ({
      wrapper,
      name: 'CCSTMTRS',
    })),
  ];
  if (responses.length === 0)
    at(tree.root, 'the file has no bank (STMTRS) or credit-card (CCSTMTRS) statement');

  for (const { wrapper, name } of responses) {
    const statusCode = textOf(wrapper, 'STATUS', 'CODE');
    if (statusCode !== undefined && statusCode !== '0') {
      at(
        child(wrapper, 'STATUS')!,
        `the bank reported error ${statusCode}${textOf(wrapper, 'STATUS', 'MESSAGE') ? ` (${textOf(wrapper, 'STATUS', 'MESSAGE')})` : ''} instead of a statement`,
      );
      continue;
    }
    const statement = child(wrapper, name);
    if (!statement) {
      at(wrapper, `<${name}> is missing`);
      continue;
    }
    const currencyElement = required(statement, 'CURDEF');
    const currency = currencyElement?.text.toUpperCase() ?? '';
    const currencyValid = /^[A-Z]{3}$/.test(currency);
    if (currencyElement && !currencyValid)
      at(currencyElement, `${quoted(currencyElement.text)} is not an ISO 4217 currency code`);
    const accountName = name === 'STMTRS' ? 'BANKACCTFROM' : 'CCACCTFROM';
    const accountElement = child(statement, accountName);
    if (!accountElement) at(statement, `<${accountName}> is missing`);
    const accountIdElement = accountElement && required(accountElement, 'ACCTID');
    if (!accountIdElement || !currencyValid) continue;
    const account = accountOf(accountIdElement.text, accountElement, name === 'CCSTMTRS', currency);
    collector.addAccount(account);

    for (const [balanceName, type] of [
      ['LEDGERBAL', 'booked'],
      ['AVAILBAL', 'available'],
    ] as const) {
      const balance = child(statement, balanceName);
      if (!balance) continue;
      const value = amount(required(balance, 'BALAMT'), currency);
      const asOf = date(required(balance, 'DTASOF'));
      if (value && asOf)
        collector.addBalance({ sourceAccountId: account.sourceId, type, amount: value, asOf: asOf.instant });
    }

    for (const transaction of children(child(statement, 'BANKTRANLIST'), 'STMTTRN')) {
      const before = problems.count;
      const fitId = required(transaction, 'FITID');
      const posted = date(required(transaction, 'DTPOSTED'));
      const signed = amount(required(transaction, 'TRNAMT'), currency);
      const userDate = date(child(transaction, 'DTAVAIL') ?? child(transaction, 'DTUSER'));
      const sic = child(transaction, 'SIC');
      if (sic && !/^\d{4}$/.test(sic.text))
        at(sic, `${quoted(sic.text)} is not a 4-digit merchant category code`);
      const foreign = textOf(transaction, 'CURRENCY', 'CURSYM');
      if (foreign && foreign.toUpperCase() !== currency) {
        at(
          child(transaction, 'CURRENCY')!,
          `amounts in ${foreign} on a ${currency} statement are not supported; export the statement in ${currency}`,
        );
      }
      if (problems.count > before || !fitId || !posted || !signed) continue;
      const payee = textOf(transaction, 'NAME') ?? textOf(transaction, 'PAYEE', 'NAME');
      const trnType = textOf(transaction, 'TRNTYPE');
      // A merchant category code or a point-of-sale type means the payee is a merchant.
      const isMerchant = sic !== undefined || trnType === 'POS';
      const toAccount =
        textOf(transaction, 'BANKACCTTO', 'ACCTID') ?? textOf(transaction, 'CCACCTTO', 'ACCTID');
      const earlier = collector.addTransaction(
        {
          sourceId: fitId.text,
          sourceAccountId: account.sourceId,
          amount: absolute(signed),
          direction: isNegative(signed) ? 'debit' : 'credit',
          status: 'booked',
          bookingDate: posted.date,
          ...transactionDetails({
            valueDate: userDate?.date,
            counterpartyName: isMerchant ? undefined : payee,
            counterpartyAccount: toAccount,
            merchantName: isMerchant ? payee : undefined,
            mcc: sic?.text,
            description: textOf(transaction, 'MEMO'),
            sourceCode: trnType,
          }),
        },
        `line ${fitId.line}`,
      );
      if (earlier) at(fitId, `FITID ${quoted(fitId.text)} is already used by the transaction on ${earlier}`);
    }
  }
  if (problems.any) return { ok: false, errors: problems.list() };
  return { ok: true, statements: collector.statements() };
}

function accountOf(
  accountId: string,
  element: XmlElement,
  creditCard: boolean,
  currency: string,
): SourceAccount {
  const bankId = textOf(element, 'BANKID');
  const type = creditCard ? 'credit-card' : (accountTypeByOfx[textOf(element, 'ACCTTYPE') ?? ''] ?? 'other');
  return {
    sourceId: accountId,
    type,
    currency,
    identifiers: [
      creditCard
        ? { scheme: 'PAN', value: accountId }
        : { scheme: 'Other', value: bankId ? `${bankId} ${accountId}` : accountId },
    ],
  };
}

/** The calendar date as written (the bank's booking day) and the UTC instant (for balances). */
export function parseOfxDate(text: string): { date: string; instant: string } | undefined {
  const match = ofxDatePattern.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', millis = '0', offset = '0'] = match;
  const date = isoDate(Number(year), Number(month), Number(day));
  if (!date || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const local = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    Number(millis.padEnd(3, '0')),
  );
  return { date, instant: new Date(local - Number(offset) * 3_600_000).toISOString() };
}
