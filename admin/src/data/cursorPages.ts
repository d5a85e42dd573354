// react-admin asks for "page N of size P"; the API pages with Relay cursors (first/after).
// This remembers, per page size, the `after` cursor that starts each page we have seen,
// so page N is one request when we have been next to it, and an honest walk otherwise.

export class CursorPages {
  // pageSize -> index i holds the `after` for page i + 1 (index 0 is always null: the first page).
  private readonly starts = new Map<number, (string | null)[]>();

  /** The nearest page at or before `page` whose start cursor is known. */
  nearestKnown(pageSize: number, page: number): { page: number; after: string | null } {
    const starts = this.startsFor(pageSize);
    for (let candidate = Math.min(page, starts.length); candidate >= 1; candidate--) {
      const after = starts[candidate - 1];
      if (after !== undefined) return { page: candidate, after };
    }
    return { page: 1, after: null };
  }

  /** Records that `page` ended at `endCursor`, i.e. page + 1 starts after it. */
  recordEnd(pageSize: number, page: number, endCursor: string | null): void {
    if (endCursor === null) return;
    const starts = this.startsFor(pageSize);
    starts[page] = endCursor;
  }

  /** Forget everything for a page size (the first page was reloaded: rows may have moved). */
  reset(pageSize: number): void {
    this.starts.set(pageSize, [null]);
  }

  private startsFor(pageSize: number): (string | null)[] {
    let starts = this.starts.get(pageSize);
    if (!starts) {
      starts = [null];
      this.starts.set(pageSize, starts);
    }
    return starts;
  }
}

/**
 * A page's list shown a page at a time with Newer / Older (a log, newest first): the `after` cursor of each
 * page seen so far (the first page's is null), the last one being the page shown. Older pages follow the API's
 * `endCursor`; Newer goes back one.
 */
export type PageCursors = readonly (string | null)[];
export const firstPage: PageCursors = [null];
export const currentCursor = (pages: PageCursors): string | null => pages.at(-1) ?? null;
export const olderPage = (pages: PageCursors, endCursor: string | null): PageCursors =>
  endCursor === null ? pages : [...pages, endCursor];
export const newerPage = (pages: PageCursors): PageCursors => (pages.length > 1 ? pages.slice(0, -1) : pages);
