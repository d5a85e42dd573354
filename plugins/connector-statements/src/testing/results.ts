// Helpers for the package's tests (not built): unwrapping parse results and locating lines in fixtures.
import type { StatementParseResult } from '@finpersona/plugin-sdk';

export function statementsOf(result: StatementParseResult) {
  if (!result.ok) throw new Error(`expected a parse, got ${JSON.stringify(result.errors, null, 1)}`);
  return result.statements;
}

export function errorsOf(result: StatementParseResult) {
  if (result.ok) throw new Error('expected errors, got statements');
  return result.errors;
}

/** 1-based line of the first `needle` in `text` (searching from the first `after`, when given). */
export function lineOf(text: string, needle: string, after = ''): number {
  const start = after ? text.indexOf(after) : 0;
  const index = text.indexOf(needle, start);
  if (index < 0) throw new Error(`fixture has no ${needle}`);
  return text.slice(0, index).split('\n').length;
}

/** Signed minor units of a transaction (credit positive). */
export function signedMinor(transaction: {
  direction: 'credit' | 'debit';
  amount: { minor: string };
}): bigint {
  return (transaction.direction === 'credit' ? 1n : -1n) * BigInt(transaction.amount.minor);
}

/** A plain comma-separated, UTF-8, ISO-dated, signed-amount EUR mapping that tests extend. */
export const plainEuroMapping = {
  delimiter: ',',
  quote: '"',
  header: true,
  encoding: 'utf-8',
  dateFormats: ['YYYY-MM-DD'],
  decimalSeparator: '.',
  bookingDate: 'date',
  amount: { kind: 'signed', column: 'amount' },
  currency: { fixed: 'EUR' },
} as const;
