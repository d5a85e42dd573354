// "Budgets & goals": budgets with this month's progress, savings goals with theirs and "Add money", and the
// customer's condition alerts (create, edit, pause, delete). Every form is the one `CheckedForm` pattern: each
// problem shown beside its field, from the form's own checks or the API's INVALID answer.
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { useState } from 'react';
import type { Account } from '../accounts/accounts-api.ts';
import type { ApiClient } from '../api/client.ts';
import { formatMoney, minorToDecimal } from '../accounts/format.ts';
import {
  type Alert,
  type Budget,
  type Category,
  contributeToGoal,
  createAlert,
  createBudget,
  createGoal,
  deleteAlert,
  deleteBudget,
  deleteGoal,
  fetchAlerts,
  fetchBudgets,
  fetchGoals,
  type SavingsGoal,
  updateAlert,
  updateBudget,
  updateGoal,
} from './dashboard-api.ts';
import {
  alertApiFields,
  type AlertForm,
  type AlertInput,
  alertInputFromForm,
  budgetApiFields,
  type BudgetForm,
  budgetInputFromForm,
  contributionApiFields,
  type ContributionForm as ContributionFormValues,
  contributionFromForm,
  formatDay,
  goalApiFields,
  type GoalForm,
  goalInputFromForm,
  progressWidth,
  todayUtc,
} from './dashboard-format.ts';
import { CheckedForm, type EditorSlot, type ItemTools, Progress, ToolPanel } from './ToolParts.tsx';
import { failureOf, useLoad } from './use-load.ts';

const budgetStatus: Record<Budget['status'], MessageKey> = {
  ON_TRACK: 'budgets.ON_TRACK',
  AT_RISK: 'budgets.AT_RISK',
  OVER: 'budgets.OVER',
};
const goalStatus: Record<SavingsGoal['status'], MessageKey> = {
  IN_PROGRESS: 'goals.IN_PROGRESS',
  REACHED: 'goals.REACHED',
  OVERDUE: 'goals.OVERDUE',
};

interface ToolProps {
  api: ApiClient;
  token: string;
  categories: Category[];
  labels: ReadonlyMap<string, string>;
  /** The currency new budgets and goals default to (the customer's first account's). */
  currency: string;
  /** The customer's accounts (an alert may watch one). */
  accounts: Account[];
}

export function MoneyToolsPage(props: ToolProps) {
  const { api, token, labels } = props;
  const { t } = useI18n();
  const labelOf = (budget: Budget) => labels.get(budget.category) ?? budget.category;
  return (
    <>
      <ToolPanel<Budget>
        id="budgets"
        title={t('budgets.title')}
        noun="budget"
        load={() => fetchBudgets(api, token)}
        loadKey={[api, token]}
        remove={(budget) => deleteBudget(api, token, budget.id)}
        nameOf={labelOf}
        empty={t('budgets.empty')}
        editor={(slot) => <BudgetEditor {...props} slot={slot} />}
      >
        {(budget) => (
          <div className={`budget ${budget.status.toLowerCase()}`}>
            <div className="tool-head">
              <h3>{labelOf(budget)}</h3>
              <span className={`badge ${budget.status.toLowerCase()}`}>{t(budgetStatus[budget.status])}</span>
            </div>
            <Progress
              label={t('budgets.progress', { name: labelOf(budget) })}
              percent={progressWidth(budget.spent, budget.amount)}
              text={t('budgets.ofAmount', {
                part: formatMoney(budget.spent),
                whole: formatMoney(budget.amount),
              })}
            />
            <p className="sub">
              {t('budgets.summary', {
                spent: formatMoney(budget.spent),
                amount: formatMoney(budget.amount),
                remaining: formatMoney(budget.remaining),
                projected: formatMoney(budget.projected),
                day: formatDay(previousDay(budget.periodEnd)),
              })}
            </p>
          </div>
        )}
      </ToolPanel>
      <GoalsPanel {...props} />
      <AlertsPanel {...props} budgetLabel={labelOf} />
    </>
  );
}

/** Savings goals; "Add money" (a goal tracked by hand) opens its form in the goal, one goal at a time. */
function GoalsPanel(props: ToolProps) {
  const { api, token } = props;
  const { t } = useI18n();
  const [contributing, setContributing] = useState<string | null>(null);
  return (
    <ToolPanel<SavingsGoal>
      id="goals"
      title={t('goals.title')}
      noun="goal"
      load={() => fetchGoals(api, token)}
      loadKey={[api, token]}
      remove={(goal) => deleteGoal(api, token, goal.id)}
      nameOf={(goal) => goal.name}
      empty={t('goals.empty')}
      editor={(slot) => <GoalEditor {...props} slot={slot} />}
      itemActions={(goal) =>
        // A goal following a linked account's balance takes no contributions by hand (the API says CONFLICT).
        goal.progressSource === 'MANUAL' &&
        contributing !== goal.id && (
          <button
            type="button"
            className="button primary"
            aria-label={t('goals.addMoneyTo', { name: goal.name })}
            onClick={() => setContributing(goal.id)}
          >
            {t('goals.addMoney')}
          </button>
        )
      }
    >
      {(goal, tools) => (
        <>
          <div className="tool-head">
            <h3>{goal.name}</h3>
            <span className="badge">{t(goalStatus[goal.status])}</span>
          </div>
          <Progress
            label={t('goals.progress', { name: goal.name })}
            percent={progressWidth(goal.saved, goal.target)}
            text={t('budgets.ofAmount', { part: formatMoney(goal.saved), whole: formatMoney(goal.target) })}
          />
          <p className="sub">
            {t('goals.summary', {
              saved: formatMoney(goal.saved),
              target: formatMoney(goal.target),
              percent: goal.percent.toFixed(0),
            })}
            {goal.targetDate && t('goals.by', { day: formatDay(goal.targetDate) })}
            {goal.monthlyNeeded && t('goals.monthly', { amount: formatMoney(goal.monthlyNeeded) })}
          </p>
          {contributing === goal.id && (
            <ContributionForm
              api={api}
              token={token}
              goal={goal}
              tools={tools}
              onClose={() => setContributing(null)}
            />
          )}
        </>
      )}
    </ToolPanel>
  );
}

/** The day before `YYYY-MM-DD` (a period's last day from its exclusive end). */
function previousDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

function BudgetEditor(props: ToolProps & { slot: EditorSlot<Budget> }) {
  const { api, token, slot } = props;
  const budget = slot.item;
  const { t } = useI18n();
  const nameOf = (category: string) => props.labels.get(category) ?? category;
  // A category has one budget: a new one offers only the spending categories without one.
  const choices = budget
    ? [{ value: budget.category, label: nameOf(budget.category) }]
    : props.categories
        .filter(
          (category) =>
            category.kind === 'SPENDING' && !slot.items.some((existing) => existing.category === category.id),
        )
        .map((category) => ({ value: category.id, label: category.label }));
  return (
    <CheckedForm<keyof BudgetForm, NonNullable<ReturnType<typeof budgetInputFromForm>['input']>>
      idPrefix="budget"
      label={budget ? t('budgets.edit') : t('budgets.new')}
      testId="budget-form"
      submitLabel={t('budgets.save')}
      initial={{
        category: budget?.category ?? '',
        amount: budget ? minorToDecimal(budget.amount) : '',
        currency: budget?.amount.currency ?? props.currency,
      }}
      fields={() => [
        {
          name: 'category',
          label: t('category.field'),
          options: choices,
          placeholder: t('category.choose'),
          disabled: budget !== null,
        },
        { name: 'amount', label: t('budgets.limit'), type: 'decimal' },
        { name: 'currency', label: t('budgets.currency'), maxLength: 3, size: 4 },
      ]}
      check={(form) => budgetInputFromForm(form, t)}
      send={async (input) => {
        if (budget) {
          const { category: _fixed, ...change } = input;
          await updateBudget(api, token, budget.id, change);
        } else await createBudget(api, token, input);
        return t('budgets.saved', { category: nameOf(input.category) });
      }}
      apiFields={budgetApiFields}
      onSaved={slot.saved}
      onCancel={slot.close}
    />
  );
}

function GoalEditor(props: ToolProps & { slot: EditorSlot<SavingsGoal> }) {
  const { api, token, slot } = props;
  const goal = slot.item;
  const { t } = useI18n();
  return (
    <CheckedForm<keyof GoalForm, NonNullable<ReturnType<typeof goalInputFromForm>['input']>>
      idPrefix="goal"
      label={goal ? t('goals.edit') : t('goals.new')}
      testId="goal-form"
      submitLabel={t('goals.save')}
      initial={{
        name: goal?.name ?? '',
        target: goal ? minorToDecimal(goal.target) : '',
        currency: goal?.target.currency ?? props.currency,
        targetDate: goal?.targetDate ?? '',
      }}
      fields={() => [
        { name: 'name', label: t('goals.name'), maxLength: 80 },
        { name: 'target', label: t('goals.target'), type: 'decimal' },
        // A goal keeps its currency (the API has no way to change it).
        { name: 'currency', label: t('budgets.currency'), maxLength: 3, size: 4, disabled: goal !== null },
        { name: 'targetDate', label: t('goals.reachBy'), type: 'date' },
      ]}
      check={(form) => goalInputFromForm(form, todayUtc(), t)}
      send={async (input) => {
        if (goal) {
          const { currency: _fixed, ...change } = input;
          await updateGoal(api, token, goal.id, change);
        } else await createGoal(api, token, input);
        return t('goals.saved', { name: input.name });
      }}
      apiFields={goalApiFields}
      onSaved={slot.saved}
      onCancel={slot.close}
    />
  );
}

/** "Add money" / "Take out" on a goal the customer tracks by hand; the list reloads with the new progress. */
function ContributionForm(props: {
  api: ApiClient;
  token: string;
  goal: SavingsGoal;
  tools: ItemTools;
  onClose: () => void;
}) {
  const { goal, tools } = props;
  const { t } = useI18n();
  return (
    <CheckedForm<keyof ContributionFormValues, { amountMinor: string }>
      idPrefix={`contribution-${goal.id}`}
      label={t('goals.addMoneyTo', { name: goal.name })}
      testId="contribution-form"
      submitLabel={t('goals.contributionSave')}
      initial={{ direction: 'add', amount: '' }}
      fields={() => [
        {
          name: 'direction',
          label: t('goals.whatYouDid'),
          options: [
            { value: 'add', label: t('goals.putIn') },
            { value: 'take-out', label: t('goals.tookOut') },
          ],
        },
        { name: 'amount', label: t('goals.amount', { currency: goal.target.currency }), type: 'decimal' },
      ]}
      check={(form) => contributionFromForm(form, goal.saved, t)}
      send={async ({ amountMinor }) => {
        const updated = await contributeToGoal(props.api, props.token, goal.id, amountMinor);
        const amount = formatMoney({ minor: amountMinor.replace(/^-/, ''), currency: goal.target.currency });
        return t(amountMinor.startsWith('-') ? 'goals.takenOut' : 'goals.added', {
          amount,
          name: goal.name,
          saved: formatMoney(updated.saved),
          target: formatMoney(updated.target),
        });
      }}
      apiFields={contributionApiFields}
      onSaved={(message) => {
        props.onClose();
        tools.announce(message);
        tools.reload();
      }}
      onCancel={props.onClose}
    />
  );
}

const alertKinds: Record<Alert['kind'], MessageKey> = {
  TRANSACTION_ABOVE: 'alerts.TRANSACTION_ABOVE',
  BALANCE_BELOW: 'alerts.BALANCE_BELOW',
  BUDGET_OVER: 'alerts.BUDGET_OVER',
  RULE_MATCH: 'alerts.RULE_MATCH',
};

function AlertsPanel(props: ToolProps & { budgetLabel: (budget: Budget) => string }) {
  const { api, token } = props;
  const { t } = useI18n();
  const describe = (alert: Alert) =>
    `${t(alertKinds[alert.kind])}${alert.threshold ? ` ${formatMoney(alert.threshold)}` : ''}`;
  return (
    <ToolPanel<Alert>
      id="alerts"
      title={t('alerts.title')}
      noun="alert"
      load={() => fetchAlerts(api, token)}
      loadKey={[api, token]}
      remove={(alert) => deleteAlert(api, token, alert.id)}
      nameOf={describe}
      // A rule's alert is changed through its rule (only pause / resume here).
      editable={(alert) => alert.kind !== 'RULE_MATCH'}
      empty={t('alerts.empty')}
      editor={(slot) => <AlertEditor {...props} slot={slot} />}
      itemActions={(alert, tools) => (
        <button
          type="button"
          className="button secondary"
          aria-label={t(alert.enabled ? 'alerts.pauseThe' : 'alerts.resumeThe', { name: describe(alert) })}
          onClick={() =>
            updateAlert(api, token, alert.id, { enabled: !alert.enabled }).then(
              () => {
                tools.announce(
                  t(alert.enabled ? 'alerts.paused' : 'alerts.resumed', { name: describe(alert) }),
                );
                tools.reload();
              },
              (error: unknown) =>
                tools.announce(t('alerts.changeFailed', { message: failureOf(error).message })),
            )
          }
        >
          {alert.enabled ? t('alerts.pause') : t('alerts.resume')}
        </button>
      )}
    >
      {(alert) => (
        <div className="alert-row">
          <div className="tool-head">
            <h3>{describe(alert)}</h3>
            {!alert.enabled && <span className="badge">{t('alerts.pausedBadge')}</span>}
          </div>
          <p className="sub">
            {t('alerts.sent', { count: alert.sentCount })}
            {alert.suppressedCount > 0 && t('alerts.heldBack', { count: alert.suppressedCount })}
            {alert.lastSentAt && t('alerts.last', { day: formatDay(alert.lastSentAt.slice(0, 10)) })}
            {t('alerts.cooldown', { count: alert.cooldownHours })}
          </p>
        </div>
      )}
    </ToolPanel>
  );
}

const newAlertKinds = ['BALANCE_BELOW', 'TRANSACTION_ABOVE', 'BUDGET_OVER'] as const;

function AlertEditor(
  props: ToolProps & { slot: EditorSlot<Alert>; budgetLabel: (budget: Budget) => string },
) {
  const { api, token, slot } = props;
  const alert = slot.item;
  const { t } = useI18n();
  const [budgets] = useLoad(() => fetchBudgets(api, token), [api, token]);
  const accountName = (account: Account) =>
    `${account.name ?? account.type}${account.maskedIdentifier ? ` ${account.maskedIdentifier}` : ''}`;
  const accountOptions = props.accounts.map((account) => ({
    value: account.id,
    label: accountName(account),
  }));
  const budgetOptions =
    budgets.kind === 'ready'
      ? budgets.value.map((budget) => ({ value: budget.id, label: props.budgetLabel(budget) }))
      : [];
  const currencyOf = (accountId: string) =>
    props.accounts.find((account) => account.id === accountId)?.currency ?? props.currency;
  return (
    <CheckedForm<keyof AlertForm, AlertInput>
      idPrefix="alert"
      label={alert ? t('alerts.edit') : t('alerts.new')}
      testId="alert-form"
      submitLabel={t('alerts.save')}
      initial={{
        kind: alert && alert.kind !== 'RULE_MATCH' ? alert.kind : '',
        accountId: alert?.accountId ?? '',
        budgetId: alert?.budgetId ?? '',
        threshold: alert?.threshold ? minorToDecimal(alert.threshold) : '',
        cooldownHours: alert ? String(alert.cooldownHours) : '',
      }}
      fields={(form) => [
        {
          name: 'kind',
          label: t('alerts.when'),
          options: newAlertKinds.map((kind) => ({ value: kind, label: t(alertKinds[kind]) })),
          placeholder: t('alerts.chooseWhat'),
          disabled: alert !== null,
        },
        ...(form.kind === 'BUDGET_OVER'
          ? [
              {
                name: 'budgetId' as const,
                label: t('alerts.budget'),
                options: budgetOptions,
                placeholder: budgetOptions.length ? t('alerts.chooseBudget') : t('alerts.setBudgetFirst'),
                disabled: alert !== null,
              },
            ]
          : form.kind
            ? [
                {
                  name: 'accountId' as const,
                  label: form.kind === 'BALANCE_BELOW' ? t('alerts.account') : t('alerts.accountOptional'),
                  options: accountOptions,
                  placeholder:
                    form.kind === 'BALANCE_BELOW' ? t('alerts.chooseAccount') : t('alerts.anyAccount'),
                  disabled: alert !== null,
                },
                { name: 'threshold' as const, label: t('alerts.amount'), type: 'decimal' as const },
              ]
            : []),
        { name: 'cooldownHours', label: t('alerts.cooldownHours'), type: 'whole', size: 6 },
      ]}
      check={(form) => alertInputFromForm(form, currencyOf, t)}
      send={async (input) => {
        if (alert) {
          await updateAlert(api, token, alert.id, {
            ...(input.thresholdMinor ? { thresholdMinor: input.thresholdMinor } : {}),
            ...(input.cooldownHours !== undefined ? { cooldownHours: input.cooldownHours } : {}),
          });
        } else await createAlert(api, token, input);
        return t('alerts.saved', { kind: t(alertKinds[input.kind]) });
      }}
      apiFields={alertApiFields}
      onSaved={slot.saved}
      onCancel={slot.close}
    />
  );
}
