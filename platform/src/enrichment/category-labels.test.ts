import { describe, expect, it } from 'vitest';
import { createRequestContext, requestLocales, runInContext } from '../request-context';
import { categoryLabel, categoryLabels } from './category-labels';
import { categories } from './taxonomy';

describe('category labels', () => {
  it('name every category of the taxonomy in every request locale, and nothing else', () => {
    const ids = categories.map((category) => category.id).sort();
    for (const locale of requestLocales) {
      const labels = categoryLabels[locale];
      expect(Object.keys(labels).sort(), locale).toEqual(ids);
      for (const label of Object.values(labels)) expect(label.trim(), locale).toBe(label);
      for (const label of Object.values(labels)) expect(label.length, locale).toBeGreaterThan(0);
      // Two categories with one label could not be told apart in a list.
      expect(new Set(Object.values(labels)).size, locale).toBe(ids.length);
    }
  });

  it('English labels are the taxonomy’s own; Slovenian ones are not left in English', () => {
    for (const category of categories) {
      expect(categoryLabels.en[category.id]).toBe(category.label);
      expect(categoryLabels.sl[category.id], category.id).not.toBe(category.label);
    }
  });

  it('follow the request locale', () => {
    expect(categoryLabel('groceries')).toBe('Groceries');
    expect(runInContext(createRequestContext({ locale: 'sl' }), () => categoryLabel('groceries'))).toBe(
      'Živila',
    );
    expect(categoryLabel('eating-out', 'sl')).toBe('Hrana zunaj doma');
  });
});
