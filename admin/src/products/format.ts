// How the Products page writes the API's figures: money in its currency (from integer minor units, exactly),
// rates and percentage fees from basis points as percent, and the catalogue's words (kinds, frequencies,
// limits, eligibility) as a bank's staff read them. Pure functions, tested in format.test.ts.
import type { MoneyNode, ProductFeeNode, ProductNode, ProductRateNode, ProductType } from '../data/index.ts';

/** English with the currency's symbol (€4.90, £1,000.00, $39.00); the portal is in English. */
const locale = 'en-US';

export const productTypeLabels: Record<ProductType, string> = {
  CURRENT_ACCOUNT: 'Current account',
  SAVINGS_ACCOUNT: 'Savings account',
  FIXED_TERM_DEPOSIT: 'Fixed-term deposit',
  CREDIT_CARD: 'Credit card',
  PERSONAL_LOAN: 'Personal loan',
  MORTGAGE: 'Mortgage',
  INVESTMENT_FUND: 'Investment fund',
  INSURANCE: 'Insurance',
};

/**
 * An amount in its currency: `{ minor: "490", currency: "EUR" }` → "€4.90", with the currency's own decimals
 * (JPY none). The minor units are placed as a decimal string, never through a float, so any amount is exact.
 */
export function formatMoney({ minor, currency }: MoneyNode): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const decimals = format.resolvedOptions().maximumFractionDigits ?? 2;
  const negative = minor.startsWith('-');
  const digits = (negative ? minor.slice(1) : minor).padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  const decimal = `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
  // Intl formats a decimal string exactly (ES2023); the type predates it.
  return format.format(decimal as unknown as number);
}

/** Basis points as percent with two decimals: 435 → "4.35%", 9000 → "90.00%" (integer arithmetic). */
export function formatBasisPoints(basisPoints: number): string {
  const sign = basisPoints < 0 ? '-' : '';
  const value = Math.abs(Math.trunc(basisPoints));
  return `${sign}${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}%`;
}

const acronyms: Record<string, string> = { apr: 'APR', aer: 'AER', apy: 'APY', atm: 'ATM', isa: 'ISA' };

/** A catalogue word as a label: "purchase-apr" → "Purchase APR", "early-repayment" → "Early repayment". */
export function kindLabel(kind: string): string {
  const words = kind.split('-').map((word) => acronyms[word] ?? word);
  const first = words[0] ?? '';
  return [first.charAt(0).toUpperCase() + first.slice(1), ...words.slice(1)].join(' ');
}

const frequencies: Record<string, string> = {
  once: 'once',
  monthly: 'a month',
  quarterly: 'a quarter',
  annually: 'a year',
  'per-event': 'each time',
};

/** A duration in months, in years when whole: 120 → "10 years", 18 → "18 months". */
export function formatMonths(months: number): string {
  if (months % 12 === 0) return months === 12 ? '1 year' : `${months / 12} years`;
  return months === 1 ? '1 month' : `${months} months`;
}

/** "Interest 3.45% fixed for 10 years", "Interest 2.50% variable from €50,000.00". */
export function formatRate(rate: ProductRateNode): string {
  const parts = [kindLabel(rate.kind), formatBasisPoints(rate.basisPoints), rate.type];
  if (rate.fixedForMonths !== null) parts.push(`for ${formatMonths(rate.fixedForMonths)}`);
  if (rate.fromAmount) parts.push(`from ${formatMoney(rate.fromAmount)}`);
  return parts.join(' ');
}

/** "Annual €39.00 a year", "Foreign transaction 1.75% each time". */
export function formatFee(fee: ProductFeeNode): string {
  const value = fee.amount
    ? formatMoney(fee.amount)
    : fee.basisPoints !== null
      ? formatBasisPoints(fee.basisPoints)
      : '';
  return [kindLabel(fee.kind), value, frequencies[fee.frequency] ?? fee.frequency].filter(Boolean).join(' ');
}

/** A range of two optional bounds: "a – b", "from a", "up to b", or null when neither is given. */
function range(min: string | null, max: string | null): string | null {
  if (min !== null && max !== null) return min === max ? min : `${min} – ${max}`;
  if (min !== null) return `from ${min}`;
  if (max !== null) return `up to ${max}`;
  return null;
}

/** The amount and term bounds: ["€1,000.00 – €75,000.00", "1 – 8 years"]; empty when the product has none. */
export function formatLimits(limits: ProductNode['limits']): string[] {
  const money = (value: MoneyNode | null) => (value ? formatMoney(value) : null);
  const amount = range(money(limits.minAmount), money(limits.maxAmount));
  const { minTermMonths: min, maxTermMonths: max } = limits;
  // Both bounds in years when both are whole years, else both in months.
  const inYears = (min ?? 0) % 12 === 0 && (max ?? 0) % 12 === 0;
  const term =
    min === null && max === null
      ? null
      : inYears
        ? range(min === null ? null : String(min / 12), max === null ? null : String(max / 12))
        : range(min === null ? null : String(min), max === null ? null : String(max));
  const unit = inYears ? (min === 12 && (max === null || max === 12) ? 'year' : 'years') : 'months';
  return [amount, term && `${term} ${unit}`].filter((line): line is string => line !== null);
}

const creditChecks: Record<string, string> = {
  none: 'No credit check',
  soft: 'Soft credit check',
  hard: 'Hard credit check',
};

/** Who may hold it, short: ["Age 18+", "Income from €18,000.00 a year", "Hard credit check", "LTV up to 90.00%"]. */
export function formatEligibility(eligibility: ProductNode['eligibility']): string[] {
  const { minAge, maxAge, minAnnualIncome, maxLoanToValueBasisPoints } = eligibility;
  const lines: string[] = [];
  if (minAge !== null && maxAge !== null) lines.push(`Age ${minAge}–${maxAge}`);
  else if (minAge !== null) lines.push(`Age ${minAge}+`);
  else if (maxAge !== null) lines.push(`Age up to ${maxAge}`);
  if (minAnnualIncome) lines.push(`Income from ${formatMoney(minAnnualIncome)} a year`);
  lines.push(creditChecks[eligibility.creditCheck] ?? `Credit check: ${eligibility.creditCheck}`);
  if (maxLoanToValueBasisPoints !== null)
    lines.push(`LTV up to ${formatBasisPoints(maxLoanToValueBasisPoints)}`);
  return lines;
}

/** Countries of residence: "Any country", "GB", "US, CA" or, beyond three, "30 countries". */
export function formatResidency(residency: readonly string[]): string {
  if (residency.length === 0) return 'Any country';
  if (residency.length <= 3) return residency.join(', ');
  return `${residency.length} countries`;
}
