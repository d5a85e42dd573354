import { describe, expect, it } from 'vitest';
import { hiddenCounts } from './minimum-audience';
import { type PromptCountRow, promptStatsFigures } from './prompt-stats';

const row = (
  reason: PromptCountRow['reason'],
  answer: PromptCountRow['answer'],
  prompts: number,
  customers = prompts,
): PromptCountRow => ({ reason, answer, prompts, customers });

const byReason = (stats: ReturnType<typeof promptStatsFigures>) =>
  new Map(stats.map((entry) => [entry.reason, entry]));

describe('promptStatsFigures: the minimum audience of survey results', () => {
  it('hides every answer of a reason fewer than the minimum customers answered, keeping the counts of prompts', () => {
    const stats = byReason(
      promptStatsFigures(
        [row('large-amount', 'unexpected', 1), row('large-amount', null, 3)],
        new Map([['large-amount', 1]]),
        10,
      ),
    );
    expect(stats.get('large-amount')).toEqual({
      reason: 'large-amount',
      prompted: 4,
      answered: 1,
      respondents: 1,
      answerRate: 0.25,
      answers: { expected: null, unexpected: null, 'category-right': 0, 'category-wrong': 0 },
      suppressed: true,
      suppressionReason:
        'Fewer than 10 customers answered prompts of this reason: how they answered is hidden so that no one can be singled out.',
    });
    // Nobody prompted: nothing to show either, and no rate.
    expect(stats.get('new-recurring')).toMatchObject({
      prompted: 0,
      answerRate: null,
      suppressed: true,
      answers: { expected: null, unexpected: null },
    });
  });

  it('counts customers, not prompts: many answers of few customers stay hidden', () => {
    const stats = byReason(
      promptStatsFigures(
        [row('large-amount', 'expected', 40, 4), row('large-amount', 'unexpected', 30, 3)],
        new Map([['large-amount', 7]]),
        5,
      ),
    );
    expect(stats.get('large-amount')).toMatchObject({
      answered: 70,
      respondents: 7,
      suppressed: false,
      answers: { expected: null, unexpected: null },
    });
  });

  it('shows every answer given by enough customers', () => {
    const stats = byReason(
      promptStatsFigures(
        [row('large-amount', 'expected', 14, 12), row('large-amount', 'unexpected', 11, 10)],
        new Map([['large-amount', 20]]),
        10,
      ),
    );
    expect(stats.get('large-amount')).toMatchObject({
      suppressed: false,
      suppressionReason: null,
      answers: { expected: 14, unexpected: 11, 'category-right': 0, 'category-wrong': 0 },
    });
  });

  it('complementary suppression: one small answer hides the smallest other, so it cannot be worked out from the total', () => {
    const stats = byReason(
      promptStatsFigures(
        [
          row('new-merchant', 'expected', 20),
          row('new-merchant', 'unexpected', 12),
          row('new-merchant', 'category-right', 30),
          row('new-merchant', 'category-wrong', 2),
        ],
        new Map([['new-merchant', 64]]),
        10,
      ),
    );
    const merchant = stats.get('new-merchant')!;
    expect(merchant.answers).toEqual({
      expected: 20,
      unexpected: null,
      'category-right': 30,
      'category-wrong': null,
    });
    expect(merchant.suppressed).toBe(false);
    expect(merchant.suppressionReason).toBe(
      '2 of 4 answer counts are hidden: an answer needs at least 10 customers before its count is shown, and a second count is hidden with a single small one so it cannot be worked out from the total.',
    );
    // With two answers, one small answer hides both (the other is the total minus it).
    const twoWay = byReason(
      promptStatsFigures(
        [row('large-amount', 'expected', 15), row('large-amount', 'unexpected', 3)],
        new Map([['large-amount', 18]]),
        10,
      ),
    );
    expect(twoWay.get('large-amount')!.answers).toMatchObject({ expected: null, unexpected: null });
  });

  it('is the rule survey results use (hiddenCounts)', () => {
    expect([...hiddenCounts([12, 3, 11, 20], 10, true)].sort()).toEqual([1, 2]);
    expect([...hiddenCounts([12, 3, 11, 20], 10, false)]).toEqual([1]);
    expect([...hiddenCounts([12, 3, 2, 20], 10, true)].sort()).toEqual([1, 2]);
    expect([...hiddenCounts([12, 0], 10, true)].sort()).toEqual([0, 1]);
  });
});
