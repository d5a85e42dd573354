/**
 * The one small-audience rule of figures staff see (Seam D), shared by survey results (`questionResults`)
 * and transaction prompt answer rates (`promptStatsFigures`): a count of fewer customers than the bank's
 * minimum audience is hidden, and so is a second one when a single hidden count could be worked out from
 * a total that is shown (complementary suppression).
 */

/**
 * The positions of counts to hide, given how many customers each stands for (`audiences`): those below
 * `minimumAudience` (zero too: "nobody chose No" says what everyone answered) and, when `exclusive` (the
 * counts add up to a total that is shown) and exactly one is, the smallest other one too (the first of
 * equals).
 */
export function hiddenCounts(
  audiences: readonly number[],
  minimumAudience: number,
  exclusive: boolean,
): Set<number> {
  const hidden = new Set(audiences.flatMap((count, index) => (count < minimumAudience ? [index] : [])));
  if (exclusive && hidden.size === 1 && audiences.length > 1) {
    const shown = audiences.flatMap((count, index) => (hidden.has(index) ? [] : [{ count, index }]));
    const smallest = shown.reduce((least, next) => (next.count < least.count ? next : least));
    hidden.add(smallest.index);
  }
  return hidden;
}
