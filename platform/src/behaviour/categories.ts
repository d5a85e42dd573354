import { categoryIdsOf, type CategoryId } from '../enrichment';

/** The spending categories of the taxonomy (`enrichment/`): the members of the `spend.category.<id>` family. */
export const spendingCategoryIds: readonly CategoryId[] = categoryIdsOf('spending');
