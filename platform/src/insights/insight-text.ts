import { type InsightParameter, moneyToDecimal } from '@finpersona/plugin-sdk';

const placeholder = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * Fills an insight's template (`{name}` placeholders, see the SDK's `CandidateInsight`) with its parameters
 * formatted for the customer's `locale` (BCP 47, e.g. `en-GB`, `sl`): money exactly from its minor units
 * (the decimal string is formatted, never a float), percentages from basis points, dates (ISO `YYYY-MM-DD`)
 * as calendar dates without a time zone shift. A placeholder without a parameter is left as written
 * (the host drops such candidates before rendering: `candidateInsightProblems`).
 */
export function renderInsightText(
  template: string,
  parameters: Readonly<Record<string, InsightParameter>>,
  locale: string,
): string {
  return template.replace(placeholder, (whole, name: string) => {
    const parameter = parameters[name];
    return parameter ? formatParameter(parameter, locale) : whole;
  });
}

/**
 * The language a generator writes an insight in for a customer, and the locale its figures are formatted
 * in. The customer's locale (BCP 47) decides when the generator writes its language (`sl-SI` → `sl`), and
 * then figures follow the customer's full locale; otherwise — no locale, a malformed one, a language the
 * generator does not write — the text is English (or the generator's first language) and so are figures,
 * so words and numbers never disagree.
 */
export function insightLanguage(
  customerLocale: string | null,
  generatorLocales: readonly string[] = ['en'],
): { write: string; format: string } {
  const fallback = generatorLocales.includes('en') ? 'en' : (generatorLocales[0] ?? 'en');
  const canonical = canonicalLocale(customerLocale);
  if (!canonical) return { write: fallback, format: fallback };
  const language = canonical.split('-')[0]!.toLowerCase();
  const written =
    generatorLocales.find((locale) => locale.toLowerCase() === canonical.toLowerCase()) ??
    generatorLocales.find((locale) => locale.split('-')[0]!.toLowerCase() === language);
  return written ? { write: written, format: canonical } : { write: fallback, format: fallback };
}

/** The canonical form of a BCP 47 locale, or null when it is none (`Intl` would throw on it). */
function canonicalLocale(locale: string | null): string | null {
  if (!locale) return null;
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? null;
  } catch {
    return null;
  }
}

export function formatParameter(parameter: InsightParameter, locale: string): string {
  switch (parameter.type) {
    case 'text':
      return parameter.value;
    case 'number':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(parameter.value);
    case 'money':
      // A decimal string keeps every digit of the minor units (Intl formats strings exactly).
      return new Intl.NumberFormat(locale, { style: 'currency', currency: parameter.value.currency }).format(
        moneyToDecimal(parameter.value) as unknown as number,
      );
    case 'percent':
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
        `${parameter.basisPoints}E-4` as unknown as number,
      );
    case 'date':
      return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(`${parameter.value.slice(0, 10)}T00:00:00Z`),
      );
  }
}
