// The customer's own rules and the API's rule suggestions (issue 6, item 6): list, create, delete, apply to
// past transactions; accept or dismiss a suggestion.
import type { ApiClient } from '../api/client.ts';

/** The one condition language of the API (`CategoryRuleConditions`); absent fields are null. */
export interface RuleConditions {
  descriptionContains: string[] | null;
  counterpartyContains: string[] | null;
  merchantContains: string[] | null;
  minAmountMinor: string | null;
  maxAmountMinor: string | null;
  currency: string | null;
  direction: string | null;
  categories: string[] | null;
  all: RuleConditions[] | null;
  any: RuleConditions[] | null;
}

export type RuleAction = 'SET_CATEGORY' | 'ALERT';

export interface CustomerRule {
  id: string;
  action: RuleAction;
  category: string | null;
  conditions: RuleConditions;
  enabled: boolean;
  fromSuggestion: boolean;
  appliedCount: number;
}

export interface RuleSuggestion {
  id: string;
  kind: 'RECATEGORISATION' | 'SUBSCRIPTION_PRICE';
  summary: string;
  evidence: string;
  evidenceCount: number;
  action: RuleAction;
  category: string | null;
}

export interface PastApplication {
  examined: number;
  matched: number;
  changed: number;
  truncated: boolean;
}

// Three levels at most (the API's bound), so the selection is written out three deep.
const leaf =
  'descriptionContains counterpartyContains merchantContains minAmountMinor maxAmountMinor currency direction categories';
const conditions = `${leaf} all { ${leaf} all { ${leaf} } any { ${leaf} } } any { ${leaf} all { ${leaf} } any { ${leaf} } }`;
const ruleFields = `id action category conditions { ${conditions} } enabled fromSuggestion appliedCount`;

export async function fetchRules(api: ApiClient, token: string): Promise<CustomerRule[]> {
  const data = await api.graphql<{ customerRules: CustomerRule[] }>(
    `{ customerRules { ${ruleFields} } }`,
    {},
    token,
  );
  return data.customerRules;
}

/** The simple rule the app writes: the text in the description, merchant or counterparty → action. */
export interface SimpleRuleInput {
  action: RuleAction;
  category: string | null;
  text: string;
}

/** The conditions of the app's simple rule: the text in the description, the merchant or the counterparty. */
export function simpleConditions(text: string) {
  return {
    any: [{ descriptionContains: [text] }, { merchantContains: [text] }, { counterpartyContains: [text] }],
  };
}

export async function createRule(
  api: ApiClient,
  token: string,
  input: SimpleRuleInput,
): Promise<CustomerRule> {
  const data = await api.graphql<{ createCustomerRule: CustomerRule }>(
    `mutation CreateRule($input: CreateCustomerRuleInput!) { createCustomerRule(input: $input) { ${ruleFields} } }`,
    { input: { action: input.action, category: input.category, conditions: simpleConditions(input.text) } },
    token,
  );
  return data.createCustomerRule;
}

/**
 * What an edit changes (the API keeps a rule's action): `text` replaces the conditions with the simple rule's
 * (left out for a rule of other conditions, which the app shows but does not rewrite), `category` for a
 * SET_CATEGORY rule, `enabled` turns it on or off.
 */
export interface RuleChange {
  text?: string;
  category?: string;
  enabled: boolean;
}

export async function updateRule(
  api: ApiClient,
  token: string,
  id: string,
  change: RuleChange,
): Promise<CustomerRule> {
  const data = await api.graphql<{ updateCustomerRule: CustomerRule }>(
    `mutation UpdateRule($id: ID!, $input: UpdateCustomerRuleInput!) { updateCustomerRule(id: $id, input: $input) { ${ruleFields} } }`,
    {
      id,
      input: {
        enabled: change.enabled,
        ...(change.category !== undefined ? { category: change.category } : {}),
        ...(change.text !== undefined ? { conditions: simpleConditions(change.text) } : {}),
      },
    },
    token,
  );
  return data.updateCustomerRule;
}

export async function deleteRule(api: ApiClient, token: string, id: string): Promise<void> {
  await api.graphql(`mutation DeleteRule($id: ID!) { deleteCustomerRule(id: $id) { id } }`, { id }, token);
}

export async function applyRuleToPast(api: ApiClient, token: string, id: string): Promise<PastApplication> {
  const data = await api.graphql<{ applyRuleToPast: PastApplication }>(
    `mutation ApplyToPast($id: ID!) { applyRuleToPast(id: $id) { examined matched changed truncated } }`,
    { id },
    token,
  );
  return data.applyRuleToPast;
}

export async function fetchSuggestions(api: ApiClient, token: string): Promise<RuleSuggestion[]> {
  const data = await api.graphql<{ ruleSuggestions: RuleSuggestion[] }>(
    '{ ruleSuggestions { id kind summary evidence evidenceCount action category } }',
    {},
    token,
  );
  return data.ruleSuggestions;
}

export async function acceptSuggestion(api: ApiClient, token: string, id: string): Promise<CustomerRule> {
  const data = await api.graphql<{ acceptSuggestion: CustomerRule }>(
    `mutation Accept($id: ID!) { acceptSuggestion(id: $id) { ${ruleFields} } }`,
    { id },
    token,
  );
  return data.acceptSuggestion;
}

export async function dismissSuggestion(api: ApiClient, token: string, id: string): Promise<void> {
  await api.graphql(`mutation Dismiss($id: ID!) { dismissSuggestion(id: $id) { id } }`, { id }, token);
}
