// A rule's conditions in one line for the list, e.g. `description has "coffee" or "espresso"; MCC 5814`, a
// nested group as `any of (MCC 5812 | merchant has "costa")`.
import type { CategoryRuleRecord } from '../data/index.ts';

type Conditions = CategoryRuleRecord['conditions'];

const quoted = (values: readonly string[]) => values.map((value) => `"${value}"`).join(' or ');

export function conditionsSummary(conditions: Conditions): string {
  const parts: string[] = [];
  if (conditions.descriptionContains?.length)
    parts.push(`description has ${quoted(conditions.descriptionContains)}`);
  if (conditions.counterpartyContains?.length)
    parts.push(`counterparty has ${quoted(conditions.counterpartyContains)}`);
  if (conditions.merchantContains?.length) parts.push(`merchant has ${quoted(conditions.merchantContains)}`);
  if (conditions.mcc?.length) parts.push(`MCC ${conditions.mcc.join(' or ')}`);
  if (conditions.sourceCodes?.length) parts.push(`source code ${conditions.sourceCodes.join(' or ')}`);
  const currency = conditions.currency ?? '';
  if (conditions.minAmountMinor !== null && conditions.maxAmountMinor !== null)
    parts.push(`${conditions.minAmountMinor}–${conditions.maxAmountMinor} ${currency} minor units`);
  else if (conditions.minAmountMinor !== null)
    parts.push(`at least ${conditions.minAmountMinor} ${currency} minor units`);
  else if (conditions.maxAmountMinor !== null)
    parts.push(`at most ${conditions.maxAmountMinor} ${currency} minor units`);
  if (conditions.direction) parts.push(conditions.direction === 'debit' ? 'money out' : 'money in');
  for (const join of ['all', 'any'] as const) {
    const children = conditions[join];
    if (children?.length)
      parts.push(
        `${join} of (${children.map((child) => conditionsSummary(child)).join(join === 'all' ? ' & ' : ' | ')})`,
      );
  }
  return parts.length > 0 ? parts.join('; ') : '—';
}
