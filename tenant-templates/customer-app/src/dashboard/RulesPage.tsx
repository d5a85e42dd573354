// "Rules": the customer's own rules (a text in the payment → a category or an alert), "apply to past
// transactions" with what it changed, and the API's suggestions ("always put X in Y", price-change alerts) to
// accept or dismiss. Accepting a suggestion shows the new rule at once.
import { useI18n } from '../i18n/I18nProvider.tsx';
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
  const { t } = useI18n();
  const labelOf = (id: string | null) => (id ? (labels.get(id) ?? id) : '');
  const nameOf = (rule: CustomerRule) =>
    rule.action === 'SET_CATEGORY'
      ? t('rules.name.category', {
          category: labelOf(rule.category),
          conditions: describeConditions(rule.conditions, labels, t),
        })
      : t('rules.name.alert', { conditions: describeConditions(rule.conditions, labels, t) });
  const [applying, setApplying] = useState<string | null>(null);
  return (
    <ToolPanel<CustomerRule>
      id="rules"
      title={t('rules.title')}
      noun="rule"
      load={() => fetchRules(api, token)}
      loadKey={[api, token, props.version]}
      remove={(rule) => deleteRule(api, token, rule.id)}
      nameOf={nameOf}
      empty={t('rules.empty')}
      editor={(slot) => <RuleEditor {...props} slot={slot} />}
      itemActions={(rule, tools) =>
        rule.action === 'SET_CATEGORY' && (
          <button
            type="button"
            className="button secondary"
            disabled={applying === rule.id}
            aria-label={t('rules.applyTo', { name: nameOf(rule) })}
            onClick={() => {
              setApplying(rule.id);
              applyRuleToPast(api, token, rule.id).then(
                (result) => {
                  setApplying(null);
                  tools.announce(
                    t('rules.applied', {
                      changed: t('rules.appliedChanged', { count: result.changed }),
                      category: labelOf(rule.category),
                      matched: result.matched,
                      examined: result.examined,
                      truncated: result.truncated ? t('rules.truncated') : '',
                    }),
                  );
                  tools.reload();
                },
                (error: unknown) => {
                  setApplying(null);
                  tools.announce(t('rules.applyFailed', { message: failureOf(error).message }));
                },
              );
            }}
          >
            {applying === rule.id ? t('rules.applying') : t('rules.apply')}
          </button>
        )
      }
    >
      {(rule) => (
        <div className="rule">
          <h3>
            {rule.action === 'SET_CATEGORY'
              ? t('rules.putIn', { category: labelOf(rule.category) })
              : t('rules.tellMe')}
          </h3>
          <p>{t('rules.when', { conditions: describeConditions(rule.conditions, labels, t) })}</p>
          <p className="sub">
            {rule.fromSuggestion ? t('rules.fromSuggestion') : ''}
            {rule.enabled ? t('rules.on') : t('rules.off')}
            {rule.action === 'SET_CATEGORY' && t('rules.count', { count: rule.appliedCount })}
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
  const { t } = useI18n();
  const labelOf = (id: string | null) => (id ? (labels.get(id) ?? id) : '');
  const text = rule ? simpleRuleText(rule.conditions) : '';
  const categoryOptions = props.categories.map((category) => ({ value: category.id, label: category.label }));
  return (
    <>
      {rule && text === null && (
        <p className="sub" id="rule-conditions">
          {t('rules.keptConditions', { conditions: describeConditions(rule.conditions, labels, t) })}
        </p>
      )}
      <CheckedForm<keyof RuleForm, SimpleRuleInput | RuleChange>
        idPrefix="rule"
        label={rule ? t('rules.edit') : t('rules.new')}
        testId="rule-form"
        submitLabel={t('rules.save')}
        initial={{
          text: text ?? '',
          action: rule?.action ?? 'SET_CATEGORY',
          category: rule?.category ?? '',
          enabled: rule && !rule.enabled ? 'off' : 'on',
        }}
        fields={(form) => [
          ...(text !== null ? [{ name: 'text' as const, label: t('rules.text'), maxLength: 100 }] : []),
          {
            name: 'action',
            label: t('rules.then'),
            options: [
              { value: 'SET_CATEGORY', label: t('rules.putInCategory') },
              { value: 'ALERT', label: t('rules.tellMe') },
            ],
            disabled: rule !== null,
          },
          ...(form.action === 'SET_CATEGORY'
            ? [
                {
                  name: 'category' as const,
                  label: t('category.field'),
                  options: categoryOptions,
                  placeholder: t('category.choose'),
                },
              ]
            : []),
          ...(rule
            ? [
                {
                  name: 'enabled' as const,
                  label: t('rules.theRuleIs'),
                  options: [
                    { value: 'on', label: t('rules.on') },
                    { value: 'off', label: t('rules.off') },
                  ],
                },
              ]
            : []),
        ]}
        check={(form): Checked<keyof RuleForm, SimpleRuleInput | RuleChange> =>
          rule ? ruleChangeFromForm(form, rule, t) : ruleInputFromForm(form, t)
        }
        send={async (input) => {
          if (rule) {
            const change = input as RuleChange;
            await updateRule(api, token, rule.id, change);
            return (
              t(change.enabled ? 'rules.saved' : 'rules.savedOff') +
              (rule.action === 'SET_CATEGORY' ? t('rules.applyOlder') : '')
            );
          }
          const created = input as SimpleRuleInput;
          await createRule(api, token, created);
          return created.action === 'SET_CATEGORY'
            ? t('rules.created', { text: created.text, category: labelOf(created.category) })
            : t('rules.createdAlert', { text: created.text });
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
  const { t, language } = useI18n();
  // The API writes what a suggestion does and why in the app's language: a switch loads them again.
  const [suggestions, reload, setSuggestions] = useLoad(
    () => fetchSuggestions(api, token),
    [api, token, language],
  );
  const [status, setStatus] = useState<string | null>(null);

  async function decide(suggestion: RuleSuggestion, all: RuleSuggestion[], accept: boolean) {
    try {
      if (accept) await acceptSuggestion(api, token, suggestion.id);
      else await dismissSuggestion(api, token, suggestion.id);
      setSuggestions(all.filter((item) => item.id !== suggestion.id));
      setStatus(
        accept
          ? t('suggestions.accepted', { summary: suggestion.summary })
          : t('suggestions.dismissed', { summary: suggestion.summary }),
      );
      if (accept) props.onAccepted();
    } catch (error) {
      setStatus(t('recommendations.failed', { message: failureOf(error).message }));
    }
  }

  return (
    <ListPanel
      id="suggestions"
      title={t('suggestions.title')}
      state={suggestions}
      onRetry={reload}
      status={status}
      empty={t('suggestions.empty')}
      listClassName="tool-list"
      item={(suggestion, list) => (
        <li key={suggestion.id} className="tool suggestion" aria-labelledby={`suggestion-${suggestion.id}`}>
          <h3 id={`suggestion-${suggestion.id}`}>{suggestion.summary}</h3>
          <p className="sub">{t('suggestions.why', { evidence: suggestion.evidence })}</p>
          <div className="actions">
            <button
              type="button"
              className="button primary"
              onClick={() => void decide(suggestion, list, true)}
            >
              {t('suggestions.accept')}
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => void decide(suggestion, list, false)}
            >
              {t('suggestions.dismiss')}
            </button>
          </div>
        </li>
      )}
    />
  );
}
