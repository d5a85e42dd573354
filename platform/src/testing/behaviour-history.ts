import type { BehaviourHistory, BehaviourTransaction } from '../behaviour';

/** Builds small behaviour histories for unit tests: defaults for what a test does not care about. */
export function behaviourHistory(
  overrides: Partial<BehaviourHistory> & Pick<BehaviourHistory, 'asOf'>,
): BehaviourHistory {
  return {
    customer: {},
    accounts: [{ id: 'current', type: 'current', currency: 'EUR' }],
    transactions: [],
    balances: [],
    productsHeld: { 'current-account': 1 },
    ...overrides,
  };
}

/** A payment on each of the given days (same amount, party and category). */
export function payments(
  days: readonly string[],
  payment: Omit<BehaviourTransaction, 'bookingDate'>,
): BehaviourTransaction[] {
  return days.map((bookingDate) => ({ ...payment, bookingDate }));
}

/** `YYYY-MM-DD` for day `day` of each month of `year` from `from` to `to` (1-based, inclusive). */
export function monthly(year: number, from: number, to: number, day: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, index) => {
    const month = String(from + index).padStart(2, '0');
    return `${year}-${month}-${String(day).padStart(2, '0')}`;
  });
}
