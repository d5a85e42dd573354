// A published survey with answers, for the admin portal's results page: enough respondents for some figures
// and too few for others, so the page's hidden figures (the bank's minimum audience, Seam D) can be checked.
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { runAsTenant, type TenantRef } from '../request-context';
import { fixtureSurveyQuestions, insertLiveConsent, insertSurvey } from './survey-fixtures';

export interface SeededSurveyResults {
  surveyId: string;
  title: string;
  /** Customers who answered (each with a live analytics consent, so the audience counts them). */
  respondents: number;
  /** q1 (one choice): how many chose each choice. */
  choiceCounts: { yes: number; no: number; notSure: number };
  /** q2 (rating): how many rated; fewer than the default minimum audience of 5. */
  ratings: number;
}

const cardQuestion = fixtureSurveyQuestions[0]!;
const questions = [
  { ...cardQuestion, choices: [...cardQuestion.choices, { id: 'c3', label: 'Not sure' }] },
  { id: 'q2', kind: 'rating', text: 'How do you rate our app?', required: false },
  { id: 'q3', kind: 'free-text', text: 'What should we improve?', required: false, maxLength: 280 },
];

/**
 * "Card interest" published, answered by the first six customers: q1 five "Yes", one "No" and no "Not sure"
 * (with a minimum audience of 5: "Yes" shown, the other two hidden), q2 rated by two (the whole question
 * below it), q3 answered by all six (counted; its words are not stored here: `free_text_enc` stays empty).
 */
export async function seedSurveyResults(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerIds: readonly string[],
): Promise<SeededSurveyResults> {
  const respondents = customerIds.slice(0, 6);
  if (respondents.length < 6) throw new Error('seedSurveyResults needs six customers');
  const title = 'Card interest';
  const surveyId = await insertSurvey(app, tenant, { title, status: 'published', questions });
  for (const [index, customerId] of respondents.entries()) {
    await insertLiveConsent(app, tenant, customerId, 'analytics');
    const answers = [
      { questionId: 'q1', choiceIds: [index === 5 ? 'c2' : 'c1'] },
      ...(index < 2 ? [{ questionId: 'q2', rating: 4 + index }] : []),
      { questionId: 'q3', text: true },
    ];
    await runAsTenant(tenant, () =>
      app.get(EntityManager).transactional((tx) =>
        tx.execute(
          `insert into survey_response (id, tenant_id, survey_id, customer_id, answers)
           values (?, ?, ?, ?, ?::jsonb)`,
          [randomUUID(), tenant.id, surveyId, customerId, JSON.stringify(answers)],
        ),
      ),
    );
  }
  return { surveyId, title, respondents: 6, choiceCounts: { yes: 5, no: 1, notSure: 0 }, ratings: 2 };
}
