// The bank's in-app surveys and the short prompts after notable transactions (issue 6, item 7), as the
// customer answers them.
import type { Money } from '../accounts/accounts-api.ts';
import type { ApiClient } from '../api/client.ts';

export type SurveyQuestionKind = 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE' | 'RATING' | 'FREE_TEXT';

export interface SurveyQuestion {
  id: string;
  kind: SurveyQuestionKind;
  text: string;
  required: boolean;
  maxLength: number | null;
  choices: { id: string; label: string }[];
}

export interface OpenSurvey {
  id: string;
  title: string;
  questions: SurveyQuestion[];
  closesAt: string | null;
}

/** One answer as `SurveyAnswerInput`: choices, a rating 1–5 or text, by question kind. */
export interface SurveyAnswer {
  questionId: string;
  choiceIds?: string[];
  rating?: number;
  text?: string;
}

export async function fetchSurveys(api: ApiClient, token: string): Promise<OpenSurvey[]> {
  const data = await api.graphql<{ surveys: OpenSurvey[] }>(
    '{ surveys { id title closesAt questions { id kind text required maxLength choices { id label } } } }',
    {},
    token,
  );
  return data.surveys;
}

export async function answerSurvey(
  api: ApiClient,
  token: string,
  surveyId: string,
  answers: SurveyAnswer[],
): Promise<void> {
  await api.graphql(
    'mutation AnswerSurvey($input: AnswerSurveyInput!) { answerSurvey(input: $input) { id } }',
    { input: { surveyId, answers } },
    token,
  );
}

export type PromptAnswer = 'EXPECTED' | 'UNEXPECTED' | 'CATEGORY_RIGHT' | 'CATEGORY_WRONG';

export interface TransactionPrompt {
  id: string;
  question: 'EXPECTED' | 'CATEGORY';
  /** The question in words, e.g. "Was this €1,240.00 at IKEA expected?". */
  text: string;
  amount: Money;
  bookingDate: string;
  merchant: string | null;
  category: string | null;
}

export async function fetchPrompts(api: ApiClient, token: string): Promise<TransactionPrompt[]> {
  const data = await api.graphql<{ transactionPrompts: TransactionPrompt[] }>(
    '{ transactionPrompts { id question text amount { minor currency } bookingDate merchant category } }',
    {},
    token,
  );
  return data.transactionPrompts;
}

/** CATEGORY_WRONG with `category` re-categorises the transaction. */
export async function answerPrompt(
  api: ApiClient,
  token: string,
  input: { promptId: string; answer: PromptAnswer; category?: string },
): Promise<void> {
  await api.graphql(
    'mutation AnswerPrompt($input: AnswerTransactionPromptInput!) { answerTransactionPrompt(input: $input) { id } }',
    { input },
    token,
  );
}
