export { SurveyLabelsModule, SurveysGraphqlModule, SurveysModule } from './surveys.module';
export { SurveysService, type SurveyInput, type SurveyResults } from './surveys.service';
export { SurveyLabels } from './survey-labels';
export { Survey, SurveyResponse, surveyStatuses, type SurveyStatus } from './survey.entities';
export {
  checkAnswers,
  productLabelsOf,
  questionKinds,
  questionResults,
  type AnswerInput,
  type ProductTypeLabel,
  type QuestionInput,
  type StoredAnswer,
  type SurveyAudience,
  type SurveyQuestion,
} from './survey-definition';
