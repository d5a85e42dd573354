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

/** What stands in place of a figure the API withheld (Seam D). */
export const hiddenFigure = (minimumAudience: number) =>
  `fewer than ${minimumAudience} respondents — hidden to protect privacy`;
