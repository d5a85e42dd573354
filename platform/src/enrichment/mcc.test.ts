import { describe, expect, it } from 'vitest';
import { categoryForMcc, mccConfidence } from './mcc';

describe('categoryForMcc', () => {
  it.each([
    ['5411', 'groceries'],
    ['5814', 'eating-out'],
    ['5541', 'transport'],
    ['4121', 'transport'],
    ['4900', 'household-bills'],
    ['6011', 'cash-withdrawal'],
    ['6300', 'insurance'],
    ['3058', 'travel'],
    ['7011', 'travel'],
    ['5912', 'health'],
    ['8220', 'education'],
    ['5817', 'subscriptions'],
    ['9311', 'taxes'],
    ['5651', 'shopping'],
  ])('debit with MCC %s is %s', (mcc, category) => {
    expect(categoryForMcc(mcc, 'debit')?.category).toBe(category);
  });

  it('gives exact codes more confidence than broad ranges', () => {
    expect(categoryForMcc('5912', 'debit')?.confidence).toBe(mccConfidence.code);
    expect(categoryForMcc('5651', 'debit')?.confidence).toBe(mccConfidence.range);
  });

  it('reads credits by direction: refunds, cash deposits, transfers in', () => {
    expect(categoryForMcc('5411', 'credit')?.category).toBe('refunds');
    expect(categoryForMcc('6011', 'credit')?.category).toBe('cash-deposit');
    expect(categoryForMcc('4829', 'credit')?.category).toBe('transfer-in');
  });

  it('leaves unknown, ambiguous and malformed codes open', () => {
    expect(categoryForMcc('6012', 'debit')).toBeNull();
    expect(categoryForMcc('0742', 'debit')).toBeNull();
    expect(categoryForMcc('54', 'debit')).toBeNull();
    expect(categoryForMcc(null, 'debit')).toBeNull();
  });
});
