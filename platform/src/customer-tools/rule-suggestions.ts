import { type CategoryId, categoryLabel, normaliseText, type RuleCondition } from '../enrichment';
import { localized } from '../request-context';
import { formatMinor } from './alert-fatigue';

/** "2 plačili", "5 plačil": a count of payments with Slovenian's plural forms (one, two, few, other). */
function slovenianPayments(count: number): string {
  const forms = { one: 'plačilo', two: 'plačili', few: 'plačila', other: 'plačil' } as const;
  const form = new Intl.PluralRules('sl').select(count) as keyof typeof forms;
  return `${count} ${forms[form] ?? forms.other}`;
}

/** How often a series recurs, after the payee. */
const slovenianCadence: Readonly<Record<string, string>> = {
  weekly: ' vsak teden',
  monthly: ' vsak mesec',
  quarterly: ' vsako četrtletje',
  yearly: ' vsako leto',
};

/**
 * Rule suggestions, pure: from a customer's own evidence, rules they would likely want.
 *
 * - Re-categorisations: the same merchant (or, without one, the same description pattern) re-categorised
 *   by the customer at least `minRecategorisations` times to the same category → "always put X in Y"
 *   (a `set-category` rule). The pattern of a description is its leading words after normalising, at most
 *   `descriptionPatternWords`, up to the first word with a digit (references and dates change from one
 *   statement to the next) — a phrase the next such statement contains at word boundaries too.
 * - Recurring payments: a detected recurring debit with a merchant → "alert me when its price changes"
 *   (an `alert` rule: that merchant, on that account, with an amount other than the usual one, written
 *   with `all` / `any`).
 *
 * Each has an `evidenceKey` that names its evidence (merchant or pattern and category; the series and its
 * usual amount). The service turns it into a keyed fingerprint (the suggestion's id), so a dismissed or
 * accepted suggestion is not offered again for the same evidence — and new evidence (another category, a
 * new usual price) is a new suggestion.
 */

export const minRecategorisations = 2;
export const descriptionPatternWords = 3;

/** One re-categorisation by the customer (`category_label`) with the transaction's text. */
export interface RecategorisationEvidence {
  readonly category: string;
  readonly merchant: string | null;
  readonly description: string | null;
}

/** A recurring series detected in the customer's transactions (`recurring_payment`). */
export interface RecurringEvidence {
  readonly seriesKey: string;
  readonly accountId: string;
  readonly direction: 'credit' | 'debit';
  readonly merchant: string | null;
  readonly currency: string;
  readonly typicalAmountMinor: number;
  readonly cadence: string;
  readonly occurrences: number;
  readonly active: boolean;
}

export type SuggestionKind = 'recategorisation' | 'subscription-price';

export interface RuleSuggestionDraft {
  readonly kind: SuggestionKind;
  readonly evidenceKey: string;
  /** What the rule would do, in the customer's words. */
  readonly summary: string;
  /** Why it is suggested. */
  readonly evidence: string;
  /** How many transactions (re-categorisations, or payments of the series) back it. */
  readonly evidenceCount: number;
  readonly action: 'set-category' | 'alert';
  readonly category: CategoryId | null;
  readonly conditions: RuleCondition;
}

/** The description's pattern (see the file comment), or null when nothing is left of it. */
export function descriptionPattern(description: string | null): string | null {
  if (!description) return null;
  const words = normaliseText(description)
    .split(' ')
    .filter((word) => word.length > 0);
  const firstWithDigit = words.findIndex((word) => /\d/.test(word));
  const leading = words.slice(
    0,
    Math.min(firstWithDigit < 0 ? words.length : firstWithDigit, descriptionPatternWords),
  );
  // One letter alone ("a", "x") says nothing about the payment.
  return leading.join(' ').length > 1 ? leading.join(' ') : null;
}

export function suggestRules(input: {
  recategorisations: readonly RecategorisationEvidence[];
  recurring: readonly RecurringEvidence[];
}): RuleSuggestionDraft[] {
  const groups = new Map<
    string,
    { by: 'merchant' | 'description'; text: string; category: string; n: number }
  >();
  for (const label of input.recategorisations) {
    const merchant = label.merchant ? normaliseText(label.merchant) : '';
    const by = merchant.length > 0 ? 'merchant' : 'description';
    const text = by === 'merchant' ? merchant : descriptionPattern(label.description);
    if (!text) continue;
    const key = `recategorised|${by}|${text}|${label.category}`;
    const group = groups.get(key) ?? { by, text, category: label.category, n: 0 };
    group.n += 1;
    groups.set(key, group);
  }
  const suggestions: RuleSuggestionDraft[] = [];
  for (const [evidenceKey, group] of groups) {
    if (group.n < minRecategorisations) continue;
    suggestions.push({
      kind: 'recategorisation',
      evidenceKey,
      ...localized({
        en: {
          summary: `Always put ${group.by === 'merchant' ? group.text : `"${group.text}"`} in ${categoryLabel(group.category as CategoryId, 'en')}`,
          evidence: `You moved ${group.n} transactions ${group.by === 'merchant' ? 'from this merchant' : 'with this description'} to ${categoryLabel(group.category as CategoryId, 'en')}.`,
        },
        sl: {
          summary: `Vedno razvrsti ${group.by === 'merchant' ? group.text : `»${group.text}«`} v kategorijo »${categoryLabel(group.category as CategoryId, 'sl')}«`,
          evidence: `${slovenianPayments(group.n)} ${group.by === 'merchant' ? 'tega trgovca' : 's tem opisom'} ste premaknili v kategorijo »${categoryLabel(group.category as CategoryId, 'sl')}«.`,
        },
      }),
      evidenceCount: group.n,
      action: 'set-category',
      category: group.category as CategoryId,
      conditions:
        group.by === 'merchant' ? { merchantContains: [group.text] } : { descriptionContains: [group.text] },
    });
  }
  for (const series of input.recurring) {
    // A usual amount of 1 minor unit has no "below" to watch; such series are not subscriptions anyway.
    if (!series.active || series.direction !== 'debit' || !series.merchant || series.typicalAmountMinor < 2) {
      continue;
    }
    const merchant = normaliseText(series.merchant);
    if (merchant.length === 0) continue;
    const usual = series.typicalAmountMinor;
    suggestions.push({
      kind: 'subscription-price',
      evidenceKey: `subscription-price|${series.seriesKey}|${usual}`,
      ...localized({
        en: {
          summary: `Alert me when ${merchant} charges anything other than the usual amount`,
          evidence: `${series.occurrences} ${series.cadence} payments to ${merchant}, usually ${formatMinor(BigInt(usual), series.currency)}.`,
        },
        sl: {
          summary: `Opozori me, ko ${merchant} zaračuna drugačen znesek od običajnega`,
          evidence: `${slovenianPayments(series.occurrences)} za ${merchant}${slovenianCadence[series.cadence] ?? ''}, običajno ${formatMinor(BigInt(usual), series.currency).replace('.', ',')}.`,
        },
      }),
      evidenceCount: series.occurrences,
      action: 'alert',
      category: null,
      conditions: {
        all: [
          { merchantContains: [merchant], direction: 'debit', accountIds: [series.accountId] },
          {
            any: [
              { maxAmountMinor: usual - 1, currency: series.currency },
              { minAmountMinor: usual + 1, currency: series.currency },
            ],
          },
        ],
      },
    });
  }
  return suggestions.sort(
    (a, b) => b.evidenceCount - a.evidenceCount || (a.evidenceKey < b.evidenceKey ? -1 : 1),
  );
}
