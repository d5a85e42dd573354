import { categoryLabels as catalogue } from '@finpersona/plugin-sdk';
import { type Localized, requestLocale, type RequestLocale } from '../request-context';
import type { CategoryId } from './taxonomy';

/**
 * The taxonomy's labels in every language of the request locales: the SDK's catalogue (`categoryLabels`),
 * which the plugins' insights and sentences use too, so a customer meets one name per category everywhere.
 * Ids stay the same in every language; only these labels follow the request (`Accept-Language`).
 */
export const categoryLabels: Localized<Readonly<Record<CategoryId, string>>> = catalogue;

/** A category's label in `locale` (the current request's by default). */
export function categoryLabel(id: CategoryId, locale: RequestLocale = requestLocale()): string {
  return categoryLabels[locale][id];
}
