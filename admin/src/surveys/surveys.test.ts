import { describe, expect, it } from 'vitest';
import { formPath, surveyInput } from '../data/index.ts';
import { productLink } from './labels.ts';
import { surveySteps } from './SurveyShow.tsx';

describe('survey form ↔ API', () => {
  it('names the API’s input paths as the form’s inputs', () => {
    expect(formPath('input.questions[1].choices[0].label')).toBe('questions.1.choices.0.label');
    expect(formPath('input.audience.featureThresholds[2]')).toBe('audience.featureThresholds.2');
    expect(formPath('input.title')).toBe('title');
  });

  it('sends each kind of question only what it takes, keeping product links and blank numbers as none', () => {
    const input = surveyInput({
      title: 'Cards',
      questions: [
        {
          id: 'q1',
          kind: 'RATING',
          text: 'Rate us',
          required: false,
          maxLength: 40,
          productType: 'credit-card',
          choices: [{ id: 'c1', label: 'left over', productType: null, signal: null }],
        },
        {
          id: 'q2',
          kind: 'SINGLE_CHOICE',
          text: 'A card?',
          required: true,
          maxLength: null,
          productType: 'mortgage',
          choices: [{ id: 'c1', label: 'Yes', productType: 'credit-card', signal: 'interested' }],
        },
      ],
      audience: {
        consentPurpose: 'ANALYTICS',
        featureThresholds: [{ feature: 'income.monthly', min: '' as unknown as number, max: 5 }],
      },
      opensAt: '',
    });
    expect(input).toEqual({
      title: 'Cards',
      questions: [
        {
          kind: 'RATING',
          text: 'Rate us',
          required: false,
          choices: null,
          maxLength: null,
          productType: 'credit-card',
        },
        {
          kind: 'SINGLE_CHOICE',
          text: 'A card?',
          required: true,
          choices: [{ label: 'Yes', productType: 'credit-card', signal: 'interested' }],
          maxLength: null,
          productType: null,
        },
      ],
      audience: {
        consentPurpose: 'ANALYTICS',
        featureThresholds: [{ feature: 'income.monthly', min: null, max: 5 }],
      },
      opensAt: null,
      closesAt: null,
    });
  });

  it('sends a product select left empty as no link, so the API sees a half link and names its field', () => {
    const input = surveyInput({
      title: 'Cards',
      questions: [
        {
          id: 'q1',
          kind: 'MULTIPLE_CHOICE',
          text: 'Which?',
          required: true,
          maxLength: null,
          productType: null,
          choices: [
            { id: 'c1', label: 'A card', productType: 'CREDIT_CARD', signal: '' },
            { id: 'c2', label: 'Nothing', productType: '', signal: '' },
          ],
        },
        {
          id: 'q2',
          kind: 'RATING',
          text: 'Rate',
          required: true,
          maxLength: null,
          productType: '',
          choices: [],
        },
      ],
      audience: { consentPurpose: 'ANALYTICS', featureThresholds: [] },
    });
    const [choices, rating] = input.questions as { choices: unknown; productType: unknown }[];
    expect(choices!.choices).toEqual([
      { label: 'A card', productType: 'CREDIT_CARD', signal: null },
      { label: 'Nothing', productType: null, signal: null },
    ]);
    expect(rating!.productType).toBeNull();
  });

  it('words a product link for the survey’s definition', () => {
    expect(productLink('CREDIT_CARD', 'NOT_INTERESTED')).toBe('credit card: not interested');
    expect(productLink('FIXED_TERM_DEPOSIT')).toBe('fixed-term deposit');
  });

  it('offers per status only the steps the API allows', () => {
    expect(surveySteps('DRAFT')).toEqual(['publish']);
    expect(surveySteps('PUBLISHED')).toEqual(['close', 'newVersion']);
    expect(surveySteps('CLOSED')).toEqual(['newVersion']);
  });
});
