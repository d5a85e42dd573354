import { describe, expect, it } from 'vitest';
import { categoryIds, categoryLabelLanguages, categoryLabels, isCategoryId } from './categories';

describe('category catalogue', () => {
  it('labels every category id in every language, and nothing else', () => {
    const ids = [...categoryIds].sort();
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(categoryLabels).sort()).toEqual([...categoryLabelLanguages].sort());
    for (const language of categoryLabelLanguages) {
      const labels = categoryLabels[language];
      expect(Object.keys(labels).sort(), language).toEqual(ids);
      for (const label of Object.values(labels)) {
        expect(label.trim(), language).toBe(label);
        expect(label.length, language).toBeGreaterThan(0);
      }
      // Two categories with one label could not be told apart in a list.
      expect(new Set(Object.values(labels)).size, language).toBe(ids.length);
    }
  });

  it('writes ids as lower-case kebab words and labels in sentence case', () => {
    for (const id of categoryIds) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    for (const language of categoryLabelLanguages) {
      for (const label of Object.values(categoryLabels[language])) {
        expect(label.charAt(0), label).toBe(label.charAt(0).toLocaleUpperCase(language));
      }
    }
  });

  it('leaves no Slovenian label in English', () => {
    for (const id of categoryIds) expect(categoryLabels.sl[id], id).not.toBe(categoryLabels.en[id]);
  });

  it('tells category ids from other strings', () => {
    expect(isCategoryId('eating-out')).toBe(true);
    expect(isCategoryId('Eating out')).toBe(false);
    expect(isCategoryId('toString')).toBe(false);
    expect(isCategoryId(undefined)).toBe(false);
  });
});
