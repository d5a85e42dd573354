// What the review queue says when it lists nothing: for the status filter in force (react-admin shows the list's
// own empty page only without a filter, and the queue opens filtered to the open requests).
import type { ReviewStatus } from '../data/index.ts';

const arrive =
  'When a customer contests a recommendation or asks for a human to review it, the request appears here.';

export function reviewsEmptyState(status: ReviewStatus | undefined): { title: string; text: string } {
  if (status === 'REQUESTED')
    return { title: 'No open review requests', text: `Nothing waits for a decision. ${arrive}` };
  if (status === 'DECIDED')
    return {
      title: 'No decided review requests yet',
      text: 'Requests appear here once a compliance officer decides them.',
    };
  return { title: 'No review requests', text: arrive };
}
