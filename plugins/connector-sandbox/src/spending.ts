import type { Merchant } from './catalogue';

/** Relative frequency of card payments by category family (groceries are drawn separately). */
export type SpendingWeights = Readonly<Record<string, number>>;

/**
 * How likely a card payment goes to `merchant`: the customer's weight for the merchant's family,
 * shared among the family's merchants, shifted by the season (gifts from mid-November, eating out
 * and leisure on holiday). The customer plan budgets with the same function, so amounts add up.
 */
export function merchantWeight(
  weights: SpendingWeights,
  merchant: Merchant,
  month: number,
  onHoliday: boolean,
): number {
  const family = merchant.category.split('.')[0] ?? '';
  let weight = weights[family] ?? 1;
  if (merchant.category === 'transport.fuel' && onHoliday) weight *= 0.5;
  if ((family === 'dining' || family === 'leisure') && onHoliday) weight *= 2.5;
  if (family === 'shopping' && (month === 12 || month === 11)) weight *= month === 12 ? 2.2 : 1.4;
  return weight / (family === 'shopping' ? 3 : family === 'dining' ? 3.5 : 2);
}

/** Cumulative weights over `merchants`, for drawing one with a single uniform number. */
export function cumulativeWeights(
  weights: SpendingWeights,
  merchants: readonly Merchant[],
  month: number,
  onHoliday: boolean,
): Float64Array {
  const cumulative = new Float64Array(merchants.length);
  let total = 0;
  merchants.forEach((merchant, i) => {
    total += merchantWeight(weights, merchant, month, onHoliday);
    cumulative[i] = total;
  });
  return cumulative;
}
