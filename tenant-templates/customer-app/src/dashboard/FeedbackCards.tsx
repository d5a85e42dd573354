// On "For you": the bank's open survey (answer it: choices, a 1–5 rating, free text) and the short prompts
// about notable transactions ("Was this you?", "Right category?"). Each answered card leaves at once.
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import { formatMoney } from '../accounts/format.ts';
import type { Category } from './dashboard-api.ts';
import { formatDay, withoutProblem } from './dashboard-format.ts';
import {
  answerPrompt,
  answerSurvey,
  fetchPrompts,
  fetchSurveys,
  type OpenSurvey,
  type PromptAnswer,
  type SurveyQuestion,
  type TransactionPrompt,
} from './feedback-api.ts';
import { surveyAnswersFromForm, type SurveyValues } from './feedback-format.ts';
import { ListPanel } from './Panel.tsx';
import { failureOf, useLoad } from './use-load.ts';

interface FeedbackProps {
  api: ApiClient;
  token: string;
  categories: Category[];
  labels: ReadonlyMap<string, string>;
}

/** The bank's open surveys the customer has not answered (newest first), each a form; an answered one leaves. */
export function SurveyPanel({ api, token }: FeedbackProps) {
  const { t } = useI18n();
  const [surveys, reload, setSurveys] = useLoad(() => fetchSurveys(api, token), [api, token]);
  const [status, setStatus] = useState<string | null>(null);
  return (
    <ListPanel
      id="surveys"
      title={t('surveys.title')}
      state={surveys}
      onRetry={reload}
      status={status}
      empty={t('surveys.empty')}
      listClassName="survey-list"
      item={(survey, list) => (
        <li key={survey.id}>
          <SurveyForm
            survey={survey}
            send={async (answers) => {
              await answerSurvey(api, token, survey.id, answers);
              setSurveys(list.filter((item) => item.id !== survey.id));
              setStatus(t('surveys.thanks', { title: survey.title }));
            }}
          />
        </li>
      )}
    />
  );
}

export function SurveyForm(props: {
  survey: OpenSurvey;
  send: (answers: NonNullable<ReturnType<typeof surveyAnswersFromForm>['answers']>) => Promise<void>;
}) {
  const { survey } = props;
  const { t } = useI18n();
  const [values, setValues] = useState<SurveyValues>({});
  const [problems, setProblems] = useState<Partial<Record<string, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const checked = surveyAnswersFromForm(survey, values, t);
    setProblems(checked.problems);
    if (!checked.answers) return;
    setSending(true);
    try {
      await props.send(checked.answers);
    } catch (error) {
      setFailure(failureOf(error).message);
      setSending(false);
    }
  }

  return (
    <form
      className="card survey"
      aria-label={survey.title}
      data-testid="survey-form"
      noValidate
      onSubmit={(e) => void submit(e)}
    >
      <h3>{survey.title}</h3>
      {survey.closesAt && (
        <p className="sub">{t('surveys.openUntil', { date: formatDay(survey.closesAt.slice(0, 10)) })}</p>
      )}
      {survey.questions.map((question) => (
        <QuestionField
          key={question.id}
          surveyId={survey.id}
          question={question}
          value={values[question.id]}
          problem={problems[question.id]}
          onChange={(value) => {
            setValues((current) => ({ ...current, [question.id]: value }));
            // An answered question's problem goes at once, as in every form of the app (checked again on send).
            setProblems((current) => withoutProblem(current, question.id));
          }}
        />
      ))}
      {failure && (
        <p className="problem" role="alert">
          {failure}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button primary" disabled={sending}>
          {sending ? t('surveys.sending') : t('surveys.send')}
        </button>
      </div>
    </form>
  );
}

/** One question as a fieldset (its text is the legend), the problem tied to it for screen readers. */
function QuestionField(props: {
  surveyId: string;
  question: SurveyQuestion;
  value: string[] | string | undefined;
  problem: string | undefined;
  onChange: (value: string[] | string) => void;
}) {
  const { question, value } = props;
  const { t } = useI18n();
  // Ids start with a letter (a survey id may start with a digit, which a CSS selector cannot).
  const name = `survey-${props.surveyId}-${question.id}`;
  const problemId = `${name}-problem`;
  const described = props.problem ? { 'aria-describedby': problemId, 'aria-invalid': true as const } : {};
  const ticked = Array.isArray(value) ? value : [];
  return (
    <fieldset className="question" {...described}>
      <legend>
        {question.text}
        {!question.required && <span className="sub">{t('surveys.optional')}</span>}
      </legend>
      {question.kind === 'SINGLE_CHOICE' &&
        question.choices.map((choice) => (
          <label key={choice.id} className="choice">
            <input
              type="radio"
              name={name}
              checked={ticked.includes(choice.id)}
              onChange={() => props.onChange([choice.id])}
            />
            {choice.label}
          </label>
        ))}
      {question.kind === 'MULTIPLE_CHOICE' &&
        question.choices.map((choice) => (
          <label key={choice.id} className="choice">
            <input
              type="checkbox"
              checked={ticked.includes(choice.id)}
              onChange={(event) =>
                props.onChange(
                  event.target.checked ? [...ticked, choice.id] : ticked.filter((id) => id !== choice.id),
                )
              }
            />
            {choice.label}
          </label>
        ))}
      {question.kind === 'RATING' &&
        [1, 2, 3, 4, 5].map((rating) => (
          <label key={rating} className="choice inline">
            <input
              type="radio"
              name={name}
              checked={value === String(rating)}
              onChange={() => props.onChange(String(rating))}
            />
            {rating}
            <span className="visually-hidden">{t('surveys.outOf5')}</span>
          </label>
        ))}
      {question.kind === 'FREE_TEXT' && (
        <textarea
          aria-label={question.text}
          value={typeof value === 'string' ? value : ''}
          maxLength={question.maxLength ?? undefined}
          onChange={(event) => props.onChange(event.target.value)}
          {...described}
        />
      )}
      {props.problem && (
        <span className="problem" id={problemId}>
          {props.problem}
        </span>
      )}
    </fieldset>
  );
}

const promptAnswers: Record<TransactionPrompt['question'], { answer: PromptAnswer; label: MessageKey }[]> = {
  EXPECTED: [
    { answer: 'EXPECTED', label: 'prompts.expected' },
    { answer: 'UNEXPECTED', label: 'prompts.unexpected' },
  ],
  CATEGORY: [
    { answer: 'CATEGORY_RIGHT', label: 'prompts.categoryRight' },
    { answer: 'CATEGORY_WRONG', label: 'prompts.categoryWrong' },
  ],
};

/** The customer's unanswered prompts; "No, change it" asks for the right category before it is sent. */
export function PromptsPanel({ api, token, categories, labels }: FeedbackProps) {
  const { t } = useI18n();
  const [prompts, reload, setPrompts] = useLoad(() => fetchPrompts(api, token), [api, token]);
  const [status, setStatus] = useState<string | null>(null);
  const [choosing, setChoosing] = useState<string | null>(null);
  const [category, setCategory] = useState('');

  async function answer(
    prompt: TransactionPrompt,
    all: TransactionPrompt[],
    answer: PromptAnswer,
    chosen?: string,
  ) {
    try {
      await answerPrompt(api, token, {
        promptId: prompt.id,
        answer,
        ...(chosen ? { category: chosen } : {}),
      });
      setPrompts(all.filter((item) => item.id !== prompt.id));
      setChoosing(null);
      setStatus(
        answer === 'UNEXPECTED'
          ? t('prompts.thanksUnexpected')
          : chosen
            ? t('prompts.moved', { category: labels.get(chosen) ?? chosen })
            : t('prompts.thanks'),
      );
    } catch (error) {
      setStatus(t('prompts.failed', { message: failureOf(error).message }));
    }
  }

  return (
    <ListPanel
      id="prompts"
      title={t('prompts.title')}
      state={prompts}
      onRetry={reload}
      status={status}
      empty={t('prompts.empty')}
      listClassName="tool-list"
      item={(prompt, list) => (
        <li key={prompt.id} className="tool prompt" aria-labelledby={`prompt-${prompt.id}`}>
          <h3 id={`prompt-${prompt.id}`}>{prompt.text}</h3>
          <p className="sub">
            {formatMoney(prompt.amount)} · {formatDay(prompt.bookingDate)}
            {prompt.merchant && ` · ${prompt.merchant}`}
            {prompt.category && ` · ${labels.get(prompt.category) ?? prompt.category}`}
          </p>
          {choosing === prompt.id ? (
            <form
              className="actions"
              onSubmit={(event) => {
                event.preventDefault();
                if (category) void answer(prompt, list, 'CATEGORY_WRONG', category);
              }}
            >
              <label htmlFor={`prompt-${prompt.id}-category`}>{t('prompts.rightCategory')}</label>
              <select
                id={`prompt-${prompt.id}-category`}
                value={category}
                onChange={(event) => setCategory(event.target.value)}
              >
                <option value="">{t('category.choose')}</option>
                {categories.map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.label}
                  </option>
                ))}
              </select>
              <button type="submit" className="button primary" disabled={!category}>
                {t('prompts.save')}
              </button>
              <button type="button" className="button secondary" onClick={() => setChoosing(null)}>
                {t('prompts.cancel')}
              </button>
            </form>
          ) : (
            <div className="actions" role="group" aria-label={prompt.text}>
              {promptAnswers[prompt.question].map((option) => (
                <button
                  key={option.answer}
                  type="button"
                  className="button secondary"
                  onClick={() => {
                    if (option.answer === 'CATEGORY_WRONG') {
                      setCategory('');
                      setChoosing(prompt.id);
                    } else void answer(prompt, list, option.answer);
                  }}
                >
                  {t(option.label)}
                </button>
              ))}
            </div>
          )}
        </li>
      )}
    />
  );
}
