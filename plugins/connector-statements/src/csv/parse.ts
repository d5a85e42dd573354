/**
 * CSV statement files through a `CsvMapping`: the whole file is read and every line checked before
 * anything is returned; one `ParsedStatement` per account found.
 */
import {
  type AccountIdentifierScheme,
  deriveSourceId,
  type Money,
  type ParsedStatement,
  type SourceBalance,
  type SourceTransaction,
  type StatementParseResult,
  type TransactionDirection,
} from '@finpersona/plugin-sdk';
import { absolute, isNegative, negate, parseAmount } from '../amounts';
import { compileDateFormat, parseDate } from '../dates';
import { decodeText } from '../decode';
import { Problems, quoted } from '../problems';
import { transactionDetails } from '../statements';
import { type ColumnRef, type ColumnSource, type CsvMapping, validateCsvMapping } from './mapping';
import { type CsvRecord, readCsvRecords } from './records';

export interface CsvParseOptions {
  /** Most problems listed before the rest are summarised (default 1000). */
  readonly maxErrors?: number;
}

interface AccountRows {
  currency: string;
  firstLine: number;
  transactions: SourceTransaction[];
  /** Lines by sourceId, to report a repeated bank id with both lines. */
  idLines: Map<string, number>;
  /** Occurrences of identical derived-id parts, so two identical coffees stay two transactions. */
  occurrences: Map<string, number>;
}

const ibanPattern = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

/** Parses a CSV statement file with `mapping` (given as JSON: it is validated first). */
export function parseCsvStatement(
  bytes: Uint8Array,
  mappingInput: unknown,
  options: CsvParseOptions = {},
): StatementParseResult {
  const validation = validateCsvMapping(mappingInput);
  if (!validation.ok) return { ok: false, errors: validation.errors };
  const mapping = validation.mapping;
  const problems = new Problems(options.maxErrors);

  const decoded = decodeText(bytes, mapping.encoding);
  if ('error' in decoded) return { ok: false, errors: [{ message: decoded.error }] };
  const { records, errors: syntaxErrors } = readCsvRecords(decoded.text, mapping.delimiter, mapping.quote);
  for (const error of syntaxErrors) problems.add(error.line, undefined, error.message);

  const skip = mapping.skipLines ?? 0;
  const body = records.filter((record) => record.line > skip);
  let headerRecord: CsvRecord | undefined;
  if (mapping.header) {
    headerRecord = body.shift();
    if (!headerRecord)
      return { ok: false, errors: [{ message: 'The file is empty: it has no header row.' }] };
  }
  const columns = resolveColumns(mapping, headerRecord, body[0], problems);
  if (!columns) return { ok: false, errors: problems.list() };
  if (body.length === 0) problems.add(undefined, undefined, 'The file has no transactions.');

  const dateFormats = mapping.dateFormats.map(compileDateFormat);
  const pivot = mapping.twoDigitYearPivot ?? 50;
  const accounts = new Map<string, AccountRows>();
  const expectedWidth = headerRecord?.fields.length ?? body[0]?.fields.length ?? 0;

  for (const record of body) {
    const { line, fields } = record;
    if (fields.length !== expectedWidth) {
      problems.add(
        line,
        undefined,
        `line ${line} has ${fields.length} columns, the ${headerRecord ? 'header has' : 'first line has'} ${expectedWidth}; check for an unquoted ${JSON.stringify(mapping.delimiter)} in a text`,
      );
      continue;
    }
    const cell = (ref: ColumnRef): string => (fields[columns.get(ref)!] ?? '').trim();
    const name = (ref: ColumnRef): string => columnName(ref, headerRecord);
    const lineProblem = (ref: ColumnRef, message: string): void =>
      problems.add(line, name(ref), `line ${line}, column ${name(ref)}: ${message}`);
    const before = problems.count;

    const date = (ref: ColumnRef, required: boolean): string | undefined => {
      const raw = cell(ref);
      if (raw === '') {
        if (required) lineProblem(ref, 'the date is missing');
        return undefined;
      }
      const iso = parseDate(raw, dateFormats, pivot);
      if (!iso)
        lineProblem(ref, `${quoted(raw)} is not a date in the format ${mapping.dateFormats.join(' or ')}`);
      return iso;
    };
    const bookingDate = date(mapping.bookingDate, true);
    const valueDate = mapping.valueDate === undefined ? undefined : date(mapping.valueDate, false);

    let currency = 'fixed' in mapping.currency ? mapping.currency.fixed : cell(mapping.currency.column);
    if (!/^[A-Z]{3}$/.test(currency)) {
      if ('column' in mapping.currency) {
        lineProblem(
          mapping.currency.column,
          `${quoted(currency)} is not an ISO 4217 currency code (e.g. EUR, CZK)`,
        );
      }
      currency = 'XXX';
    }
    const accountId = 'fixed' in mapping.account ? mapping.account.fixed : cell(mapping.account.column);
    if (accountId === '' && 'column' in mapping.account)
      lineProblem(mapping.account.column, 'the account is missing');

    const amount = readAmount(mapping, cell, currency, lineProblem);
    let balanceAfter: Money | undefined;
    if (mapping.balanceAfter !== undefined && cell(mapping.balanceAfter) !== '') {
      const parsed = parseAmount(cell(mapping.balanceAfter), currency, mapping);
      if ('problem' in parsed) lineProblem(mapping.balanceAfter, parsed.problem);
      else balanceAfter = parsed.money;
    }
    const description = joined(mapping.description, cell);
    const counterpartyName = joined(mapping.counterpartyName, cell);
    const counterpartyAccount = joined(mapping.counterpartyAccount, cell);
    const code = joined(mapping.code, cell);
    const bankId = mapping.id === undefined ? undefined : cell(mapping.id);
    if (mapping.id !== undefined && bankId === '') lineProblem(mapping.id, 'the transaction id is missing');

    if (problems.count > before || !bookingDate || !amount || accountId === '') continue;

    let rows = accounts.get(accountId);
    if (!rows) {
      rows = { currency, firstLine: line, transactions: [], idLines: new Map(), occurrences: new Map() };
      accounts.set(accountId, rows);
    } else if (rows.currency !== currency) {
      const field = 'column' in mapping.currency ? name(mapping.currency.column) : undefined;
      problems.add(
        line,
        field,
        `line ${line}: currency ${currency} differs from ${rows.currency} used for account ${accountId} since line ${rows.firstLine}; a statement holds one currency per account`,
      );
      continue;
    }

    let sourceId: string;
    if (bankId) {
      const seen = rows.idLines.get(bankId);
      if (seen !== undefined) {
        lineProblem(
          mapping.id!,
          `transaction id ${quoted(bankId)} is already used on line ${seen} for this account`,
        );
        continue;
      }
      sourceId = bankId;
    } else {
      const parts = [
        bookingDate,
        amount.signed.minor,
        currency,
        description ?? '',
        counterpartyName ?? '',
        counterpartyAccount ?? '',
      ];
      const key = JSON.stringify(parts);
      const occurrence = rows.occurrences.get(key) ?? 0;
      rows.occurrences.set(key, occurrence + 1);
      sourceId = deriveSourceId(parts, occurrence);
    }
    rows.idLines.set(sourceId, line);
    rows.transactions.push({
      sourceId,
      sourceAccountId: accountId,
      amount: absolute(amount.signed),
      direction: amount.direction,
      status: 'booked',
      bookingDate,
      ...transactionDetails({
        valueDate,
        counterpartyName,
        counterpartyAccount,
        description,
        sourceCode: code,
        balanceAfter,
      }),
    });
  }

  if (problems.any) return { ok: false, errors: problems.list() };
  const statements: ParsedStatement[] = [...accounts].map(([accountId, rows]) => ({
    account: {
      sourceId: accountId,
      type: mapping.accountType ?? 'current',
      currency: rows.currency,
      identifiers: [{ scheme: accountScheme(mapping.accountScheme, accountId), value: accountId }],
    },
    balances: closingBalance(accountId, rows.transactions),
    transactions: rows.transactions,
  }));
  return { ok: true, statements };
}

/** Maps every column the mapping names to its position, reporting names the header lacks. */
function resolveColumns(
  mapping: CsvMapping,
  header: CsvRecord | undefined,
  firstRow: CsvRecord | undefined,
  problems: Problems,
): Map<ColumnRef, number> | undefined {
  const positions = new Map<ColumnRef, number>();
  const names = header?.fields.map((field) => field.trim()) ?? [];
  const width = header?.fields.length ?? firstRow?.fields.length ?? 0;
  for (const { field, ref } of referencedColumns(mapping)) {
    if (typeof ref === 'number') {
      if (ref >= width) {
        problems.add(
          header?.line ?? 1,
          field,
          `mapping.${field}: column ${ref} does not exist; the file has ${width} columns (0 to ${width - 1})`,
        );
      } else positions.set(ref, ref);
      continue;
    }
    const index = names.indexOf(ref.trim());
    if (index < 0) {
      problems.add(
        header?.line ?? 1,
        field,
        `mapping.${field}: the file has no column ${JSON.stringify(ref)}; its header has ${names.map((n) => JSON.stringify(n)).join(', ')}`,
      );
    } else positions.set(ref, index);
  }
  return problems.any ? undefined : positions;
}

function referencedColumns(mapping: CsvMapping): { field: string; ref: ColumnRef }[] {
  const found: { field: string; ref: ColumnRef }[] = [];
  const add = (field: string, ref: ColumnRef | undefined): void => {
    if (ref !== undefined) found.push({ field, ref });
  };
  const addSource = (field: string, source: ColumnSource | undefined): void => {
    if (typeof source === 'object') source.join.forEach((ref, index) => add(`${field}.join[${index}]`, ref));
    else add(field, source);
  };
  add('bookingDate', mapping.bookingDate);
  add('valueDate', mapping.valueDate);
  add('id', mapping.id);
  add('balanceAfter', mapping.balanceAfter);
  if ('column' in mapping.currency) add('currency.column', mapping.currency.column);
  if ('column' in mapping.account) add('account.column', mapping.account.column);
  const amount = mapping.amount;
  if (amount.kind === 'debit-credit') {
    add('amount.debit', amount.debit);
    add('amount.credit', amount.credit);
  } else {
    add('amount.column', amount.column);
    if (amount.kind === 'direction') add('amount.directionColumn', amount.directionColumn);
  }
  addSource('counterpartyName', mapping.counterpartyName);
  addSource('counterpartyAccount', mapping.counterpartyAccount);
  addSource('description', mapping.description);
  addSource('code', mapping.code);
  return found;
}

function readAmount(
  mapping: CsvMapping,
  cell: (ref: ColumnRef) => string,
  currency: string,
  lineProblem: (ref: ColumnRef, message: string) => void,
): { signed: Money; direction: TransactionDirection } | undefined {
  const read = (ref: ColumnRef): Money | undefined => {
    const raw = cell(ref);
    if (raw === '') {
      lineProblem(ref, 'the amount is missing');
      return undefined;
    }
    const parsed = parseAmount(raw, currency, mapping);
    if ('problem' in parsed) {
      lineProblem(ref, parsed.problem);
      return undefined;
    }
    return parsed.money;
  };
  const spec = mapping.amount;
  if (spec.kind === 'signed') {
    const money = read(spec.column);
    return money && { signed: money, direction: isNegative(money) ? 'debit' : 'credit' };
  }
  if (spec.kind === 'debit-credit') {
    const debitFilled = cell(spec.debit) !== '';
    const creditFilled = cell(spec.credit) !== '';
    if (debitFilled === creditFilled) {
      lineProblem(
        spec.debit,
        debitFilled
          ? 'both the debit and the credit column have an amount; fill one'
          : 'neither the debit nor the credit column has an amount',
      );
      return undefined;
    }
    // Some banks write debits negative in the debit column: the column says the direction either way.
    const money = read(debitFilled ? spec.debit : spec.credit);
    if (!money) return undefined;
    return debitFilled
      ? { signed: negate(absolute(money)), direction: 'debit' }
      : { signed: absolute(money), direction: 'credit' };
  }
  const rawDirection = cell(spec.directionColumn).toLowerCase();
  const isCredit = spec.credit.some((value) => value.trim().toLowerCase() === rawDirection);
  const isDebit = spec.debit.some((value) => value.trim().toLowerCase() === rawDirection);
  const money = read(spec.column);
  if (!isCredit && !isDebit) {
    lineProblem(
      spec.directionColumn,
      `${quoted(cell(spec.directionColumn))} is not a known direction; expected one of ${[...spec.credit, ...spec.debit].map((v) => JSON.stringify(v)).join(', ')}`,
    );
    return undefined;
  }
  if (!money) return undefined;
  if (isNegative(money)) {
    lineProblem(
      spec.column,
      `${quoted(cell(spec.column))} is negative, but the direction column gives the sign; amounts must be positive`,
    );
    return undefined;
  }
  return isCredit ? { signed: money, direction: 'credit' } : { signed: negate(money), direction: 'debit' };
}

function joined(source: ColumnSource | undefined, cell: (ref: ColumnRef) => string): string | undefined {
  if (source === undefined) return undefined;
  if (typeof source !== 'object') return cell(source) || undefined;
  const parts = source.join.map(cell).filter((part) => part !== '');
  return parts.length > 0 ? parts.join(source.separator) : undefined;
}

function columnName(ref: ColumnRef, header: CsvRecord | undefined): string {
  if (typeof ref === 'string') return ref;
  const name = header?.fields[ref]?.trim();
  return name ? name : `#${ref + 1}`;
}

function accountScheme(
  configured: AccountIdentifierScheme | undefined,
  value: string,
): AccountIdentifierScheme {
  if (configured) return configured;
  return ibanPattern.test(value.replace(/\s/g, '')) ? 'IBAN' : 'Other';
}

/**
 * The closing balance is the balance after the account's latest transaction. Exports list oldest-first
 * or newest-first; which one this file does is read from its first and last dates.
 */
function closingBalance(accountId: string, transactions: readonly SourceTransaction[]): SourceBalance[] {
  const withBalance = transactions.filter((transaction) => transaction.balanceAfter);
  const first = withBalance[0];
  const last = withBalance.at(-1);
  if (!first || !last) return [];
  const latest = first.bookingDate > last.bookingDate ? first : last;
  return [
    {
      sourceAccountId: accountId,
      type: 'closing',
      amount: latest.balanceAfter!,
      asOf: `${latest.bookingDate}T23:59:59.999Z`,
    },
  ];
}
