/**
 * ISO 20022 camt.053 (BankToCustomerStatement), versions .001.02 and .001.08: XSD-validated against the
 * official schema first, then mapped. Every problem is listed with its line and element path.
 */
import {
  type AccountIdentifier,
  type AccountType,
  type BalanceType,
  type Money,
  MoneyFormatError,
  moneyFromDecimal,
  type SourceTransaction,
  type StatementParseResult,
  type TransactionStatus,
} from '@finpersona/plugin-sdk';
import { absolute, negate } from '../amounts';
import { decodeText } from '../decode';
import { Problems, quoted } from '../problems';
import { balanceInstant, StatementCollector, transactionDetails } from '../statements';
import { child, children, parseXmlTree, problemAt, textOf, type XmlElement } from '../xml-tree';
import { type CamtSchemas, type CamtVersion, camtVersions, loadCamtSchemas } from './schemas';
import { validateCamtXsd } from './validate';

export interface CamtParseOptions {
  /** The official schemas; by default fetched once into the FinPersona cache (`loadCamtSchemas`). */
  readonly schemas?: CamtSchemas;
  readonly maxErrors?: number;
}

const namespacePattern = /^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d\d)$/;

/** ISO 20022 balance type codes the platform keeps; others (forward available...) are not balances it shows. */
const balanceTypeByCode: Readonly<Record<string, { type: BalanceType; endOfDay: boolean }>> = {
  OPBD: { type: 'booked', endOfDay: false },
  PRCD: { type: 'booked', endOfDay: false },
  CLBD: { type: 'closing', endOfDay: true },
  ITBD: { type: 'interim', endOfDay: true },
  CLAV: { type: 'available', endOfDay: true },
  ITAV: { type: 'available', endOfDay: true },
  XPCD: { type: 'expected', endOfDay: true },
};

/** ISO 20022 cash account type codes. */
const accountTypeByCode: Readonly<Record<string, AccountType>> = {
  CACC: 'current',
  CASH: 'current',
  TRAN: 'current',
  SVGS: 'savings',
  CARD: 'credit-card',
  LOAN: 'loan',
  MOMA: 'savings',
};

export async function parseCamt053(
  bytes: Uint8Array,
  options: CamtParseOptions = {},
): Promise<StatementParseResult> {
  const decoded = decodeText(bytes, 'utf-8');
  if ('error' in decoded) {
    return {
      ok: false,
      errors: [{ message: 'The file is not UTF-8 text; ISO 20022 statements are always UTF-8.' }],
    };
  }
  const tree = parseXmlTree(decoded.text);
  if ('errors' in tree) {
    return {
      ok: false,
      errors: tree.errors.map((error) => ({
        line: error.line,
        message: `line ${error.line}: the XML is malformed: ${error.message}`,
      })),
    };
  }
  const root = tree.root;
  const version = namespacePattern.exec(root.namespace)?.[1];
  if (root.name !== 'Document' || !version) {
    return {
      ok: false,
      errors: [
        {
          line: root.line,
          field: root.name,
          message: `This is not a camt.053 statement: the root is <${root.name}> in namespace ${root.namespace || '(none)'}; expected <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"> (or .08).`,
        },
      ],
    };
  }
  if (!(camtVersions as readonly string[]).includes(version)) {
    return {
      ok: false,
      errors: [
        {
          line: root.line,
          field: 'Document',
          message: `camt.053.001.${version} is not supported yet; export camt.053.001.02 or .08.`,
        },
      ],
    };
  }
  const schemas = options.schemas ?? (await loadCamtSchemas());
  const xsdProblems = await validateCamtXsd(decoded.text, version as CamtVersion, schemas);
  if (xsdProblems.length > 0) return { ok: false, errors: xsdProblems };
  return mapDocument(root, version as CamtVersion, new Problems(options.maxErrors));
}

function mapDocument(root: XmlElement, version: CamtVersion, problems: Problems): StatementParseResult {
  const collector = new StatementCollector();
  const at = problemAt(problems);
  const money = (element: XmlElement | undefined, signedBy?: XmlElement): Money | undefined => {
    if (!element) return undefined;
    try {
      const value = moneyFromDecimal(element.text, element.attributes.Ccy ?? '');
      return signedBy?.text === 'DBIT' ? negate(value) : value;
    } catch (error) {
      if (error instanceof MoneyFormatError) at(element, error.message);
      else throw error;
      return undefined;
    }
  };

  for (const statement of children(child(root, 'BkToCstmrStmt'), 'Stmt')) {
    const statementId = textOf(statement, 'Id') ?? '';
    const account = child(statement, 'Acct')!;
    const identifiers: AccountIdentifier[] = [];
    const iban = textOf(account, 'Id', 'IBAN');
    const other = textOf(account, 'Id', 'Othr', 'Id');
    if (iban) identifiers.push({ scheme: 'IBAN', value: iban });
    if (other) identifiers.push({ scheme: 'Other', value: other });
    const accountId = iban ?? other ?? '';
    const entries = children(statement, 'Ntry');
    const currency =
      textOf(account, 'Ccy') ??
      child(entries[0], 'Amt')?.attributes.Ccy ??
      child(statement, 'Bal', 'Amt')?.attributes.Ccy;
    if (!currency) {
      at(
        account,
        'the account has no currency (Acct/Ccy) and the statement has no entries or balances to take it from',
      );
      continue;
    }
    const typeCode = textOf(account, 'Tp', 'Cd');
    const holderName = textOf(account, 'Ownr', 'Nm');
    const name = textOf(account, 'Nm');
    collector.addAccount({
      sourceId: accountId,
      type: typeCode ? (accountTypeByCode[typeCode] ?? 'other') : 'current',
      currency,
      identifiers,
      ...(name ? { name } : {}),
      ...(holderName ? { holderName } : {}),
    });

    for (const balance of children(statement, 'Bal')) {
      const code = textOf(balance, 'Tp', 'CdOrPrtry', 'Cd');
      const kind = code ? balanceTypeByCode[code] : undefined;
      if (!kind) continue;
      const amount = money(child(balance, 'Amt'), child(balance, 'CdtDbtInd'));
      const asOf = instant(child(balance, 'Dt'), kind.endOfDay);
      if (amount && asOf) collector.addBalance({ sourceAccountId: accountId, type: kind.type, amount, asOf });
    }

    for (const entry of entries) {
      const amountElement = child(entry, 'Amt')!;
      const signed = money(amountElement, child(entry, 'CdtDbtInd'));
      if (signed && signed.currency !== currency) {
        at(
          amountElement,
          `the entry is in ${signed.currency} but the account is in ${currency}; one statement account holds one currency`,
        );
      }
      const statusCode = version === '02' ? textOf(entry, 'Sts') : textOf(entry, 'Sts', 'Cd');
      // Information-only entries (INFO) are not bookings.
      if (statusCode === 'INFO') continue;
      const status = entryStatus(statusCode, version === '08' && child(entry, 'Sts', 'Prtry') !== undefined);
      if (!status)
        at(child(entry, 'Sts')!, `status ${quoted(statusCode ?? '')} is not BOOK, PDNG, FUTR or INFO`);
      const bookingDate = date(child(entry, 'BookgDt')) ?? date(child(entry, 'ValDt'));
      if (!bookingDate) at(entry, 'the entry has neither a booking date (BookgDt) nor a value date (ValDt)');
      const valueDate = date(child(entry, 'ValDt'));
      if (!signed || !status || !bookingDate || signed.currency !== currency) continue;

      const details = child(entry, 'NtryDtls', 'TxDtls');
      const credit = !signed.minor.startsWith('-');
      const party = child(details, 'RltdPties', credit ? 'Dbtr' : 'Cdtr');
      // .08 wraps the party in a choice (Pty or Agt); .02 has the name directly.
      const counterpartyName = textOf(party, 'Nm') ?? textOf(party, 'Pty', 'Nm');
      const partyAccount = child(details, 'RltdPties', credit ? 'DbtrAcct' : 'CdtrAcct', 'Id');
      const counterpartyAccount = textOf(partyAccount, 'IBAN') ?? textOf(partyAccount, 'Othr', 'Id');
      const unstructured = children(child(details, 'RmtInf'), 'Ustrd').map((line) => line.text);
      const description = unstructured.length > 0 ? unstructured.join('\n') : textOf(entry, 'AddtlNtryInf');
      const sourceCode = bankTransactionCode(child(entry, 'BkTxCd'));

      const bankReference = textOf(entry, 'AcctSvcrRef');
      const entryReference = textOf(entry, 'NtryRef');
      const sourceId =
        bankReference ??
        (entryReference
          ? `${statementId}:${entryReference}`
          : collector.derivedId(accountId, [
              bookingDate,
              signed.minor,
              signed.currency,
              description ?? '',
              counterpartyName ?? '',
            ]));
      const transaction: SourceTransaction = {
        sourceId,
        sourceAccountId: accountId,
        amount: absolute(signed),
        direction: credit ? 'credit' : 'debit',
        status,
        bookingDate,
        ...transactionDetails({ valueDate, counterpartyName, counterpartyAccount, description, sourceCode }),
      };
      const earlier = collector.addTransaction(transaction, `line ${entry.line}`);
      if (earlier)
        at(entry, `the entry reference ${quoted(sourceId)} was already used by the entry on ${earlier}`);
    }
  }
  if (problems.any) return { ok: false, errors: problems.list() };
  return { ok: true, statements: collector.statements() };
}

/**
 * BOOK is booked; PDNG and FUTR are pending. A bank's proprietary status (.08 only) cannot be read as
 * settled money, so it is kept as pending rather than rejecting the whole file.
 */
function entryStatus(code: string | undefined, proprietary: boolean): TransactionStatus | undefined {
  if (proprietary) return 'pending';
  if (code === 'BOOK') return 'booked';
  if (code === 'PDNG' || code === 'FUTR') return 'pending';
  return undefined;
}

/** `Dt` or `DtTm` inside a date choice, as an ISO date (a date-time keeps its own calendar day). */
function date(choice: XmlElement | undefined): string | undefined {
  return textOf(choice, 'Dt') ?? textOf(choice, 'DtTm')?.slice(0, 10);
}

function instant(choice: XmlElement | undefined, endOfDay: boolean): string | undefined {
  const day = textOf(choice, 'Dt');
  if (day) return balanceInstant(day, endOfDay);
  const dateTime = textOf(choice, 'DtTm');
  if (!dateTime) return undefined;
  // ISODateTime without an offset is read as UTC (the platform's time is UTC).
  const withZone = /(Z|[+-]\d\d:\d\d)$/.test(dateTime) ? dateTime : `${dateTime}Z`;
  return new Date(withZone).toISOString();
}

/** `PMNT/RCDT/ESCT` from the ISO domain, or the bank's proprietary code. */
function bankTransactionCode(code: XmlElement | undefined): string | undefined {
  const domain = textOf(code, 'Domn', 'Cd');
  if (domain) {
    return [domain, textOf(code, 'Domn', 'Fmly', 'Cd'), textOf(code, 'Domn', 'Fmly', 'SubFmlyCd')]
      .filter(Boolean)
      .join('/');
  }
  return textOf(code, 'Prtry', 'Cd');
}
