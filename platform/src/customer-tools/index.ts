export { Budget } from './budget.entity';
export { SavingsGoal } from './savings-goal.entity';
export { BudgetsService } from './budgets.service';
export type { BudgetRecord, ChangeBudget, CreateBudget } from './budgets.service';
export { SavingsGoalsService } from './savings-goals.service';
export type { ChangeSavingsGoal, CreateSavingsGoal, SavingsGoalRecord } from './savings-goals.service';
export { CustomerToolsGraphqlModule, CustomerToolsModule } from './customer-tools.module';
export {
  budgetProgress,
  periodWindow,
  savingsProgress,
  type BudgetPeriod,
  type BudgetProgress,
  type BudgetStatus,
  type PeriodWindow,
  type SavingsGoalStatus,
  type SavingsProgress,
} from './progress';
export { AlertsService, maxAlertCooldownHours } from './alerts.service';
export type { AlertEvaluation, AlertRecord, ChangeAlert, CreateAlert } from './alerts.service';
export { alertKinds, CustomerAlert, type AlertKind } from './customer-alert.entity';
export { defaultAlertLimits, formatMinor, type AlertLimits } from './alert-fatigue';
export { CustomerRule, customerRuleActions, type CustomerRuleAction } from './customer-rule.entity';
export { CustomerRulesService, maxPastTransactions, maxRulesPerCustomer } from './customer-rules.service';
export type {
  ChangeCustomerRule,
  CreateCustomerRule,
  CustomerRuleRecord,
  PastApplication,
} from './customer-rules.service';
export { RuleSuggestionsService, type RuleSuggestion } from './rule-suggestions.service';
export {
  descriptionPattern,
  minRecategorisations,
  suggestRules,
  type RuleSuggestionDraft,
} from './rule-suggestions';
