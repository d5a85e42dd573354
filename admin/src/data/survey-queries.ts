// GraphQL documents of the staff's survey pages (the API's code-first schema in platform/src/surveys is the
// source of truth): every version, a draft's definition, publish / close / new version, aggregate results.

const SURVEY_FIELDS = /* GraphQL */ `
  fragment SurveyFields on Survey {
    id
    seriesId
    version
    title
    status
    questions {
      id
      kind
      text
      required
      maxLength
      productType
      choices {
        id
        label
        productType
        signal
      }
    }
    audience {
      consentPurpose
      featureThresholds {
        feature
        min
        max
      }
    }
    opensAt
    closesAt
    publishedAt
    closedAt
    createdAt
    updatedAt
  }
`;

export const BANK_SURVEYS = /* GraphQL */ `
  query BankSurveys {
    bankSurveys {
      ...SurveyFields
    }
  }
  ${SURVEY_FIELDS}
`;

export const CREATE_SURVEY = /* GraphQL */ `
  mutation CreateSurvey($input: SurveyInput!) {
    createSurvey(input: $input) {
      ...SurveyFields
    }
  }
  ${SURVEY_FIELDS}
`;

export const UPDATE_SURVEY = /* GraphQL */ `
  mutation UpdateSurvey($id: ID!, $input: SurveyInput!) {
    updateSurvey(id: $id, input: $input) {
      ...SurveyFields
    }
  }
  ${SURVEY_FIELDS}
`;

/** publishSurvey, closeSurvey and createSurveyVersion: the same shape, a survey's id in, a version out. */
const surveyStep = (name: string, field: string) => /* GraphQL */ `
  mutation ${name}($id: ID!) {
    ${field}(id: $id) {
      ...SurveyFields
    }
  }
  ${SURVEY_FIELDS}
`;
export const PUBLISH_SURVEY = surveyStep('PublishSurvey', 'publishSurvey');
export const CLOSE_SURVEY = surveyStep('CloseSurvey', 'closeSurvey');
export const CREATE_SURVEY_VERSION = surveyStep('CreateSurveyVersion', 'createSurveyVersion');

export const SURVEY_RESULTS = /* GraphQL */ `
  query SurveyResults($id: ID!) {
    surveyResults(id: $id) {
      responses
      audience
      responseRate
      minimumAudience
      questions {
        questionId
        kind
        text
        answered
        suppressed
        suppressionReason
        choices {
          choiceId
          label
          count
          suppressed
        }
        ratingAverage
        ratingCounts
      }
    }
  }
`;

const SURVEY_SETTINGS_FIELDS = `minimumAudience isDefault`;

export const SURVEY_SETTINGS = /* GraphQL */ `
  query SurveySettings {
    surveySettings {
      ${SURVEY_SETTINGS_FIELDS}
    }
  }
`;

export const UPDATE_SURVEY_SETTINGS = /* GraphQL */ `
  mutation UpdateSurveySettings($input: UpdateSurveySettingsInput!) {
    updateSurveySettings(input: $input) {
      ${SURVEY_SETTINGS_FIELDS}
    }
  }
`;

export type SurveyStatus = 'DRAFT' | 'PUBLISHED' | 'CLOSED';
export type SurveyQuestionKind = 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE' | 'RATING' | 'FREE_TEXT';
export type SurveyStep = 'publish' | 'close' | 'newVersion';

export interface SurveyChoiceNode {
  id: string;
  label: string;
  /** A product link (the API's `ProductType` and `ProductSignal` names), or both null. */
  productType: string | null;
  signal: string | null;
}

export interface SurveyQuestionNode {
  id: string;
  kind: SurveyQuestionKind;
  text: string;
  required: boolean;
  maxLength: number | null;
  productType: string | null;
  choices: SurveyChoiceNode[];
}

export interface SurveyNode {
  id: string;
  seriesId: string;
  version: number;
  title: string;
  status: SurveyStatus;
  questions: SurveyQuestionNode[];
  audience: {
    consentPurpose: string;
    featureThresholds: { feature: string; min: number | null; max: number | null }[];
  };
  opensAt: string | null;
  closesAt: string | null;
  publishedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Seam D: a figure below the bank's minimum audience arrives as null, flagged `suppressed`. */
export interface SurveyQuestionResultNode {
  questionId: string;
  kind: SurveyQuestionKind;
  text: string;
  answered: number;
  suppressed: boolean;
  /** What is hidden and why, in the API's words; null when every figure is shown. */
  suppressionReason: string | null;
  choices: { choiceId: string; label: string; count: number | null; suppressed: boolean }[];
  ratingAverage: number | null;
  ratingCounts: number[];
}

export interface SurveyResultsNode {
  responses: number;
  audience: number;
  responseRate: number | null;
  minimumAudience: number;
  questions: SurveyQuestionResultNode[];
}

export interface SurveySettingsNode {
  minimumAudience: number;
  /** True while the bank uses the platform's default. */
  isDefault: boolean;
}
