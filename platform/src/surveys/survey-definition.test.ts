import { describe, expect, it } from 'vitest';
import type { FieldProblem } from '../errors';
import {
  checkAnswers,
  checkAudience,
  checkQuestions,
  productLabelsOf,
  type QuestionInput,
  questionResults,
  type StoredAnswer,
  withinThresholds,
} from './survey-definition';

const creditCardQuestion: QuestionInput = {
  kind: 'single-choice',
  text: 'Would you consider a credit card?',
  choices: [
    { label: 'Yes', productType: 'credit-card', signal: 'interested' },
    { label: 'No', productType: 'credit-card', signal: 'not-interested' },
    { label: 'Not sure' },
  ],
};
const definition: QuestionInput[] = [
  creditCardQuestion,
  {
    kind: 'multiple-choice',
    text: 'What do you save for?',
    choices: [{ label: 'Home' }, { label: 'Travel' }],
  },
  { kind: 'rating', text: 'How likely is a mortgage in the next year?', productType: 'mortgage' },
  { kind: 'free-text', text: 'Anything else?', required: false, maxLength: 20 },
];

function questions() {
  const problems: FieldProblem[] = [];
  const checked = checkQuestions(problems, 'input.questions', definition);
  expect(problems).toEqual([]);
  return checked!;
}

describe('survey definitions', () => {
  it('gives questions and choices ids by position and keeps product links', () => {
    const checked = questions();
    expect(checked.map((question) => question.id)).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(checked[0]!.choices![0]).toEqual({
      id: 'c1',
      label: 'Yes',
      productType: 'credit-card',
      signal: 'interested',
    });
    expect(checked[2]!.productType).toBe('mortgage');
    expect(checked[3]).toMatchObject({ required: false, maxLength: 20 });
  });

  it('names every bad field at once', () => {
    const problems: FieldProblem[] = [];
    const checked = checkQuestions(problems, 'input.questions', [
      { kind: 'single-choice', text: ' ', choices: [{ label: 'Only one' }] },
      { kind: 'free-text', text: 'Long?', maxLength: 5000 },
      {
        kind: 'single-choice',
        text: 'Half a link',
        choices: [
          { label: 'A', productType: 'mortgage' },
          { label: 'B', signal: 'interested' },
        ],
      },
      { kind: 'free-text', text: 'Product on text', productType: 'credit-card' },
    ]);
    expect(checked).toBeNull();
    expect(problems.map((problem) => problem.field)).toEqual([
      'input.questions[0].text',
      'input.questions[0].choices',
      'input.questions[1].maxLength',
      'input.questions[2].choices[0].signal',
      'input.questions[2].choices[1].productType',
      'input.questions[3].productType',
    ]);
  });

  it('words half a product link for the bank’s staff: what is missing and what to do, no API names', () => {
    const problems: FieldProblem[] = [];
    checkQuestions(problems, 'input.questions', [
      {
        kind: 'multiple-choice',
        text: 'Half links',
        choices: [
          { label: 'Product only', productType: 'mortgage' },
          { label: 'Meaning only', signal: 'not-interested' },
        ],
      },
    ]);
    expect(problems).toEqual([
      {
        field: 'input.questions[0].choices[0].signal',
        problem: 'pick interested or not interested, or remove the product',
      },
      {
        field: 'input.questions[0].choices[1].productType',
        problem: 'pick the product, or clear interested or not interested',
      },
    ]);
    for (const { problem } of problems) {
      expect(problem).not.toMatch(/productType|signal|INTERESTED|NOT_INTERESTED/);
    }
  });

  it('checks the audience: purpose, known features, min <= max', () => {
    const problems: FieldProblem[] = [];
    const known = (name: string) => name === 'income.monthly';
    expect(
      checkAudience(
        problems,
        'input.audience',
        {
          consentPurpose: 'personalisation',
          featureThresholds: [{ feature: 'income.monthly', min: 100000 }],
        },
        known,
      ),
    ).toEqual({
      consentPurpose: 'personalisation',
      featureThresholds: [{ feature: 'income.monthly', min: 100000 }],
    });
    expect(
      checkAudience(
        problems,
        'input.audience',
        {
          consentPurpose: 'personalisation',
          featureThresholds: [
            { feature: 'shoe.size', min: 1 },
            { feature: 'income.monthly', min: 5, max: 1 },
          ],
        },
        known,
      ),
    ).toBeNull();
    expect(problems.map((problem) => problem.field)).toEqual([
      'input.audience.featureThresholds[0].feature',
      'input.audience.featureThresholds[1]',
    ]);
  });

  it('a missing feature is outside every threshold', () => {
    const thresholds = [{ feature: 'income.monthly', min: 100 }];
    expect(withinThresholds(thresholds, { 'income.monthly': 150 })).toBe(true);
    expect(withinThresholds(thresholds, { 'income.monthly': 50 })).toBe(false);
    expect(withinThresholds(thresholds, { 'income.monthly': null })).toBe(false);
    expect(withinThresholds(thresholds, undefined)).toBe(false);
  });
});

describe('answers', () => {
  it('accepts a complete answer and keeps free text apart', () => {
    const problems: FieldProblem[] = [];
    const checked = checkAnswers(problems, 'input.answers', questions(), [
      { questionId: 'q1', choiceIds: ['c1'] },
      { questionId: 'q2', choiceIds: ['c1', 'c2'] },
      { questionId: 'q3', rating: 5 },
      { questionId: 'q4', text: '  more branches  ' },
    ]);
    expect(problems).toEqual([]);
    expect(checked!.answers).toEqual([
      { questionId: 'q1', choiceIds: ['c1'] },
      { questionId: 'q2', choiceIds: ['c1', 'c2'] },
      { questionId: 'q3', rating: 5 },
      { questionId: 'q4', text: true },
    ]);
    expect(checked!.texts).toEqual({ q4: 'more branches' });
  });

  it('refuses unknown questions, wrong shapes, ratings out of scale, long text and missing required ones', () => {
    const problems: FieldProblem[] = [];
    const checked = checkAnswers(problems, 'input.answers', questions(), [
      { questionId: 'q1', choiceIds: ['c1', 'c2'] },
      { questionId: 'q3', rating: 6 },
      { questionId: 'q4', text: 'x'.repeat(21) },
      { questionId: 'q9', rating: 1 },
      { questionId: 'q1', choiceIds: ['c1'] },
    ]);
    expect(checked).toBeNull();
    expect(problems).toEqual([
      { field: 'input.answers[0].choiceIds', problem: 'must name exactly one choice of the question' },
      { field: 'input.answers[1].rating', problem: 'must be a whole number 1-5' },
      { field: 'input.answers[2].text', problem: 'must be 1-20 characters' },
      { field: 'input.answers[3].questionId', problem: 'is not a question of this survey' },
      { field: 'input.answers[4].questionId', problem: 'answers the same question twice' },
      { field: 'input.answers', problem: 'question q2 is required' },
    ]);
  });

  it('a choice question answered with a rating is refused', () => {
    const problems: FieldProblem[] = [];
    expect(checkAnswers(problems, 'a', questions(), [{ questionId: 'q1', rating: 3 }])).toBeNull();
    expect(problems[0]).toEqual({ field: 'a[0]', problem: 'a single-choice question takes only choiceIds' });
  });
});

describe('answers as product labels (Seam C)', () => {
  it('interest is accepted, an explicit no dismissed, a rating 4-5 accepted, 1-2 dismissed, 3 nothing', () => {
    const q = questions();
    expect(productLabelsOf(q, [{ questionId: 'q1', choiceIds: ['c1'] }])).toEqual([
      { productType: 'credit-card', outcome: 'accepted' },
    ]);
    expect(productLabelsOf(q, [{ questionId: 'q1', choiceIds: ['c2'] }])).toEqual([
      { productType: 'credit-card', outcome: 'dismissed' },
    ]);
    expect(productLabelsOf(q, [{ questionId: 'q1', choiceIds: ['c3'] }])).toEqual([]);
    expect(productLabelsOf(q, [{ questionId: 'q3', rating: 4 }])).toEqual([
      { productType: 'mortgage', outcome: 'accepted' },
    ]);
    expect(productLabelsOf(q, [{ questionId: 'q3', rating: 2 }])).toEqual([
      { productType: 'mortgage', outcome: 'dismissed' },
    ]);
    expect(productLabelsOf(q, [{ questionId: 'q3', rating: 3 }])).toEqual([]);
  });
});

describe('results', () => {
  it('counts choices, averages ratings and only counts free text (minimum audience 1: nothing hidden)', () => {
    const q = questions();
    const results = questionResults(
      q,
      [
        [
          { questionId: 'q1', choiceIds: ['c1'] },
          { questionId: 'q3', rating: 5 },
          { questionId: 'q4', text: true },
        ],
        [
          { questionId: 'q1', choiceIds: ['c2'] },
          { questionId: 'q2', choiceIds: ['c1', 'c2'] },
          { questionId: 'q3', rating: 2 },
        ],
      ],
      0,
    );
    expect(results[0]!.choices.map((choice) => choice.count)).toEqual([1, 1, 0]);
    expect(results[1]!.choices.map((choice) => choice.count)).toEqual([1, 1]);
    expect(results[2]).toMatchObject({ answered: 2, ratingAverage: 3.5, ratingCounts: [0, 1, 0, 0, 1] });
    expect(results[3]).toMatchObject({ answered: 1, choices: [], ratingAverage: null, ratingCounts: [] });
    expect(results.every((result) => !result.suppressed && result.suppressionReason === null)).toBe(true);
  });
});

describe('minimum audience', () => {
  /** `n` responses answering q1 with `choice`, q2 with `choices` and q3 with `rating`. */
  const responses = (
    n: number,
    answer: { choice?: string; choices?: string[]; rating?: number; text?: boolean },
  ): StoredAnswer[][] =>
    Array.from({ length: n }, () => [
      ...(answer.choice ? [{ questionId: 'q1', choiceIds: [answer.choice] }] : []),
      ...(answer.choices ? [{ questionId: 'q2', choiceIds: answer.choices }] : []),
      ...(answer.rating ? [{ questionId: 'q3', rating: answer.rating }] : []),
      ...(answer.text ? [{ questionId: 'q4', text: true as const }] : []),
    ]);

  it('a question answered by fewer than the minimum is suppressed whole; at the minimum it is shown', () => {
    const below = questionResults(questions(), responses(4, { choice: 'c1', rating: 4, text: true }), 5);
    expect(below[0]).toMatchObject({ answered: 4, suppressed: true, ratingAverage: null, ratingCounts: [] });
    expect(below[0]!.choices.every((choice) => choice.count === null && choice.suppressed)).toBe(true);
    expect(below[0]!.suppressionReason).toContain('Fewer than 5 customers');
    expect(below[2]).toMatchObject({ answered: 4, suppressed: true, ratingAverage: null, ratingCounts: [] });
    // Free text: only counted, and marked hidden below the minimum like any other question.
    expect(below[3]).toMatchObject({ answered: 4, suppressed: true });

    const at = questionResults(questions(), responses(5, { choice: 'c1', rating: 4, text: true }), 5);
    expect(at[2]).toMatchObject({ answered: 5, suppressed: false, ratingAverage: 4 });
    expect(at[3]).toMatchObject({ answered: 5, suppressed: false, suppressionReason: null });
  });

  it('a small choice is hidden, and in a single-choice question the smallest other count with it', () => {
    const answered = [
      ...responses(12, { choice: 'c1', choices: ['c1'] }),
      ...responses(3, { choice: 'c2', choices: ['c1', 'c2'] }),
      ...responses(10, { choice: 'c3', choices: ['c1'] }),
    ];
    const [single, multiple] = questionResults(questions(), answered, 10);
    // c2 (3) is below 10; c3 (10) is at the minimum but 25 - 12 - 10 would give c2 away: hidden too.
    expect(single).toMatchObject({ answered: 25, suppressed: false });
    expect(single!.choices.map((choice) => [choice.count, choice.suppressed])).toEqual([
      [12, false],
      [null, true],
      [null, true],
    ]);
    expect(single!.suppressionReason).toContain('2 of 3 choice counts are hidden');
    // Multiple choice: counts do not add up to the respondents, so only the small one is hidden.
    expect(multiple!.choices.map((choice) => choice.count)).toEqual([25, null]);
    // Above the minimum everywhere: nothing hidden.
    const large = questionResults(
      questions(),
      [
        ...responses(11, { choice: 'c1' }),
        ...responses(11, { choice: 'c2' }),
        ...responses(11, { choice: 'c3' }),
      ],
      10,
    );
    expect(large[0]!.choices.map((choice) => choice.count)).toEqual([11, 11, 11]);
    expect(large[0]!.suppressionReason).toBeNull();
  });

  it('a zero count is hidden too: "nobody chose it" tells what every respondent answered', () => {
    const [single] = questionResults(
      questions(),
      [...responses(20, { choice: 'c1' }), ...responses(20, { choice: 'c2' })],
      10,
    );
    // c3 (0) hidden; with it the smallest other (c1, the first of equals).
    expect(single!.choices.map((choice) => choice.count)).toEqual([null, 20, null]);
  });

  it('ratings: the spread is hidden when a value is given by fewer than the minimum; the average stays', () => {
    const few = questionResults(
      questions(),
      [...responses(10, { rating: 5 }), ...responses(2, { rating: 1 })],
      10,
    );
    expect(few[2]).toMatchObject({ answered: 12, suppressed: false, ratingCounts: [] });
    expect(few[2]!.ratingAverage).toBeCloseTo(52 / 12);
    expect(few[2]!.suppressionReason).toContain('spread of ratings is hidden');
    const every = questionResults(
      questions(),
      [1, 2, 3, 4, 5].flatMap((rating) => responses(5, { rating })),
      5,
    );
    expect(every[2]).toMatchObject({
      ratingCounts: [5, 5, 5, 5, 5],
      ratingAverage: 3,
      suppressionReason: null,
    });
  });
});
