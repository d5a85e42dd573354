import { describe, expect, it } from 'vitest';
import { currentCursor, firstPage, newerPage, olderPage } from './cursorPages.ts';

describe('Newer / Older pages', () => {
  it('pages older with the API cursor and back newer, never before the first page', () => {
    expect(currentCursor(firstPage)).toBeNull();
    const second = olderPage(firstPage, 'c1');
    const third = olderPage(second, 'c2');
    expect(currentCursor(third)).toBe('c2');
    expect(olderPage(third, null)).toBe(third);
    expect(currentCursor(newerPage(third))).toBe('c1');
    expect(newerPage(newerPage(second))).toEqual([null]);
  });
});
