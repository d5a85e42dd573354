import type { BehaviourHistory } from './history';
import type { RecurringPayment } from './recurring-types';

/** Recurring payments (both directions) in the history up to `asOf`, detected from periodicity and amount. */
export function detectRecurringPayments(history: BehaviourHistory): RecurringPayment[] {
  void history;
  throw new Error('detectRecurringPayments: seam only, implementation follows');
}
