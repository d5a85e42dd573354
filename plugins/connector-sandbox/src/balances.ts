import type { Money } from '@finpersona/plugin-sdk';
import type { SandboxCustomer } from './customer';

/**
 * Each account's balance at the end of the period (source account id → balance), by running the
 * customer's transaction stream once: the opening balance plus every transaction, which is also the
 * last transaction's `balanceAfter`.
 */
export function finalBalances(customer: SandboxCustomer): Map<string, Money> {
  const balances = new Map<string, Money>();
  for (const account of customer.accounts) balances.set(account.sourceId, account.openingBalance);
  for (const { transaction } of customer.transactions()) {
    if (transaction.balanceAfter) balances.set(transaction.sourceAccountId, transaction.balanceAfter);
  }
  return balances;
}
