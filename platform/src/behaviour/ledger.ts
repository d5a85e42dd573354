import type { AccountType } from '@finpersona/plugin-sdk';
import { addDays, dayOf } from './calendar';
import type { BehaviourAccount, BehaviourBalance, BehaviourHistory, BehaviourTransaction } from './history';

/**
 * A history cut at `asOf` and narrowed to the customer's main currency: the accounts in it, their
 * transactions booked before the day of `asOf` (a booking date has no time, so a day counts only once it
 * is wholly before `asOf`), sorted by day (stable: the order given within a day), and their balances.
 */
export interface Ledger {
  readonly asOfDay: string;
  readonly currency: string | null;
  readonly accounts: readonly BehaviourAccount[];
  readonly transactions: readonly BehaviourTransaction[];
  readonly balances: readonly BehaviourBalance[];
  /** The first day anything is known (transaction or balance) on these accounts; null when nothing is. */
  readonly dataStart: string | null;
}

const ledgers = new WeakMap<BehaviourHistory, Ledger>();

/**
 * The main currency is the one of the current accounts with the most transactions (of any account when
 * there is no current account); amounts in other currencies are left out rather than mixed in.
 */
function mainCurrency(history: BehaviourHistory, before: string): string | null {
  const counts = new Map<string, number>();
  const hasCurrent = history.accounts.some((account) => account.type === 'current');
  const currencyOf = new Map(
    history.accounts
      .filter((account) => !hasCurrent || account.type === 'current')
      .map((account) => [account.id, account.currency]),
  );
  for (const account of currencyOf.values()) counts.set(account, counts.get(account) ?? 0);
  for (const transaction of history.transactions) {
    const currency = currencyOf.get(transaction.accountId);
    if (currency && transaction.bookingDate < before) counts.set(currency, (counts.get(currency) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [currency, count] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (best === null || count > counts.get(best)!) best = currency;
  }
  return best;
}

export function historyUpTo(history: BehaviourHistory): Ledger {
  const cached = ledgers.get(history);
  if (cached) return cached;
  const asOfDay = dayOf(history.asOf);
  const currency = mainCurrency(history, asOfDay);
  const accounts = history.accounts.filter((account) => account.currency === currency);
  const ids = new Set(accounts.map((account) => account.id));
  const transactions = history.transactions
    .map((transaction, index) => ({ transaction, index }))
    .filter(({ transaction }) => ids.has(transaction.accountId) && transaction.bookingDate < asOfDay)
    .sort((a, b) =>
      a.transaction.bookingDate < b.transaction.bookingDate
        ? -1
        : a.transaction.bookingDate > b.transaction.bookingDate
          ? 1
          : a.index - b.index,
    )
    .map(({ transaction }) => transaction);
  const balances = history.balances.filter(
    (balance) => ids.has(balance.accountId) && dayOf(balance.date) < asOfDay,
  );
  const firstDays = [
    ...transactions.map((transaction) => transaction.bookingDate),
    ...balances.map((b) => dayOf(b.date)),
  ];
  const dataStart = firstDays.length === 0 ? null : firstDays.reduce((a, b) => (a < b ? a : b));
  const ledger: Ledger = { asOfDay, currency, accounts, transactions, balances, dataStart };
  ledgers.set(history, ledger);
  return ledger;
}

/**
 * End-of-day balances of one account for every day from its first known day to the day before `asOf`:
 * anchored on the balances the source reported (a balance record, or the balance after the day's last
 * transaction) and carried between anchors with the day's net flow (backwards before the first anchor).
 * Empty when the account has no anchor at all (its balance is unknown, not zero).
 */
export function accountBalances(ledger: Ledger, accountId: string): Map<string, number> {
  const net = new Map<string, number>();
  const anchors = new Map<string, number>();
  let first: string | null = null;
  for (const transaction of ledger.transactions) {
    if (transaction.accountId !== accountId) continue;
    const signed = transaction.direction === 'credit' ? transaction.amountMinor : -transaction.amountMinor;
    net.set(transaction.bookingDate, (net.get(transaction.bookingDate) ?? 0) + signed);
    if (transaction.balanceAfterMinor !== undefined)
      anchors.set(transaction.bookingDate, transaction.balanceAfterMinor);
    if (first === null || transaction.bookingDate < first) first = transaction.bookingDate;
  }
  // A reported balance is the source's own statement of the day: it wins over a transaction's running balance.
  for (const balance of ledger.balances) {
    if (balance.accountId !== accountId) continue;
    const day = dayOf(balance.date);
    anchors.set(day, balance.amountMinor);
    if (first === null || day < first) first = day;
  }
  const series = new Map<string, number>();
  if (anchors.size === 0 || first === null) return series;
  const firstAnchor = [...anchors.keys()].reduce((a, b) => (a < b ? a : b));
  let balance = anchors.get(firstAnchor)!;
  for (let day = firstAnchor; day >= first; day = addDays(day, -1)) {
    series.set(day, balance);
    balance -= net.get(day) ?? 0;
  }
  balance = anchors.get(firstAnchor)!;
  for (let day = addDays(firstAnchor, 1); day < ledger.asOfDay; day = addDays(day, 1)) {
    balance = anchors.get(day) ?? balance + (net.get(day) ?? 0);
    series.set(day, balance);
  }
  return series;
}

/** Per day, the sum of the end-of-day balances of the ledger's accounts of the given types that are known that day. */
export function totalBalances(ledger: Ledger, types: readonly AccountType[]): Map<string, number> {
  const total = new Map<string, number>();
  for (const account of ledger.accounts) {
    if (!types.includes(account.type)) continue;
    for (const [day, amount] of accountBalances(ledger, account.id))
      total.set(day, (total.get(day) ?? 0) + amount);
  }
  return total;
}
