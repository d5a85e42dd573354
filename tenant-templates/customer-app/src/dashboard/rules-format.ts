// Rules as the customer reads them, and the simple rule form's check.
import { formatMoney } from '../accounts/format.ts';
import type { FieldProblems } from './dashboard-format.ts';
import type { RuleConditions, SimpleRuleInput } from './rules-api.ts';

const quoted = (values: string[]) => values.map((value) => `“${value}”`).join(' or ');

/** A condition tree in words: every part must hold ("and"); an `any` list is joined with "or". */
export function describeConditions(conditions: RuleConditions, labels: ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  if (conditions.descriptionContains)
    parts.push(`the description has ${quoted(conditions.descriptionContains)}`);
  if (conditions.merchantContains) parts.push(`the merchant has ${quoted(conditions.merchantContains)}`);
  if (conditions.counterpartyContains)
    parts.push(`the payee or payer has ${quoted(conditions.counterpartyContains)}`);
  const currency = conditions.currency ?? 'EUR';
  if (conditions.minAmountMinor !== null)
    parts.push(`the amount is at least ${formatMoney({ minor: conditions.minAmountMinor, currency })}`);
  if (conditions.maxAmountMinor !== null)
    parts.push(`the amount is at most ${formatMoney({ minor: conditions.maxAmountMinor, currency })}`);
  if (conditions.direction)
    parts.push(conditions.direction === 'credit' ? 'money comes in' : 'money goes out');
  if (conditions.categories)
    parts.push(`it is in ${conditions.categories.map((id) => labels.get(id) ?? id).join(' or ')}`);
  for (const child of conditions.all ?? []) parts.push(describeConditions(child, labels));
  if (conditions.any?.length) {
    const options = conditions.any.map((child) => describeConditions(child, labels));
    parts.push(options.length === 1 ? options[0]! : `(${options.join(', or ')})`);
  }
  return parts.join(' and ');
}

export interface RuleForm {
  text: string;
  action: string;
  category: string;
}

export const ruleApiFields = {
  'input.category': 'category',
  'input.action': 'action',
} as const satisfies Record<string, keyof RuleForm>;

/** The form as the simple rule to create, or the problems to show beside the fields (nothing is sent). */
export function ruleInputFromForm(form: RuleForm): {
  input: SimpleRuleInput | null;
  problems: FieldProblems<keyof RuleForm>;
} {
  const problems: FieldProblems<keyof RuleForm> = {};
  const text = form.text.trim();
  if (text.length < 2 || text.length > 100)
    problems.text = 'Enter 2 to 100 characters the payment’s text contains';
  if (form.action !== 'SET_CATEGORY' && form.action !== 'ALERT')
    problems.action = 'Choose what the rule does';
  if (form.action === 'SET_CATEGORY' && !form.category) problems.category = 'Choose a category';
  if (Object.keys(problems).length > 0) return { input: null, problems };
  const action = form.action as SimpleRuleInput['action'];
  return { input: { action, category: action === 'SET_CATEGORY' ? form.category : null, text }, problems };
}
