import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isValidIban, isValidLuhn } from './identifiers';
import {
  finalBalances,
  generateCustomer,
  sandboxCategoryList,
  SandboxOptionsError,
  type SandboxCustomer,
  type SandboxOptions,
} from './index';

/** Everything a customer yields, as one JSON text (the byte-level output the determinism tests compare). */
function serialise(customer: SandboxCustomer): string {
  const { transactions: _transactions, ...rest } = customer;
  const parts = [JSON.stringify(rest)];
  for (const item of customer.transactions()) parts.push(JSON.stringify(item));
  return parts.join('\n');
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const oneYear: SandboxOptions = { years: 1 };

/** sha256 of `serialise(generateCustomer(seed, index, options))`; the EU one has accented names. */
const goldenCases = [
  {
    seed: 'golden',
    index: 42,
    options: { region: 'UK', years: 1, endDate: '2024-06-30' },
    sha256: 'b5972108e303a5290e32c3d0df6bf60c84b8a74d699b467b688280fe34b6e3d7',
  },
  {
    seed: 'golden',
    index: 9,
    options: { region: 'EU', years: 1, endDate: '2024-06-30' },
    sha256: '66ee9a524cf868dfdc0ad9f6612c4f7a6b26342459808f96ed8aeb2875bf18d7',
  },
] as const;

describe('determinism', () => {
  it('gives byte-identical customers and transactions for the same seed, index and options', () => {
    for (const index of [0, 1, 2]) {
      const options: SandboxOptions = { region: (['EU', 'UK', 'US'] as const)[index], years: 1 };
      expect(serialise(generateCustomer('same', index, options))).toBe(
        serialise(generateCustomer('same', index, options)),
      );
    }
  });

  it('restarts the lazy stream identically each time it is iterated', () => {
    const customer = generateCustomer('restart', 3, oneYear);
    const first = [...customer.transactions()].map((item) => JSON.stringify(item));
    const second = [...customer.transactions()].map((item) => JSON.stringify(item));
    expect(first.length).toBeGreaterThan(100);
    expect(second).toEqual(first);
  });

  it('gives different customers for different seeds and indexes', () => {
    const base = serialise(generateCustomer('seed-a', 0, oneYear));
    expect(serialise(generateCustomer('seed-b', 0, oneYear))).not.toBe(base);
    expect(serialise(generateCustomer('seed-a', 1, oneYear))).not.toBe(base);
    expect(generateCustomer('seed-a', 0).id).not.toBe(generateCustomer('seed-b', 0).id);
  });

  it.each(goldenCases)(
    'matches the recorded output of $seed/$index ($options.region), so an engine, machine or code change that alters it is caught',
    ({ seed, index, options, sha256: expected }) => {
      // Regenerate these hashes only for an intended change to the generator (and say so in the commit):
      // demos, tests and evaluations elsewhere rely on a seed meaning the same data everywhere.
      expect(sha256(serialise(generateCustomer(seed, index, options)))).toBe(expected);
    },
  );
});

describe('independence', () => {
  it('generates customer 7 the same whether or not customers 0–6 were generated first', () => {
    const alone = serialise(generateCustomer('independent', 7, oneYear));
    for (let index = 0; index < 7; index++) serialise(generateCustomer('independent', index, oneYear));
    expect(serialise(generateCustomer('independent', 7, oneYear))).toBe(alone);
  });
});

describe('transactions', () => {
  const customers = Array.from({ length: 24 }, (_, index) =>
    generateCustomer('ledger', index, { region: (['EU', 'UK', 'US'] as const)[index % 3], years: 2 }),
  );
  // Checks run per transaction collect problems and assert once: expect() per row would dominate the run time.

  it('reconcile: each balanceAfter is the previous balance plus the transaction, ending at the final balance', () => {
    const problems: string[] = [];
    for (const customer of customers) {
      const running = new Map(
        customer.accounts.map((account) => [account.sourceId, BigInt(account.openingBalance.minor)]),
      );
      let count = 0;
      for (const { transaction } of customer.transactions()) {
        const before = running.get(transaction.sourceAccountId);
        if (before === undefined) problems.push(`${transaction.sourceId}: account not listed`);
        const signed = BigInt(transaction.amount.minor) * (transaction.direction === 'credit' ? 1n : -1n);
        const after = (before ?? 0n) + signed;
        if (transaction.balanceAfter?.minor !== after.toString()) {
          problems.push(
            `${transaction.sourceId}: balanceAfter ${transaction.balanceAfter?.minor}, expected ${after}`,
          );
        }
        running.set(transaction.sourceAccountId, after);
        count++;
      }
      expect(count).toBeGreaterThan(300);
      const final = finalBalances(customer);
      for (const [accountId, balance] of running)
        expect(final.get(accountId)?.minor).toBe(balance.toString());
    }
    expect(problems).toEqual([]);
  });

  it('are in booking order within the period, booked on open accounts, with unique stable-format ids', () => {
    const problems: string[] = [];
    for (const customer of customers) {
      const opened = new Map(customer.accounts.map((account) => [account.sourceId, account.openedOn ?? '']));
      const ids = new Set<string>();
      let previous = '';
      for (const { transaction, truth } of customer.transactions()) {
        const { sourceId, bookingDate, sourceAccountId } = transaction;
        if (bookingDate < previous) problems.push(`${sourceId}: out of order`);
        previous = bookingDate;
        if (bookingDate < customer.period.startDate || bookingDate > customer.period.endDate)
          problems.push(`${sourceId}: outside the period`);
        if (bookingDate < opened.get(sourceAccountId)!)
          problems.push(`${sourceId}: before the account opened`);
        if (
          !sourceId.startsWith(`${sourceAccountId}-`) ||
          !/^sb-[A-Za-z0-9]{12}-[a-z]+-\d{8}-\d+$/.test(sourceId)
        )
          problems.push(`${sourceId}: id format`);
        if (ids.has(sourceId)) problems.push(`${sourceId}: duplicate`);
        ids.add(sourceId);
        if (truth.sourceId !== sourceId) problems.push(`${sourceId}: truth for another transaction`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('carry money only as integer minor-unit strings in the bank region’s currency', () => {
    const currencies = { EU: 'EUR', UK: 'GBP', US: 'USD' } as const;
    const problems: string[] = [];
    const integer = /^-?(0|[1-9][0-9]*)$/;
    for (const customer of customers) {
      expect(customer.currency).toBe(currencies[customer.person.region]);
      for (const { transaction, truth } of customer.transactions()) {
        const amounts = [transaction.amount, transaction.balanceAfter, truth.recurring?.expectedAmount];
        for (const money of amounts) {
          if (money && (!integer.test(money.minor) || money.currency !== customer.currency)) {
            problems.push(`${transaction.sourceId}: ${JSON.stringify(money)}`);
          }
        }
        if (/^-|^0$/.test(transaction.amount.minor))
          problems.push(`${transaction.sourceId}: amount not positive`);
        const mcc = transaction.merchant?.mcc;
        if (mcc !== undefined && !/^\d{4}$/.test(mcc)) problems.push(`${transaction.sourceId}: MCC ${mcc}`);
        if (!sandboxCategoryList.includes(truth.category))
          problems.push(`${transaction.sourceId}: category ${truth.category}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('customers', () => {
  it('have example-domain e-mails, plausible birth years and identifiers that pass their check digits', () => {
    for (let index = 0; index < 60; index++) {
      const customer = generateCustomer('people', index, {
        region: (['EU', 'UK', 'US'] as const)[index % 3],
      });
      expect(customer.person.email).toMatch(/^[a-z0-9.]+@example\.(com|org|net)$/);
      expect(customer.person.birthYear).toBeGreaterThan(1930);
      expect(customer.person.birthYear).toBeLessThan(2008);
      expect(customer.accounts[0]?.type).toBe('current');
      for (const account of customer.accounts) {
        const identifier = account.identifiers[0]!;
        if (identifier.scheme === 'IBAN') expect(isValidIban(identifier.value), identifier.value).toBe(true);
        if (identifier.scheme === 'PAN') expect(isValidLuhn(identifier.value), identifier.value).toBe(true);
        if (identifier.scheme === 'SortCodeAccountNumber') expect(identifier.value).toMatch(/^\d{14}$/);
      }
    }
  });

  it('rejects options it cannot use, naming the option', () => {
    expect(() => generateCustomer('x', 0, { region: 'MARS' as 'EU' })).toThrow(/region/);
    expect(() => generateCustomer('x', 0, { endDate: '2025-02-30' })).toThrow(SandboxOptionsError);
    expect(() => generateCustomer('x', 0, { years: 0 })).toThrow(/years/);
    expect(() => generateCustomer('x', 0, { startDate: '2026-01-01', endDate: '2025-01-01' })).toThrow(
      /startDate/,
    );
    expect(() => generateCustomer('x', 0, { activity: 100 })).toThrow(/activity/);
    expect(() => generateCustomer('x', -1)).toThrow(/index/);
  });
});
