import { type CategoryId, categoryIdsOf, categoryKind, isCategoryId } from '../enrichment';
import type { FieldProblem } from '../errors';
import { localized } from '../request-context';

/**
 * Field checks of the customer tools' inputs. Each returns the problems it found (field path + what to
 * fix) so one INVALID names them all; the services write nothing unless the list is empty.
 */

/** Largest amount a budget or goal may name: 10^15 minor units (10 trillion in a 2-decimal currency). */
export const maxToolAmountMinor = 10n ** 15n;
/** Longest savings goal name, in characters. */
export const maxGoalNameLength = 80;

const spendingCategoryIds = categoryIdsOf('spending');
const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

/** A positive amount in minor units as a decimal string, at most `maxToolAmountMinor`. */
export function checkPositiveAmount(problems: FieldProblem[], field: string, value: string): bigint | null {
  if (!/^[0-9]{1,16}$/.test(value) || BigInt(value) <= 0n || BigInt(value) > maxToolAmountMinor) {
    problems.push({
      field,
      problem: localized({
        en: `must be a whole number of minor units between 1 and ${maxToolAmountMinor} (e.g. "25000" for 250.00)`,
        sl: `mora biti celo število stotinov med 1 in ${maxToolAmountMinor} (npr. »25000« za 250,00)`,
      }),
    });
    return null;
  }
  return BigInt(value);
}

/** A signed, non-zero amount in minor units (a contribution, or a withdrawal when negative). */
export function checkSignedAmount(problems: FieldProblem[], field: string, value: string): bigint | null {
  const magnitude = value.startsWith('-') ? value.slice(1) : value;
  const checked = checkPositiveAmount([], field, magnitude);
  if (checked === null) {
    problems.push({
      field,
      problem: localized({
        en: `must be a non-zero whole number of minor units, at most ${maxToolAmountMinor} either way (negative takes money out)`,
        sl: `mora biti od 0 različno celo število stotinov, največ ${maxToolAmountMinor} v eno ali drugo smer (negativno denar vzame)`,
      }),
    });
    return null;
  }
  return value.startsWith('-') ? -checked : checked;
}

export function checkCurrency(problems: FieldProblem[], field: string, value: string): string | null {
  if (!/^[A-Z]{3}$/.test(value) || !knownCurrencies.has(value)) {
    problems.push({
      field,
      problem: localized({
        en: 'must be an ISO 4217 currency code in capitals, e.g. "EUR"',
        sl: 'mora biti koda valute ISO 4217 z velikimi črkami, npr. »EUR«',
      }),
    });
    return null;
  }
  return value;
}

/** Budgets limit spending: only a spending category of the taxonomy (not income, transfers or cash). */
export function checkSpendingCategory(
  problems: FieldProblem[],
  field: string,
  value: string,
): CategoryId | null {
  if (!isCategoryId(value) || categoryKind(value) !== 'spending') {
    problems.push({
      field,
      problem: localized({
        en: `must be a spending category: one of ${spendingCategoryIds.join(', ')}`,
        sl: `mora biti kategorija porabe: ena od ${spendingCategoryIds.join(', ')}`,
      }),
    });
    return null;
  }
  return value;
}

export function checkGoalName(problems: FieldProblem[], field: string, value: string): string | null {
  const name = value.trim();
  if (name.length === 0 || [...name].length > maxGoalNameLength) {
    problems.push({
      field,
      problem: localized({
        en: `must be 1-${maxGoalNameLength} characters`,
        sl: `mora imeti od 1 do ${maxGoalNameLength} znakov`,
      }),
    });
    return null;
  }
  return name;
}

/** A target date: a real calendar date (YYYY-MM-DD) after `today` (UTC). */
export function checkTargetDate(
  problems: FieldProblem[],
  field: string,
  value: string,
  today: Date,
): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const parsed = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!parsed || parsed.toISOString().slice(0, 10) !== value) {
    problems.push({
      field,
      problem: localized({
        en: 'must be a date as YYYY-MM-DD, e.g. "2027-06-30"',
        sl: 'mora biti datum v obliki LLLL-MM-DD, npr. »2027-06-30«',
      }),
    });
    return null;
  }
  if (value <= today.toISOString().slice(0, 10)) {
    problems.push({
      field,
      problem: localized({ en: 'must be after today', sl: 'mora biti po današnjem dnevu' }),
    });
    return null;
  }
  return value;
}
