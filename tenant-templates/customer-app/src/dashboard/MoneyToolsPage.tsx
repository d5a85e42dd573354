// "Budgets & goals": budgets with this month's progress, savings goals with theirs (create, edit, delete; each
// problem shown beside its field, from the form's own checks or the API's INVALID answer) and the customer's
// condition alerts.
import { useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import { formatMoney, minorToDecimal } from '../accounts/format.ts';
import {
  type Alert,
  type Budget,
  type Category,
  createBudget,
  createGoal,
  deleteBudget,
  deleteGoal,
  fetchAlerts,
  fetchBudgets,
  fetchGoals,
  type SavingsGoal,
  updateBudget,
  updateGoal,
} from './dashboard-api.ts';
import {
  budgetApiFields,
  type BudgetForm,
  budgetInputFromForm,
  formatDay,
  goalApiFields,
  type GoalForm,
  goalInputFromForm,
  problemsFromApi,
  progressWidth,
  todayUtc,
} from './dashboard-format.ts';
import { Panel } from './Panel.tsx';
import { type EditorSlot, Field, Progress, ToolForm, ToolPanel } from './ToolParts.tsx';
import { useLoad } from './use-load.ts';

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
      >
        {(goal) => (
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
          </>
        )}
      </ToolPanel>
      <AlertsPanel api={api} token={token} />
    </>
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
  const [form, setForm] = useState<BudgetForm>({
    category: budget?.category ?? '',
    amount: budget ? minorToDecimal(budget.amount) : '',
    currency: budget?.amount.currency ?? props.currency,
  });
  const set = (name: keyof BudgetForm) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setForm((current) => ({ ...current, [name]: event.target.value }));
  // A category has one budget: a new one offers only the spending categories without one.
  const choices = budget
    ? [{ id: budget.category, label: props.labels.get(budget.category) ?? budget.category }]
    : props.categories.filter(
        (category) =>
          category.kind === 'SPENDING' && !slot.items.some((existing) => existing.category === category.id),
      );

  async function save() {
    const checked = budgetInputFromForm(form);
    if (!checked.input) return { fields: checked.problems, other: null };
    try {
      if (budget) {
        const { category: _fixed, ...change } = checked.input;
        await updateBudget(api, token, budget.id, change);
      } else await createBudget(api, token, checked.input);
    } catch (error) {
      return problemsFromApi(error, budgetApiFields);
    }
    slot.saved(
      `The budget for ${props.labels.get(checked.input.category) ?? checked.input.category} is saved.`,
    );
    return null;
  }

  return (
    <ToolForm<keyof BudgetForm>
      label={budget ? 'Edit budget' : 'New budget'}
      testId="budget-form"
      submitLabel="Save budget"
      onSubmit={save}
      onCancel={slot.close}
    >
      {(problems) => (
        <>
          <Field id="budget-category" label="Category" problem={problems.category}>
            {(attributes) => (
              <select
                {...attributes}
                value={form.category}
                onChange={set('category')}
                disabled={budget !== null}
              >
                <option value="">Choose a category</option>
                {choices.map((category) => (
                  <option key={category.id} value={category.id}>
                    {category.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="budget-amount" label="Monthly limit" problem={problems.amount}>
            {(attributes) => (
              <input {...attributes} inputMode="decimal" value={form.amount} onChange={set('amount')} />
            )}
          </Field>
          <Field id="budget-currency" label="Currency" problem={problems.currency}>
            {(attributes) => (
              <input
                {...attributes}
                value={form.currency}
                maxLength={3}
                size={4}
                onChange={set('currency')}
              />
            )}
          </Field>
        </>
      )}
    </ToolForm>
  );
}

function GoalEditor(props: ToolProps & { slot: EditorSlot<SavingsGoal> }) {
  const { api, token, slot } = props;
  const goal = slot.item;
  const [form, setForm] = useState<GoalForm>({
    name: goal?.name ?? '',
    target: goal ? minorToDecimal(goal.target) : '',
    currency: goal?.target.currency ?? props.currency,
    targetDate: goal?.targetDate ?? '',
  });
  const set = (name: keyof GoalForm) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setForm((current) => ({ ...current, [name]: event.target.value }));

  async function save() {
    const checked = goalInputFromForm(form, todayUtc());
    if (!checked.input) return { fields: checked.problems, other: null };
    try {
      if (goal) {
        // A goal keeps its currency (the API has no way to change it).
        const { currency: _fixed, ...change } = checked.input;
        await updateGoal(api, token, goal.id, change);
      } else await createGoal(api, token, checked.input);
    } catch (error) {
      return problemsFromApi(error, goalApiFields);
    }
    slot.saved(`The goal “${checked.input.name}” is saved.`);
    return null;
  }

  return (
    <ToolForm<keyof GoalForm>
      label={goal ? 'Edit savings goal' : 'New savings goal'}
      testId="goal-form"
      submitLabel="Save goal"
      onSubmit={save}
      onCancel={slot.close}
    >
      {(problems) => (
        <>
          <Field id="goal-name" label="Name" problem={problems.name}>
            {(attributes) => (
              <input {...attributes} value={form.name} maxLength={80} onChange={set('name')} />
            )}
          </Field>
          <Field id="goal-target" label="Target" problem={problems.target}>
            {(attributes) => (
              <input {...attributes} inputMode="decimal" value={form.target} onChange={set('target')} />
            )}
          </Field>
          <Field id="goal-currency" label="Currency" problem={problems.currency}>
            {(attributes) => (
              <input
                {...attributes}
                value={form.currency}
                maxLength={3}
                size={4}
                disabled={goal !== null}
                onChange={set('currency')}
              />
            )}
          </Field>
          <Field id="goal-date" label="Reach it by (optional)" problem={problems.targetDate}>
            {(attributes) => (
              <input {...attributes} type="date" value={form.targetDate} onChange={set('targetDate')} />
            )}
          </Field>
        </>
      )}
    </ToolForm>
  );
}

const alertKinds: Record<Alert['kind'], string> = {
  TRANSACTION_ABOVE: 'A payment above',
  BALANCE_BELOW: 'Balance below',
  BUDGET_OVER: 'Budget overspent',
};

function AlertsPanel({ api, token }: { api: ApiClient; token: string }) {
  const [alerts, reload] = useLoad(() => fetchAlerts(api, token), [api, token]);
  return (
    <Panel id="alerts" title="Alerts" state={alerts} onRetry={reload}>
      {(list) =>
        list.length === 0 ? (
          <p className="empty" data-testid="alerts-empty">
            No alerts set. Alerts tell you when a balance runs low, a large payment goes out or a budget is
            overspent.
          </p>
        ) : (
          <ul className="tool-list" data-testid="alert-list">
            {list.map((alert) => (
              <li key={alert.id} className="tool alert-row">
                <span>
                  {alertKinds[alert.kind]}
                  {alert.threshold && ` ${formatMoney(alert.threshold)}`}
                  {!alert.enabled && ' (paused)'}
                </span>
                <span className="sub">
                  Sent {alert.sentCount} {alert.sentCount === 1 ? 'time' : 'times'}
                  {alert.suppressedCount > 0 && `, ${alert.suppressedCount} held back so you are not flooded`}
                  {alert.lastSentAt && ` · last ${formatDay(alert.lastSentAt.slice(0, 10))}`}
                </span>
              </li>
            ))}
          </ul>
        )
      }
    </Panel>
  );
}
