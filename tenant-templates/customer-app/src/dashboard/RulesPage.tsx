// "Rules": the customer's own rules (a text in the payment → a category or an alert), "apply to past
// transactions" with what it changed, and the API's suggestions ("always put X in Y", price-change alerts) to
// accept or dismiss. Accepting a suggestion shows the new rule at once.
import { useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { Category } from './dashboard-api.ts';
import { ListPanel } from './Panel.tsx';
import {
  acceptSuggestion,
  applyRuleToPast,
  type CustomerRule,
  createRule,
  deleteRule,
  dismissSuggestion,
  fetchRules,
  fetchSuggestions,
  type RuleChange,
  type RuleSuggestion,
  type SimpleRuleInput,
  updateRule,
} from './rules-api.ts';
import {
  describeConditions,
  type RuleForm,
  ruleApiFields,
  ruleChangeFromForm,
  ruleInputFromForm,
  simpleRuleText,
} from './rules-format.ts';
import { type Checked, CheckedForm, type EditorSlot, ToolPanel } from './ToolParts.tsx';
import { failureOf, useLoad } from './use-load.ts';

interface RulesProps {
  api: ApiClient;
  token: string;
  categories: Category[];
  labels: ReadonlyMap<string, string>;
}

export function RulesPage(props: RulesProps) {
  // Accepting a suggestion makes a rule: the rules list loads again (a new key) to show it.
  const [rulesVersion, setRulesVersion] = useState(0);
  return (
    <>
      <RulesPanel {...props} version={rulesVersion} />
      <SuggestionsPanel {...props} onAccepted={() => setRulesVersion((n) => n + 1)} />
    </>
  );
}

function RulesPanel(props: RulesProps & { version: number }) {
  const { api, token, labels } = props;
  const labelOf = (id: string | null) => (id ? (labels.get(id) ?? id) : '');
  const nameOf = (rule: CustomerRule) =>
    `${rule.action === 'SET_CATEGORY' ? `put in ${labelOf(rule.category)}` : 'alert me'} when ${describeConditions(rule.conditions, labels)}`;
  const [applying, setApplying] = useState<string | null>(null);
  return (
    <ToolPanel<CustomerRule>
      id="rules"
      title="Your rules"
      noun="rule"
      load={() => fetchRules(api, token)}
      loadKey={[api, token, props.version]}
      remove={(rule) => deleteRule(api, token, rule.id)}
      nameOf={nameOf}
      empty="No rules yet. A rule puts payments in the category you choose, or tells you when one arrives."
      editor={(slot) => <RuleEditor {...props} slot={slot} />}
      itemActions={(rule, tools) =>
        rule.action === 'SET_CATEGORY' && (
          <button
            type="button"
            className="button secondary"
            disabled={applying === rule.id}
            aria-label={`Apply the rule “${nameOf(rule)}” to past transactions`}
            onClick={() => {
              setApplying(rule.id);
              applyRuleToPast(api, token, rule.id).then(
                (result) => {
                  setApplying(null);
                  tools.announce(
                    `${result.changed} past ${result.changed === 1 ? 'transaction' : 'transactions'} changed to ${labelOf(rule.category)} (${result.matched} matched of ${result.examined} looked at${result.truncated ? '; older ones were not looked at' : ''}).`,
                  );
                  tools.reload();
                },
                (error: unknown) => {
                  setApplying(null);
                  tools.announce(`The rule could not be applied: ${failureOf(error).message}`);
                },
              );
            }}
          >
            {applying === rule.id ? 'Applying…' : 'Apply to past transactions'}
          </button>
        )
      }
    >
      {(rule) => (
        <div className="rule">
          <h3>{rule.action === 'SET_CATEGORY' ? `Put in ${labelOf(rule.category)}` : 'Tell me'}</h3>
          <p>When {describeConditions(rule.conditions, labels)}.</p>
          <p className="sub">
            {rule.fromSuggestion ? 'From a suggestion · ' : ''}
            {rule.enabled ? 'On' : 'Off'}
            {rule.action === 'SET_CATEGORY' &&
              ` · ${rule.appliedCount} ${rule.appliedCount === 1 ? 'transaction' : 'transactions'} in this category by it`}
          </p>
        </div>
      )}
    </ToolPanel>
  );
}

/**
 * New and Edit share one form (`CheckedForm`). Editing keeps the rule's action (the API has no way to change it);
 * the text is editable only for a rule of the app's simple shape — another's conditions are shown in words.
 */
function RuleEditor(props: RulesProps & { slot: EditorSlot<CustomerRule> }) {
  const { api, token, labels, slot } = props;
  const rule = slot.item;
  const labelOf = (id: string | null) => (id ? (labels.get(id) ?? id) : '');
  const text = rule ? simpleRuleText(rule.conditions) : '';
  const categoryOptions = props.categories.map((category) => ({ value: category.id, label: category.label }));
  return (
    <>
      {rule && text === null && (
        <p className="sub" id="rule-conditions">
          This rule applies when {describeConditions(rule.conditions, labels)}; its conditions stay as they
          are.
        </p>
      )}
      <CheckedForm<keyof RuleForm, SimpleRuleInput | RuleChange>
        idPrefix="rule"
        label={rule ? 'Edit rule' : 'New rule'}
        testId="rule-form"
        submitLabel="Save rule"
        initial={{
          text: text ?? '',
          action: rule?.action ?? 'SET_CATEGORY',
          category: rule?.category ?? '',
          enabled: rule && !rule.enabled ? 'off' : 'on',
        }}
        fields={(form) => [
          ...(text !== null
            ? [{ name: 'text' as const, label: 'When a payment’s text contains', maxLength: 100 }]
            : []),
          {
            name: 'action',
            label: 'Then',
            options: [
              { value: 'SET_CATEGORY', label: 'Put it in a category' },
              { value: 'ALERT', label: 'Tell me' },
            ],
            disabled: rule !== null,
          },
          ...(form.action === 'SET_CATEGORY'
            ? [
                {
                  name: 'category' as const,
                  label: 'Category',
                  options: categoryOptions,
                  placeholder: 'Choose a category',
                },
              ]
            : []),
          ...(rule
            ? [
                {
                  name: 'enabled' as const,
                  label: 'The rule is',
                  options: [
                    { value: 'on', label: 'On' },
                    { value: 'off', label: 'Off' },
                  ],
                },
              ]
            : []),
        ]}
        check={(form): Checked<keyof RuleForm, SimpleRuleInput | RuleChange> =>
          rule ? ruleChangeFromForm(form, rule) : ruleInputFromForm(form)
        }
        send={async (input) => {
          if (rule) {
            const change = input as RuleChange;
            await updateRule(api, token, rule.id, change);
            return `The rule is saved${change.enabled ? '' : ' and off'}.${rule.action === 'SET_CATEGORY' ? ' Apply it to past transactions to change older ones.' : ''}`;
          }
          const created = input as SimpleRuleInput;
          await createRule(api, token, created);
          return created.action === 'SET_CATEGORY'
            ? `New payments with “${created.text}” go in ${labelOf(created.category)}. Apply the rule to past transactions to change older ones.`
            : `You will be told when a payment with “${created.text}” arrives.`;
        }}
        apiFields={ruleApiFields}
        onSaved={slot.saved}
        onCancel={slot.close}
      />
    </>
  );
}

function SuggestionsPanel(props: RulesProps & { onAccepted: () => void }) {
  const { api, token } = props;
  const [suggestions, reload, setSuggestions] = useLoad(() => fetchSuggestions(api, token), [api, token]);
  const [status, setStatus] = useState<string | null>(null);

  async function decide(suggestion: RuleSuggestion, all: RuleSuggestion[], accept: boolean) {
    try {
      if (accept) await acceptSuggestion(api, token, suggestion.id);
      else await dismissSuggestion(api, token, suggestion.id);
      setSuggestions(all.filter((item) => item.id !== suggestion.id));
      setStatus(
        accept
          ? `“${suggestion.summary}” is now one of your rules.`
          : `We will not suggest “${suggestion.summary}” again.`,
      );
      if (accept) props.onAccepted();
    } catch (error) {
      setStatus(`That did not work: ${failureOf(error).message}`);
    }
  }

  return (
    <ListPanel
      id="suggestions"
      title="Suggested rules"
      state={suggestions}
      onRetry={reload}
      status={status}
      empty="No suggestions right now. When you re-categorise the same shop twice, or a subscription repeats, we suggest a rule here."
      listClassName="tool-list"
      item={(suggestion, list) => (
        <li key={suggestion.id} className="tool suggestion" aria-labelledby={`suggestion-${suggestion.id}`}>
          <h3 id={`suggestion-${suggestion.id}`}>{suggestion.summary}</h3>
          <p className="sub">Why: {suggestion.evidence}</p>
          <div className="actions">
            <button
              type="button"
              className="button primary"
              onClick={() => void decide(suggestion, list, true)}
            >
              Make it a rule
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => void decide(suggestion, list, false)}
            >
              No thanks
            </button>
          </div>
        </li>
      )}
    />
  );
}
