import { describe, expect, it } from 'vitest';
import { behaviourHistory, monthly, payments } from '../testing/behaviour-history';
import { detectRecurringPayments } from './recurring';

const debit = { direction: 'debit', accountId: 'current' } as const;

describe('detectRecurringPayments', () => {
  it('finds a monthly subscription moved by weekends and flags its price rise', () => {
    const history = behaviourHistory({
      asOf: '2026-07-01T00:00:00Z',
      transactions: [
        // 15 Feb and 15 Mar 2026 are Sundays: the card is charged on the Monday.
        ...payments(['2026-01-15', '2026-02-16', '2026-03-16', '2026-04-15', '2026-05-15'], {
          ...debit,
          amountMinor: 999,
          merchant: 'StreamFlix',
          category: 'subscriptions',
        }),
        {
          ...debit,
          bookingDate: '2026-06-15',
          amountMinor: 1199,
          merchant: 'streamflix ',
          category: 'subscriptions',
        },
      ],
    });
    const [subscription, ...others] = detectRecurringPayments(history);
    expect(others).toEqual([]);
    expect(subscription).toMatchObject({
      direction: 'debit',
      accountId: 'current',
      merchant: 'streamflix ',
      category: 'subscriptions',
      cadence: 'monthly',
      occurrences: 6,
      firstDate: '2026-01-15',
      lastDate: '2026-06-15',
      typicalAmountMinor: 999,
      lastAmountMinor: 1199,
      nextExpectedDate: '2026-07-15',
      nextExpectedAmountMinor: 1199,
      active: true,
      priceChange: {
        previousAmountMinor: 999,
        lastAmountMinor: 1199,
        changeMinor: 200,
        changeRatio: 0.2002,
        since: '2026-06-15',
      },
    });
    expect(subscription!.key).toMatch(/^[0-9a-f]{24}$/);
  });

  it("keeps the merchant's name of a card subscription keyed by its counterparty (what suggestions need)", () => {
    // A card payment names the merchant and the counterparty both (the seeded Streamly does): the series
    // is the counterparty's, and the merchant's name is still the subscription's name.
    const [subscription] = detectRecurringPayments(
      behaviourHistory({
        asOf: '2026-07-01T00:00:00Z',
        transactions: payments(monthly(2026, 1, 6, 3), {
          ...debit,
          amountMinor: 1299,
          counterpartyKey: 'streamly',
          merchant: 'Streamly',
        }),
      }),
    );
    expect(subscription).toMatchObject({ counterpartyKey: 'streamly', merchant: 'Streamly', occurrences: 6 });
  });

  it('marks a cancelled subscription inactive once a payment is overdue past the grace', () => {
    const gym = payments(monthly(2026, 1, 3, 5), { ...debit, amountMinor: 3000, counterpartyKey: 'gym' });
    const stillPaying = detectRecurringPayments(
      behaviourHistory({ asOf: '2026-04-10T00:00:00Z', transactions: gym }),
    );
    // Due 5 April, 5 days late on the 10th: within the 10 days' grace, expected any day now.
    expect(stillPaying).toMatchObject([{ active: true, nextExpectedDate: '2026-04-10' }]);
    const cancelled = detectRecurringPayments(
      behaviourHistory({ asOf: '2026-07-01T00:00:00Z', transactions: gym }),
    );
    expect(cancelled).toMatchObject([
      {
        cadence: 'monthly',
        counterpartyKey: 'gym',
        active: false,
        lastDate: '2026-03-05',
        priceChange: null,
      },
    ]);
  });

  it('keeps month-end payments at month end (28 February, then 31 March)', () => {
    const rent = payments(['2025-10-31', '2025-11-28', '2025-12-31', '2026-01-30'], {
      ...debit,
      amountMinor: 120_000,
      counterpartyKey: 'landlord',
      category: 'housing',
    });
    const [payment] = detectRecurringPayments(
      behaviourHistory({ asOf: '2026-02-10T00:00:00Z', transactions: rent }),
    );
    expect(payment).toMatchObject({
      cadence: 'monthly',
      nextExpectedDate: '2026-02-28',
      category: 'housing',
    });
  });

  it('tells weekly, quarterly and yearly cadences apart', () => {
    const found = detectRecurringPayments(
      behaviourHistory({
        asOf: '2025-11-01T00:00:00Z',
        transactions: [
          ...payments(['2025-09-01', '2025-09-08', '2025-09-15', '2025-09-22', '2025-09-29', '2025-10-06'], {
            ...debit,
            amountMinor: 500,
            merchant: 'Coffee Club',
          }),
          ...payments(['2025-01-10', '2025-04-10', '2025-07-10', '2025-10-10'], {
            ...debit,
            amountMinor: 12_000,
            counterpartyKey: 'insurer',
          }),
          ...payments(['2024-03-01', '2025-03-03'], {
            ...debit,
            amountMinor: 9_900,
            counterpartyKey: 'club',
          }),
        ],
      }),
    );
    const byParty = new Map(found.map((payment) => [payment.merchant ?? payment.counterpartyKey, payment]));
    expect(byParty.get('Coffee Club')).toMatchObject({ cadence: 'weekly', intervalDays: 7, active: false });
    expect(byParty.get('insurer')).toMatchObject({
      cadence: 'quarterly',
      nextExpectedDate: '2026-01-10',
      active: true,
    });
    expect(byParty.get('club')).toMatchObject({
      cadence: 'yearly',
      intervalDays: 367,
      nextExpectedDate: '2026-03-02',
    });
    expect(found).toHaveLength(3);
  });

  it('splits two payments to one party by amount, and ignores irregular ones and those without a party', () => {
    const bank = { ...debit, counterpartyKey: 'bank-ST' };
    const found = detectRecurringPayments(
      behaviourHistory({
        asOf: '2026-06-01T00:00:00Z',
        transactions: [
          ...payments(monthly(2026, 1, 5, 12), { ...bank, amountMinor: 337_270 }),
          ...payments(monthly(2026, 1, 5, 5), { ...bank, amountMinor: 726_600 }),
          ...payments(['2026-01-03', '2026-01-09', '2026-02-20', '2026-04-28', '2026-05-02'], {
            ...debit,
            amountMinor: 4_000,
            counterpartyKey: 'friend',
          }),
          ...payments(monthly(2026, 1, 5, 31 - 30), { ...debit, amountMinor: 1_460 }),
        ],
      }),
    );
    expect(
      found.map((payment) => [payment.counterpartyKey, payment.typicalAmountMinor, payment.nextExpectedDate]),
    ).toEqual([
      ['bank-ST', 726_600, '2026-06-05'],
      ['bank-ST', 337_270, '2026-06-12'],
    ]);
    expect(found[0]!.key).not.toBe(found[1]!.key);
  });

  it('uses nothing booked on or after asOf, and keeps keys stable as history grows', () => {
    const rent = payments(monthly(2026, 1, 6, 1), {
      ...debit,
      amountMinor: 100_000,
      counterpartyKey: 'landlord',
    });
    const before = detectRecurringPayments(
      behaviourHistory({ asOf: '2026-05-01T00:00:00Z', transactions: rent }),
    );
    const later = detectRecurringPayments(
      behaviourHistory({ asOf: '2026-07-01T00:00:00Z', transactions: rent }),
    );
    expect(before).toMatchObject([
      { occurrences: 4, lastDate: '2026-04-01', nextExpectedDate: '2026-05-01' },
    ]);
    expect(later).toMatchObject([{ occurrences: 6, lastDate: '2026-06-01', key: before[0]!.key }]);
  });

  it('finds a regular credit (a salary) as a recurring series in the credit direction', () => {
    const found = detectRecurringPayments(
      behaviourHistory({
        asOf: '2026-05-01T00:00:00Z',
        transactions: payments(monthly(2026, 1, 4, 25), {
          direction: 'credit',
          accountId: 'current',
          amountMinor: 300_000,
          counterpartyKey: 'employer',
          category: 'salary',
        }),
      }),
    );
    expect(found).toMatchObject([
      { direction: 'credit', cadence: 'monthly', nextExpectedDate: '2026-05-25' },
    ]);
  });
});
