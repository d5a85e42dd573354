// A survey's answers from what the customer ticked and typed, checked before anything is sent.
import type { OpenSurvey, SurveyAnswer } from './feedback-api.ts';
import { english, type Translate } from '../i18n/i18n.ts';

/** Per question id: the ticked choice ids, the rating as a string, or the text. */
export type SurveyValues = Record<string, string[] | string>;

/**
 * The answers to send (unanswered optional questions left out), or the problem per question id — a required
 * question without an answer, text over its length — and then nothing is sent.
 */
export function surveyAnswersFromForm(
  survey: OpenSurvey,
  values: SurveyValues,
  t: Translate = english,
): { answers: SurveyAnswer[] | null; problems: Record<string, string> } {
  const answers: SurveyAnswer[] = [];
  const problems: Record<string, string> = {};
  for (const question of survey.questions) {
    const value = values[question.id];
    if (question.kind === 'SINGLE_CHOICE' || question.kind === 'MULTIPLE_CHOICE') {
      const ids = Array.isArray(value) ? value : [];
      if (ids.length > 0) answers.push({ questionId: question.id, choiceIds: ids });
      else if (question.required)
        problems[question.id] =
          question.kind === 'SINGLE_CHOICE' ? t('surveys.chooseOne') : t('surveys.chooseSome');
    } else if (question.kind === 'RATING') {
      const rating = typeof value === 'string' ? Number(value) : Number.NaN;
      if (Number.isInteger(rating) && rating >= 1 && rating <= 5)
        answers.push({ questionId: question.id, rating });
      else if (question.required) problems[question.id] = t('surveys.chooseRating');
    } else {
      const text = typeof value === 'string' ? value.trim() : '';
      if (question.maxLength !== null && [...text].length > question.maxLength)
        problems[question.id] = t('surveys.tooLong', { count: question.maxLength });
      else if (text) answers.push({ questionId: question.id, text });
      else if (question.required) problems[question.id] = t('surveys.writeSomething');
    }
  }
  return Object.keys(problems).length > 0 ? { answers: null, problems } : { answers, problems };
}
