import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { CHECKED } from '../dashboard/ToolParts.tsx';
import { categoryOrigin, recategorisationFromForm, recategoriseFailure, ruleTextOf } from './recategorise.ts';

describe('re-categorising a transaction', () => {
  it('names the rule after the merchant, else the payee or payer, else none', () => {
    expect(ruleTextOf({ merchantName: ' Streamly ', counterparty: { name: 'STRMLY', account: null } })).toBe(
      'Streamly',
    );
    expect(ruleTextOf({ merchantName: null, counterparty: { name: 'Landlord Ltd', account: null } })).toBe(
      'Landlord Ltd',
    );
    expect(ruleTextOf({ merchantName: '  ', counterparty: null })).toBeNull();
  });

  it('wants a category, and makes a rule only when "always" is ticked and there is a name', () => {
    expect(recategorisationFromForm({ category: '', always: '' }, 'Streamly')).toEqual({
      input: null,
      problems: { category: 'Choose a category' },
    });
    expect(recategorisationFromForm({ category: 'subscriptions', always: '' }, 'Streamly').input).toEqual({
      category: 'subscriptions',
      ruleText: null,
    });
    expect(
      recategorisationFromForm({ category: 'subscriptions', always: CHECKED }, 'Streamly').input,
    ).toEqual({ category: 'subscriptions', ruleText: 'Streamly' });
    expect(recategorisationFromForm({ category: 'subscriptions', always: CHECKED }, null).input).toEqual({
      category: 'subscriptions',
      ruleText: null,
    });
  });

  it("refuses a rule whose name is too short with the Rules page's own check, beside the box", () => {
    const checked = recategorisationFromForm({ category: 'groceries', always: CHECKED }, 'X');
    expect(checked.input).toBeNull();
    expect(checked.problems.always).toMatch(/^“X” cannot be a rule’s text: Enter 2 to 100 characters/);
  });

  it('says who chose the category, and a transaction gone since the list loaded in plain words', () => {
    expect(categoryOrigin('CUSTOMER')).toBe('chosen by you');
    expect(categoryOrigin(null)).toBe('not categorised yet');
    const gone = recategoriseFailure(new ApiError('NOT_FOUND', 'No transaction with this id is yours'));
    expect((gone as Error).message).toMatch(/no longer in your account/);
    const other = new ApiError('RATE_LIMITED', 'Slow down');
    expect(recategoriseFailure(other)).toBe(other);
  });
});
