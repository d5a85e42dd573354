import type { TransactionDirection } from '@finpersona/plugin-sdk';
import type { CategoryId } from './history';

export const recurringCadences = ['weekly', 'monthly', 'quarterly', 'yearly'] as const;
export type RecurringCadence = (typeof recurringCadences)[number];

/** The last amount against the one before, when they differ beyond the tolerance. */
export interface PriceChange {
  readonly previousAmountMinor: number;
  readonly lastAmountMinor: number;
  /** `last − previous`, signed minor units. */
  readonly changeMinor: number;
  /** `last / previous − 1`. */
  readonly changeRatio: number;
  /** ISO date of the first payment at the new amount. */
  readonly since: string;
}

/**
 * A series of payments to (debit) or from (credit) the same party at a regular cadence and a similar amount.
 * `key` is stable across recomputes for the same party, direction and account (what scenarios name).
 */
export interface RecurringPayment {
  readonly key: string;
  readonly direction: TransactionDirection;
  readonly accountId: string;
  readonly counterpartyKey?: string;
  /** The merchant the latest payment names (card payments), also beside a counterparty key. */
  readonly merchant?: string;
  /** The most frequent category of its payments, when they have one. */
  readonly category?: CategoryId;
  readonly cadence: RecurringCadence;
  /** Median days between payments. */
  readonly intervalDays: number;
  /** Median amount (positive minor units). */
  readonly typicalAmountMinor: number;
  readonly lastAmountMinor: number;
  readonly occurrences: number;
  readonly firstDate: string;
  readonly lastDate: string;
  readonly nextExpectedDate: string;
  readonly nextExpectedAmountMinor: number;
  readonly priceChange: PriceChange | null;
  /** False once a payment is overdue by more than the cadence's grace (e.g. a cancelled subscription). */
  readonly active: boolean;
}
