/**
 * Statement files (CSV, OFX, ISO 20022 camt.053): parsed whole before anything is stored, so a bad file
 * is rejected with every problem listed and nothing imported.
 */
import type { SourceAccount, SourceBalance, SourceTransaction } from './connector';

/** One problem in a statement file, precise enough for the customer to fix it. */
export interface StatementFileError {
  /** 1-based line of the problem, when the format has lines that mean something. */
  readonly line?: number;
  /** Column, element path or field name. */
  readonly field?: string;
  readonly message: string;
}

/** One account's statement as found in a file. */
export interface ParsedStatement {
  readonly account: SourceAccount;
  readonly balances: readonly SourceBalance[];
  readonly transactions: readonly SourceTransaction[];
}

export type StatementParseResult =
  | { readonly ok: true; readonly statements: readonly ParsedStatement[] }
  | { readonly ok: false; readonly errors: readonly StatementFileError[] };
