import type { TransactionDirection } from '@finpersona/plugin-sdk';
import { type CategoryId, categoryKind } from './taxonomy';

/**
 * Merchant category code (MCC) → category. MCCs are four digits assigned to a merchant by its acquirer
 * under ISO 18245 ("Retail financial services — Merchant category codes"); the ranges and codes below
 * follow the ISO 18245 code list as the card schemes publish it (Visa Merchant Data Standards Manual,
 * Mastercard Quick Reference Booklet — Merchant Edition), where the scheme lists agree:
 *
 * - 3000–3350 airlines, 3351–3500 car rental, 3501–3999 lodging (the schemes' per-brand codes);
 * - 4000–4799 transportation, 4800–4999 utilities and telecommunications;
 * - 5000–5599 retail outlets (5411 grocery stores, 5541/5542 fuel), 5600–5699 clothing,
 *   5700–7299 miscellaneous stores and services (5812–5814 eating places, 5815–5818 digital goods);
 * - 6000–6999 financial and insurance (6010/6011 cash disbursement, 6300 insurance);
 * - 7300–7999 business, repair, amusement and recreation services; 8000–8999 professional services
 *   and membership organisations (8011–8099 medical, 8211–8299 education, 8398 charities);
 * - 9000–9999 government services (9311 tax payments).
 *
 * Codes with no clear category (e.g. 6012 "financial institutions — merchandise and services", which banks
 * use for anything from a loan instalment to a transfer) are left to rules and the classifier.
 */
interface MccRange {
  readonly from: number;
  readonly to: number;
  readonly category: CategoryId;
}

/** More specific entries first: the first range containing the code wins. */
const mccRanges: readonly MccRange[] = [
  // Single codes inside broader ranges.
  { from: 4111, to: 4111, category: 'transport' }, // local and suburban commuter transport
  { from: 4112, to: 4112, category: 'travel' }, // passenger railways
  { from: 4121, to: 4121, category: 'transport' }, // taxicabs and limousines (incl. ride hailing)
  { from: 4131, to: 4131, category: 'transport' }, // bus lines
  { from: 4411, to: 4411, category: 'travel' }, // cruise lines
  { from: 4511, to: 4511, category: 'travel' }, // airlines, air carriers
  { from: 4582, to: 4582, category: 'travel' }, // airports, flying fields
  { from: 4722, to: 4722, category: 'travel' }, // travel agencies, tour operators
  { from: 4784, to: 4784, category: 'transport' }, // tolls and bridge fees
  { from: 4812, to: 4812, category: 'shopping' }, // telecommunication equipment and telephone sales
  { from: 4814, to: 4816, category: 'household-bills' }, // telecommunication services, computer network services
  { from: 4829, to: 4829, category: 'transfer-out' }, // wire transfers and money orders
  { from: 4899, to: 4899, category: 'subscriptions' }, // cable, satellite and other pay television
  { from: 4900, to: 4900, category: 'household-bills' }, // utilities: electric, gas, water, sanitary
  { from: 5300, to: 5300, category: 'groceries' }, // wholesale clubs
  { from: 5411, to: 5499, category: 'groceries' }, // grocery stores, supermarkets, bakeries, misc. food stores
  { from: 5511, to: 5599, category: 'transport' }, // car dealers, auto supplies, service stations (5541/5542)
  { from: 5735, to: 5735, category: 'entertainment' }, // record stores
  { from: 5811, to: 5814, category: 'eating-out' }, // caterers, restaurants, bars, fast food
  { from: 5815, to: 5815, category: 'subscriptions' }, // digital goods: books, movies, music
  { from: 5816, to: 5816, category: 'entertainment' }, // digital goods: games
  { from: 5817, to: 5818, category: 'subscriptions' }, // digital goods: applications, large digital merchants
  { from: 5912, to: 5912, category: 'health' }, // drug stores and pharmacies
  { from: 5968, to: 5968, category: 'subscriptions' }, // direct marketing: continuity/subscription merchants
  { from: 5975, to: 5976, category: 'health' }, // hearing aids, orthopedic goods
  { from: 6010, to: 6011, category: 'cash-withdrawal' }, // manual and automated cash disbursements
  { from: 6051, to: 6051, category: 'transfer-out' }, // quasi-cash: money orders, foreign currency, e-money loads
  { from: 6211, to: 6211, category: 'savings-transfer' }, // security brokers and dealers
  { from: 6300, to: 6399, category: 'insurance' }, // insurance sales, underwriting and premiums
  { from: 6513, to: 6513, category: 'housing' }, // real estate agents and managers — rentals
  { from: 6536, to: 6538, category: 'transfer-out' }, // MoneySend and funding transactions
  { from: 7011, to: 7033, category: 'travel' }, // hotels, timeshares, camps, campgrounds
  { from: 7261, to: 7261, category: 'other-spending' }, // funeral services
  { from: 7512, to: 7519, category: 'travel' }, // car, truck and motor-home rental
  { from: 7523, to: 7549, category: 'transport' }, // parking, car repair, car washes, towing
  { from: 7800, to: 7999, category: 'entertainment' }, // cinema, video, amusement, recreation, betting
  { from: 8011, to: 8099, category: 'health' }, // doctors, dentists, opticians, hospitals, medical services
  { from: 8211, to: 8299, category: 'education' }, // schools, colleges, educational services
  { from: 8398, to: 8398, category: 'charity' }, // charitable and social service organisations
  { from: 8661, to: 8661, category: 'charity' }, // religious organisations
  { from: 9311, to: 9311, category: 'taxes' }, // tax payments
  // Broad ranges.
  { from: 3000, to: 3350, category: 'travel' }, // airlines
  { from: 3351, to: 3500, category: 'travel' }, // car rental agencies
  { from: 3501, to: 3999, category: 'travel' }, // hotels and lodging
  { from: 4000, to: 4799, category: 'transport' }, // transportation services
  { from: 5000, to: 5599, category: 'shopping' }, // wholesale, building materials, department and discount stores
  { from: 5600, to: 5699, category: 'shopping' }, // clothing and accessories
  { from: 5700, to: 5999, category: 'shopping' }, // home furnishings, electronics, miscellaneous retail
  { from: 7200, to: 7299, category: 'shopping' }, // personal services: laundry, beauty, photography
  { from: 9000, to: 9999, category: 'other-spending' }, // government services, court costs, fines
];

/** Trust in an MCC: exact codes are assigned by the acquirer, but merchants are sometimes miscoded. */
export const mccConfidence = { code: 0.9, range: 0.8 } as const;

export interface MccCategory {
  readonly category: CategoryId;
  readonly confidence: number;
}

/**
 * The category an MCC implies for a transaction of this direction, or null (unknown or ambiguous code).
 * Money coming back from a spending merchant is a refund; cash disbursement codes on a credit are a cash
 * deposit; transfer codes on a credit are a transfer in.
 */
export function categoryForMcc(
  mcc: string | null | undefined,
  direction: TransactionDirection,
): MccCategory | null {
  if (!mcc || !/^\d{4}$/.test(mcc)) return null;
  const code = Number(mcc);
  const range = mccRanges.find((entry) => code >= entry.from && code <= entry.to);
  if (!range) return null;
  const confidence = range.from === range.to ? mccConfidence.code : mccConfidence.range;
  if (direction === 'debit') return { category: range.category, confidence };
  const kind = categoryKind(range.category);
  if (kind === 'spending') return { category: 'refunds', confidence };
  if (range.category === 'cash-withdrawal') return { category: 'cash-deposit', confidence };
  if (kind === 'transfer') return { category: 'transfer-in', confidence };
  return null;
}
