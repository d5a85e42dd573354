/** Gathering one file's accounts, balances and transactions into `ParsedStatement`s (shared by OFX and camt.053). */
import {
  deriveSourceId,
  type Money,
  type ParsedStatement,
  type SourceAccount,
  type SourceBalance,
  type SourceTransaction,
} from '@finpersona/plugin-sdk';

interface AccountEntry {
  account: SourceAccount;
  readonly balances: SourceBalance[];
  readonly transactions: SourceTransaction[];
  /** Where each sourceId was first seen, to report a repeated one with both places. */
  readonly seen: Map<string, string>;
  readonly occurrences: Map<string, number>;
}

export class StatementCollector {
  private readonly accounts = new Map<string, AccountEntry>();

  /** Registers an account; a file may describe the same account in several statements (days), which merge. */
  addAccount(account: SourceAccount): void {
    const existing = this.accounts.get(account.sourceId);
    if (existing) return;
    this.accounts.set(account.sourceId, {
      account,
      balances: [],
      transactions: [],
      seen: new Map(),
      occurrences: new Map(),
    });
  }

  addBalance(balance: SourceBalance): void {
    this.entry(balance.sourceAccountId).balances.push(balance);
  }

  /** The id for a transaction without a bank reference: the identifying fields plus their occurrence count. */
  derivedId(accountId: string, parts: readonly string[]): string {
    const entry = this.entry(accountId);
    const key = JSON.stringify(parts);
    const occurrence = entry.occurrences.get(key) ?? 0;
    entry.occurrences.set(key, occurrence + 1);
    return deriveSourceId(parts, occurrence);
  }

  /** Adds a transaction; returns where its id was seen before when it is a repeat (and then adds nothing). */
  addTransaction(transaction: SourceTransaction, place: string): string | undefined {
    const entry = this.entry(transaction.sourceAccountId);
    const before = entry.seen.get(transaction.sourceId);
    if (before !== undefined) return before;
    entry.seen.set(transaction.sourceId, place);
    entry.transactions.push(transaction);
    return undefined;
  }

  statements(): ParsedStatement[] {
    return [...this.accounts.values()].map(({ account, balances, transactions }) => ({
      account,
      balances,
      transactions,
    }));
  }

  private entry(accountId: string): AccountEntry {
    const entry = this.accounts.get(accountId);
    if (!entry) throw new Error(`account ${accountId} was not added first`);
    return entry;
  }
}

/** An ISO instant for a date-only balance: closing balances at the end of their day, others at its start. */
export function balanceInstant(date: string, endOfDay: boolean): string {
  return `${date}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z`;
}

export interface TransactionDetails {
  readonly valueDate?: string | undefined;
  readonly counterpartyName?: string | undefined;
  readonly counterpartyAccount?: string | undefined;
  readonly merchantName?: string | undefined;
  readonly mcc?: string | undefined;
  readonly description?: string | undefined;
  readonly sourceCode?: string | undefined;
  readonly balanceAfter?: Money | undefined;
}

/** The optional fields of a `SourceTransaction`, leaving out the ones a file does not give (no `undefined` keys in stored JSON). */
export function transactionDetails(details: TransactionDetails): Partial<SourceTransaction> {
  const { counterpartyName: name, counterpartyAccount: account, merchantName, mcc } = details;
  return {
    ...(details.valueDate ? { valueDate: details.valueDate } : {}),
    ...(name || account
      ? { counterparty: { ...(name ? { name } : {}), ...(account ? { account } : {}) } }
      : {}),
    ...(merchantName || mcc
      ? { merchant: { ...(merchantName ? { name: merchantName } : {}), ...(mcc ? { mcc } : {}) } }
      : {}),
    ...(details.description ? { description: details.description } : {}),
    ...(details.sourceCode ? { sourceCode: details.sourceCode } : {}),
    ...(details.balanceAfter ? { balanceAfter: details.balanceAfter } : {}),
  };
}
