import { describe, expect, it } from 'vitest';
import type { RuleConditions } from './rules-api.ts';
import { describeConditions, ruleInputFromForm } from './rules-format.ts';

const none: RuleConditions = {
  descriptionContains: null,
  counterpartyContains: null,
  merchantContains: null,
  minAmountMinor: null,
  maxAmountMinor: null,
  currency: null,
  direction: null,
  categories: null,
  all: null,
  any: null,
};
const labels = new Map([['groceries', 'Groceries']]);

describe('customer rules', () => {
  it('reads a condition tree as a sentence: parts joined with "and", an any-list with "or"', () => {
    expect(
      describeConditions(
        {
          ...none,
          direction: 'debit',
          any: [
            { ...none, merchantContains: ['Streamly'] },
            { ...none, descriptionContains: ['STREAMLY', 'STRMLY'] },
          ],
        },
        labels,
      ),
    ).toBe('money goes out and (the merchant has “Streamly”, or the description has “STREAMLY” or “STRMLY”)');
    expect(
      describeConditions(
        { ...none, categories: ['groceries'], minAmountMinor: '5000', currency: 'EUR' },
        labels,
      ),
    ).toMatch(/^the amount is at least .*50\.00 and it is in Groceries$/);
  });

  it('checks the simple rule form and sends the category only with SET_CATEGORY', () => {
    expect(ruleInputFromForm({ text: ' x ', action: 'SET_CATEGORY', category: '' }).problems).toEqual({
      text: 'Enter 2 to 100 characters the payment’s text contains',
      category: 'Choose a category',
    });
    expect(
      ruleInputFromForm({ text: 'Landlord', action: 'SET_CATEGORY', category: 'groceries' }).input,
    ).toEqual({
      action: 'SET_CATEGORY',
      category: 'groceries',
      text: 'Landlord',
    });
    expect(ruleInputFromForm({ text: 'Landlord', action: 'ALERT', category: 'groceries' }).input).toEqual({
      action: 'ALERT',
      category: null,
      text: 'Landlord',
    });
  });
});
