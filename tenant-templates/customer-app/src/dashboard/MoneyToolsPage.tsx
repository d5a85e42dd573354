// "Budgets & goals": budgets with this month's progress, savings goals with theirs and "Add money", and the
// customer's condition alerts (create, edit, pause, delete). Every form is the one `CheckedForm` pattern: each
// problem shown beside its field, from the form's own checks or the API's INVALID answer.
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

const budgetStatus: Record<Budget['status'], string> = {
  ON_TRACK: 'On track',
  AT_RISK: 'At risk of going over',
  OVER: 'Over budget',
};
const goalStatus: Record<SavingsGoal['status'], string> = {
  IN_PROGRESS: 'In progress',
  REACHED: 'Reached',
  OVERDUE: 'Past its date',
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
  const labelOf = (budget: Budget) => labels.get(budget.category) ?? budget.category;
  return (
    <>
      <ToolPanel<Budget>
        id="budgets"
        title="Budgets"
        noun="budget"
        load={() => fetchBudgets(api, token)}
        loadKey={[api, token]}
        remove={(budget) => deleteBudget(api, token, budget.id)}
        nameOf={labelOf}
        empty="No budgets yet. Set one for a category to see how this month is going."
        editor={(slot) => <BudgetEditor {...props} slot={slot} />}
      >
        {(budget) => (
          <div className={`budget ${budget.status.toLowerCase()}`}>
            <div className="tool-head">
              <h3>{labelOf(budget)}</h3>
              <span className={`badge ${budget.status.toLowerCase()}`}>{budgetStatus[budget.status]}</span>
            </div>
            <Progress
              label={`${labelOf(budget)}: spent of budget`}
              percent={progressWidth(budget.spent, budget.amount)}
              text={`${formatMoney(budget.spent)} of ${formatMoney(budget.amount)}`}
            />
            <p className="sub">
              {formatMoney(budget.spent)} of {formatMoney(budget.amount)} spent ·{' '}
              {formatMoney(budget.remaining)} left · on pace for {formatMoney(budget.projected)} by{' '}
              {formatDay(previousDay(budget.periodEnd))}
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
  const [contributing, setContributing] = useState<string | null>(null);
  return (
    <ToolPanel<SavingsGoal>
      id="goals"
      title="Savings goals"
      noun="goal"
      load={() => fetchGoals(api, token)}
      loadKey={[api, token]}
      remove={(goal) => deleteGoal(api, token, goal.id)}
      nameOf={(goal) => goal.name}
      empty="No savings goals yet. Name something you are saving for and we will track it with you."
      editor={(slot) => <GoalEditor {...props} slot={slot} />}
      itemActions={(goal) =>
        // A goal following a linked account's balance takes no contributions by hand (the API says CONFLICT).
        goal.progressSource === 'MANUAL' &&
        contributing !== goal.id && (
          <button
            type="button"
            className="button primary"
            aria-label={`Add money to ${goal.name}`}
            onClick={() => setContributing(goal.id)}
          >
            Add money
          </button>
        )
      }
    >
      {(goal, tools) => (
        <>
          <div className="tool-head">
            <h3>{goal.name}</h3>
            <span className="badge">{goalStatus[goal.status]}</span>
          </div>
          <Progress
            label={`${goal.name}: saved of target`}
            percent={progressWidth(goal.saved, goal.target)}
            text={`${formatMoney(goal.saved)} of ${formatMoney(goal.target)}`}
          />
          <p className="sub">
            {formatMoney(goal.saved)} of {formatMoney(goal.target)} ({goal.percent.toFixed(0)} %)
            {goal.targetDate && ` · by ${formatDay(goal.targetDate)}`}
            {goal.monthlyNeeded && ` · put aside ${formatMoney(goal.monthlyNeeded)} a month`}
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
      label={budget ? 'Edit budget' : 'New budget'}
      testId="budget-form"
      submitLabel="Save budget"
      initial={{
        category: budget?.category ?? '',
        amount: budget ? minorToDecimal(budget.amount) : '',
        currency: budget?.amount.currency ?? props.currency,
      }}
      fields={() => [
        {
          name: 'category',
          label: 'Category',
          options: choices,
          placeholder: 'Choose a category',
          disabled: budget !== null,
        },
        { name: 'amount', label: 'Monthly limit', type: 'decimal' },
        { name: 'currency', label: 'Currency', maxLength: 3, size: 4 },
      ]}
      check={budgetInputFromForm}
      send={async (input) => {
        if (budget) {
          const { category: _fixed, ...change } = input;
          await updateBudget(api, token, budget.id, change);
        } else await createBudget(api, token, input);
        return `The budget for ${nameOf(input.category)} is saved.`;
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
  return (
    <CheckedForm<keyof GoalForm, NonNullable<ReturnType<typeof goalInputFromForm>['input']>>
      idPrefix="goal"
      label={goal ? 'Edit savings goal' : 'New savings goal'}
      testId="goal-form"
      submitLabel="Save goal"
      initial={{
        name: goal?.name ?? '',
        target: goal ? minorToDecimal(goal.target) : '',
        currency: goal?.target.currency ?? props.currency,
        targetDate: goal?.targetDate ?? '',
      }}
      fields={() => [
        { name: 'name', label: 'Name', maxLength: 80 },
        { name: 'target', label: 'Target', type: 'decimal' },
        // A goal keeps its currency (the API has no way to change it).
        { name: 'currency', label: 'Currency', maxLength: 3, size: 4, disabled: goal !== null },
        { name: 'targetDate', label: 'Reach it by (optional)', type: 'date' },
      ]}
      check={(form) => goalInputFromForm(form, todayUtc())}
      send={async (input) => {
        if (goal) {
          const { currency: _fixed, ...change } = input;
          await updateGoal(api, token, goal.id, change);
        } else await createGoal(api, token, input);
        return `The goal “${input.name}” is saved.`;
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
  return (
    <CheckedForm<keyof ContributionFormValues, { amountMinor: string }>
      idPrefix={`contribution-${goal.id}`}
      label={`Add money to ${goal.name}`}
      testId="contribution-form"
      submitLabel="Save"
      initial={{ direction: 'add', amount: '' }}
      fields={() => [
        {
          name: 'direction',
          label: 'What you did',
          options: [
            { value: 'add', label: 'Put money in' },
            { value: 'take-out', label: 'Took money out' },
          ],
        },
        { name: 'amount', label: `Amount (${goal.target.currency})`, type: 'decimal' },
      ]}
      check={(form) => contributionFromForm(form, goal.saved)}
      send={async ({ amountMinor }) => {
        const updated = await contributeToGoal(props.api, props.token, goal.id, amountMinor);
        const amount = formatMoney({ minor: amountMinor.replace(/^-/, ''), currency: goal.target.currency });
        return `${amount} ${amountMinor.startsWith('-') ? 'taken out of' : 'added to'} “${goal.name}”: ${formatMoney(updated.saved)} of ${formatMoney(updated.target)} saved.`;
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

const alertKinds: Record<Alert['kind'], string> = {
  TRANSACTION_ABOVE: 'A payment above',
  BALANCE_BELOW: 'Balance below',
  BUDGET_OVER: 'Budget overspent',
  RULE_MATCH: 'A payment matching your rule',
};

function AlertsPanel(props: ToolProps & { budgetLabel: (budget: Budget) => string }) {
  const { api, token } = props;
  const describe = (alert: Alert) =>
    `${alertKinds[alert.kind]}${alert.threshold ? ` ${formatMoney(alert.threshold)}` : ''}`;
  return (
    <ToolPanel<Alert>
      id="alerts"
      title="Alerts"
      noun="alert"
      load={() => fetchAlerts(api, token)}
      loadKey={[api, token]}
      remove={(alert) => deleteAlert(api, token, alert.id)}
      nameOf={describe}
      // A rule's alert is changed through its rule (only pause / resume here).
      editable={(alert) => alert.kind !== 'RULE_MATCH'}
      empty="No alerts set. Alerts tell you when a balance runs low, a large payment goes out or a budget is overspent."
      editor={(slot) => <AlertEditor {...props} slot={slot} />}
      itemActions={(alert, tools) => (
        <button
          type="button"
          className="button secondary"
          aria-label={`${alert.enabled ? 'Pause' : 'Resume'} the alert ${describe(alert)}`}
          onClick={() =>
            updateAlert(api, token, alert.id, { enabled: !alert.enabled }).then(
              () => {
                tools.announce(`The alert ${describe(alert)} is ${alert.enabled ? 'paused' : 'on again'}.`);
                tools.reload();
              },
              (error: unknown) =>
                tools.announce(`The alert could not be changed: ${failureOf(error).message}`),
            )
          }
        >
          {alert.enabled ? 'Pause' : 'Resume'}
        </button>
      )}
    >
      {(alert) => (
        <div className="alert-row">
          <div className="tool-head">
            <h3>{describe(alert)}</h3>
            {!alert.enabled && <span className="badge">Paused</span>}
          </div>
          <p className="sub">
            Sent {alert.sentCount} {alert.sentCount === 1 ? 'time' : 'times'}
            {alert.suppressedCount > 0 && `, ${alert.suppressedCount} held back so you are not flooded`}
            {alert.lastSentAt && ` · last ${formatDay(alert.lastSentAt.slice(0, 10))}`} · at most one every{' '}
            {alert.cooldownHours} {alert.cooldownHours === 1 ? 'hour' : 'hours'}
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
      label={alert ? 'Edit alert' : 'New alert'}
      testId="alert-form"
      submitLabel="Save alert"
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
          label: 'Tell me when',
          options: newAlertKinds.map((kind) => ({ value: kind, label: alertKinds[kind] })),
          placeholder: 'Choose what to watch',
          disabled: alert !== null,
        },
        ...(form.kind === 'BUDGET_OVER'
          ? [
              {
                name: 'budgetId' as const,
                label: 'Budget',
                options: budgetOptions,
                placeholder: budgetOptions.length ? 'Choose a budget' : 'Set a budget first',
                disabled: alert !== null,
              },
            ]
          : form.kind
            ? [
                {
                  name: 'accountId' as const,
                  label: form.kind === 'BALANCE_BELOW' ? 'Account' : 'Account (optional)',
                  options: accountOptions,
                  placeholder: form.kind === 'BALANCE_BELOW' ? 'Choose an account' : 'Any account',
                  disabled: alert !== null,
                },
                { name: 'threshold' as const, label: 'Amount', type: 'decimal' as const },
              ]
            : []),
        { name: 'cooldownHours', label: 'Hours between two alerts (default 24)', type: 'whole', size: 6 },
      ]}
      check={(form) => alertInputFromForm(form, currencyOf)}
      send={async (input) => {
        if (alert) {
          await updateAlert(api, token, alert.id, {
            ...(input.thresholdMinor ? { thresholdMinor: input.thresholdMinor } : {}),
            ...(input.cooldownHours !== undefined ? { cooldownHours: input.cooldownHours } : {}),
          });
        } else await createAlert(api, token, input);
        return `The alert “${alertKinds[input.kind]}” is saved.`;
      }}
      apiFields={alertApiFields}
      onSaved={slot.saved}
      onCancel={slot.close}
    />
  );
}
