// The evaluation's view of the real PKDD'99 data (needs ../shared/data; fails saying where it looked).
import { describe, expect, it } from 'vitest';
import { loadPkdd99Evaluation, withoutSourceCode } from './pkdd99-data';

describe("PKDD'99 evaluation data", () => {
  const data = loadPkdd99Evaluation();

  it('holds every account with its owner, and every row of each relation exactly once', () => {
    expect(data.accounts).toHaveLength(4500);
    expect(data.coveredPeriod).toEqual({ first: '1993-01-01', last: '1994-03-31' });
    const sum = (count: (account: (typeof data.accounts)[number]) => number): number =>
      data.accounts.reduce((total, account) => total + count(account), 0);
    expect(sum((account) => account.transactions.length)).toBe(49_101);
    expect(sum((account) => account.orders.length)).toBe(6471);
    expect(sum((account) => account.loans.length)).toBe(682);
    expect(sum((account) => account.cards.length)).toBe(892);
    for (const account of data.accounts) {
      for (const transaction of account.transactions)
        expect(transaction.sourceAccountId).toBe(account.accountId);
    }
    // Account 1's owner is client 1 (disp.asc), a woman born 1970-12-13 (client.asc).
    expect(data.accounts.find((account) => account.accountId === '1')!.owner).toMatchObject({
      clientId: '1',
      birthDate: '1970-12-13',
    });
  });

  it('keeps the payment-type label on the transaction and can hide it from a categoriser', () => {
    const labelled = data.accounts
      .flatMap((account) => account.transactions)
      .find((transaction) => transaction.sourceCode === 'SIPO')!;
    expect(labelled).toBeDefined();
    const hidden = withoutSourceCode(labelled);
    expect('sourceCode' in hidden).toBe(false);
    expect({ ...hidden, sourceCode: labelled.sourceCode }).toEqual(labelled);
  });
});
