import { describe, expect, it } from 'vitest';
import { listValues } from './condition-input.ts';
import { categoryRuleInput } from './intelligence.ts';

describe('category rule form → API input', () => {
  it('splits comma-separated list conditions, drops empty ones and keeps only the rule fields', () => {
    const input = categoryRuleInput({
      id: 'ignored',
      name: 'Coffee',
      priority: 10,
      category: 'eating-out',
      enabled: true,
      createdBy: 'ignored',
      conditions: {
        descriptionContains: ' coffee, , espresso ' as unknown as string[],
        counterpartyContains: null,
        merchantContains: [],
        mcc: ['5814'],
        minAmountMinor: ' 100 ',
        maxAmountMinor: '',
        currency: 'EUR',
        direction: null,
        sourceCodes: null,
      },
    });
    expect(input).toEqual({
      name: 'Coffee',
      priority: 10,
      category: 'eating-out',
      enabled: true,
      conditions: {
        descriptionContains: ['coffee', 'espresso'],
        mcc: ['5814'],
        minAmountMinor: '100',
        currency: 'EUR',
      },
    });
  });

  it('sends what is missing as null, so the API names every missing field', () => {
    expect(categoryRuleInput({})).toEqual({
      name: null,
      priority: null,
      category: null,
      enabled: null,
      conditions: {},
    });
    expect(listValues(undefined)).toEqual([]);
    expect(listValues('a,b')).toEqual(['a', 'b']);
  });
});
