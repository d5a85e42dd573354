// Wording of the survey pages: statuses, question kinds, consent purposes, and the privacy floor's sentence.
import type { ChipProps } from '@mui/material';
import type { SurveyQuestionKind, SurveyStatus } from '../data/index.ts';

export const statusLabels: Record<SurveyStatus, string> = {
  DRAFT: 'Draft',
  PUBLISHED: 'Published',
  CLOSED: 'Closed',
};
export const statusColours: Record<SurveyStatus, ChipProps['color']> = {
  DRAFT: 'default',
  PUBLISHED: 'info',
  CLOSED: 'default',
};

export const kindChoices: { id: SurveyQuestionKind; name: string }[] = [
  { id: 'SINGLE_CHOICE', name: 'One choice' },
  { id: 'MULTIPLE_CHOICE', name: 'Several choices' },
  { id: 'RATING', name: 'Rating 1–5' },
  { id: 'FREE_TEXT', name: 'Free text' },
];

export const purposeChoices = [
  { id: 'ANALYTICS', name: 'Analytics' },
  { id: 'PERSONALISATION', name: 'Personalisation' },
  { id: 'MARKETING', name: 'Marketing' },
  { id: 'AGGREGATION', name: 'Aggregation' },
];

/** The API's product types (its `ProductType` enum, platform/src/products) a question or a choice may be about. */
export const productTypeChoices = [
  { id: 'CURRENT_ACCOUNT', name: 'Current account' },
  { id: 'SAVINGS_ACCOUNT', name: 'Savings account' },
  { id: 'FIXED_TERM_DEPOSIT', name: 'Fixed-term deposit' },
  { id: 'CREDIT_CARD', name: 'Credit card' },
  { id: 'PERSONAL_LOAN', name: 'Personal loan' },
  { id: 'MORTGAGE', name: 'Mortgage' },
  { id: 'INVESTMENT_FUND', name: 'Investment fund' },
  { id: 'INSURANCE', name: 'Insurance' },
];

/** What choosing a product-linked choice says (the API's `ProductSignal`): a retraining label for the models. */
export const signalChoices = [
  { id: 'INTERESTED', name: 'Interested' },
  { id: 'NOT_INTERESTED', name: 'Not interested' },
];

const nameOf = (choices: { id: string; name: string }[], id: string) =>
  choices.find((choice) => choice.id === id)?.name ?? id;

/** A product link in words, e.g. "credit card: interested". */
export function productLink(productType: string, signal?: string | null): string {
  const product = nameOf(productTypeChoices, productType).toLowerCase();
  return signal ? `${product}: ${nameOf(signalChoices, signal).toLowerCase()}` : product;
}

/** What stands in place of a figure the API withheld (Seam D). */
export const hiddenFigure = (minimumAudience: number) =>
  `fewer than ${minimumAudience} respondents — hidden to protect privacy`;
