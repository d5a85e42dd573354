import { describe, expect, it } from 'vitest';
import { reviewsEmptyState } from './empty-state.ts';

describe('the review queue with nothing listed', () => {
  it('says there is nothing open, decided, or at all, for the status filter in force', () => {
    expect(reviewsEmptyState('REQUESTED').title).toBe('No open review requests');
    expect(reviewsEmptyState('REQUESTED').text).toMatch(
      /^Nothing waits for a decision\. When a customer contests/,
    );
    expect(reviewsEmptyState('DECIDED')).toEqual({
      title: 'No decided review requests yet',
      text: 'Requests appear here once a compliance officer decides them.',
    });
    expect(reviewsEmptyState(undefined).title).toBe('No review requests');
  });
});
