import { describe, expect, it } from 'vitest';
import {
  formatBasisPoints,
  formatEligibility,
  formatFee,
  formatLimits,
  formatMoney,
  formatMonths,
  formatRate,
  formatResidency,
  kindLabel,
} from './format.ts';

const eur = (minor: string) => ({ minor, currency: 'EUR' });

describe('money', () => {
  it('writes minor units in the currency with its decimals', () => {
    expect(formatMoney(eur('490'))).toBe('€4.90');
    expect(formatMoney(eur('5'))).toBe('€0.05');
    expect(formatMoney(eur('100000000'))).toBe('€1,000,000.00');
    expect(formatMoney({ minor: '3900', currency: 'GBP' })).toBe('£39.00');
    expect(formatMoney({ minor: '1500', currency: 'JPY' })).toBe('¥1,500');
    expect(formatMoney(eur('-1250'))).toBe('-€12.50');
  });

  it('stays exact beyond what a float holds', () => {
    expect(formatMoney(eur('123456789012345678'))).toBe('€1,234,567,890,123,456.78');
  });
});

describe('rates and percentage fees', () => {
  it('writes basis points as percent with two decimals', () => {
    expect(formatBasisPoints(435)).toBe('4.35%');
    expect(formatBasisPoints(1690)).toBe('16.90%');
    expect(formatBasisPoints(5)).toBe('0.05%');
    expect(formatBasisPoints(9000)).toBe('90.00%');
    expect(formatBasisPoints(-25)).toBe('-0.25%');
  });

  it('names a rate with its kind, type, fixed period and tier', () => {
    expect(formatRate({ kind: 'interest', basisPoints: 345, type: 'fixed', fixedForMonths: 120, fromAmount: null, description: null })).toBe(
      'Interest 3.45% fixed for 10 years',
    );
    expect(formatRate({ kind: 'interest', basisPoints: 250, type: 'variable', fixedForMonths: null, fromAmount: eur('5000000'), description: null })).toBe(
      'Interest 2.50% variable from €50,000.00',
    );
    expect(formatRate({ kind: 'purchase-apr', basisPoints: 1690, type: 'variable', fixedForMonths: null, fromAmount: null, description: null })).toBe(
      'Purchase APR 16.90% variable',
    );
  }); // prettier-ignore

  it('names a fee with its amount or percentage and how often', () => {
    expect(formatFee({ kind: 'account-maintenance', frequency: 'monthly', amount: eur('490'), basisPoints: null, description: null })).toBe(
      'Account maintenance €4.90 a month',
    );
    expect(formatFee({ kind: 'foreign-transaction', frequency: 'per-event', amount: null, basisPoints: 175, description: null })).toBe(
      'Foreign transaction 1.75% each time',
    );
    expect(formatFee({ kind: 'annual', frequency: 'annually', amount: eur('3900'), basisPoints: null, description: null })).toBe(
      'Annual €39.00 a year',
    );
  }); // prettier-ignore
});

describe('words and durations', () => {
  it('turns catalogue kinds into labels, acronyms in capitals', () => {
    expect(kindLabel('early-repayment')).toBe('Early repayment');
    expect(kindLabel('representative-apr')).toBe('Representative APR');
    expect(kindLabel('aer')).toBe('AER');
  });

  it('writes whole years as years', () => {
    expect(formatMonths(12)).toBe('1 year');
    expect(formatMonths(120)).toBe('10 years');
    expect(formatMonths(18)).toBe('18 months');
    expect(formatMonths(1)).toBe('1 month');
  });
});

describe('limits', () => {
  const none = { minAmount: null, maxAmount: null, minTermMonths: null, maxTermMonths: null };

  it('writes amount and term ranges, in years when whole', () => {
    expect(formatLimits({ minAmount: eur('100000'), maxAmount: eur('7500000'), minTermMonths: 12, maxTermMonths: 96 })).toEqual([
      '€1,000.00 – €75,000.00',
      '1 – 8 years',
    ]);
    expect(formatLimits({ ...none, minAmount: eur('500000'), maxAmount: eur('50000000'), minTermMonths: 12, maxTermMonths: 12 })).toEqual([
      '€5,000.00 – €500,000.00',
      '1 year',
    ]);
    expect(formatLimits({ ...none, minTermMonths: 6, maxTermMonths: 18 })).toEqual(['6 – 18 months']);
  }); // prettier-ignore

  it('writes one bound as "from" or "up to", and nothing when there is none', () => {
    expect(formatLimits({ ...none, maxAmount: eur('500000') })).toEqual(['up to €5,000.00']);
    expect(formatLimits({ ...none, minAmount: eur('100') })).toEqual(['from €1.00']);
    expect(formatLimits({ ...none, minTermMonths: 24 })).toEqual(['from 2 years']);
    expect(formatLimits(none)).toEqual([]);
  });
});

describe('eligibility', () => {
  const base = {
    minAge: null,
    maxAge: null,
    residency: [],
    minAnnualIncome: null,
    creditCheck: 'none',
    maxLoanToValueBasisPoints: null,
    notes: [],
  };

  it('lists age, income, credit check and loan-to-value', () => {
    expect(
      formatEligibility({
        ...base,
        minAge: 18,
        minAnnualIncome: eur('3000000'),
        creditCheck: 'hard',
        maxLoanToValueBasisPoints: 9000,
      }),
    ).toEqual(['Age 18+', 'Income from €30,000.00 a year', 'Hard credit check', 'LTV up to 90.00%']);
    expect(formatEligibility({ ...base, minAge: 18, maxAge: 70, creditCheck: 'soft' })).toEqual([
      'Age 18–70',
      'Soft credit check',
    ]);
    expect(formatEligibility(base)).toEqual(['No credit check']);
  });

  it('names up to three countries of residence, else counts them', () => {
    expect(formatResidency([])).toBe('Any country');
    expect(formatResidency(['GB'])).toBe('GB');
    expect(formatResidency(['AT', 'BE', 'BG', 'HR'])).toBe('4 countries');
  });
});
