import type { AccountType, ProductType, TransactionDirection } from '@finpersona/plugin-sdk';

/**
 * A category id of the platform's category taxonomy (`enrichment/taxonomy.ts`, Seam 1 of issue 6). Kept as a
 * plain string here until the enrichment capability's taxonomy is merged; the ids are the taxonomy's.
 */
export type CategoryId = string;

/** One booked transaction as behaviour sees it: no names, no texts. Amounts are positive minor units. */
export interface BehaviourTransaction {
  /** ISO date (YYYY-MM-DD) the bank booked it. */
  readonly bookingDate: string;
  /** Positive minor units; `direction` gives the sign. */
  readonly amountMinor: number;
  readonly direction: TransactionDirection;
  readonly accountId: string;
  /** The category the enrichment gave it, when it has one. */
  readonly category?: CategoryId;
  /** Signed balance of the account after this transaction, when the source reports it. */
  readonly balanceAfterMinor?: number;
  /** Opaque key of the other party (e.g. a keyed hash of its account): equal keys, same party. */
  readonly counterpartyKey?: string;
  /** The merchant's cleaned-up name (business data, not personal), when a card payment names one. */
  readonly merchant?: string;
}

export interface BehaviourAccount {
  readonly id: string;
  readonly type: AccountType;
  /** ISO 4217. */
  readonly currency: string;
  /** ISO date the account was opened, when known. */
  readonly openedOn?: string;
}

/** A balance of an account on a day (end of day), signed minor units. */
export interface BehaviourBalance {
  readonly accountId: string;
  /** ISO date (YYYY-MM-DD) or instant; only its day counts. */
  readonly date: string;
  readonly amountMinor: number;
}

/**
 * Everything known about one customer up to `asOf`: what every behaviour function reads. Nothing booked on or
 * after `asOf` is used, so the same history serves time-split datasets ("as the customer looked then").
 */
export interface BehaviourHistory {
  /** ISO 8601 instant; nothing on or after it is used. */
  readonly asOf: string;
  readonly customer: { readonly birthDate?: string; readonly firstAccountOpenedOn?: string };
  readonly accounts: readonly BehaviourAccount[];
  readonly transactions: readonly BehaviourTransaction[];
  readonly balances: readonly BehaviourBalance[];
  readonly productsHeld: Readonly<Partial<Record<ProductType, number>>>;
}

/** Products held as the platform infers them from the customer's accounts (Seam 3 of issue 6). */
export const productTypeOfAccount: Readonly<Partial<Record<AccountType, ProductType>>> = {
  current: 'current-account',
  savings: 'savings-account',
  'credit-card': 'credit-card',
  loan: 'personal-loan',
  mortgage: 'mortgage',
  investment: 'investment-fund',
};

/** Counts of products held per type, from a customer's accounts. */
export function productsHeldFrom(
  accounts: readonly Pick<BehaviourAccount, 'type'>[],
): Partial<Record<ProductType, number>> {
  const held: Partial<Record<ProductType, number>> = {};
  for (const account of accounts) {
    const product = productTypeOfAccount[account.type];
    if (product) held[product] = (held[product] ?? 0) + 1;
  }
  return held;
}
