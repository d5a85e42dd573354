// Income detection on the real PKDD'99 data (Petr Berka and Marta Sochorova, PKDD'99 Discovery Challenge;
// needs ../shared/data): pensions (k_symbol DUCHOD, a label the features never see) must come out as regular
// income from their periodicity alone. Prints the figures and the cost of computing every feature.
import { describe, expect, it } from 'vitest';
import { behaviourTransactionOf, computeFeatures, type BehaviourHistory } from '../behaviour';
import { loadPkdd99Evaluation, withoutSourceCode } from './pkdd99-data';

describe("income detection on PKDD'99", () => {
  const data = loadPkdd99Evaluation();
  const asOf = '1994-04-01T00:00:00.000Z';

  it('flags the accounts paid a pension in each of the last three months as regular income', () => {
    const withTransactions = data.accounts.filter((account) => account.transactions.length > 0);
    const pensioners = new Set(
      withTransactions
        .filter((account) => {
          const months = new Set(
            account.transactions
              .filter(
                (transaction) =>
                  transaction.sourceCode === 'DUCHOD' && transaction.bookingDate >= '1994-01-01',
              )
              .map((transaction) => transaction.bookingDate.slice(0, 7)),
          );
          return months.size === 3;
        })
        .map((account) => account.accountId),
    );
    const started = performance.now();
    const flagged = new Set<string>();
    for (const account of withTransactions) {
      const history: BehaviourHistory = {
        asOf,
        customer: { birthDate: account.owner.birthDate, firstAccountOpenedOn: account.openedOn },
        accounts: [{ id: account.accountId, type: 'current', currency: 'CZK', openedOn: account.openedOn }],
        // The label is removed before behaviour sees the transaction.
        transactions: account.transactions.map((transaction) =>
          behaviourTransactionOf(withoutSourceCode(transaction), account.accountId),
        ),
        balances: [],
        productsHeld: { 'current-account': 1 },
      };
      if (computeFeatures(history)['income.regular'] === 1) flagged.add(account.accountId);
    }
    const perAccountMs = (performance.now() - started) / withTransactions.length;
    const found = [...pensioners].filter((id) => flagged.has(id)).length;
    console.info(
      `PKDD'99 (Berka and Sochorova): ${pensioners.size} accounts paid a pension (DUCHOD) in each of 1994-01..03; ` +
        `${found} flagged income.regular (recall ${(found / pensioners.size).toFixed(3)}); ` +
        `${flagged.size} of ${withTransactions.length} accounts flagged in all (pensions and salaries); ` +
        `computeFeatures ${perAccountMs.toFixed(2)} ms per account`,
    );
    expect(pensioners.size).toBeGreaterThan(0);
    // A pension paid every month from one payer is exactly what regular income means.
    expect(found / pensioners.size).toBeGreaterThan(0.9);
  }, 300_000);
});
