export {
  categories,
  categoryIdsOf,
  categoryKind,
  categorySources,
  isCategoryId,
  type Category,
  type CategoryId,
  type CategoryKind,
  type CategorySource,
} from './taxonomy';
export { categoryLabel, categoryLabels } from './category-labels';
export { cleanMerchantName, normaliseText } from './merchant';
export { categoryForMcc, mccConfidence, type MccCategory } from './mcc';
export {
  conditionMatches,
  conditionProblems,
  maxConditionDepth,
  maxConditionNodes,
  type ConditionScope,
  type RuleCondition,
  type RuleProblem,
  firstMatchingRule,
  orderRules,
  prepareTransaction,
  ruleMatches,
  ruleProblems,
  type CategorisableTransaction,
  type CategoryRule,
  type CategoryRuleConditions,
} from './rules';
export { platformRules } from './default-rules';
export {
  Categoriser,
  modelConfidenceThreshold,
  strongRuleConfidence,
  type CategoryDecision,
} from './categorise';
export {
  CategoryClassifier,
  classifierInputSize,
  maxTrainingExamples,
  trainCategoryClassifier,
  transactionFeatures,
  type ClassifierArtefact,
  type TrainingExample,
  type TrainingResult,
} from './classifier';
export {
  CategorisationService,
  categorisableTransaction,
  customerLabelWeight,
  minTrainingExamples,
  trainingLabelMinConfidence,
  type CategoryModelSummary,
  type IngestCategoryDecision,
  type TrainingOutcome,
  type TransactionCategory,
} from './categorisation.service';
export {
  counterpartyText,
  openTransactionTexts,
  storedTransactionTextColumns,
  type OpenedTransaction,
  type StoredTransactionText,
} from './stored-transactions';
export {
  firstMatchingCustomerRule,
  loadCustomerRules,
  openCustomerRules,
  sealRuleConditions,
  type CompiledCustomerRule,
  type StoredCustomerRule,
} from './customer-rules';
export { CategoryRulesService, bankRuleConfidence, maxRulesPerBank } from './category-rules.service';
export { CategoryRuleEntity } from './category-rule.entity';
export {
  CategoryRuleConditionsInputValue,
  CategoryRuleConditionsView,
  CategorySourceValue,
  conditionsFromInput,
} from './enrichment.graphql';
export { EnrichmentGraphqlModule, EnrichmentModule } from './enrichment.module';
