/**
 * `CsvMapping`: how a bank's CSV export maps onto statement fields. It is JSON (it travels inside the
 * connection grant), so it is validated from `unknown` by `validateCsvMapping` before use, and checked
 * against the file's header by the parser (a mapping naming a column the file lacks is an error).
 */
import {
  type AccountIdentifierScheme,
  accountIdentifierSchemes,
  type AccountType,
  accountTypes,
} from '@finpersona/plugin-sdk';
import { dateFormatProblem } from '../dates';
import { type TextEncoding, textEncodings } from '../decode';

/** A column by header name (when `header` is true) or by 0-based position. */
export type ColumnRef = string | number;

/** One column, or several joined (PKDD'99's counterparty account is `account` + `/` + `bank`); empty parts are skipped. */
export type ColumnSource = ColumnRef | { readonly join: readonly ColumnRef[]; readonly separator: string };

export type AmountMapping =
  /** One signed column: negative is money out. */
  | { readonly kind: 'signed'; readonly column: ColumnRef }
  /** Money out in one column, money in in another; exactly one of the two is filled per line. */
  | { readonly kind: 'debit-credit'; readonly debit: ColumnRef; readonly credit: ColumnRef }
  /** An unsigned amount plus a direction column whose values are listed (compared trimmed, case-insensitively). */
  | {
      readonly kind: 'direction';
      readonly column: ColumnRef;
      readonly directionColumn: ColumnRef;
      readonly credit: readonly string[];
      readonly debit: readonly string[];
    };

export type ValueSource = { readonly column: ColumnRef } | { readonly fixed: string };

export interface CsvMapping {
  /** One character; `,` `;` tab `|`. */
  readonly delimiter: string;
  /** One character, usually `"`. */
  readonly quote: string;
  /** Whether the first record names the columns. */
  readonly header: boolean;
  /** Lines of preamble before the header/first record (bank name, export date...). */
  readonly skipLines?: number;
  readonly encoding: TextEncoding;
  /** Tried in order; the first that gives a real date wins (see `dates.ts`). */
  readonly dateFormats: readonly string[];
  /** Two-digit years at or above this are 19xx, below 20xx. Default 50. */
  readonly twoDigitYearPivot?: number;
  readonly decimalSeparator: '.' | ',';
  readonly thousandsSeparator?: ' ' | '.' | ',' | "'";
  readonly bookingDate: ColumnRef;
  readonly valueDate?: ColumnRef;
  readonly amount: AmountMapping;
  /** ISO 4217 code per line, or one for the whole file. */
  readonly currency: ValueSource;
  /** The account each line belongs to (multi-account files give one statement per account), or one fixed account. */
  readonly account: ValueSource;
  readonly accountType?: AccountType;
  /** How the account value is identified; default: IBAN when it looks like one, otherwise `Other`. */
  readonly accountScheme?: AccountIdentifierScheme;
  /** The bank's transaction id; without it ids are derived from date, amount and text (`deriveSourceId`). */
  readonly id?: ColumnRef;
  readonly counterpartyName?: ColumnSource;
  readonly counterpartyAccount?: ColumnSource;
  readonly description?: ColumnSource;
  /** The bank's own code or type label (kept as `sourceCode`). */
  readonly code?: ColumnSource;
  readonly balanceAfter?: ColumnRef;
}

export type MappingValidation =
  | { readonly ok: true; readonly mapping: CsvMapping }
  | { readonly ok: false; readonly errors: readonly { readonly field: string; readonly message: string }[] };

const knownKeys = new Set([
  'delimiter',
  'quote',
  'header',
  'skipLines',
  'encoding',
  'dateFormats',
  'twoDigitYearPivot',
  'decimalSeparator',
  'thousandsSeparator',
  'bookingDate',
  'valueDate',
  'amount',
  'currency',
  'account',
  'accountType',
  'accountScheme',
  'id',
  'counterpartyName',
  'counterpartyAccount',
  'description',
  'code',
  'balanceAfter',
]);

/** Validates a mapping given as JSON, listing every problem with its field (`mapping.amount.debit`). */
export function validateCsvMapping(input: unknown): MappingValidation {
  const errors: { field: string; message: string }[] = [];
  const fail = (field: string, message: string): void =>
    void errors.push({ field: `mapping.${field}`, message });
  if (!isRecord(input))
    return { ok: false, errors: [{ field: 'mapping', message: 'the mapping must be an object' }] };

  for (const key of Object.keys(input)) if (!knownKeys.has(key)) fail(key, 'is not a mapping setting');

  const oneChar = (key: 'delimiter' | 'quote'): void => {
    const value = input[key];
    if (typeof value !== 'string' || [...value].length !== 1 || value === '\n' || value === '\r') {
      fail(key, 'must be exactly one character (not a line break)');
    }
  };
  oneChar('delimiter');
  oneChar('quote');
  if (input.delimiter === input.quote) fail('quote', 'must differ from the delimiter');
  if (typeof input.header !== 'boolean') fail('header', 'must be true or false');
  if (
    input.skipLines !== undefined &&
    !(Number.isInteger(input.skipLines) && (input.skipLines as number) >= 0)
  ) {
    fail('skipLines', 'must be a whole number of lines, 0 or more');
  }
  if (!textEncodings.includes(input.encoding as TextEncoding)) {
    fail('encoding', `must be one of ${textEncodings.join(', ')}`);
  }
  if (!Array.isArray(input.dateFormats) || input.dateFormats.length === 0) {
    fail('dateFormats', 'must list at least one date format, e.g. ["YYYY-MM-DD"]');
  } else {
    input.dateFormats.forEach((format, index) => {
      const problem = typeof format === 'string' ? dateFormatProblem(format) : 'must be a string';
      if (problem) fail(`dateFormats[${index}]`, problem);
    });
  }
  const pivot = input.twoDigitYearPivot;
  if (
    pivot !== undefined &&
    !(Number.isInteger(pivot) && (pivot as number) >= 0 && (pivot as number) <= 99)
  ) {
    fail('twoDigitYearPivot', 'must be a whole number from 0 to 99');
  }
  if (input.decimalSeparator !== '.' && input.decimalSeparator !== ',')
    fail('decimalSeparator', 'must be "." or ","');
  if (input.thousandsSeparator !== undefined) {
    if (![' ', '.', ',', "'"].includes(input.thousandsSeparator as string)) {
      fail('thousandsSeparator', `must be one of " ", ".", ",", "'"`);
    } else if (input.thousandsSeparator === input.decimalSeparator) {
      fail('thousandsSeparator', 'must differ from the decimal separator');
    } else if (input.thousandsSeparator === input.delimiter) {
      fail('thousandsSeparator', 'must differ from the delimiter');
    }
  }

  const header = input.header === true;
  const column = (field: string, value: unknown, required: boolean): void => {
    if (value === undefined) {
      if (required) fail(field, 'is required: name the column (or give its 0-based position)');
      return;
    }
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < 0)
        fail(field, 'a column position must be a whole number, 0 or more');
    } else if (typeof value === 'string') {
      if (value.trim() === '') fail(field, 'a column name must not be empty');
      else if (!header)
        fail(field, 'the file has no header row, so columns are given by 0-based position, not by name');
    } else {
      fail(field, 'must be a column name or a 0-based column position');
    }
  };
  const source = (field: string, value: unknown): void => {
    if (isRecord(value) && 'join' in value) {
      if (!Array.isArray(value.join) || value.join.length === 0)
        fail(`${field}.join`, 'must list at least one column');
      else value.join.forEach((part, index) => column(`${field}.join[${index}]`, part, true));
      if (typeof value.separator !== 'string') fail(`${field}.separator`, 'must be a string (may be empty)');
    } else {
      column(field, value, false);
    }
  };
  const valueSource = (field: 'currency' | 'account'): void => {
    const value = input[field];
    if (isRecord(value) && 'column' in value && !('fixed' in value))
      column(`${field}.column`, value.column, true);
    else if (isRecord(value) && 'fixed' in value && !('column' in value)) {
      if (typeof value.fixed !== 'string' || value.fixed.trim() === '')
        fail(`${field}.fixed`, 'must be a non-empty string');
      else if (field === 'currency' && !/^[A-Z]{3}$/.test(value.fixed)) {
        fail('currency.fixed', 'must be an ISO 4217 code (three upper-case letters, e.g. "EUR")');
      }
    } else fail(field, 'must be {"column": ...} or {"fixed": "..."}');
  };

  column('bookingDate', input.bookingDate, true);
  column('valueDate', input.valueDate, false);
  column('id', input.id, false);
  column('balanceAfter', input.balanceAfter, false);
  source('counterpartyName', input.counterpartyName);
  source('counterpartyAccount', input.counterpartyAccount);
  source('description', input.description);
  source('code', input.code);
  valueSource('currency');
  valueSource('account');
  if (input.accountType !== undefined && !accountTypes.includes(input.accountType as AccountType)) {
    fail('accountType', `must be one of ${accountTypes.join(', ')}`);
  }
  if (
    input.accountScheme !== undefined &&
    !accountIdentifierSchemes.includes(input.accountScheme as AccountIdentifierScheme)
  ) {
    fail('accountScheme', `must be one of ${accountIdentifierSchemes.join(', ')}`);
  }

  const amount = input.amount;
  if (!isRecord(amount))
    fail('amount', 'is required: {"kind": "signed" | "debit-credit" | "direction", ...}');
  else if (amount.kind === 'signed') column('amount.column', amount.column, true);
  else if (amount.kind === 'debit-credit') {
    column('amount.debit', amount.debit, true);
    column('amount.credit', amount.credit, true);
  } else if (amount.kind === 'direction') {
    column('amount.column', amount.column, true);
    column('amount.directionColumn', amount.directionColumn, true);
    const values = (key: 'credit' | 'debit'): string[] => {
      const list = amount[key];
      if (
        !Array.isArray(list) ||
        list.length === 0 ||
        !list.every((value) => typeof value === 'string' && value.trim())
      ) {
        fail(
          `amount.${key}`,
          'must list the direction values that mean ' + (key === 'credit' ? 'money in' : 'money out'),
        );
        return [];
      }
      return list.map((value: string) => value.trim().toLowerCase());
    };
    const credit = values('credit');
    const overlap = values('debit').filter((value) => credit.includes(value));
    if (overlap.length > 0)
      fail('amount.debit', `lists ${overlap.map((v) => JSON.stringify(v)).join(', ')} as credit too`);
  } else fail('amount.kind', 'must be "signed", "debit-credit" or "direction"');

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, mapping: input as unknown as CsvMapping };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
