// The survey pages' side of the data provider: the bank's survey versions as a react-admin resource, the
// publish / close / new-version steps, aggregate results and the minimum-audience setting (Seam D).
import type { RaRecord } from 'react-admin';
import { ApiError, withFormPaths } from './errors.ts';
import type { GraphqlRequest } from './graphqlClient.ts';
import {
  BANK_SURVEYS,
  CLOSE_SURVEY,
  CREATE_SURVEY,
  CREATE_SURVEY_VERSION,
  PUBLISH_SURVEY,
  SURVEY_RESULTS,
  SURVEY_SETTINGS,
  UPDATE_SURVEY,
  UPDATE_SURVEY_SETTINGS,
  type SurveyNode,
  type SurveyResultsNode,
  type SurveySettingsNode,
  type SurveyStep,
} from './survey-queries.ts';

/** One version of a bank's survey as the portal lists and edits it. */
export type SurveyRecord = SurveyNode & RaRecord<string>;

export interface SurveyMethods {
  /** Bank administrators: publish a draft, close a published version, or start a new draft version. */
  surveyStep(step: SurveyStep, id: string): Promise<SurveyNode>;
  /** Bank staff: aggregates only (counts, averages, response rate); figures below the minimum are null. */
  surveyResults(id: string): Promise<SurveyResultsNode>;
  surveySettings(): Promise<SurveySettingsNode>;
  /** Bank administrators, step-up: the fewest respondents a figure needs to be shown (at least 5). */
  updateSurveySettings(input: { minimumAudience: number }): Promise<SurveySettingsNode>;
}

export function surveyMethods(request: GraphqlRequest): SurveyMethods {
  const steps = {
    publish: ['publishSurvey', PUBLISH_SURVEY],
    close: ['closeSurvey', CLOSE_SURVEY],
    newVersion: ['createSurveyVersion', CREATE_SURVEY_VERSION],
  } as const;
  return {
    surveyStep: async (step, id) => {
      const [field, query] = steps[step];
      return (await request<Record<string, SurveyNode>>(query, { id }))[field]!;
    },
    surveyResults: async (id) =>
      (await request<{ surveyResults: SurveyResultsNode }>(SURVEY_RESULTS, { id })).surveyResults,
    surveySettings: async () =>
      (await request<{ surveySettings: SurveySettingsNode }>(SURVEY_SETTINGS)).surveySettings,
    updateSurveySettings: async (input) =>
      (await request<{ updateSurveySettings: SurveySettingsNode }>(UPDATE_SURVEY_SETTINGS, { input }))
        .updateSurveySettings,
  };
}

// ---- Surveys as a react-admin resource (the API lists every version at once, newest first) ----

export async function listSurveys(request: GraphqlRequest): Promise<SurveyRecord[]> {
  return (await request<{ bankSurveys: SurveyNode[] }>(BANK_SURVEYS)).bankSurveys;
}

export async function survey(request: GraphqlRequest, id: string): Promise<SurveyRecord> {
  const found = (await listSurveys(request)).find((candidate) => candidate.id === id);
  if (!found) throw new ApiError('NOT_FOUND', 'Not found. (No survey with this id in your bank.)');
  return found;
}

export async function saveSurvey(
  request: GraphqlRequest,
  id: string | null,
  data: Partial<SurveyNode>,
): Promise<SurveyRecord> {
  const input = surveyInput(data);
  return withFormPaths(async () =>
    id === null
      ? (await request<{ createSurvey: SurveyNode }>(CREATE_SURVEY, { input })).createSurvey
      : (await request<{ updateSurvey: SurveyNode }>(UPDATE_SURVEY, { id, input })).updateSurvey,
  );
}

const blankToNull = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '') ? null : value;
const numberOrNull = (value: unknown) => {
  const given = blankToNull(value);
  return given === null ? null : Number(given);
};
const choiceKinds = new Set(['SINGLE_CHOICE', 'MULTIPLE_CHOICE']);

/**
 * The form's values as the API's `SurveyInput`: only what each kind of question takes (choices with their
 * product links for choice questions, a length cap for free text, the product rated for ratings); a select
 * left empty is no link. The API checks the rest (a link needs both a product and a signal).
 */
export function surveyInput(data: Partial<SurveyNode>): Record<string, unknown> {
  return {
    title: data.title ?? '',
    questions: (data.questions ?? []).map((question) => ({
      kind: question.kind,
      text: question.text ?? '',
      required: question.required ?? true,
      choices: choiceKinds.has(question.kind)
        ? (question.choices ?? []).map((choice) => ({
            label: choice.label ?? '',
            productType: blankToNull(choice.productType),
            signal: blankToNull(choice.signal),
          }))
        : null,
      maxLength: question.kind === 'FREE_TEXT' ? numberOrNull(question.maxLength) : null,
      productType: question.kind === 'RATING' ? blankToNull(question.productType) : null,
    })),
    audience: {
      consentPurpose: data.audience?.consentPurpose ?? null,
      featureThresholds: (data.audience?.featureThresholds ?? []).map((threshold) => ({
        feature: threshold.feature ?? '',
        min: numberOrNull(threshold.min),
        max: numberOrNull(threshold.max),
      })),
    },
    opensAt: blankToNull(data.opensAt),
    closesAt: blankToNull(data.closesAt),
  };
}
