import { describe, expect, it } from 'vitest';
import { conditionsSummary } from './conditions.ts';

const none = {
  descriptionContains: null,
  counterpartyContains: null,
  merchantContains: null,
  mcc: null,
  minAmountMinor: null,
  maxAmountMinor: null,
  currency: null,
  direction: null,
  sourceCodes: null,
};

describe('rule conditions in one line', () => {
  it('lists every given condition in a fixed order', () => {
    expect(
      conditionsSummary({
        ...none,
        descriptionContains: ['coffee', 'espresso'],
        mcc: ['5814'],
        minAmountMinor: '100',
        maxAmountMinor: '2000',
        currency: 'EUR',
        direction: 'debit',
      }),
    ).toBe('description has "coffee" or "espresso"; MCC 5814; 100–2000 EUR minor units; money out');
    expect(conditionsSummary({ ...none, maxAmountMinor: '500', currency: 'EUR' })).toBe(
      'at most 500 EUR minor units',
    );
  });

  it('reads nested and/or groups', () => {
    expect(
      conditionsSummary({
        ...none,
        mcc: ['5814'],
        any: [
          { ...none, merchantContains: ['costa'] },
          {
            ...none,
            all: [
              { ...none, direction: 'debit' },
              { ...none, mcc: ['5812'] },
            ],
          },
        ],
      }),
    ).toBe('MCC 5814; any of (merchant has "costa" | all of (money out & MCC 5812))');
  });

  it('says so when there is none', () => {
    expect(conditionsSummary(none)).toBe('—');
  });
});
