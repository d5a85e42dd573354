import { hiddenCounts } from './minimum-audience';
import {
  type PromptAnswer,
  type PromptReason,
  promptAnswers,
  promptReasons,
} from './transaction-prompt.entities';

/**
 * The answers a prompt of each reason can get: large amounts and new recurring payments are always asked
 * "was this expected?"; a first payment to a merchant "is this category right?" when it has a category,
 * else "was this expected?" (`notableDebits`). The answers of a reason add up to its `answered`.
 */
export const answersOfReason: Readonly<Record<PromptReason, readonly PromptAnswer[]>> = {
  'large-amount': ['expected', 'unexpected'],
  'new-recurring': ['expected', 'unexpected'],
  'new-merchant': promptAnswers,
};

/** Prompts of one reason and answer in a window, and how many customers they belong to. */
export interface PromptCountRow {
  reason: PromptReason;
  answer: PromptAnswer | null;
  prompts: number;
  customers: number;
}

export interface PromptStats {
  reason: PromptReason;
  prompted: number;
  answered: number;
  /** Customers who answered at least one prompt of this reason (what decides whether answers are shown). */
  respondents: number;
  answerRate: number | null;
  /** Prompts per answer; null when hidden. An answer a reason's prompts cannot get is 0. */
  answers: Record<PromptAnswer, number | null>;
  /** Fewer respondents than the minimum audience: every answer count is hidden. */
  suppressed: boolean;
  /** What is hidden and why, in words for staff; null when every figure is shown. */
  suppressionReason: string | null;
}

/**
 * Answer rates per reason, held to the bank's minimum audience like survey results (`hiddenCounts`):
 * - a reason fewer than the minimum customers answered: how they answered is hidden whole (the counts of
 *   prompts and answers stay, as a survey question's `answered` does);
 * - an answer given by fewer than the minimum customers: its count is null; as the answers of a reason add
 *   up to `answered`, a single hidden one could be worked out from the others: the smallest shown one is
 *   hidden with it.
 * Customers, not prompts, are counted against the minimum: one customer's five answers single them out
 * as much as one answer does.
 */
export function promptStatsFigures(
  rows: readonly PromptCountRow[],
  respondentsByReason: ReadonlyMap<PromptReason, number>,
  minimumAudience: number,
): PromptStats[] {
  return promptReasons.map((reason) => {
    const mine = rows.filter((row) => row.reason === reason);
    const answerable = answersOfReason[reason];
    const bucket = (answer: PromptAnswer) => mine.find((row) => row.answer === answer);
    const prompted = mine.reduce((sum, row) => sum + row.prompts, 0);
    const answered = mine.reduce((sum, row) => sum + (row.answer ? row.prompts : 0), 0);
    const respondents = respondentsByReason.get(reason) ?? 0;
    const suppressed = respondents < minimumAudience;
    const hidden = suppressed
      ? new Set(answerable.map((_, index) => index))
      : hiddenCounts(
          answerable.map((answer) => bucket(answer)?.customers ?? 0),
          minimumAudience,
          true,
        );
    const answers = Object.fromEntries(
      promptAnswers.map((answer) => {
        const index = answerable.indexOf(answer);
        if (index < 0) return [answer, 0];
        return [answer, hidden.has(index) ? null : (bucket(answer)?.prompts ?? 0)];
      }),
    ) as Record<PromptAnswer, number | null>;
    const suppressionReason = suppressed
      ? `Fewer than ${minimumAudience} customers answered prompts of this reason: how they answered is hidden so that no one can be singled out.`
      : hidden.size > 0
        ? `${hidden.size} of ${answerable.length} answer counts are hidden: an answer needs at least ${minimumAudience} customers before its count is shown, and a second count is hidden with a single small one so it cannot be worked out from the total.`
        : null;
    return {
      reason,
      prompted,
      answered,
      respondents,
      answerRate: prompted === 0 ? null : answered / prompted,
      answers,
      suppressed,
      suppressionReason,
    };
  });
}
