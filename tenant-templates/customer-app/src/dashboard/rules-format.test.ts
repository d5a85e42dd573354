import { describe, expect, it } from 'vitest';
import type { RuleConditions } from './rules-api.ts';
import {
  describeConditions,
  ruleApiFields,
  ruleChangeFromForm,
  ruleInputFromForm,
  simpleRuleText,
} from './rules-format.ts';
import { simpleConditions } from './rules-api.ts';
import { ApiError } from '../api/client.ts';
import { problemsFromApi } from './dashboard-format.ts';

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

  // The API answers conditions with every absent field null: the app's own shape, as stored and read back.
  const stored = (text: string): RuleConditions => ({
    ...none,
    any: simpleConditions(text).any.map((child) => ({ ...none, ...child })),
  });

  it("edits the text only of a rule of the app's simple shape", () => {
    expect(simpleRuleText(stored('Landlord'))).toBe('Landlord');
    // A suggestion's conditions (merchant and an amount) are not the simple shape: shown, not rewritten.
    expect(simpleRuleText({ ...none, merchantContains: ['Streamly'], minAmountMinor: '999' })).toBeNull();
    const mixed = stored('Landlord');
    mixed.any![1] = { ...none, merchantContains: ['Other'] };
    expect(simpleRuleText(mixed)).toBeNull();
    expect(simpleRuleText({ ...stored('Landlord'), direction: 'debit' })).toBeNull();
  });

  it('checks the edit form and sends the text, the category and on / off only where they apply', () => {
    const simple = { action: 'SET_CATEGORY' as const, conditions: stored('Landlord') };
    expect(
      ruleChangeFromForm({ text: 'x', action: 'SET_CATEGORY', category: '', enabled: 'on' }, simple).problems,
    ).toEqual({
      text: 'Enter 2 to 100 characters the payment’s text contains',
      category: 'Choose a category',
    });
    expect(
      ruleChangeFromForm(
        { text: ' Landlord Ltd ', action: 'SET_CATEGORY', category: 'housing', enabled: 'off' },
        simple,
      ).input,
    ).toEqual({ text: 'Landlord Ltd', category: 'housing', enabled: false });
    // A rule of other conditions: no text is sent (its conditions stay); an alert rule sends no category.
    const other = { action: 'ALERT' as const, conditions: { ...none, merchantContains: ['Streamly'] } };
    expect(
      ruleChangeFromForm({ text: '', action: 'ALERT', category: '', enabled: 'on' }, other).input,
    ).toEqual({
      enabled: true,
    });
  });

  it("puts the API's problem with the rule's text beside the text field", () => {
    const error = new ApiError('INVALID', 'The input is not valid', undefined, undefined, undefined, {
      fields: [
        {
          field: 'input.conditions.any[1].merchantContains',
          problem: 'each phrase needs a letter or digit and at most 100 characters',
        },
      ],
      fileProblems: [],
      moreFileProblems: 0,
    });
    expect(problemsFromApi(error, ruleApiFields)).toEqual({
      fields: { text: 'Each phrase needs a letter or digit and at most 100 characters' },
      other: null,
    });
  });
});
