// Rules as the customer reads them, and the simple rule form's check.
import { formatMoney } from '../accounts/format.ts';
import type { FieldProblems } from './dashboard-format.ts';
import type { CustomerRule, RuleChange, RuleConditions, SimpleRuleInput } from './rules-api.ts';
import { english, type Translate } from '../i18n/i18n.ts';

/** A condition tree in words: every part must hold ("and"); an `any` list is joined with "or". */
export function describeConditions(
  conditions: RuleConditions,
  labels: ReadonlyMap<string, string>,
  t: Translate = english,
): string {
  const quoted = (values: string[]) => values.map((value) => `“${value}”`).join(t('conditions.or'));
  const parts: string[] = [];
  if (conditions.descriptionContains)
    parts.push(t('conditions.description', { values: quoted(conditions.descriptionContains) }));
  if (conditions.merchantContains)
    parts.push(t('conditions.merchant', { values: quoted(conditions.merchantContains) }));
  if (conditions.counterpartyContains)
    parts.push(t('conditions.counterparty', { values: quoted(conditions.counterpartyContains) }));
  const currency = conditions.currency ?? 'EUR';
  if (conditions.minAmountMinor !== null)
    parts.push(
      t('conditions.atLeast', { amount: formatMoney({ minor: conditions.minAmountMinor, currency }) }),
    );
  if (conditions.maxAmountMinor !== null)
    parts.push(
      t('conditions.atMost', { amount: formatMoney({ minor: conditions.maxAmountMinor, currency }) }),
    );
  if (conditions.direction)
    parts.push(conditions.direction === 'credit' ? t('conditions.moneyIn') : t('conditions.moneyOut'));
  if (conditions.categories)
    parts.push(
      t('conditions.inCategory', {
        categories: conditions.categories.map((id) => labels.get(id) ?? id).join(t('conditions.or')),
      }),
    );
  for (const child of conditions.all ?? []) parts.push(describeConditions(child, labels, t));
  if (conditions.any?.length) {
    const options = conditions.any.map((child) => describeConditions(child, labels, t));
    parts.push(options.length === 1 ? options[0]! : `(${options.join(t('conditions.orList'))})`);
  }
  return parts.join(t('conditions.and'));
}

export interface RuleForm {
  text: string;
  action: string;
  category: string;
  /** Edit only: 'on' or 'off'. */
  enabled: string;
}

export const ruleApiFields = {
  'input.category': 'category',
  'input.action': 'action',
  'input.enabled': 'enabled',
  // The simple rule's one text is sent as three conditions (description, merchant, counterparty).
  'input.conditions.any[0].descriptionContains': 'text',
  'input.conditions.any[1].merchantContains': 'text',
  'input.conditions.any[2].counterpartyContains': 'text',
} as const satisfies Record<string, keyof RuleForm>;

const onlyKeys = (conditions: RuleConditions, key: keyof RuleConditions) =>
  Object.entries(conditions).every(([name, value]) => value === null || name === key);

/**
 * The text of a rule of the app's simple shape (one text in the description, merchant or counterparty), which
 * the form can edit; null for any other conditions (a suggestion's, the API's), shown in words instead.
 */
export function simpleRuleText(conditions: RuleConditions): string | null {
  const [description, merchant, counterparty, ...more] = conditions.any ?? [];
  if (!description || !merchant || !counterparty || more.length > 0 || !onlyKeys(conditions, 'any'))
    return null;
  const text = description.descriptionContains?.[0];
  const same = (child: RuleConditions, key: keyof RuleConditions) =>
    onlyKeys(child, key) &&
    (child[key] as string[] | null)?.length === 1 &&
    (child[key] as string[])[0] === text;
  return text !== undefined &&
    same(description, 'descriptionContains') &&
    same(merchant, 'merchantContains') &&
    same(counterparty, 'counterpartyContains')
    ? text
    : null;
}

const textProblem = (text: string, t: Translate) =>
  text.length < 2 || text.length > 100 ? t('rules.textProblem') : null;

/** The form as the simple rule to create, or the problems to show beside the fields (nothing is sent). */
export function ruleInputFromForm(
  form: Omit<RuleForm, 'enabled'>,
  t: Translate = english,
): {
  input: SimpleRuleInput | null;
  problems: FieldProblems<keyof RuleForm>;
} {
  const problems: FieldProblems<keyof RuleForm> = {};
  const text = form.text.trim();
  const badText = textProblem(text, t);
  if (badText) problems.text = badText;
  if (form.action !== 'SET_CATEGORY' && form.action !== 'ALERT') problems.action = t('rules.chooseAction');
  if (form.action === 'SET_CATEGORY' && !form.category) problems.category = t('category.choose');
  if (Object.keys(problems).length > 0) return { input: null, problems };
  const action = form.action as SimpleRuleInput['action'];
  return { input: { action, category: action === 'SET_CATEGORY' ? form.category : null, text }, problems };
}

/**
 * The edit form as the change to send: the text only for a simple rule (`simpleRuleText`), the category only for
 * a SET_CATEGORY rule, and on / off; or the problems beside the fields (nothing is sent).
 */
export function ruleChangeFromForm(
  form: RuleForm,
  rule: Pick<CustomerRule, 'action' | 'conditions'>,
  t: Translate = english,
): { input: RuleChange | null; problems: FieldProblems<keyof RuleForm> } {
  const problems: FieldProblems<keyof RuleForm> = {};
  const editsText = simpleRuleText(rule.conditions) !== null;
  const text = form.text.trim();
  const badText = editsText ? textProblem(text, t) : null;
  if (badText) problems.text = badText;
  if (rule.action === 'SET_CATEGORY' && !form.category) problems.category = t('category.choose');
  if (form.enabled !== 'on' && form.enabled !== 'off') problems.enabled = t('rules.chooseOnOff');
  if (Object.keys(problems).length > 0) return { input: null, problems };
  return {
    input: {
      enabled: form.enabled === 'on',
      ...(editsText ? { text } : {}),
      ...(rule.action === 'SET_CATEGORY' ? { category: form.category } : {}),
    },
    problems,
  };
}
