// Pure helpers of the dashboard: dates and money for people, spending this month against the customer's own
// history, the forecast chart's geometry, what-if scenarios, and the budget / goal forms to API inputs with
// problems named per field (the client's checks and the API's INVALID answer alike).
import type { Money } from '../accounts/accounts-api.ts';
import { formatMoney, majorToMinor } from '../accounts/format.ts';
import { ApiError } from '../api/client.ts';
import { currentFormatLocale, english, type MessageKey, type Translate } from '../i18n/i18n.ts';
import type { CashFlowForecast, ForecastScenario, SpendByCategory } from './dashboard-api.ts';

/** "26 Nov 2026" in the app's locale; `YYYY-MM-DD` days are calendar days, so formatted in UTC. */
export function formatDay(day: string, locale = currentFormatLocale()): string {
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(parsed);
}

/** "November 2026" for `YYYY-MM`. */
export function formatMonth(month: string, locale = currentFormatLocale()): string {
  const parsed = new Date(`${month}-01T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return month;
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(parsed);
}

const absMinor = (minor: string) => BigInt(minor.replace(/^-/, ''));

/** One category's row of the spending chart. */
export interface SpendRow {
  category: string | null;
  label: string;
  thisMonth: Money;
  /** The monthly average of the window's earlier months (rounded to a minor unit). */
  usual: Money;
  /** Bar lengths, 0–100, relative to the largest amount on the chart. */
  thisMonthWidth: number;
  usualWidth: number;
  /** How this month compares so far: "above", "below" or "same". */
  trend: 'above' | 'below' | 'same';
}

/**
 * Spending this month against the customer's own usual month (the average of the earlier months of the
 * window), per category, largest this month first. Sums are exact (BigInt minor units).
 */
export function spendRows(
  spending: SpendByCategory,
  labels: ReadonlyMap<string, string>,
  t: Translate = english,
): SpendRow[] {
  const rows = spending.categories.map((entry) => {
    const months = entry.byMonth;
    const current = months.at(-1);
    const earlier = months.slice(0, -1);
    const currency = entry.total.currency;
    const thisMinor = current ? absMinor(current.amount.minor) : 0n;
    const earlierSum = earlier.reduce((sum, month) => sum + absMinor(month.amount.minor), 0n);
    const usualMinor =
      earlier.length === 0 ? 0n : (earlierSum + BigInt(earlier.length) / 2n) / BigInt(earlier.length);
    return { entry, currency, thisMinor, usualMinor };
  });
  const largest = rows.reduce(
    (max, row) => (row.thisMinor > max ? row.thisMinor : row.usualMinor > max ? row.usualMinor : max),
    0n,
  );
  // Bar lengths only: a float ratio is fine here, the amounts shown are the exact ones.
  const width = (minor: bigint) => (largest === 0n ? 0 : Math.round((Number(minor) / Number(largest)) * 100));
  return rows
    .map(({ entry, currency, thisMinor, usualMinor }) => ({
      category: entry.category,
      label:
        entry.category === null
          ? t('spending.uncategorised')
          : (labels.get(entry.category) ?? entry.category),
      thisMonth: { minor: thisMinor.toString(), currency },
      usual: { minor: usualMinor.toString(), currency },
      thisMonthWidth: width(thisMinor),
      usualWidth: width(usualMinor),
      trend: (thisMinor > usualMinor
        ? 'above'
        : thisMinor < usualMinor
          ? 'below'
          : 'same') as SpendRow['trend'],
    }))
    .filter((row) => row.thisMonth.minor !== '0' || row.usual.minor !== '0')
    .sort((a, b) => {
      const difference = BigInt(b.thisMonth.minor) - BigInt(a.thisMonth.minor);
      return difference > 0n ? 1 : difference < 0n ? -1 : a.label.localeCompare(b.label);
    });
}

/** A price change as people say it: "up 5.0 % (€1,000.00 → €1,050.00)". */
export function describePriceChange(
  change: { previous: Money; last: Money; changeRatio: number },
  locale = currentFormatLocale(),
  t: Translate = english,
): string {
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
    Math.abs(change.changeRatio),
  );
  return t(change.changeRatio >= 0 ? 'recurring.up' : 'recurring.down', {
    percent,
    from: formatMoney(change.previous, locale),
    to: formatMoney(change.last, locale),
  });
}

/** What the chart draws: an SVG band (10th–90th percentile) and the expected line, in a width × height box. */
export interface ForecastGeometry {
  band: string;
  line: string;
  /** The y of a zero balance when it is inside the range, else null. */
  zeroY: number | null;
  min: Money;
  max: Money;
}

export function forecastGeometry(
  forecast: CashFlowForecast,
  width: number,
  height: number,
): ForecastGeometry | null {
  const days = forecast.days;
  const first = days[0];
  if (!first) return null;
  const currency = first.expected.currency;
  // Geometry only (pixels): the amounts printed beside the chart stay exact strings.
  const lows = days.map((day) => Number(day.low.minor));
  const highs = days.map((day) => Number(day.high.minor));
  const min = Math.min(...lows, ...days.map((day) => Number(day.expected.minor)));
  const max = Math.max(...highs, ...days.map((day) => Number(day.expected.minor)));
  const span = max - min || 1;
  const x = (index: number) => (days.length === 1 ? width / 2 : (index / (days.length - 1)) * width);
  const y = (minor: number) => height - ((minor - min) / span) * height;
  const point = (index: number, minor: number) => `${x(index).toFixed(1)},${y(minor).toFixed(1)}`;
  const upper = days.map((day, index) => point(index, Number(day.high.minor)));
  const lower = days.map((day, index) => point(index, Number(day.low.minor))).reverse();
  return {
    band: `M${upper.join(' L')} L${lower.join(' L')} Z`,
    line: `M${days.map((day, index) => point(index, Number(day.expected.minor))).join(' L')}`,
    zeroY: min < 0 && max > 0 ? Number(y(0).toFixed(1)) : null,
    min: { minor: String(Math.round(min)), currency },
    max: { minor: String(Math.round(max)), currency },
  };
}

/** The category a rent rise scales (the taxonomy's rent and mortgage category). */
export const rentCategory = 'housing';

/** The rent category as the customer reads it: its label in the app's language (the id until labels load). */
export const rentCategoryLabel = (labels: ReadonlyMap<string, string>): string =>
  labels.get(rentCategory) ?? rentCategory;

/** The what-if the form describes, or null when it changes nothing. */
export function scenarioOf(cancelled: readonly string[], rentRisePercent: number): ForecastScenario | null {
  const scenario: ForecastScenario = {};
  if (cancelled.length > 0) scenario.removeRecurring = [...cancelled];
  if (rentRisePercent !== 0)
    scenario.scaleCategories = [{ category: rentCategory, percent: rentRisePercent }];
  return Object.keys(scenario).length === 0 ? null : scenario;
}

/** The forecast's balance at the end of its last day (the expected case). */
export function endBalance(forecast: CashFlowForecast): Money | null {
  return forecast.days.at(-1)?.expected ?? null;
}

/** Field problems: the form's field name → what to fix. */
export type FieldProblems<F extends string> = Partial<Record<F, string>>;

/**
 * The problems without `field`'s: its value changed, so the problem may no longer be true (it is checked again on
 * the next submit). The same object when the field had none, so nothing re-renders for it.
 */
export function withoutProblem<F extends string>(problems: FieldProblems<F>, field: F): FieldProblems<F> {
  if (!(field in problems)) return problems;
  const { [field]: _gone, ...rest } = problems;
  return rest as FieldProblems<F>;
}

/** "must be …" from the API reads as a sentence beside the field. */
const sentence = (problem: string) => problem.charAt(0).toUpperCase() + problem.slice(1);

/**
 * The API's INVALID answer as problems beside the form's fields (`fieldOf` maps the API's path, e.g.
 * `input.amountMinor`, to the form field); what no field claims is returned as `other`.
 */
export function problemsFromApi<F extends string>(
  error: unknown,
  fieldOf: Readonly<Record<string, F>>,
): { fields: FieldProblems<F>; other: string | null } {
  if (!(error instanceof ApiError)) return { fields: {}, other: (error as Error)?.message ?? String(error) };
  const fields: FieldProblems<F> = {};
  const unclaimed: string[] = [];
  for (const { field, problem } of error.invalid?.fields ?? []) {
    const name = fieldOf[field];
    if (name) fields[name] = sentence(problem);
    else unclaimed.push(`${field}: ${problem}`);
  }
  const other =
    Object.keys(fields).length === 0 ? error.message : unclaimed.length > 0 ? unclaimed.join('; ') : null;
  return { fields, other };
}

export interface BudgetForm {
  category: string;
  amount: string;
  currency: string;
}

export const budgetApiFields = {
  'input.category': 'category',
  'input.amountMinor': 'amount',
  'input.currency': 'currency',
} as const satisfies Record<string, keyof BudgetForm>;

/** The budget form as `CreateBudgetInput`, or the problems to show beside the fields (nothing is sent then). */
export function budgetInputFromForm(
  form: BudgetForm,
  t: Translate = english,
): {
  input: { category: string; amountMinor: string; currency: string } | null;
  problems: FieldProblems<keyof BudgetForm>;
} {
  const problems: FieldProblems<keyof BudgetForm> = {};
  if (!form.category) problems.category = t('category.choose');
  const amountMinor = majorToMinor(form.amount);
  if (amountMinor === null || /^0*$/.test(amountMinor)) problems.amount = t('forms.amount');
  const currency = form.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) problems.currency = t('forms.currency');
  return Object.keys(problems).length > 0
    ? { input: null, problems }
    : { input: { category: form.category, amountMinor: amountMinor!, currency }, problems };
}

export interface GoalForm {
  name: string;
  target: string;
  currency: string;
  targetDate: string;
}

export const goalApiFields = {
  'input.name': 'name',
  'input.targetAmountMinor': 'target',
  'input.currency': 'currency',
  'input.targetDate': 'targetDate',
} as const satisfies Record<string, keyof GoalForm>;

/** The goal form as `CreateSavingsGoalInput`, or the problems to show beside the fields. */
export function goalInputFromForm(
  form: GoalForm,
  today: string,
  t: Translate = english,
): {
  input: { name: string; targetAmountMinor: string; currency: string; targetDate: string | null } | null;
  problems: FieldProblems<keyof GoalForm>;
} {
  const problems: FieldProblems<keyof GoalForm> = {};
  const name = form.name.trim();
  if (name.length === 0 || [...name].length > 80) problems.name = t('forms.goalName');
  const targetAmountMinor = majorToMinor(form.target);
  if (targetAmountMinor === null || /^0*$/.test(targetAmountMinor)) problems.target = t('forms.amount');
  const currency = form.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) problems.currency = t('forms.currency');
  if (form.targetDate && !(form.targetDate > today)) problems.targetDate = t('forms.dateAfterToday');
  return Object.keys(problems).length > 0
    ? { input: null, problems }
    : {
        input: { name, targetAmountMinor: targetAmountMinor!, currency, targetDate: form.targetDate || null },
        problems,
      };
}

/** A progress bar's fill, 0–100 (over 100 % is shown full; the figures say by how much). */
export function progressWidth(part: Money, whole: Money): number {
  const total = absMinor(whole.minor);
  if (total === 0n) return 0;
  const percent = (absMinor(part.minor) * 100n) / total;
  return Number(percent > 100n ? 100n : percent);
}

/** Model features as a customer reads them (the SDK's vocabulary ids otherwise). */
const featureLabels: Record<string, MessageKey> = {
  'income.monthly': 'features.income.monthly',
  'balance.mean': 'features.balance.mean',
  'balance.min': 'features.balance.min',
  'customer.age': 'features.customer.age',
  'customer.tenure': 'features.customer.tenure',
  'overdraft.days': 'features.overdraft.days',
  'savings.rate': 'features.savings.rate',
};

export function featureLabel(feature: string, t: Translate = english): string {
  const known = featureLabels[feature];
  if (known) return t(known);
  const spend = /^spend\.category\.(.+)$/.exec(feature);
  if (spend) return t('features.spend', { category: spend[1]!.replace(/-/g, ' ') });
  const held = /^products-held\.(.+)$/.exec(feature);
  if (held) return t('features.held', { product: held[1]!.replace(/-/g, ' ') });
  return feature;
}

/** "Before the offer" / "Before the contract" for a disclosure's `when`. */
export function disclosureWhen(when: string, t: Translate = english): string {
  return when === 'before-offer'
    ? t('recommendations.beforeOffer')
    : when === 'before-contract'
      ? t('recommendations.beforeContract')
      : when;
}

/** Today as `YYYY-MM-DD` in UTC (the API's calendar). */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** "Add money" on a savings goal: how much and which way (a withdrawal is a negative contribution). */
export interface ContributionForm {
  amount: string;
  direction: 'add' | 'take-out' | string;
}

export const contributionApiFields = { amountMinor: 'amount' } as const satisfies Record<
  string,
  keyof ContributionForm
>;

/**
 * The contribution form as `contributeToSavingsGoal`'s signed `amountMinor`, or the problems to show. `saved`:
 * what the goal holds now — taking out more is refused here, in money the customer reads (the API refuses it
 * too, in minor units).
 */
export function contributionFromForm(
  form: ContributionForm,
  saved: Money,
  t: Translate = english,
): {
  input: { amountMinor: string } | null;
  problems: FieldProblems<keyof ContributionForm>;
} {
  const minor = majorToMinor(form.amount);
  if (minor === null || /^0*$/.test(minor)) return { input: null, problems: { amount: t('forms.amount') } };
  if (form.direction === 'take-out' && BigInt(minor) > BigInt(saved.minor)) {
    return {
      input: null,
      problems: { amount: t('forms.takeOutAtMost', { saved: formatMoney(saved) }) },
    };
  }
  return { input: { amountMinor: form.direction === 'take-out' ? `-${minor}` : minor }, problems: {} };
}

export type AlertKind = 'TRANSACTION_ABOVE' | 'BALANCE_BELOW' | 'BUDGET_OVER';

const isAlertKind = (kind: string): kind is AlertKind =>
  kind === 'TRANSACTION_ABOVE' || kind === 'BALANCE_BELOW' || kind === 'BUDGET_OVER';

/** The alert form; `accountId` / `budgetId` are used only by the kinds that take them. */
export interface AlertForm {
  /** An `AlertKind`, or '' before one is chosen. */
  kind: string;
  accountId: string;
  budgetId: string;
  threshold: string;
  cooldownHours: string;
}

export const alertApiFields = {
  'input.kind': 'kind',
  'input.accountId': 'accountId',
  'input.budgetId': 'budgetId',
  'input.thresholdMinor': 'threshold',
  'input.currency': 'threshold',
  'input.cooldownHours': 'cooldownHours',
} as const satisfies Record<string, keyof AlertForm>;

export interface AlertInput {
  kind: AlertKind;
  accountId?: string;
  budgetId?: string;
  thresholdMinor?: string;
  currency?: string;
  cooldownHours?: number;
}

/**
 * The alert form as `CreateAlertInput` (what each kind needs: BALANCE_BELOW an account and an amount,
 * TRANSACTION_ABOVE an amount and optionally an account, BUDGET_OVER a budget). The cooldown is checked for
 * being a whole number only: its range is the API's fatigue rule (and a bank may change it), so the API's
 * answer is what the customer reads beside the field.
 */
export function alertInputFromForm(
  form: AlertForm,
  currencyOf: (accountId: string) => string,
  t: Translate = english,
): { input: AlertInput | null; problems: FieldProblems<keyof AlertForm> } {
  const problems: FieldProblems<keyof AlertForm> = {};
  if (form.kind === 'BALANCE_BELOW' && !form.accountId) problems.accountId = t('forms.chooseAccount');
  if (form.kind === 'BUDGET_OVER' && !form.budgetId) problems.budgetId = t('forms.chooseBudget');
  const needsAmount = form.kind !== 'BUDGET_OVER' && form.kind !== '';
  const thresholdMinor = needsAmount ? majorToMinor(form.threshold) : null;
  if (needsAmount && (thresholdMinor === null || /^0*$/.test(thresholdMinor)))
    problems.threshold = t('forms.amount');
  const cooldown = form.cooldownHours.trim();
  if (cooldown && !/^\d{1,6}$/.test(cooldown)) problems.cooldownHours = t('forms.wholeHours');
  if (!isAlertKind(form.kind)) problems.kind = t('forms.chooseKind');
  if (Object.keys(problems).length > 0 || !isAlertKind(form.kind)) return { input: null, problems };
  const input: AlertInput = { kind: form.kind };
  if (form.kind === 'BUDGET_OVER') input.budgetId = form.budgetId;
  else {
    if (form.accountId) input.accountId = form.accountId;
    input.thresholdMinor = thresholdMinor!;
    input.currency = currencyOf(form.accountId);
  }
  if (cooldown) input.cooldownHours = Number(cooldown);
  return { input, problems };
}
