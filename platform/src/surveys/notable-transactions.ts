import type { PromptQuestion, PromptReason } from './transaction-prompt.entities';

/** The bank's thresholds for prompts after notable transactions. */
export interface PromptSettings {
  enabled: boolean;
  /** A debit is large when above this multiple of the customer's own median debit (same currency)... */
  largeAmountMultiple: number;
  /** ...and above this amount in minor units (small purchases are never "large"). */
  largeAmountMinMinor: bigint;
  /** At most this many prompts per customer in any 7 days (0: none). */
  weeklyCap: number;
}

/** Three times the customer's median debit and at least 250.00: large enough to be worth a question. */
export const defaultPromptSettings: PromptSettings = {
  enabled: true,
  largeAmountMultiple: 3,
  largeAmountMinMinor: 25_000n,
  weeklyCap: 2,
};

/** Fewer earlier debits than this in a currency: too little history to call anything large or new. */
export const minHistoryDebits = 10;

/** A debit the run stored, with what is needed to judge it. */
export interface CandidateDebit {
  id: string;
  amountMinor: bigint;
  currency: string;
  merchant: string | null;
  category: string | null;
}

/** The customer's history before the run (debits only). */
export interface DebitHistory {
  /** Median debit and how many debits, per currency. */
  medianByCurrency: ReadonlyMap<string, { median: number; count: number }>;
  /** Merchants (lower-cased) the customer paid before. */
  knownMerchants: ReadonlySet<string>;
  /** Transactions that are the latest of a newly detected recurring payment. */
  newRecurringTransactionIds: ReadonlySet<string>;
}

export interface NotableDebit {
  transactionId: string;
  reason: PromptReason;
  question: PromptQuestion;
}

const priority: Record<PromptReason, number> = { 'large-amount': 0, 'new-recurring': 1, 'new-merchant': 2 };

/**
 * Which of a run's debits deserve a prompt, most important first, at most `room` of them:
 * - `large-amount`: above `largeAmountMultiple` × the customer's median debit in its currency and above
 *   `largeAmountMinMinor` ("Was this €1,240.00 at IKEA expected?");
 * - `new-recurring`: the latest payment of a recurring payment behaviour has just detected (few
 *   occurrences) — "was this expected?";
 * - `new-merchant`: the first payment to a merchant — "is this category right?" when it has a category
 *   (a first payment is where categorisation is least sure), else "was this expected?".
 * Without enough history in the currency (`minHistoryDebits`) nothing is large or new. One prompt per
 * transaction, for its most important reason; ties: larger amounts first.
 */
export function notableDebits(
  candidates: readonly CandidateDebit[],
  history: DebitHistory,
  settings: PromptSettings,
  room: number,
): NotableDebit[] {
  if (!settings.enabled || room <= 0) return [];
  const found: (NotableDebit & { amount: bigint })[] = [];
  for (const debit of candidates) {
    const stats = history.medianByCurrency.get(debit.currency);
    if (!stats || stats.count < minHistoryDebits) continue;
    const large =
      debit.amountMinor > settings.largeAmountMinMinor &&
      Number(debit.amountMinor) > settings.largeAmountMultiple * stats.median;
    const merchant = debit.merchant?.trim().toLowerCase();
    let reason: PromptReason | null = null;
    if (large) reason = 'large-amount';
    else if (history.newRecurringTransactionIds.has(debit.id)) reason = 'new-recurring';
    else if (merchant && !history.knownMerchants.has(merchant)) reason = 'new-merchant';
    if (!reason) continue;
    const question: PromptQuestion = reason === 'new-merchant' && debit.category ? 'category' : 'expected';
    found.push({ transactionId: debit.id, reason, question, amount: debit.amountMinor });
  }
  return found
    .sort(
      (a, b) =>
        priority[a.reason] - priority[b.reason] || (b.amount > a.amount ? 1 : b.amount < a.amount ? -1 : 0),
    )
    .slice(0, room)
    .map(({ transactionId, reason, question }) => ({ transactionId, reason, question }));
}
