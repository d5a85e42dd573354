/**
 * Readers for PKDD'99's `account.asc`, `client.asc` and `disp.asc`: who owns which account, with the
 * client's sex and birth date decoded from `birth_number` (YYMMDD, women's month + 50) and district, so
 * the platform can create a tenant's customers and one statement connection per owned account.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readCsvRecords } from '../csv/records';
import { isoDate } from '../dates';

export interface Pkdd99Account {
  readonly accountId: string;
  readonly districtId: string;
  /** `POPLATEK MESICNE` (monthly statements), `POPLATEK TYDNE` (weekly), `POPLATEK PO OBRATU` (after each transaction). */
  readonly statementFrequency: string;
  readonly openedOn: string;
}

export interface Pkdd99Client {
  readonly clientId: string;
  readonly sex: 'female' | 'male';
  readonly birthDate: string;
  readonly districtId: string;
}

export interface Pkdd99Disposition {
  readonly dispositionId: string;
  readonly clientId: string;
  readonly accountId: string;
  readonly type: 'OWNER' | 'DISPONENT';
}

/** A permanent (standing) order from order.asc: ground truth for recurring-payment detection. */
export interface Pkdd99Order {
  readonly orderId: string;
  readonly accountId: string;
  /** The recipient's bank (two letters) and account, as trans.asc writes a counterparty: `account/bank`. */
  readonly bankTo: string;
  readonly accountTo: string;
  /** CZK minor units (hellers). */
  readonly amountMinor: number;
  /** POJISTNE (insurance), SIPO (household), LEASING, UVER (loan); empty when not given. */
  readonly kSymbol: string;
}

/** A loan from loan.asc: when it was granted, for next-product labels. */
export interface Pkdd99Loan {
  readonly loanId: string;
  readonly accountId: string;
  readonly grantedOn: string;
  readonly amountMinor: number;
  readonly durationMonths: number;
  readonly monthlyPaymentMinor: number;
  /** A finished OK, B finished unpaid, C running OK, D running in debt. */
  readonly status: 'A' | 'B' | 'C' | 'D';
}

/** A card from card.asc, issued to a disposition (so to a client of an account). */
export interface Pkdd99Card {
  readonly cardId: string;
  readonly dispositionId: string;
  readonly type: 'junior' | 'classic' | 'gold';
  readonly issuedOn: string;
}

/** A customer to create: the client and the accounts they own (disponents are not owners). */
export interface Pkdd99Customer {
  readonly client: Pkdd99Client;
  readonly ownedAccounts: readonly Pkdd99Account[];
}

export class Pkdd99DataError extends Error {
  override readonly name = 'Pkdd99DataError';
}

/**
 * The shared data folder: `FINPERSONA_SHARED_DATA`, else `<repo>/../shared/data`. Throws with what to
 * do when the PKDD'99 files are not there.
 */
export function pkdd99Directory(repoRoot = resolve(__dirname, '..', '..', '..', '..')): string {
  const base = process.env.FINPERSONA_SHARED_DATA ?? join(repoRoot, '..', 'shared', 'data');
  const directory = join(base, 'pkdd99');
  if (!existsSync(join(directory, 'trans.asc'))) {
    throw new Pkdd99DataError(
      `The PKDD'99 data is not at ${directory} (trans.asc missing). Set FINPERSONA_SHARED_DATA to the folder holding pkdd99/, or place the shared data beside the repository (../shared/data).`,
    );
  }
  return directory;
}

/** Decodes a PKDD'99 birth number: YYMMDD, with 50 added to the month for women. */
export function decodeBirthNumber(
  birthNumber: string,
): { sex: 'female' | 'male'; birthDate: string } | undefined {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(birthNumber.trim());
  if (!match) return undefined;
  const month = Number(match[2]);
  const female = month > 50;
  // Every client in the data was born in the 20th century (1911–1987).
  const birthDate = isoDate(1900 + Number(match[1]), female ? month - 50 : month, Number(match[3]));
  return birthDate ? { sex: female ? 'female' : 'male', birthDate } : undefined;
}

function readTable(directory: string, file: string, columns: readonly string[]): Record<string, string>[] {
  const { records, errors } = readCsvRecords(readFileSync(join(directory, file), 'latin1'), ';', '"');
  if (errors.length > 0) throw new Pkdd99DataError(`${file} line ${errors[0]!.line}: ${errors[0]!.message}`);
  const [header, ...rows] = records;
  const names = header?.fields.map((name) => name.trim()) ?? [];
  const positions = columns.map((column) => {
    const index = names.indexOf(column);
    if (index < 0)
      throw new Pkdd99DataError(`${file} has no column "${column}" (it has ${names.join(', ')})`);
    return index;
  });
  return rows.map((row) =>
    Object.fromEntries(columns.map((column, i) => [column, (row.fields[positions[i]!] ?? '').trim()])),
  );
}

function yymmdd(value: string, file: string): string {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(value);
  const iso = match && isoDate(1900 + Number(match[1]), Number(match[2]), Number(match[3]));
  if (!iso) throw new Pkdd99DataError(`${file}: "${value}" is not a YYMMDD date`);
  return iso;
}

export function readPkdd99Accounts(directory = pkdd99Directory()): Pkdd99Account[] {
  return readTable(directory, 'account.asc', ['account_id', 'district_id', 'frequency', 'date']).map(
    (row) => ({
      accountId: row.account_id!,
      districtId: row.district_id!,
      statementFrequency: row.frequency!,
      openedOn: yymmdd(row.date!, 'account.asc'),
    }),
  );
}

export function readPkdd99Clients(directory = pkdd99Directory()): Pkdd99Client[] {
  return readTable(directory, 'client.asc', ['client_id', 'birth_number', 'district_id']).map((row) => {
    const decoded = decodeBirthNumber(row.birth_number!);
    if (!decoded)
      throw new Pkdd99DataError(`client.asc: client ${row.client_id} has birth number "${row.birth_number}"`);
    return { clientId: row.client_id!, ...decoded, districtId: row.district_id! };
  });
}

export function readPkdd99Dispositions(directory = pkdd99Directory()): Pkdd99Disposition[] {
  return readTable(directory, 'disp.asc', ['disp_id', 'client_id', 'account_id', 'type']).map((row) => {
    if (row.type !== 'OWNER' && row.type !== 'DISPONENT') {
      throw new Pkdd99DataError(`disp.asc: disposition ${row.disp_id} has type "${row.type}"`);
    }
    return {
      dispositionId: row.disp_id!,
      clientId: row.client_id!,
      accountId: row.account_id!,
      type: row.type,
    };
  });
}

/** CZK with two decimals (`2452.00`, `96396`) as minor units, exactly (no binary floats). */
function czkMinor(value: string, file: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) throw new Pkdd99DataError(`${file}: "${value}" is not an amount in crowns`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function readPkdd99Orders(directory = pkdd99Directory()): Pkdd99Order[] {
  return readTable(directory, 'order.asc', [
    'order_id',
    'account_id',
    'bank_to',
    'account_to',
    'amount',
    'k_symbol',
  ]).map((row) => ({
    orderId: row.order_id!,
    accountId: row.account_id!,
    bankTo: row.bank_to!,
    accountTo: row.account_to!,
    amountMinor: czkMinor(row.amount!, 'order.asc'),
    kSymbol: row.k_symbol!,
  }));
}

const loanStatuses = ['A', 'B', 'C', 'D'] as const;

export function readPkdd99Loans(directory = pkdd99Directory()): Pkdd99Loan[] {
  return readTable(directory, 'loan.asc', [
    'loan_id',
    'account_id',
    'date',
    'amount',
    'duration',
    'payments',
    'status',
  ]).map((row) => {
    const status = loanStatuses.find((known) => known === row.status);
    if (!status) throw new Pkdd99DataError(`loan.asc: loan ${row.loan_id} has status "${row.status}"`);
    return {
      loanId: row.loan_id!,
      accountId: row.account_id!,
      grantedOn: yymmdd(row.date!, 'loan.asc'),
      amountMinor: czkMinor(row.amount!, 'loan.asc'),
      durationMonths: Number(row.duration),
      monthlyPaymentMinor: czkMinor(row.payments!, 'loan.asc'),
      status,
    };
  });
}

const cardTypes = ['junior', 'classic', 'gold'] as const;

export function readPkdd99Cards(directory = pkdd99Directory()): Pkdd99Card[] {
  return readTable(directory, 'card.asc', ['card_id', 'disp_id', 'type', 'issued']).map((row) => {
    const type = cardTypes.find((known) => known === row.type);
    if (!type) throw new Pkdd99DataError(`card.asc: card ${row.card_id} has type "${row.type}"`);
    // `issued` carries a midnight time nobody uses: `931107 00:00:00`.
    return {
      cardId: row.card_id!,
      dispositionId: row.disp_id!,
      type,
      issuedOn: yymmdd(row.issued!.split(' ')[0]!, 'card.asc'),
    };
  });
}

/** Every client with the accounts they own, in client order; a client who owns nothing has an empty list. */
export function readPkdd99Customers(directory = pkdd99Directory()): Pkdd99Customer[] {
  const accounts = new Map(readPkdd99Accounts(directory).map((account) => [account.accountId, account]));
  const owned = new Map<string, Pkdd99Account[]>();
  for (const disposition of readPkdd99Dispositions(directory)) {
    if (disposition.type !== 'OWNER') continue;
    const account = accounts.get(disposition.accountId);
    if (!account)
      throw new Pkdd99DataError(
        `disp.asc: disposition ${disposition.dispositionId} names unknown account ${disposition.accountId}`,
      );
    owned.set(disposition.clientId, [...(owned.get(disposition.clientId) ?? []), account]);
  }
  return readPkdd99Clients(directory).map((client) => ({
    client,
    ownedAccounts: owned.get(client.clientId) ?? [],
  }));
}

/**
 * `trans.asc` cut into one file per account: the header line and exactly that account's lines, byte for
 * byte as in the original (no re-encoding), in file order. Each is a statement upload of its own for the
 * account's owner (the `pkdd99` preset reads it as it reads the whole file), so no customer's upload holds
 * another customer's rows. `accounts` limits the result to those accounts (all when omitted).
 */
export function splitPkdd99Transactions(
  bytes: Uint8Array,
  accounts?: ReadonlySet<string>,
): Map<string, Uint8Array> {
  const text = Buffer.from(bytes).toString('latin1');
  const firstBreak = text.indexOf('\n');
  if (firstBreak < 0 || !text.startsWith('"trans_id";"account_id";'))
    throw new Pkdd99DataError(
      'trans.asc: the first line is not the expected header ("trans_id";"account_id";…)',
    );
  const header = text.slice(0, firstBreak + 1);
  const parts = new Map<string, string[]>();
  let start = firstBreak + 1;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end + 1);
    start = end < 0 ? text.length : end + 1;
    if (line.trim() === '') continue;
    // The account is the second field, unquoted in this file (`695247;2378;930101;…`).
    const account = line.split(';', 2)[1]?.replace(/^"|"$/g, '');
    if (!account || !/^\d+$/.test(account))
      throw new Pkdd99DataError(
        `trans.asc: a line has no account id in its second field: ${line.slice(0, 60)}`,
      );
    if (accounts && !accounts.has(account)) continue;
    const lines = parts.get(account) ?? [];
    lines.push(line.endsWith('\n') ? line : `${line}\n`);
    parts.set(account, lines);
  }
  return new Map(
    [...parts].map(([account, lines]) => [
      account,
      new Uint8Array(Buffer.from(header + lines.join(''), 'latin1')),
    ]),
  );
}
