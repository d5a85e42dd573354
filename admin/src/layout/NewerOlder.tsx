// Newer / Older under a log shown a page at a time with the API's cursors (data/cursorPages.ts `PageCursors`):
// Older follows the page's end cursor, Newer goes back one; neither goes past the ends.
import { Box, Button } from '@mui/material';
import { newerPage, olderPage, type PageCursors } from '../data/index.ts';

export function NewerOlder({
  pages,
  onPages,
  page,
  testId,
}: {
  pages: PageCursors;
  onPages(pages: PageCursors): void;
  /** The page shown: whether there is an older one, and where it starts. */
  page: { hasNextPage: boolean; endCursor: string | null };
  /** `<testId>-newer`, `<testId>-older`. */
  testId: string;
}) {
  return (
    <Box sx={{ display: 'flex', justifyContent: 'flex-end', gap: 1, mt: 1 }}>
      <Button
        size="small"
        disabled={pages.length === 1}
        onClick={() => onPages(newerPage(pages))}
        data-testid={`${testId}-newer`}
      >
        Newer
      </Button>
      <Button
        size="small"
        disabled={!page.hasNextPage}
        onClick={() => onPages(olderPage(pages, page.endCursor))}
        data-testid={`${testId}-older`}
      >
        Older
      </Button>
    </Box>
  );
}
