import { describe, expect, it } from 'vitest';
import type { OpenSurvey } from './feedback-api.ts';
import { surveyAnswersFromForm } from './feedback-format.ts';

const survey: OpenSurvey = {
  id: 's1',
  title: 'How are we doing?',
  closesAt: null,
  questions: [
    {
      id: 'q1',
      kind: 'SINGLE_CHOICE',
      text: 'Card?',
      required: true,
      maxLength: null,
      choices: [
        { id: 'c1', label: 'Yes' },
        { id: 'c2', label: 'No' },
      ],
    },
    {
      id: 'q2',
      kind: 'MULTIPLE_CHOICE',
      text: 'Which?',
      required: false,
      maxLength: null,
      choices: [
        { id: 'c1', label: 'A' },
        { id: 'c2', label: 'B' },
      ],
    },
    { id: 'q3', kind: 'RATING', text: 'Useful?', required: true, maxLength: null, choices: [] },
    { id: 'q4', kind: 'FREE_TEXT', text: 'Else?', required: false, maxLength: 10, choices: [] },
  ],
};

describe('survey answers', () => {
  it('sends each answered question in its kind’s shape and leaves unanswered optional ones out', () => {
    expect(surveyAnswersFromForm(survey, { q1: ['c2'], q3: '4', q4: '  Thanks ' })).toEqual({
      answers: [
        { questionId: 'q1', choiceIds: ['c2'] },
        { questionId: 'q3', rating: 4 },
        { questionId: 'q4', text: 'Thanks' },
      ],
      problems: {},
    });
    expect(surveyAnswersFromForm(survey, { q1: ['c1'], q2: ['c1', 'c2'], q3: '5' }).answers).toContainEqual({
      questionId: 'q2',
      choiceIds: ['c1', 'c2'],
    });
  });

  it('names each required question left unanswered and text over its length; then sends nothing', () => {
    expect(surveyAnswersFromForm(survey, { q4: 'far too long for ten' })).toEqual({
      answers: null,
      problems: {
        q1: 'Choose one answer',
        q3: 'Choose a rating from 1 to 5',
        q4: 'Keep it to 10 characters',
      },
    });
  });
});
