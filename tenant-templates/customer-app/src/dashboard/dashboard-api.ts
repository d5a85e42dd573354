// The dashboard's calls to the API: behaviour (spending, recurring payments, forecast), recommendations,
// insights (Seam A), budgets, savings goals and alerts — the documents beside the feature, as accounts-api does.
import type { ApiClient } from '../api/client.ts';
import type { Money } from '../accounts/accounts-api.ts';
import type { AlertInput } from './dashboard-format.ts';

export interface Category {
  id: string;
  kind: 'INCOME' | 'TRANSFER' | 'SPENDING' | string;
  label: string;
}

export interface CategorySpending {
  category: string | null;
  total: Money;
  transactions: number;
  byMonth: { month: string; amount: Money }[];
}

export interface SpendByCategory {
  from: string;
  to: string;
  categories: CategorySpending[];
}

export interface RecurringPayment {
  key: string;
  accountId: string;
  direction: 'CREDIT' | 'DEBIT';
  party: string | null;
  category: string | null;
  cadence: 'WEEKLY' | 'MONTHLY' | 'QUARTERLY' | 'YEARLY';
  typicalAmount: Money;
  nextExpectedDate: string;
  nextExpectedAmount: Money;
  priceChange: { previous: Money; last: Money; change: Money; changeRatio: number; since: string } | null;
  active: boolean;
}

export interface ForecastDay {
  date: string;
  low: Money;
  expected: Money;
  high: Money;
  recurring: Money;
}

export interface CashFlowForecast {
  asOf: string;
  startingBalance: Money | null;
  days: ForecastDay[];
  lowest: ForecastDay | null;
}

/** The API's `ForecastScenario`: "if I cancel these", "if rent rises 5 %". */
export interface ForecastScenario {
  removeRecurring?: string[];
  scaleCategories?: { category: string; percent: number }[];
}

export type RecommendationAction =
  'OPEN' | 'ACCEPT' | 'DISMISS' | 'RATE' | 'CONTEST' | 'REQUEST_HUMAN_REVIEW';

export interface Recommendation {
  id: string;
  productId: string;
  productType: string;
  product: {
    name: string;
    summary: string | null;
    /** The catalogue's documents (key facts, terms…): the next step after "I'm interested". */
    disclosures: { kind: string; title: string; url: string }[];
  } | null;
  rank: number;
  reason: string;
  attributions: { feature: string; value: number | null; contribution: number }[];
  disclosures: { ruleId: string; document: string; when: string }[];
  /** The API's `RecommendationStatus` name: ACTIVE, ACCEPTED, DISMISSED or WITHDRAWN. */
  status: string;
  actions: RecommendationAction[];
}

/** What the customer can do with one: OPENED (read the reason), ACCEPTED, DISMISSED, RATED (1–5). */
export type RecommendationOutcome = 'OPENED' | 'ACCEPTED' | 'DISMISSED' | 'RATED';

export interface RecommendationList {
  availability: string;
  message: string;
  recommendations: Recommendation[];
}

export interface Review {
  id: string;
  status: string;
  trigger: string;
}

/** Seam A (branch `insights`): an insight of the signed-in customer. */
export interface Insight {
  id: string;
  kind: string;
  title: string;
  text: string;
  severity: 'info' | 'warning' | string;
  relevance: number;
  createdAt: string;
  expiresAt: string | null;
  /** Null until the customer responds; `rating` 1 (thumbs up) or −1. */
  feedback: { outcome: InsightOutcome | null; rating: number | null } | null;
}

export type InsightOutcome = 'OPENED' | 'DISMISSED' | 'ACTED';

export type BudgetStatus = 'ON_TRACK' | 'AT_RISK' | 'OVER';

export interface Budget {
  id: string;
  category: string;
  amount: Money;
  spent: Money;
  remaining: Money;
  projected: Money;
  periodStart: string;
  periodEnd: string;
  status: BudgetStatus;
}

export interface SavingsGoal {
  id: string;
  name: string;
  target: Money;
  targetDate: string | null;
  saved: Money;
  remaining: Money;
  percent: number;
  monthlyNeeded: Money | null;
  status: 'IN_PROGRESS' | 'REACHED' | 'OVERDUE';
  /** LINKED_ACCOUNT: the account's balance is the progress (no contributions by hand); MANUAL otherwise. */
  progressSource: 'LINKED_ACCOUNT' | 'MANUAL';
}

export interface Alert {
  id: string;
  kind: 'TRANSACTION_ABOVE' | 'BALANCE_BELOW' | 'BUDGET_OVER' | 'RULE_MATCH';
  accountId: string | null;
  budgetId: string | null;
  threshold: Money | null;
  cooldownHours: number;
  enabled: boolean;
  lastSentAt: string | null;
  sentCount: number;
  suppressedCount: number;
}

const money = '{ minor currency }';

export async function fetchCategories(api: ApiClient, token: string): Promise<Category[]> {
  const data = await api.graphql<{ categories: Category[] }>('{ categories { id kind label } }', {}, token);
  return data.categories;
}

export async function fetchSpending(api: ApiClient, token: string, months: number): Promise<SpendByCategory> {
  const data = await api.graphql<{ spendByCategory: SpendByCategory }>(
    `query Spending($months: Int) { spendByCategory(months: $months) { from to
      categories { category total ${money} transactions byMonth { month amount ${money} } } } }`,
    { months },
    token,
  );
  return data.spendByCategory;
}

export async function fetchRecurring(api: ApiClient, token: string): Promise<RecurringPayment[]> {
  const data = await api.graphql<{ recurringPayments: RecurringPayment[] }>(
    `{ recurringPayments { key accountId direction party category cadence typicalAmount ${money}
      nextExpectedDate nextExpectedAmount ${money}
      priceChange { previous ${money} last ${money} change ${money} changeRatio since } active } }`,
    {},
    token,
  );
  return data.recurringPayments;
}

export async function fetchForecast(
  api: ApiClient,
  token: string,
  scenario: ForecastScenario | null,
): Promise<CashFlowForecast> {
  const day = `{ date low ${money} expected ${money} high ${money} recurring ${money} }`;
  const data = await api.graphql<{ cashFlowForecast: CashFlowForecast }>(
    `query Forecast($scenario: ForecastScenario) { cashFlowForecast(scenario: $scenario, days: 30) {
      asOf startingBalance ${money} days ${day} lowest ${day} } }`,
    { scenario },
    token,
  );
  return data.cashFlowForecast;
}

const recommendationFields = `id productId productType product { name summary disclosures { kind title url } } rank reason
  attributions { feature value contribution } disclosures { ruleId document when } status actions`;

export async function fetchRecommendations(api: ApiClient, token: string): Promise<RecommendationList> {
  const data = await api.graphql<{ recommendations: RecommendationList }>(
    `{ recommendations { availability message recommendations { ${recommendationFields} } } }`,
    {},
    token,
  );
  return data.recommendations;
}

/**
 * The customer's response: DISMISSED ("not for me": not recommended again), OPENED (read why), ACCEPTED
 * (interested: the bank hears of it), RATED with `rating` 1–5. Answers the recommendation as it is now.
 */
export async function respondToRecommendation(
  api: ApiClient,
  token: string,
  id: string,
  outcome: RecommendationOutcome,
  rating: number | null = null,
): Promise<Recommendation> {
  const data = await api.graphql<{ respondToRecommendation: Recommendation }>(
    `mutation Respond($id: ID!, $outcome: RecommendationOutcome!, $rating: Int) {
      respondToRecommendation(id: $id, outcome: $outcome, rating: $rating) { ${recommendationFields} } }`,
    { id, outcome, rating },
    token,
  );
  return data.respondToRecommendation;
}

export async function contestRecommendation(
  api: ApiClient,
  token: string,
  id: string,
  text: string,
): Promise<Review> {
  const data = await api.graphql<{ contestRecommendation: Review }>(
    `mutation Contest($id: ID!, $text: String!) { contestRecommendation(id: $id, text: $text) { id status trigger } }`,
    { id, text },
    token,
  );
  return data.contestRecommendation;
}

export async function requestHumanReview(api: ApiClient, token: string, id: string): Promise<Review> {
  const data = await api.graphql<{ requestHumanReview: Review }>(
    `mutation Review($id: ID!) { requestHumanReview(id: $id) { id status trigger } }`,
    { id },
    token,
  );
  return data.requestHumanReview;
}

const insightFields = 'id kind title text severity relevance createdAt expiresAt feedback { outcome rating }';

/** Seam A: the customer's live insights, newest first (the first page is all the dashboard shows). */
export async function fetchInsights(api: ApiClient, token: string, first = 20): Promise<Insight[]> {
  const data = await api.graphql<{ insights: { edges: { node: Insight }[] } }>(
    `query Insights($first: Int) { insights(first: $first) { edges { node { ${insightFields} } } } }`,
    { first },
    token,
  );
  return data.insights.edges.map((edge) => edge.node);
}

/** Seam A: thumbs (rating −1 or 1) and/or an outcome (DISMISSED hides it). */
export async function respondToInsight(
  api: ApiClient,
  token: string,
  input: { insightId: string; outcome?: InsightOutcome; rating?: -1 | 1 },
): Promise<Insight> {
  const data = await api.graphql<{ respondToInsight: Insight }>(
    `mutation RespondToInsight($input: RespondToInsightInput!) { respondToInsight(input: $input) { ${insightFields} } }`,
    { input },
    token,
  );
  return data.respondToInsight;
}

const budgetFields = `id category amount ${money} spent ${money} remaining ${money} projected ${money}
  periodStart periodEnd status`;

export async function fetchBudgets(api: ApiClient, token: string): Promise<Budget[]> {
  const data = await api.graphql<{ budgets: Budget[] }>(`{ budgets { ${budgetFields} } }`, {}, token);
  return data.budgets;
}

export async function createBudget(
  api: ApiClient,
  token: string,
  input: { category: string; amountMinor: string; currency: string },
): Promise<Budget> {
  const data = await api.graphql<{ createBudget: Budget }>(
    `mutation CreateBudget($input: CreateBudgetInput!) { createBudget(input: $input) { ${budgetFields} } }`,
    { input },
    token,
  );
  return data.createBudget;
}

export async function updateBudget(
  api: ApiClient,
  token: string,
  id: string,
  input: { amountMinor: string; currency: string },
): Promise<Budget> {
  const data = await api.graphql<{ updateBudget: Budget }>(
    `mutation UpdateBudget($id: ID!, $input: UpdateBudgetInput!) { updateBudget(id: $id, input: $input) { ${budgetFields} } }`,
    { id, input },
    token,
  );
  return data.updateBudget;
}

export async function deleteBudget(api: ApiClient, token: string, id: string): Promise<void> {
  await api.graphql(`mutation DeleteBudget($id: ID!) { deleteBudget(id: $id) { id } }`, { id }, token);
}

const goalFields = `id name target ${money} targetDate saved ${money} remaining ${money} percent
  monthlyNeeded ${money} status progressSource`;

export async function fetchGoals(api: ApiClient, token: string): Promise<SavingsGoal[]> {
  const data = await api.graphql<{ savingsGoals: SavingsGoal[] }>(
    `{ savingsGoals { ${goalFields} } }`,
    {},
    token,
  );
  return data.savingsGoals;
}

export async function createGoal(
  api: ApiClient,
  token: string,
  input: { name: string; targetAmountMinor: string; currency: string; targetDate: string | null },
): Promise<SavingsGoal> {
  const data = await api.graphql<{ createSavingsGoal: SavingsGoal }>(
    `mutation CreateGoal($input: CreateSavingsGoalInput!) { createSavingsGoal(input: $input) { ${goalFields} } }`,
    { input },
    token,
  );
  return data.createSavingsGoal;
}

export async function updateGoal(
  api: ApiClient,
  token: string,
  id: string,
  input: { name: string; targetAmountMinor: string; targetDate: string | null },
): Promise<SavingsGoal> {
  const data = await api.graphql<{ updateSavingsGoal: SavingsGoal }>(
    `mutation UpdateGoal($id: ID!, $input: UpdateSavingsGoalInput!) { updateSavingsGoal(id: $id, input: $input) { ${goalFields} } }`,
    { id, input },
    token,
  );
  return data.updateSavingsGoal;
}

export async function deleteGoal(api: ApiClient, token: string, id: string): Promise<void> {
  await api.graphql(`mutation DeleteGoal($id: ID!) { deleteSavingsGoal(id: $id) { id } }`, { id }, token);
}

/** A manual contribution (negative: taking money out) on a goal without a linked account. */
export async function contributeToGoal(
  api: ApiClient,
  token: string,
  id: string,
  amountMinor: string,
): Promise<SavingsGoal> {
  const data = await api.graphql<{ contributeToSavingsGoal: SavingsGoal }>(
    `mutation Contribute($id: ID!, $amountMinor: String!) {
      contributeToSavingsGoal(id: $id, amountMinor: $amountMinor) { ${goalFields} } }`,
    { id, amountMinor },
    token,
  );
  return data.contributeToSavingsGoal;
}

const alertFields = `id kind accountId budgetId threshold ${money} cooldownHours enabled lastSentAt sentCount suppressedCount`;

export async function fetchAlerts(api: ApiClient, token: string): Promise<Alert[]> {
  const data = await api.graphql<{ alerts: Alert[] }>(`{ alerts { ${alertFields} } }`, {}, token);
  return data.alerts;
}

export async function createAlert(api: ApiClient, token: string, input: AlertInput): Promise<Alert> {
  const data = await api.graphql<{ createAlert: Alert }>(
    `mutation CreateAlert($input: CreateAlertInput!) { createAlert(input: $input) { ${alertFields} } }`,
    { input },
    token,
  );
  return data.createAlert;
}

/** Pause / resume (`enabled`), a new amount or cooldown; fields left out stay as they are. */
export async function updateAlert(
  api: ApiClient,
  token: string,
  id: string,
  input: { enabled?: boolean; thresholdMinor?: string; cooldownHours?: number },
): Promise<Alert> {
  const data = await api.graphql<{ updateAlert: Alert }>(
    `mutation UpdateAlert($id: ID!, $input: UpdateAlertInput!) { updateAlert(id: $id, input: $input) { ${alertFields} } }`,
    { id, input },
    token,
  );
  return data.updateAlert;
}

export async function deleteAlert(api: ApiClient, token: string, id: string): Promise<void> {
  await api.graphql(`mutation DeleteAlert($id: ID!) { deleteAlert(id: $id) { id } }`, { id }, token);
}
