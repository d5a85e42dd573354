/**
 * What the six kinds share: reading amounts, the customer's main currency, robust statistics and the
 * relevance curve.
 */
import { currencyExponent, type InsightTransaction, type Money } from '@finpersona/plugin-sdk';

/**
 * Category ids of the platform's taxonomy that are not spending (income, own transfers, cash): the
 * unusual-spending kind ignores them. Kept as strings because a plugin never imports the platform; a
 * spending category the platform adds later is counted without a change here.
 */
export const nonSpendingCategories: ReadonlySet<string> = new Set([
  'salary',
  'pension',
  'benefits',
  'interest-income',
  'refunds',
  'other-income',
  'transfer-in',
  'transfer-out',
  'savings-transfer',
  'cash-withdrawal',
  'cash-deposit',
]);

/** Categories that count as a regular income (the ones `income.regular` is detected from). */
export const regularIncomeCategories: ReadonlySet<string> = new Set(['salary', 'pension']);

/** An amount's minor units as a number (amounts of one customer stay far below 2^53). */
export function minorOf(amount: Money): number {
  return Number(amount.minor);
}

export function money(minor: number, currency: string): Money {
  return { minor: String(Math.round(minor)), currency };
}

/**
 * The customer's main currency: the one most of the window's transactions are in (ties: alphabetical).
 * Features are in minor units of it (`featureVocabulary`), so the kinds that quote a feature as money
 * need it; undefined when the window has no transaction.
 */
export function mainCurrency(items: readonly InsightTransaction[]): string | undefined {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.amount.currency, (counts.get(item.amount.currency) ?? 0) + 1);
  return [...counts].sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))[0]?.[0];
}

/** One unit of the currency's major unit, in minor units (100 for EUR, 1 for JPY). */
export function majorUnit(currency: string): number {
  return 10 ** currencyExponent(currency);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median absolute deviation from the median. */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const centre = median(values);
  return median(values.map((value) => Math.abs(value - centre)));
}

/**
 * `x / (x + half)`: 0 at 0, ½ at `half`, towards 1 as `x` grows. The kinds map "how far past the
 * trigger" through it into a bounded relevance hint.
 */
export function saturate(x: number, half: number): number {
  return x <= 0 ? 0 : x / (x + half);
}

/** A relevance hint in [`low`, `high`], rising with `strength` in [0, 1]; rounded to 3 decimals. */
export function relevanceBetween(low: number, high: number, strength: number): number {
  const clamped = Math.min(1, Math.max(0, strength));
  return Math.round((low + (high - low) * clamped) * 1000) / 1000;
}

/** A ratio (0.125) as basis points (1250), rounded half away from zero. */
export function basisPoints(ratio: number): number {
  return Math.round(ratio * 10_000);
}

/** A category id as English words for the text (`eating-out` → `eating out`); banks may translate. */
export function categoryWords(category: string): string {
  return category.replace(/-/g, ' ');
}

/** Stable order of candidates: by dedupe key. */
export function byKey<T extends { readonly dedupeKey: string }>(a: T, b: T): number {
  return a.dedupeKey < b.dedupeKey ? -1 : a.dedupeKey > b.dedupeKey ? 1 : 0;
}
