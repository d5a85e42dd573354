/**
 * Hand-built inputs for the tests (not part of the build): transactions in a line each, the input the
 * platform would give, and a check that every candidate passes the contract's `candidateInsightProblems`.
 */
import {
  type CandidateInsight,
  candidateInsightProblems,
  type FeatureVector,
  type InsightInput,
  type InsightTransaction,
} from '@finpersona/plugin-sdk';
import { expect } from 'vitest';
import { kinds } from './generator';
import { transactionDays } from './settings';

/** The platform's clock in most tests: a Friday morning late in November. */
export const now = '2026-11-20T09:00:00.000Z';

let sequence = 0;

export function transaction(
  bookingDate: string,
  minor: number,
  details: Partial<Omit<InsightTransaction, 'bookingDate' | 'amount'>> & { currency?: string } = {},
): InsightTransaction {
  const { currency = 'EUR', ...rest } = details;
  sequence += 1;
  return {
    id: `t-${bookingDate}-${sequence}`,
    accountId: 'a-1',
    direction: 'debit',
    bookingDate,
    amount: { minor: String(minor), currency },
    ...rest,
  };
}

/** The same payment on `day` of each month in `months` (`YYYY-MM`). */
export function monthly(
  months: readonly string[],
  day: number,
  minor: number | readonly number[],
  details: Parameters<typeof transaction>[2] = {},
): InsightTransaction[] {
  return months.map((month, index) =>
    transaction(
      `${month}-${String(day).padStart(2, '0')}`,
      typeof minor === 'number' ? minor : minor[index]!,
      details,
    ),
  );
}

/** The input for `items` as of `at`: the plugin's transaction window, the features given (rest unknown). */
export function inputOf(
  items: readonly InsightTransaction[],
  features: FeatureVector = {},
  at: string = now,
): InsightInput {
  const from = new Date(Date.parse(at) - transactionDays * 86_400_000).toISOString();
  return {
    customer: 'p-1',
    features,
    transactions: {
      window: { from, to: at },
      items: items.filter(
        (item) => item.bookingDate >= from.slice(0, 10) && item.bookingDate < at.slice(0, 10),
      ),
    },
    now: at,
  };
}

/** Runs `generate` and fails the test if any candidate breaks the contract the host checks. */
export function checked<Settings>(
  generate: (input: InsightInput, settings: Settings) => CandidateInsight[],
  input: InsightInput,
  settings: Settings,
): CandidateInsight[] {
  const candidates = generate(input, settings);
  expect(
    candidateInsightProblems(
      candidates,
      input,
      kinds.map((entry) => entry.kind),
    ),
  ).toEqual([]);
  return candidates;
}
