// Re-categorising one transaction: the form's check (a category of the taxonomy; "always do this for <merchant>"
// only when the merchant's name can be a rule) and how a category's origin reads.
import { english, type Translate } from '../i18n/i18n.ts';
import { ApiError } from '../api/client.ts';
import type { Category } from '../dashboard/dashboard-api.ts';
import type { FieldProblems } from '../dashboard/dashboard-format.ts';
import { ruleInputFromForm } from '../dashboard/rules-format.ts';
import { CHECKED } from '../dashboard/ToolParts.tsx';
import type { Load } from '../dashboard/use-load.ts';
import type { Transaction } from './accounts-api.ts';

export interface RecategoriseForm {
  category: string;
  /** `CHECKED`: also make a rule for the merchant (the Rules page's simple rule). */
  always: string;
}

/** What to send: the category, and the merchant text of the rule to make (null: no rule). */
export interface Recategorisation {
  category: string;
  ruleText: string | null;
}

/** The categoriseTransaction answer's field, and the rule's (its text is the merchant's name), beside the form's. */
export const recategoriseApiFields = {
  category: 'category',
  'input.category': 'category',
  'input.conditions.any[0].descriptionContains': 'always',
  'input.conditions.any[1].merchantContains': 'always',
  'input.conditions.any[2].counterpartyContains': 'always',
} as const satisfies Record<string, keyof RecategoriseForm>;

/** The name a rule for this transaction would look for: the merchant's, else the payee's or payer's. */
export function ruleTextOf(transaction: Pick<Transaction, 'merchantName' | 'counterparty'>): string | null {
  return transaction.merchantName?.trim() || transaction.counterparty?.name?.trim() || null;
}

/** The form as what to send, or the problems beside the fields (then nothing is sent). */
export function recategorisationFromForm(
  form: RecategoriseForm,
  ruleText: string | null,
  t: Translate = english,
): { input: Recategorisation | null; problems: FieldProblems<keyof RecategoriseForm> } {
  const problems: FieldProblems<keyof RecategoriseForm> = {};
  const always = form.always === CHECKED && ruleText !== null;
  // Choosing the category it has already is allowed: it becomes the customer's own (kept, and learnt from).
  if (!form.category) problems.category = t('category.choose');
  if (always && ruleText !== null && form.category) {
    // The same check as a rule made on the Rules page.
    const rule = ruleInputFromForm({ text: ruleText, action: 'SET_CATEGORY', category: form.category }, t);
    if (rule.problems.text)
      problems.always = t('category.notARule', { text: ruleText, problem: rule.problems.text });
  }
  if (Object.keys(problems).length > 0) return { input: null, problems };
  return { input: { category: form.category, ruleText: always ? ruleText : null }, problems };
}

/** Who chose a transaction's category, as the customer reads it. */
export function categoryOrigin(source: Transaction['categorySource'], t: Translate = english): string {
  switch (source) {
    case 'CUSTOMER':
    case 'RULE':
    case 'MODEL':
    case 'MCC':
      return t(`category.origin.${source}`);
    default:
      return t('category.origin.none');
  }
}

/** The API's refusal in the customer's words: a transaction gone since the list loaded is said plainly. */
export function recategoriseFailure(error: unknown, t: Translate = english): unknown {
  if (error instanceof ApiError && error.code === 'NOT_FOUND') return new Error(t('category.gone'));
  return error;
}

/**
 * Whether "Change category" can open, from the taxonomy's load: the categories to choose from, or why not (said
 * beside the disabled button) and whether "Try again" can help.
 */
export function categoryChoice(
  taxonomy: Load<Category[]>,
  t: Translate = english,
):
  | { categories: Category[]; unavailable: null }
  | { categories: null; unavailable: string; canRetry: boolean } {
  if (taxonomy.kind === 'loading')
    return { categories: null, unavailable: t('category.loading'), canRetry: false };
  if (taxonomy.kind === 'failed')
    return {
      categories: null,
      // Short: it is said in every row (the API's message would repeat in each).
      unavailable: t('category.failed'),
      canRetry: true,
    };
  if (taxonomy.value.length === 0)
    return { categories: null, unavailable: t('category.empty'), canRetry: false };
  return { categories: taxonomy.value, unavailable: null };
}
