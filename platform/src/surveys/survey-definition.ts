import { type ProductType, productTypes } from '@finpersona/plugin-sdk';
import { consentPurposes, type ConsentPurpose } from '../consents';
import type { FieldProblem } from '../errors';
import { hiddenCounts } from './minimum-audience';

/**
 * What a survey is made of and the checks of it (pure): the bank's definition (questions, audience,
 * window), a customer's answers against the questions, and what an answer means as a retraining label.
 * Every check collects field problems, so one INVALID names them all and nothing is written before.
 */

export const questionKinds = ['single-choice', 'multiple-choice', 'rating', 'free-text'] as const;
export type QuestionKind = (typeof questionKinds)[number];

/** Whether choosing a product-linked choice says "interested" or "not for me". */
export type ProductSignal = 'interested' | 'not-interested';

export interface SurveyChoice {
  /** `c1`, `c2`, … by position: stable because a published version never changes. */
  id: string;
  label: string;
  productType?: ProductType;
  signal?: ProductSignal;
}

export interface SurveyQuestion {
  /** `q1`, `q2`, … by position. */
  id: string;
  kind: QuestionKind;
  text: string;
  required: boolean;
  /** Choice questions only. */
  choices?: SurveyChoice[];
  /** Free text only: the most characters an answer may have. */
  maxLength?: number;
  /** Rating questions only: the product the rating is about ("How likely are you to consider a credit card?"). */
  productType?: ProductType;
}

export interface FeatureThreshold {
  /** A `featureVocabulary` name, e.g. `income.monthly`. */
  feature: string;
  min?: number;
  max?: number;
}

export interface SurveyAudience {
  /** Customers with a live consent for this purpose are asked. */
  consentPurpose: ConsentPurpose;
  /** And, when given, only those whose latest stored features are within every threshold. */
  featureThresholds: FeatureThreshold[];
}

export const maxQuestions = 20;
export const maxChoices = 10;
export const maxTitleLength = 120;
export const maxQuestionTextLength = 300;
export const maxChoiceLabelLength = 100;
/** The longest free-text answer a bank may allow, and the cap when it names none. */
export const maxFreeTextLength = 500;
export const defaultFreeTextLength = 280;
export const maxFeatureThresholds = 5;
export const ratingScale = { min: 1, max: 5 } as const;

/** A question as staff write it (ids are given by position). */
export interface QuestionInput {
  kind: QuestionKind;
  text: string;
  required?: boolean | null;
  choices?: { label: string; productType?: ProductType | null; signal?: ProductSignal | null }[] | null;
  maxLength?: number | null;
  productType?: ProductType | null;
}

export interface AudienceInput {
  consentPurpose: ConsentPurpose;
  featureThresholds?: { feature: string; min?: number | null; max?: number | null }[] | null;
}

const productTypeSet = new Set<string>(productTypes);

export function checkTitle(problems: FieldProblem[], field: string, value: string): string | null {
  const title = value.trim();
  if (title.length === 0 || [...title].length > maxTitleLength) {
    problems.push({ field, problem: `must be 1-${maxTitleLength} characters` });
    return null;
  }
  return title;
}

/** The questions with ids by position, or null (with problems) when any is wrong. */
export function checkQuestions(
  problems: FieldProblem[],
  field: string,
  input: readonly QuestionInput[],
): SurveyQuestion[] | null {
  const before = problems.length;
  if (input.length === 0 || input.length > maxQuestions) {
    problems.push({ field, problem: `must hold 1-${maxQuestions} questions` });
    return null;
  }
  const questions = input.map((question, index) => {
    const at = `${field}[${index}]`;
    const text = question.text.trim();
    if (text.length === 0 || [...text].length > maxQuestionTextLength) {
      problems.push({ field: `${at}.text`, problem: `must be 1-${maxQuestionTextLength} characters` });
    }
    const checked: SurveyQuestion = {
      id: `q${index + 1}`,
      kind: question.kind,
      text,
      required: question.required ?? true,
    };
    const isChoice = question.kind === 'single-choice' || question.kind === 'multiple-choice';
    if (isChoice) {
      checked.choices = checkChoices(problems, `${at}.choices`, question.choices ?? []);
    } else if (question.choices && question.choices.length > 0) {
      problems.push({ field: `${at}.choices`, problem: 'only choice questions have choices' });
    }
    if (question.kind === 'free-text') {
      const maxLength = question.maxLength ?? defaultFreeTextLength;
      if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > maxFreeTextLength) {
        problems.push({ field: `${at}.maxLength`, problem: `must be a whole number 1-${maxFreeTextLength}` });
      }
      checked.maxLength = maxLength;
    } else if (question.maxLength != null) {
      problems.push({ field: `${at}.maxLength`, problem: 'only free-text questions have a length cap' });
    }
    if (question.productType != null) {
      if (question.kind !== 'rating') {
        problems.push({
          field: `${at}.productType`,
          problem: 'links a rating question to a product; link choices of a choice question instead',
        });
      } else if (!productTypeSet.has(question.productType)) {
        problems.push({ field: `${at}.productType`, problem: `must be one of ${productTypes.join(', ')}` });
      } else {
        checked.productType = question.productType;
      }
    }
    return checked;
  });
  return problems.length > before ? null : questions;
}

function checkChoices(
  problems: FieldProblem[],
  field: string,
  input: NonNullable<QuestionInput['choices']>,
): SurveyChoice[] {
  if (input.length < 2 || input.length > maxChoices) {
    problems.push({ field, problem: `a choice question needs 2-${maxChoices} choices` });
    return [];
  }
  const labels = new Set<string>();
  return input.map((choice, index) => {
    const at = `${field}[${index}]`;
    const label = choice.label.trim();
    if (label.length === 0 || [...label].length > maxChoiceLabelLength) {
      problems.push({ field: `${at}.label`, problem: `must be 1-${maxChoiceLabelLength} characters` });
    } else if (labels.has(label.toLowerCase())) {
      problems.push({ field: `${at}.label`, problem: 'repeats another choice of this question' });
    }
    labels.add(label.toLowerCase());
    const checked: SurveyChoice = { id: `c${index + 1}`, label };
    // Half a product link: the problem goes to the half that is missing, in the words the bank's staff see.
    if (choice.productType != null && choice.signal == null) {
      problems.push({
        field: `${at}.signal`,
        problem: 'pick interested or not interested, or remove the product',
      });
    } else if (choice.productType == null && choice.signal != null) {
      problems.push({
        field: `${at}.productType`,
        problem: 'pick the product, or clear interested or not interested',
      });
    } else if (choice.productType != null && choice.signal != null) {
      if (!productTypeSet.has(choice.productType)) {
        problems.push({ field: `${at}.productType`, problem: `must be one of ${productTypes.join(', ')}` });
      } else {
        checked.productType = choice.productType;
        checked.signal = choice.signal;
      }
    }
    return checked;
  });
}

export function checkAudience(
  problems: FieldProblem[],
  field: string,
  input: AudienceInput,
  knownFeature: (name: string) => boolean,
): SurveyAudience | null {
  const before = problems.length;
  if (!(consentPurposes as readonly string[]).includes(input.consentPurpose)) {
    problems.push({
      field: `${field}.consentPurpose`,
      problem: `must be one of ${consentPurposes.join(', ')}`,
    });
  }
  const thresholds = input.featureThresholds ?? [];
  if (thresholds.length > maxFeatureThresholds) {
    problems.push({
      field: `${field}.featureThresholds`,
      problem: `at most ${maxFeatureThresholds} thresholds`,
    });
  }
  const checked = thresholds.map((threshold, index) => {
    const at = `${field}.featureThresholds[${index}]`;
    if (!knownFeature(threshold.feature)) {
      problems.push({
        field: `${at}.feature`,
        problem: 'must be a feature of the vocabulary, e.g. income.monthly',
      });
    }
    const min = threshold.min ?? undefined;
    const max = threshold.max ?? undefined;
    if (min === undefined && max === undefined) {
      problems.push({ field: at, problem: 'needs min, max or both' });
    } else if (
      (min !== undefined && !Number.isFinite(min)) ||
      (max !== undefined && !Number.isFinite(max)) ||
      (min !== undefined && max !== undefined && min > max)
    ) {
      problems.push({ field: at, problem: 'min and max must be finite numbers with min <= max' });
    }
    return {
      feature: threshold.feature,
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
    };
  });
  return problems.length > before
    ? null
    : { consentPurpose: input.consentPurpose, featureThresholds: checked };
}

/** Whether a customer's latest features are within every threshold (a missing feature is not). */
export function withinThresholds(
  thresholds: readonly FeatureThreshold[],
  features: Readonly<Record<string, number | null | undefined>> | undefined,
): boolean {
  return thresholds.every((threshold) => {
    const value = features?.[threshold.feature];
    if (typeof value !== 'number' || !Number.isFinite(value)) return false;
    return (
      (threshold.min === undefined || value >= threshold.min) &&
      (threshold.max === undefined || value <= threshold.max)
    );
  });
}

export function checkWindow(
  problems: FieldProblem[],
  field: string,
  opensAt: Date | null,
  closesAt: Date | null,
): boolean {
  if (opensAt && closesAt && opensAt.getTime() >= closesAt.getTime()) {
    problems.push({ field: `${field}.closesAt`, problem: 'must be after opensAt' });
    return false;
  }
  return true;
}

/** One answer as the customer sends it. */
export interface AnswerInput {
  questionId: string;
  choiceIds?: string[] | null;
  rating?: number | null;
  text?: string | null;
}

/** A stored answer: everything but free text, which is kept encrypted apart. */
export interface StoredAnswer {
  questionId: string;
  choiceIds?: string[];
  rating?: number;
  /** A free-text question was answered (the text is in `free_text_enc`). */
  text?: true;
}

export interface CheckedAnswers {
  answers: StoredAnswer[];
  /** Question id → text, for the free-text answers (to encrypt). */
  texts: Record<string, string>;
}

/**
 * Checks answers against the questions: each question at most once and known, every required question
 * answered, a single choice exactly one known choice, multiple choices one or more distinct known choices,
 * ratings whole numbers 1-5, free text 1..maxLength characters after trimming. Null (with problems) when any
 * is wrong.
 */
export function checkAnswers(
  problems: FieldProblem[],
  field: string,
  questions: readonly SurveyQuestion[],
  input: readonly AnswerInput[],
): CheckedAnswers | null {
  const before = problems.length;
  const byId = new Map(questions.map((question) => [question.id, question]));
  const seen = new Set<string>();
  const answers: StoredAnswer[] = [];
  const texts: Record<string, string> = {};
  input.forEach((answer, index) => {
    const at = `${field}[${index}]`;
    const question = byId.get(answer.questionId);
    if (!question) {
      problems.push({ field: `${at}.questionId`, problem: 'is not a question of this survey' });
      return;
    }
    if (seen.has(question.id)) {
      problems.push({ field: `${at}.questionId`, problem: 'answers the same question twice' });
      return;
    }
    seen.add(question.id);
    const others = (kept: 'choiceIds' | 'rating' | 'text') =>
      (['choiceIds', 'rating', 'text'] as const).filter((key) => key !== kept && answer[key] != null);
    const expected =
      question.kind === 'rating' ? 'rating' : question.kind === 'free-text' ? 'text' : 'choiceIds';
    if (others(expected).length > 0) {
      problems.push({ field: at, problem: `a ${question.kind} question takes only ${expected}` });
      return;
    }
    if (question.kind === 'rating') {
      const rating = answer.rating;
      if (
        rating == null ||
        !Number.isInteger(rating) ||
        rating < ratingScale.min ||
        rating > ratingScale.max
      ) {
        problems.push({
          field: `${at}.rating`,
          problem: `must be a whole number ${ratingScale.min}-${ratingScale.max}`,
        });
        return;
      }
      answers.push({ questionId: question.id, rating });
    } else if (question.kind === 'free-text') {
      const text = (answer.text ?? '').trim();
      if (text.length === 0 || [...text].length > (question.maxLength ?? defaultFreeTextLength)) {
        problems.push({
          field: `${at}.text`,
          problem: `must be 1-${question.maxLength ?? defaultFreeTextLength} characters`,
        });
        return;
      }
      texts[question.id] = text;
      answers.push({ questionId: question.id, text: true });
    } else {
      const chosen = answer.choiceIds ?? [];
      const known = new Set((question.choices ?? []).map((choice) => choice.id));
      const distinct = new Set(chosen);
      if (
        chosen.length === 0 ||
        distinct.size !== chosen.length ||
        chosen.some((id) => !known.has(id)) ||
        (question.kind === 'single-choice' && chosen.length !== 1)
      ) {
        problems.push({
          field: `${at}.choiceIds`,
          problem:
            question.kind === 'single-choice'
              ? 'must name exactly one choice of the question'
              : 'must name one or more distinct choices of the question',
        });
        return;
      }
      answers.push({ questionId: question.id, choiceIds: [...chosen] });
    }
  });
  for (const question of questions) {
    if (question.required && !seen.has(question.id)) {
      problems.push({ field, problem: `question ${question.id} is required` });
    }
  }
  if (problems.length > before) return null;
  return { answers, texts };
}

/** A product label one answer gives retraining: the SDK's `ProductOutcome` for a product type. */
export interface ProductTypeLabel {
  productType: ProductType;
  outcome: 'accepted' | 'dismissed';
}

/**
 * What a response says about products, as retraining labels (Seam C), the mapping documented in the README:
 * - a chosen choice linked to a product with `interested` → `accepted` (positive interest);
 *   with `not-interested` → `dismissed` (an explicit "no");
 * - a rating question linked to a product: 4-5 → `accepted`, 1-2 → `dismissed`, 3 (undecided) → no label.
 * One label per product type: when answers disagree the positive wins (as `accepted` outranks `dismissed`
 * in the dataset).
 */
export function productLabelsOf(
  questions: readonly SurveyQuestion[],
  answers: readonly StoredAnswer[],
): ProductTypeLabel[] {
  const byId = new Map(questions.map((question) => [question.id, question]));
  const labels = new Map<ProductType, 'accepted' | 'dismissed'>();
  const add = (productType: ProductType, outcome: 'accepted' | 'dismissed') => {
    if (labels.get(productType) !== 'accepted') labels.set(productType, outcome);
  };
  for (const answer of answers) {
    const question = byId.get(answer.questionId);
    if (!question) continue;
    if (question.kind === 'rating' && question.productType && answer.rating !== undefined) {
      if (answer.rating >= 4) add(question.productType, 'accepted');
      else if (answer.rating <= 2) add(question.productType, 'dismissed');
    }
    for (const choiceId of answer.choiceIds ?? []) {
      const choice = question.choices?.find((candidate) => candidate.id === choiceId);
      if (choice?.productType && choice.signal) {
        add(choice.productType, choice.signal === 'interested' ? 'accepted' : 'dismissed');
      }
    }
  }
  return [...labels].map(([productType, outcome]) => ({ productType, outcome }));
}

/**
 * The privacy floor on results (Seam D): the fewest respondents a question, and each answer bucket of it,
 * needs before staff see its figures. The bank's setting (`surveySettings`) may raise it; never below the
 * floor (the database checks that too).
 */
export const defaultMinimumAudience = 10;
export const minimumAudienceFloor = 5;
/** An upper bound so a typo cannot hide every result for good (a bank this strict asks the platform). */
export const minimumAudienceCeiling = 1000;

/** One choice's figure; `count` is null (and `suppressed` true) below the minimum audience. */
export interface ChoiceResult {
  choiceId: string;
  label: string;
  count: number | null;
  suppressed: boolean;
}

/** Per-question figures of a survey version's responses (free text: only how many answered). */
export interface QuestionResult {
  questionId: string;
  kind: QuestionKind;
  text: string;
  /** Responses that answered the question (shown always: it is what decides whether figures are shown). */
  answered: number;
  /** Fewer than the minimum answered: no figure of the question is shown. */
  suppressed: boolean;
  /** What is hidden and why, in words for staff; null when every figure is shown. */
  suppressionReason: string | null;
  choices: ChoiceResult[];
  ratingAverage: number | null;
  /** Rating questions: how many gave 1…5; empty for other kinds and whenever the spread is hidden. */
  ratingCounts: number[];
}

/**
 * Per-question figures, with every figure small enough to single a customer out hidden (`minimumAudience`
 * respondents or more per question and per answer bucket):
 * - a question fewer than the minimum answered: suppressed whole (choice counts null, no average or spread);
 * - a choice fewer than the minimum chose: its count is null. In a single-choice question the counts add up
 *   to `answered`, so one hidden count could be worked out from the others: the smallest shown one is
 *   hidden with it;
 * - ratings: when any rating value was given by fewer than the minimum, the spread is hidden (with the
 *   average and the other values shown, one or two hidden ones could be solved for); the average stays.
 * Zero counts are hidden like small ones: "nobody chose No" says what every respondent answered.
 */
export function questionResults(
  questions: readonly SurveyQuestion[],
  responses: readonly (readonly StoredAnswer[])[],
  minimumAudience: number,
): QuestionResult[] {
  return questions.map((question) => {
    const answers = responses.flatMap((response) =>
      response.filter((answer) => answer.questionId === question.id),
    );
    const ratings = answers.flatMap((answer) => (answer.rating === undefined ? [] : [answer.rating]));
    const ratingCounts =
      question.kind === 'rating'
        ? Array.from(
            { length: ratingScale.max - ratingScale.min + 1 },
            (_, index) => ratings.filter((rating) => rating === ratingScale.min + index).length,
          )
        : [];
    const counts = (question.choices ?? []).map(
      (choice) => answers.filter((answer) => answer.choiceIds?.includes(choice.id)).length,
    );
    const base = {
      questionId: question.id,
      kind: question.kind,
      text: question.text,
      answered: answers.length,
    };
    if (answers.length < minimumAudience) {
      return {
        ...base,
        suppressed: true,
        suppressionReason: `Fewer than ${minimumAudience} customers answered this question: its figures are hidden so that no one can be singled out.`,
        choices: (question.choices ?? []).map((choice) => ({
          choiceId: choice.id,
          label: choice.label,
          count: null,
          suppressed: true,
        })),
        ratingAverage: null,
        ratingCounts: [],
      };
    }
    const hidden = hiddenCounts(counts, minimumAudience, question.kind === 'single-choice');
    const spreadHidden = ratingCounts.some((count) => count < minimumAudience);
    const reasons = [
      ...(hidden.size > 0
        ? [
            `${hidden.size} of ${counts.length} choice counts are hidden: a choice needs at least ${minimumAudience} customers before its count is shown${
              question.kind === 'single-choice'
                ? ', and a second count is hidden with a single small one so it cannot be worked out from the total'
                : ''
            }.`,
          ]
        : []),
      ...(spreadHidden
        ? [
            `The spread of ratings is hidden: some rating was given by fewer than ${minimumAudience} customers. The average covers every answer.`,
          ]
        : []),
    ];
    return {
      ...base,
      suppressed: false,
      suppressionReason: reasons.length > 0 ? reasons.join(' ') : null,
      choices: (question.choices ?? []).map((choice, index) => ({
        choiceId: choice.id,
        label: choice.label,
        count: hidden.has(index) ? null : counts[index]!,
        suppressed: hidden.has(index),
      })),
      ratingAverage:
        ratings.length === 0 ? null : ratings.reduce((sum, rating) => sum + rating, 0) / ratings.length,
      ratingCounts: spreadHidden ? [] : ratingCounts,
    };
  });
}
