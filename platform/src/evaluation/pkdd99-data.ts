/**
 * The PKDD'99 Discovery Challenge financial data (a real Czech bank, 1993–1998; prepared by Petr Berka and
 * Marta Sochorova for the PKDD'99 Discovery Challenge) as the evaluation of issue 6 reads it: every account
 * with its owner, its transactions as the platform's statement import parses them (the `pkdd99` CSV preset,
 * the same path `import-pkdd99` uploads through), and the ground truth the data carries — payment-type labels
 * (`sourceCode`, the `k_symbol`), standing orders, loans and cards with their dates.
 *
 * `sourceCode` is the label of the categorisation evaluation: a categoriser under evaluation must never see
 * it (`withoutSourceCode`). The transactions file here is partial (1993-01-01 to 1994-03-31; see
 * ../shared/data/README.md), which `coveredPeriod` reports from the data itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseCsvStatement,
  pkdd99Directory,
  pkdd99TransactionsMapping,
  readPkdd99Accounts,
  readPkdd99Cards,
  readPkdd99Clients,
  readPkdd99Dispositions,
  readPkdd99Loans,
  readPkdd99Orders,
  type Pkdd99Card,
  type Pkdd99Client,
  type Pkdd99Loan,
  type Pkdd99Order,
} from '@finpersona/connector-statements';
import type { SourceTransaction } from '@finpersona/plugin-sdk';

/** Say this wherever figures computed on the data are shown. */
export const pkdd99Attribution =
  "PKDD'99 Discovery Challenge financial data (a Czech bank, 1993–1998), prepared by Petr Berka and Marta Sochorova";

export interface Pkdd99EvaluationAccount {
  readonly accountId: string;
  readonly districtId: string;
  /** ISO date the account was opened. */
  readonly openedOn: string;
  /** The account's owner (every account has exactly one). */
  readonly owner: Pkdd99Client;
  /** As the statement import parses them, in the file's order (by date within an account). */
  readonly transactions: readonly SourceTransaction[];
  readonly orders: readonly Pkdd99Order[];
  readonly loans: readonly Pkdd99Loan[];
  /** Cards issued to any disposition of the account (owner or disponent). */
  readonly cards: readonly Pkdd99Card[];
}

export interface Pkdd99Evaluation {
  readonly directory: string;
  /** First and last booking dates of the transactions file, inclusive (ISO dates). */
  readonly coveredPeriod: { readonly first: string; readonly last: string };
  /** All 4,500 accounts, in account.asc's order; an account outside the covered rows has no transactions. */
  readonly accounts: readonly Pkdd99EvaluationAccount[];
}

/** One section of the evaluation's printout: a row per method (the platform's and its baselines). */
export interface EvaluationSection {
  readonly title: string;
  readonly rows: readonly { readonly method: string; readonly figures: Record<string, number | string> }[];
  readonly notes: readonly string[];
}

/** Reads the whole dataset (about 1 s for the partial transactions file). Throws saying what is missing. */
export function loadPkdd99Evaluation(directory = pkdd99Directory()): Pkdd99Evaluation {
  const parsed = parseCsvStatement(readFileSync(join(directory, 'trans.asc')), pkdd99TransactionsMapping);
  if (!parsed.ok) {
    const first = parsed.errors[0];
    throw new Error(
      `trans.asc does not parse with the pkdd99 preset (line ${first?.line ?? '?'}: ${first?.message ?? 'unknown'})`,
    );
  }
  const transactions = new Map(
    parsed.statements.map((statement) => [statement.account.sourceId, statement.transactions]),
  );
  const clients = new Map(readPkdd99Clients(directory).map((client) => [client.clientId, client]));
  const dispositions = readPkdd99Dispositions(directory);
  const owners = new Map(
    dispositions
      .filter((disposition) => disposition.type === 'OWNER')
      .map((disposition) => [disposition.accountId, clients.get(disposition.clientId)]),
  );
  const accountOfDisposition = new Map(dispositions.map((d) => [d.dispositionId, d.accountId]));
  const orders = groupBy(readPkdd99Orders(directory), (order) => order.accountId);
  const loans = groupBy(readPkdd99Loans(directory), (loan) => loan.accountId);
  const cards = groupBy(readPkdd99Cards(directory), (card) => accountOfDisposition.get(card.dispositionId));

  let first = '9999-12-31';
  let last = '0000-01-01';
  for (const list of transactions.values()) {
    for (const transaction of list) {
      if (transaction.bookingDate < first) first = transaction.bookingDate;
      if (transaction.bookingDate > last) last = transaction.bookingDate;
    }
  }
  const accounts = readPkdd99Accounts(directory).map((account) => {
    const owner = owners.get(account.accountId);
    if (!owner) throw new Error(`disp.asc names no owner for account ${account.accountId}`);
    return {
      accountId: account.accountId,
      districtId: account.districtId,
      openedOn: account.openedOn,
      owner,
      transactions: transactions.get(account.accountId) ?? [],
      orders: orders.get(account.accountId) ?? [],
      loans: loans.get(account.accountId) ?? [],
      cards: cards.get(account.accountId) ?? [],
    };
  });
  return { directory, coveredPeriod: { first, last }, accounts };
}

/** The transaction as a categoriser under evaluation may see it: without the label. */
export function withoutSourceCode(transaction: SourceTransaction): SourceTransaction {
  const { sourceCode: _label, ...rest } = transaction;
  return rest;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = key(item);
    if (group === undefined) throw new Error(`a PKDD'99 row refers to an unknown account`);
    const members = groups.get(group);
    if (members) members.push(item);
    else groups.set(group, [item]);
  }
  return groups;
}
