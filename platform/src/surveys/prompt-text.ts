import { categoryLabel, isCategoryId } from '../enrichment';
import { formatParameter, insightLanguage } from '../insights';
import type { PromptQuestion } from './transaction-prompt.entities';

/** The languages prompt questions are written in; any other locale gets English (words and figures). */
export const promptLanguages = ['en', 'sl'] as const;

/** What a prompt's question says about its transaction. */
export interface PromptFacts {
  question: PromptQuestion;
  amountMinor: bigint;
  currency: string;
  /** YYYY-MM-DD. */
  bookingDate: string;
  merchant: string | null;
  /** The category id the transaction has now. */
  category: string | null;
}

/**
 * A prompt's question in the customer's language (`customerLocale`, BCP 47 — `ConsentsService.customerLocale`),
 * chosen like insights' (`insightLanguage`): Slovenian for `sl`/`sl-SI`, else English; money and dates
 * formatted with `Intl` for the same locale (money exactly from its minor units, the date as a calendar
 * day), so words and figures never disagree. Slovenian sentences put names and figures where they need
 * no grammatical case (in brackets, in quotes), and category names are the taxonomy's labels (`categoryLabels`).
 */
export function promptText(facts: PromptFacts, customerLocale: string | null): string {
  const { write, format } = insightLanguage(customerLocale, promptLanguages);
  const money = formatParameter(
    { type: 'money', value: { minor: facts.amountMinor.toString(), currency: facts.currency } },
    format,
  );
  const date = formatParameter({ type: 'date', value: facts.bookingDate }, format);
  if (write === 'sl') {
    const payment = `to plačilo (${money}, ${facts.merchant ?? date})`;
    if (facts.question === 'category') {
      const name = isCategoryId(facts.category) ? categoryLabel(facts.category, 'sl') : null;
      return name
        ? `Ali je »${name}« prava kategorija za ${payment}?`
        : `Ali je prav, da ${payment} nima kategorije?`;
    }
    return `Ali ste pričakovali ${payment}?`;
  }
  const where = facts.merchant ? ` at ${facts.merchant}` : ` on ${date}`;
  if (facts.question === 'category') {
    const label = isCategoryId(facts.category) ? categoryLabel(facts.category, 'en') : 'uncategorised';
    return `Is "${label}" the right category for ${money}${where}?`;
  }
  return `Was this ${money}${where} expected?`;
}
