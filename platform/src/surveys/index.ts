export { SurveyLabelsModule, SurveysGraphqlModule, SurveysModule } from './surveys.module';
export { SurveysService, type SurveyInput, type SurveyResults } from './surveys.service';
export { SurveyLabels } from './survey-labels';
export { SurveySettingsService, type SurveySettingsRecord } from './survey-settings.service';
export { Survey, SurveyResponse, surveyStatuses, type SurveyStatus } from './survey.entities';
export {
  checkAnswers,
  defaultMinimumAudience,
  minimumAudienceFloor,
  productLabelsOf,
  questionKinds,
  questionResults,
  type AnswerInput,
  type ChoiceResult,
  type QuestionResult,
  type ProductTypeLabel,
  type QuestionInput,
  type StoredAnswer,
  type SurveyAudience,
  type SurveyQuestion,
} from './survey-definition';
export { TransactionPromptsService } from './transaction-prompts.service';
export type { PromptRecord, PromptSettingsRecord } from './transaction-prompts.service';
export { answersOfReason, promptStatsFigures, type PromptStats } from './prompt-stats';
export { promptLanguages, promptText, type PromptFacts } from './prompt-text';
export { defaultPromptSettings, notableDebits, type PromptSettings } from './notable-transactions';
export {
  promptAnswers,
  promptQuestions,
  promptReasons,
  TransactionPrompt,
  type PromptAnswer,
  type PromptQuestion,
  type PromptReason,
} from './transaction-prompt.entities';
